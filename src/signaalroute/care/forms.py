"""Forms of care. Dates are real dates; every refusal lands at its field in Dutch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.core.forms import date_field
from signaalroute.partners.referrals.sharing import BASIS_LABELS, BASIS_PROOF, Basis

from .lists import care_lists
from .models import CareTrajectory


class OpenForm(forms.Form):
    victim = forms.ModelChoiceField(
        label=_("Possible victim"),
        queryset=None,
        required=False,
        empty_label=_("— not named in the signal —"),
    )
    care_coordinator_org = forms.ModelChoiceField(
        label=_("Care coordination"), queryset=None, required=False, empty_label="—"
    )

    def __init__(
        self, *args: Any, victims: QuerySet[Any], coordinations: QuerySet[Organisation], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["victim"].queryset = victims
        self.fields["victim"].label_from_instance = lambda s: s.description
        self.fields["care_coordinator_org"].queryset = coordinations


class TrajectoryForm(forms.ModelForm):
    """Everything a trajectory keeps; the service decides who may change which part."""

    provisions = forms.MultipleChoiceField(
        label=_("Provisions granted (Wmo 2015, Jeugdwet)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = CareTrajectory
        fields = [
            "registration",
            "registered_in",
            "registered_elsewhere",
            "found_in",
            "residence",
            "care_coordinator_org",
            "care_coordinator",
            "status",
            "goals",
            "provisions",
            "reflection_start",
            "reflection_end",
            "permit_applied_on",
            "permit_decided_on",
            "comensha_registered_on",
            "comensha_consent",
            "ended_on",
            "end_reason",
        ]
        widgets = {
            "registration": forms.RadioSelect,
            "residence": forms.RadioSelect,
            "status": forms.RadioSelect,
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Organisation],
        coordinations: QuerySet[Organisation],
        coordinators: QuerySet[User],
        consents: list[Any],
        officer: bool,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        for name, field in list(self.fields.items()):
            if isinstance(field, forms.DateField):
                self.fields[name] = date_field(field.label, required=field.required)
            if name in ("registration", "residence", "status"):
                field.choices = [c for c in field.choices if c[0] != ""]
        self.fields["provisions"].choices = care_lists().choices("provisions")
        self.fields["registered_in"].queryset = municipalities
        self.fields["found_in"].queryset = municipalities
        self.fields["care_coordinator_org"].queryset = coordinations
        self.fields["care_coordinator"].queryset = coordinators
        self.fields["comensha_consent"].queryset = self.fields["comensha_consent"].queryset.filter(
            pk__in=[c.pk for c in consents]
        )
        self.fields["comensha_consent"].label_from_instance = lambda c: (
            f"{c.given_on:%d-%m-%Y} — {c.get_how_display()} — {c.scope}"
        )
        if not officer:
            for name in (
                "registration",
                "registered_in",
                "registered_elsewhere",
                "found_in",
                "residence",
                "care_coordinator_org",
            ):
                del self.fields[name]

    def _post_clean(self) -> None:
        """The service validates the whole trajectory (model.clean) in its transaction."""


class PlacementForm(forms.Form):
    shelter_type = forms.ChoiceField(
        label=_("Type of shelter"), error_messages={"required": _("Choose the type of shelter.")}
    )
    local_place = forms.ModelChoiceField(
        label=_("Local shelter place"), queryset=None, required=False, empty_label="—"
    )
    provider = forms.CharField(label=_("Shelter provider"), max_length=200, required=False)
    requested_on = date_field(_("Requested on"), required=True)
    placed_on = date_field(_("Placed on"))
    left_on = date_field(_("Left on"))

    def __init__(self, *args: Any, places: QuerySet[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["shelter_type"].choices = [("", "—"), *care_lists().choices("shelter_types")]
        self.fields["local_place"].queryset = places
        self.fields["local_place"].label_from_instance = lambda p: (
            f"{p.name} ({p.capacity}) — {p.contact}"
        )
        self.fields["requested_on"].error_messages["required"] = _(
            "Give the date shelter was requested."
        )


class PlacementUpdateForm(forms.Form):
    placed_on = date_field(_("Placed on"))
    left_on = date_field(_("Left on"))


class HandoverForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Legal basis"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the legal basis.")},
    )
    purpose = forms.CharField(
        label=_("Why this municipality should take over"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe why this municipality should take over.")},
    )
    article = forms.CharField(
        label=BASIS_PROOF[Basis.STATUTORY_TASK]["article"],
        max_length=500,
        required=False,
        initial="art. 2.3.5 Wmo 2015; art. 2.3 Jeugdwet",
    )
    consent = forms.ChoiceField(label=BASIS_PROOF[Basis.CONSENT]["consent"], required=False)

    def __init__(self, *args: Any, bases: list[Basis], consents: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["basis"].choices = [(b.value, BASIS_LABELS[b]) for b in bases]
        self.fields["consent"].choices = [("", "—")] + [
            (str(c.pk), f"{c.given_on:%d-%m-%Y} — {c.scope}") for c in consents
        ]

    def details(self) -> dict[str, str]:
        return {
            "article": self.cleaned_data.get("article", ""),
            "consent": self.cleaned_data.get("consent", ""),
        }


class HandoverAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept: we take over the care")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you accept.")},
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason.needed_when = _("needed to decline")


class ShelterPlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    shelter_type = forms.ChoiceField(label=_("Type of shelter"))
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        error_messages={"min_value": _("A shelter place has at least one place.")},
    )
    contact = forms.CharField(
        label=_("Contact"), max_length=300, help_text=_("A functional mailbox or telephone.")
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["shelter_type"].choices = [("", "—"), *care_lists().choices("shelter_types")]
