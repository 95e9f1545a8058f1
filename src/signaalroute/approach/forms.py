"""Forms of the approach. An intervention's form is built from its catalogue kind: its own
fields, partners and a checklist for an integral control, a period for a closure, the privacy
officer's sign-off for an online ad check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.core.forms import date_field

from .catalogue import Kind, catalogue
from .models import CaseKind, InterventionState


class CaseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("About"),
        choices=CaseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say what the case is about.")},
    )
    title = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("The address, the business or the person, as the municipality knows it."),
        error_messages={"required": _("Name the person, location or organisation.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_discussion_on = date_field(_("Next discussion in the signalling meeting"))
    risk_location = forms.ModelChoiceField(
        label=_("Risk location"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args: Any, locations: QuerySet[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["risk_location"].queryset = locations


class CaseEditForm(forms.Form):
    title = forms.CharField(label=_("Name"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, empty_label=None)
    next_discussion_on = date_field(_("Next discussion in the signalling meeting"))
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("open", _("Open")), ("closed", _("Closed"))],
        widget=forms.RadioSelect,
    )
    closed_on = date_field(_("Closed on"))
    close_reason = forms.CharField(
        label=_("Reason for closing"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, officers: QuerySet[User], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["owner"].queryset = officers


class KindForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Intervention"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an intervention from the catalogue.")},
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["soort"].choices = [(k.code, k.label) for k in catalogue().kinds]


class InterventionForm(forms.Form):
    """The fields of one kind of intervention; built per kind."""

    def __init__(
        self,
        *args: Any,
        kind: Kind,
        partners: QuerySet[Organisation],
        checklist: list[tuple[str, str]],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.kind = kind
        self.fields["barrier"] = forms.ChoiceField(
            label=_("Barrier it raises"),
            choices=[(b.code, b.label) for b in catalogue().barriers],
            initial=kind.barrier,
            widget=forms.RadioSelect,
        )
        for f in kind.fields:
            widget = forms.Textarea(attrs={"rows": 3}) if f.type == "textarea" else None
            field = forms.CharField(label=f.label, required=False, max_length=5000, widget=widget)
            if f.required:
                field.needed_when = _("required")
            self.fields[f.key] = field
        self.fields["responsible"] = forms.CharField(
            label=_("Responsible party"),
            max_length=200,
            error_messages={"required": _("Say who is responsible.")},
        )
        if kind.partners:
            self.fields["partners"] = forms.ModelMultipleChoiceField(
                label=_("Partners joining"),
                queryset=partners,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["partners"].needed_when = _("required")
        if kind.checklist:
            self.fields["checklist"] = forms.MultipleChoiceField(
                label=_("Signs of trafficking seen (checklist)"),
                choices=checklist,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["planned_on"] = date_field(_("Planned on"), required=True)
        self.fields["planned_on"].error_messages["required"] = _("Give the date it is planned for.")
        if kind.period:
            self.fields["starts_on"] = date_field(_("From"))
            self.fields["starts_on"].needed_when = _("required")
            self.fields["ends_on"] = date_field(_("Until"))
        if kind.signoff:
            self.fields["signoff_by"] = forms.CharField(
                label=_("Privacy officer's sign-off by"), max_length=200, required=False
            )
            self.fields["signoff_on"] = date_field(_("Signed off on"))
        self.fields["state"] = forms.ChoiceField(
            label=_("State"),
            choices=InterventionState.choices,
            initial=InterventionState.PLANNED,
            widget=forms.RadioSelect,
        )
        self.fields["done_on"] = date_field(_("Done on"))
        self.fields["decision"] = forms.CharField(
            label=_("Decision"),
            max_length=5000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["outcome"] = forms.CharField(
            label=_("Outcome"),
            max_length=5000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )


class FindingForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=None, error_messages={"required": _("Choose the partner.")}
    )
    text = forms.CharField(
        label=_("Findings"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what this partner found.")},
    )

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["partner"].queryset = partners


class LinkForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference of the signal"),
        max_length=20,
        error_messages={"required": _("Give the reference of the signal.")},
    )
