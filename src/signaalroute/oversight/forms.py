from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalroute.audit.models import Outcome
from signaalroute.oversight.labels import action_choices


class AuditSearchForm(forms.Form):
    # A select of the actions by their labels; any code (or the start of one) is still taken,
    # so a link or a script may ask for one the list does not know.
    action = forms.CharField(
        label=_("Action"), required=False, max_length=100, widget=forms.Select()
    )
    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All")), *Outcome.choices]
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a valid date.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].widget.choices = action_choices()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
