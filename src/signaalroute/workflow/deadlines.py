"""Deadlines in working days (Monday to Friday; public holidays are not yet excluded)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from signaalroute.signals.states import State


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    local = timezone.localtime(start)
    current = local
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def due_at_for(
    *, state: str, acute: bool, route_settings: object, now: dt.datetime
) -> dt.datetime | None:
    if acute and state in (State.RECEIVED, State.WITH_TEAM_COORDINATOR):
        minutes = getattr(route_settings, "acute_minutes", 60)
        return now + dt.timedelta(minutes=minutes)
    days = route_settings.working_days_for(state)  # type: ignore[attr-defined]
    return add_working_days(now, days) if days else None
