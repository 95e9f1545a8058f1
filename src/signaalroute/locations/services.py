"""Writes of the risk-location register: a location, its control schedules, and a control
recorded as done. Keyword-only, one transaction each, validated with ``full_clean()`` and
audited with the actor (field names only, never values)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.audit.services import audit_record

from .catalogue import catalogue
from .geocoding import GeocodingFailed, configured_geocoder
from .models import (
    MAX_TIMES_PER_YEAR,
    ControlRecord,
    ControlSchedule,
    CoordinatesSource,
    RiskLocation,
    normalise_postcode,
)

logger = logging.getLogger(__name__)

LOCATION_FIELDS = [
    "name",
    "location_type",
    "postcode",
    "house_number",
    "house_number_addition",
    "description",
    "latitude",
    "longitude",
    "notes",
    "active",
]


class Geocoding(StrEnum):
    """What happened to the coordinates on a save: the page says it."""

    NOT_NEEDED = "not_needed"  # entered, or no postcode
    OFF = "off"  # no geocoder configured
    FOUND = "found"
    NOT_FOUND = "not_found"
    FAILED = "failed"


@dataclass(frozen=True)
class LocationSaved:
    location: RiskLocation
    geocoding: Geocoding


def _require(actor: User, municipality_id: uuid.UUID) -> None:
    if not handling_municipalities(actor).filter(pk=municipality_id).exists():
        raise PermissionDenied


def _geocode(row: RiskLocation) -> Geocoding:
    geocoder = configured_geocoder()
    if geocoder is None:
        return Geocoding.OFF
    try:
        found = geocoder.locate(
            postcode=row.postcode,
            house_number=row.house_number or 0,
            addition=row.house_number_addition,
        )
    except GeocodingFailed as error:
        # No address in the log: only that the lookup failed and why, by type.
        logger.warning("geocoder failed", extra={"reason": str(error)[:80]})
        return Geocoding.FAILED
    if found is None:
        return Geocoding.NOT_FOUND
    row.latitude, row.longitude = found.latitude, found.longitude
    row.coordinates_source = CoordinatesSource.GEOCODER
    return Geocoding.FOUND


def location_save(
    *,
    actor: User,
    municipality: Organisation,
    name: str,
    location_type: str,
    postcode: str = "",
    house_number: int | None = None,
    house_number_addition: str = "",
    description: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    notes: str = "",
    active: bool = True,
    location: RiskLocation | None = None,
) -> LocationSaved:
    """Add a location (or change ``location``). With a postcode and no coordinates, the
    configured geocoder is asked; when it fails, the location is saved without coordinates."""
    _require(actor, municipality.pk)
    if location is not None and location.municipality_id != municipality.pk:
        raise PermissionDenied
    row = location or RiskLocation(municipality=municipality)
    before = (row.postcode, row.house_number, row.house_number_addition)
    old_point = (row.latitude, row.longitude, row.coordinates_source)
    row.name, row.location_type = name.strip(), location_type
    row.postcode = normalise_postcode(postcode)
    row.house_number, row.house_number_addition = house_number, house_number_addition.strip()
    row.description, row.notes, row.active = description.strip(), notes.strip(), active
    row.latitude, row.longitude = latitude, longitude
    moved = before != (row.postcode, row.house_number, row.house_number_addition)
    if (
        location is not None
        and moved
        and old_point[2] == CoordinatesSource.GEOCODER
        and (latitude, longitude) == old_point[:2]
    ):
        # The address changed and the coordinates are the old lookup's: look up again.
        row.latitude = row.longitude = None
    same_name = RiskLocation.objects.filter(municipality=municipality, name__iexact=row.name)
    if location is not None:
        same_name = same_name.exclude(pk=location.pk)
    if same_name.exists():
        raise ValidationError({"name": _("A location with this name is already registered.")})
    row.full_clean(validate_constraints=False)
    outcome = Geocoding.NOT_NEEDED
    if row.has_coordinates:
        unchanged = (row.latitude, row.longitude) == old_point[:2]
        row.coordinates_source = old_point[2] if unchanged else CoordinatesSource.ENTERED
    else:
        row.coordinates_source = CoordinatesSource.NONE
        if row.postcode:
            outcome = _geocode(row)  # outside the transaction: it may take a few seconds
    with transaction.atomic():
        row.save()
        audit_record(
            actor=actor,
            action="location.save",
            obj=row,
            organisation_id=municipality.pk,
            fields=LOCATION_FIELDS,
            extra={"new": location is None, "geocoding": str(outcome)},
        )
    return LocationSaved(row, outcome)


@transaction.atomic
def schedule_save(
    *,
    actor: User,
    location: RiskLocation,
    kind: str,
    times_per_year: int,
    last_done_on: dt.date | None = None,
    schedule: ControlSchedule | None = None,
) -> ControlSchedule:
    """Plan a kind of control at a location ``times_per_year`` (or change ``schedule``)."""
    _require(actor, location.municipality_id)
    if schedule is not None and schedule.location_id != location.pk:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if kind not in catalogue().codes("control_kinds"):
        errors["kind"] = _("Choose a kind of control from the list.")
    elif (
        ControlSchedule.objects.filter(location=location, kind=kind)
        .exclude(pk__in=[schedule.pk] if schedule is not None else [])
        .exists()
    ):
        errors["kind"] = _("This kind of control is already planned here; change that one.")
    if not 1 <= (times_per_year or 0) <= MAX_TIMES_PER_YEAR:
        errors["times_per_year"] = _("Plan between 1 and 52 times a year.")
    if last_done_on is not None and last_done_on > timezone.localdate():
        errors["last_done_on"] = _("The last control cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    row = schedule or ControlSchedule(location=location)
    row.kind, row.times_per_year, row.last_done_on = kind, times_per_year, last_done_on
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="location.schedule_save",
        obj=row,
        organisation_id=location.municipality_id,
        fields=["kind", "times_per_year", "last_done_on"],
        extra={"kind": kind, "times_per_year": times_per_year},
    )
    return row


@transaction.atomic
def control_record(
    *, actor: User, schedule: ControlSchedule, done_on: dt.date, outcome: str
) -> ControlRecord:
    """Record a control as done; the schedule's last control moves to ``done_on`` when later."""
    location = schedule.location
    _require(actor, location.municipality_id)
    errors: dict[str, str] = {}
    if done_on > timezone.localdate():
        errors["done_on"] = _("Record a control once it is done: the date is in the future.")
    if not outcome.strip():
        errors["outcome"] = _("Write down the outcome in a few words.")
    if errors:
        raise ValidationError(errors)
    record = ControlRecord(schedule=schedule, done_on=done_on, outcome=outcome.strip())
    record.full_clean()
    record.save()
    schedule = ControlSchedule.objects.select_for_update().get(pk=schedule.pk)
    if schedule.last_done_on is None or done_on > schedule.last_done_on:
        schedule.last_done_on = done_on
        schedule.save(update_fields=["last_done_on"])
    audit_record(
        actor=actor,
        action="location.control_record",
        obj=record,
        organisation_id=location.municipality_id,
        fields=["done_on", "outcome"],
        extra={"kind": schedule.kind},
    )
    return record
