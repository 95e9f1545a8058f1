"""Forms of the risk-location register. The services decide; these parse and label."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .catalogue import control_kind_choices, location_type_choices
from .models import MAX_TIMES_PER_YEAR

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": _("Enter the date."), "invalid": _("Enter a valid date.")}


class LocationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Name the location, e.g. the name of the business.")},
    )
    location_type = forms.ChoiceField(
        label=_("Type of location"),
        choices=(),
        error_messages={
            "required": _("Choose a type of location."),
            "invalid_choice": _("Choose a type of location from the list."),
        },
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        help_text=_("With the house number the map finds the location, when a lookup is set up."),
    )
    house_number = forms.IntegerField(
        label=_("House number"),
        required=False,
        min_value=1,
        max_value=99999,
        error_messages={
            "invalid": _("Enter the house number as a number."),
            "min_value": _("Enter the house number as a number."),
            "max_value": _("Enter the house number as a number."),
        },
    )
    house_number_addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    description = forms.CharField(
        label=_("Where"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a place without an address, e.g. the car park behind the station."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        help_text=_("Leave empty to look it up from the postcode and house number."),
        error_messages={"invalid": _("Enter a number, e.g. 52.1234.")},
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        error_messages={"invalid": _("Enter a number, e.g. 5.2912.")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("About the location, not about people."),
    )
    active = forms.BooleanField(label=_("Keep in view (active)"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "locatie-%s")
        super().__init__(*args, **kwargs)
        self.fields["location_type"].choices = [("", "---------"), *location_type_choices()]

    def clean_postcode(self) -> str:
        return str(self.cleaned_data.get("postcode") or "")


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of control"),
        choices=(),
        error_messages={
            "required": _("Choose a kind of control."),
            "invalid_choice": _("Choose a kind of control from the list."),
        },
    )
    times_per_year = forms.IntegerField(
        label=_("Times a year"),
        min_value=1,
        max_value=MAX_TIMES_PER_YEAR,
        error_messages={
            "required": _("Plan between 1 and 52 times a year."),
            "invalid": _("Plan between 1 and 52 times a year."),
            "min_value": _("Plan between 1 and 52 times a year."),
            "max_value": _("Plan between 1 and 52 times a year."),
        },
    )
    last_done_on = forms.DateField(
        label=_("Last done on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty when it was never done: the control is due now."),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "schema-%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------"), *control_kind_choices()]


class ControlDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE, error_messages=DATE_ERRORS)
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In a few words, e.g. no signs found, or referred to the police."),
        error_messages={"required": _("Write down the outcome in a few words.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "controle-%s")
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type of location"), required=False, choices=())
    te_laat = forms.BooleanField(label=_("Only with an overdue control"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *location_type_choices()]
