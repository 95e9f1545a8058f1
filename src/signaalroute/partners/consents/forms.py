"""Forms to record and withdraw a consent; shared by the signal page and the care trajectory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalroute.core.forms import date_field
from signaalroute.partners.consents.models import Consent, ConsentHow


def consent_choice_label(consent: Consent) -> str:
    """How a consent is offered in a list: date, how and scope (who gave it stays on the page)."""
    return f"{consent.given_on:%d-%m-%Y} — {consent.get_how_display()} — {consent.scope}"


class ConsentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Who gave consent"),
        max_length=200,
        help_text=_("The person concerned, or their legal representative (for a minor)."),
        error_messages={"required": _("Say who gave consent.")},
    )
    given_on = date_field(
        _("When (date)"), required=True, required_message=_("Say when consent was given.")
    )
    scope = forms.CharField(
        label=_("For what (scope)"),
        max_length=500,
        help_text=_("Which partner may receive what, for which purpose."),
        error_messages={"required": _("Say what the consent is for.")},
    )
    how = forms.ChoiceField(
        label=_("How"),
        choices=ConsentHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how consent was given.")},
    )
    subject = forms.ChoiceField(label=_("Person concerned"), required=False)

    def __init__(self, *args: Any, subjects: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "—")] + [
            (str(s.pk), s.description) for s in subjects or []
        ]


class WithdrawForm(forms.Form):
    withdrawn_on = date_field(
        _("Withdrawn on"), required=True, required_message=_("Say when consent was withdrawn.")
    )
    note = forms.CharField(
        label=_("How it was withdrawn"),
        max_length=500,
        required=False,
        help_text=_("E.g. by telephone to the care coordinator."),
    )
