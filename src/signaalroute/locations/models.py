"""The risk-location register (risicolocaties, issue 16 "The approach"): places in a
municipality with a higher risk of exploitation (holiday parks, labour-migrant housing, car
washes, nail salons, ...: seed 004 §5.5.4) and the controls planned there, e.g. integral
controls four times a year and checks of online ads twice a year (seed 002 §3.4).

Locations are businesses and addresses, not people; the notes and a control's outcome are short
working notes of the focal officer (see the processing register).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import catalogue

POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
MAX_TIMES_PER_YEAR = 52


def normalise_postcode(text: str) -> str:
    """ "1234ab" → "1234 AB"; anything else is returned as typed (clean() refuses it)."""
    match = POSTCODE.match(text or "")
    return f"{match.group(1)} {match.group(2).upper()}" if match else (text or "").strip()


class CoordinatesSource(models.TextChoices):
    NONE = "", _("No coordinates")
    ENTERED = "entered", _("Entered")
    GEOCODER = "geocoder", _("Looked up from the address")


class RiskLocation(models.Model):
    """A place the municipality keeps in view (risicolocatie)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="risk_locations"
    )
    name = models.CharField(_("name"), max_length=200)
    location_type = models.CharField(_("type of location"), max_length=40)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    house_number = models.PositiveIntegerField(
        _("house number"), null=True, blank=True, validators=[MaxValueValidator(99999)]
    )
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True)
    description = models.CharField(_("where"), max_length=500, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinates_source = models.CharField(
        max_length=10, choices=CoordinatesSource.choices, blank=True
    )
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("risk location")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="risk_location_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def type_label(self) -> str:
        return catalogue().label("location_types", self.location_type)

    @property
    def address(self) -> str:
        if not self.postcode:
            return ""
        number = f"{self.house_number or ''}{self.house_number_addition}".strip()
        return f"{self.postcode} {number}".strip()

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.location_type not in catalogue().codes("location_types"):
            errors["location_type"] = _("Choose a type of location from the list.")
        self.postcode = normalise_postcode(self.postcode)
        if self.postcode and not POSTCODE.match(self.postcode):
            errors["postcode"] = _("Enter a Dutch postcode: four digits and two letters.")
        if self.postcode and not self.house_number:
            errors["house_number"] = _("Enter the house number with the postcode.")
        if self.house_number and not self.postcode:
            errors["postcode"] = _("Enter the postcode with the house number.")
        if self.house_number_addition and not self.house_number:
            errors["house_number_addition"] = _("An addition needs a house number.")
        if not self.postcode and not self.description.strip():
            errors["description"] = _(
                "Enter a postcode and house number, or describe where the location is."
            )
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Enter both latitude and longitude, or neither."
            )
        if errors:
            raise ValidationError(errors)


class ControlSchedule(models.Model):
    """How often a kind of control is planned at a location (controleschema), and when it was
    last done. The next control is due a year divided by the times a year after the last one;
    a schedule never done is due from the day it was planned."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(RiskLocation, on_delete=models.CASCADE, related_name="schedules")
    kind = models.CharField(_("kind of control"), max_length=40)
    times_per_year = models.PositiveSmallIntegerField(
        _("times a year"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TIMES_PER_YEAR)],
    )
    last_done_on = models.DateField(_("last done on"), null=True, blank=True)
    planned_on = models.DateField(default=timezone.localdate, editable=False)
    # The due date the scheduled job last reminded of: at most one reminder per due period.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["location", "kind"], name="control_schedule_kind")
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.kind_label}"

    @property
    def kind_label(self) -> str:
        return catalogue().label("control_kinds", self.kind)

    @property
    def interval(self) -> dt.timedelta:
        return dt.timedelta(days=round(365 / max(self.times_per_year or 1, 1)))

    @property
    def next_due(self) -> dt.date:
        if self.last_done_on is None:
            return self.planned_on
        return self.last_done_on + self.interval

    def clean(self) -> None:
        if self.kind not in catalogue().codes("control_kinds"):
            raise ValidationError({"kind": _("Choose a kind of control from the list.")})


class ControlRecord(models.Model):
    """A control that was done (uitgevoerde controle), with a short outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    schedule = models.ForeignKey(ControlSchedule, on_delete=models.CASCADE, related_name="records")
    done_on = models.DateField(_("done on"))
    outcome = models.CharField(_("outcome"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-done_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.schedule} {self.done_on}"
