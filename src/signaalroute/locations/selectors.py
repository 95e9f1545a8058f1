"""Reads of the risk-location register, always scoped by who asks: the focal officers of the
municipality (``handling_municipalities``). An id of another municipality's location is not
found (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.selectors import handling_municipalities

from .models import ControlRecord, ControlSchedule, RiskLocation

DUE_SOON_DAYS = 30


def location_municipalities(user: User) -> QuerySet[Organisation]:
    return handling_municipalities(user)


def locations_visible_to(user: User) -> QuerySet[RiskLocation]:
    return RiskLocation.objects.filter(municipality__in=handling_municipalities(user))


def location_for(user: User, location_id: Any) -> RiskLocation:
    """One location of the user's municipalities, or 404."""
    return get_object_or_404(
        locations_visible_to(user).select_related("municipality"), pk=location_id
    )


def schedule_for(user: User, schedule_id: Any) -> ControlSchedule:
    return get_object_or_404(
        ControlSchedule.objects.filter(location__in=locations_visible_to(user)).select_related(
            "location", "location__municipality"
        ),
        pk=schedule_id,
    )


@dataclass(frozen=True)
class DueControl:
    """A control of an active location with its due date, and whether it is late."""

    schedule: ControlSchedule
    due_on: dt.date
    today: dt.date

    @property
    def location(self) -> RiskLocation:
        return self.schedule.location

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def never_done(self) -> bool:
        return self.schedule.last_done_on is None

    @property
    def days_late(self) -> int:
        return max((self.today - self.due_on).days, 0)


def _due(schedules: Iterable[ControlSchedule], today: dt.date) -> list[DueControl]:
    return sorted(
        (DueControl(s, s.next_due, today) for s in schedules),
        key=lambda d: (d.due_on, d.location.name),
    )


def active_schedules(municipalities: Any) -> QuerySet[ControlSchedule]:
    return ControlSchedule.objects.filter(
        location__municipality__in=municipalities, location__active=True
    ).select_related("location")


def controls_due(
    user: User, *, today: dt.date | None = None, within_days: int = DUE_SOON_DAYS
) -> list[DueControl]:
    """The user's overdue controls and those due within ``within_days``, earliest first."""
    today = today or timezone.localdate()
    rows = _due(active_schedules(handling_municipalities(user)), today)
    return [d for d in rows if (d.due_on - today).days <= within_days]


@dataclass(frozen=True)
class LocationLine:
    """A row of the register: the location and its next control (None: nothing planned)."""

    location: RiskLocation
    next_control: DueControl | None

    @property
    def overdue(self) -> bool:
        return self.next_control is not None and self.next_control.overdue


def register_lines(
    user: User,
    *,
    location_type: str = "",
    overdue_only: bool = False,
    include_inactive: bool = False,
    today: dt.date | None = None,
) -> list[LocationLine]:
    """The register as the list and the map show it, filtered by type and overdue."""
    today = today or timezone.localdate()
    locations = locations_visible_to(user).prefetch_related("schedules")
    if location_type:
        locations = locations.filter(location_type=location_type)
    if not include_inactive:
        locations = locations.filter(active=True)
    lines = []
    for location in locations.order_by("name"):
        due = _due(location.schedules.all(), today) if location.active else []
        line = LocationLine(location, due[0] if due else None)
        if overdue_only and not line.overdue:
            continue
        lines.append(line)
    return lines


def schedule_lines(location: RiskLocation, today: dt.date | None = None) -> list[DueControl]:
    return _due(location.schedules.select_related("location"), today or timezone.localdate())


def records_of(location: RiskLocation) -> QuerySet[ControlRecord]:
    return ControlRecord.objects.filter(schedule__location=location).select_related("schedule")


def map_points(lines: Iterable[LocationLine]) -> list[dict[str, Any]]:
    """What the map script needs (passed with ``json_script``): name, type, coordinates, the
    link and whether a control is overdue. Business addresses only."""
    return [
        {
            "name": line.location.name,
            "type": line.location.type_label,
            "lat": float(line.location.latitude),  # type: ignore[arg-type]
            "lon": float(line.location.longitude),  # type: ignore[arg-type]
            "url": reverse("locations:detail", args=[line.location.pk]),
            "overdue": line.overdue,
        }
        for line in lines
        if line.location.has_coordinates
    ]


def controls_done_against_planned(municipality_ids: Iterable[Any], year: int) -> dict[str, int]:
    """For monitoring ("controls done against planned"): ``planned`` is the sum of the times a
    year of the active locations' schedules, ``done`` the controls recorded in ``year``;
    ``locations`` counts the active locations. Aggregates only."""
    ids = list(municipality_ids)
    planned = active_schedules(ids).aggregate(n=Sum("times_per_year"))["n"] or 0
    done = ControlRecord.objects.filter(
        schedule__location__municipality__in=ids, done_on__year=year
    ).count()
    locations = RiskLocation.objects.filter(municipality__in=ids, active=True).count()
    return {"planned": planned, "done": done, "locations": locations}
