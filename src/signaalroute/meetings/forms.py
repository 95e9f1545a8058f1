"""Forms of the meetings. Dates are real dates; every refusal lands at its field in Dutch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.approach.models import CaseKind
from signaalroute.core.forms import date_field

from .models import MeetingState
from .types import meeting_types


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return date_field(label, required=required, required_message=_("Give the date."))


def _person(user: User) -> str:
    return user.get_full_name() or user.username


class MeetingForm(forms.Form):
    """Plan a meeting, or change it (then also the minutes and the state)."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Type of meeting"))
    held_on = date_field(_("Date"))  # not required here: the service refuses a missing date
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=None, required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "People from outside the municipality see the items pseudonymised: reference, "
            "forms, area and signs; never the reporter, the description or the address."
        ),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations at the table"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Organisation],
        people: QuerySet[User],
        organisations: QuerySet[Organisation],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["municipality"].queryset = municipalities
        self.fields["kind"].choices = meeting_types().choices()
        for name in ("chair", "attendees"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person
        self.fields["organisations"].queryset = organisations


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    state = forms.ChoiceField(label=_("State"), choices=MeetingState.choices)


class ItemForm(forms.Form):
    """Add an item by hand: a signal or approach case by its reference, or a topic."""

    reference = forms.CharField(
        label=_("Reference of a signal or approach case"), required=False, max_length=20
    )
    topic = forms.CharField(
        label=_("Or a topic"),
        required=False,
        max_length=200,
        help_text=_("A short title without names: the agenda goes to everyone at the table."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("reference", "").strip() or data.get("topic", "").strip()):
            raise forms.ValidationError(_("Give a reference or a topic."))
        return data


class StackForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, meetings: QuerySet[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.kind_label} {m.held_on:%d-%m-%Y}"
        )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.CharField(label=_("Action"), max_length=500, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner of the action"), queryset=None, required=False, empty_label="—"
    )
    due_on = _date(_("Due date"))
    open_case = forms.BooleanField(label=_("Open an approach case"), required=False)
    case_kind = forms.ChoiceField(
        label=_("The approach case is about"),
        choices=[("", "—"), *CaseKind.choices],
        required=False,
    )
    case_title = forms.CharField(
        label=_("Name of the person, location or organisation"), max_length=200, required=False
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = _person
        for name in ("owner", "due_on"):
            self.fields[name].needed_when = _("with an action")


class ActionDoneForm(forms.Form):
    done_on = _date(_("Done on"))
    note = forms.CharField(
        label=_("What came of it"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
