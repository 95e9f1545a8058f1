"""Lead times of the reporting route: days from a signal coming in to the first time it reached
each step (seed 002_f9bb08b28be3f2cb.txt annex 1, the six steps), counted in the database; shown
only over five signals or more, unless the viewer sees the area exactly."""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, Min
from django.utils.translation import gettext_lazy

from signaalroute.signals.models import EventKind, SignalEvent
from signaalroute.signals.states import State

from .areas import Area
from .figures import STEP_STATES, year_bounds
from .suppression import THRESHOLD

# Lead times: from the signal coming in to the first time it reached each step (seed
# 002_f9bb08b28be3f2cb.txt annex 1, the six steps of the reporting route).
LABELS = {
    State.TRIAGE: gettext_lazy("Triage begun (step 2)"),
    State.ENRICHED: gettext_lazy("Enriched (step 3)"),
    State.ROUTED: gettext_lazy("Routed to a partner (step 4)"),
    State.FEEDBACK_RECEIVED: gettext_lazy("Feedback from the partner (step 5)"),
    State.REPORTER_INFORMED: gettext_lazy("Reporter informed (step 6)"),
    State.CLOSED: gettext_lazy("Closed"),
}
STEPS = tuple((state, LABELS[state]) for state in STEP_STATES)


@dataclass
class LeadTime:
    step: str
    count: int | None
    median_days: float | None
    p90_days: float | None


Stats = dict[str, tuple[int, float | None, float | None]]  # step -> count, median, p90 (seconds)


@dataclass
class Route:
    """What the route events of a year's signals give the figures."""

    reached: dict[tuple[uuid.UUID, str], int]  # (municipality, step) -> signals that reached it
    stats: Stats  # over the signals of the area shown


def route_figures(municipalities: Iterable[uuid.UUID], area: Area, year: int) -> Route:
    """One pass over the route events of the signals that came in in ``year`` in
    ``municipalities``: for each signal and step the first arrival; counted per municipality
    and step (cells of the suppressed table), and over the signals of ``area`` the count,
    median and 90th percentile of the seconds from coming in to the step (in the database on
    PostgreSQL)."""
    start, end = year_bounds(year, year)
    firsts = (
        SignalEvent.objects.filter(
            kind=EventKind.TRANSITION,
            signal__municipality_id__in=list(municipalities),
            signal__created_at__gte=start,
            signal__created_at__lt=end,
            to_state__in=[state for state, _label in STEPS],
        )
        .exclude(signal__state=State.MERGED)
        .annotate(municipality=F("signal__municipality_id"))
        .values("signal_id", "to_state", "municipality")
        .annotate(first=Min("at"), came=Min("signal__created_at"))
    )
    sql, params = firsts.query.sql_with_params()
    return _route(sql, params, set(area.members))


def _route(sql: str, params: Any, area: set[uuid.UUID]) -> Route:
    """``sql`` gives (signal_id, to_state, municipality, first, came) per signal and step."""
    reached: dict[tuple[uuid.UUID, str], int] = {}
    if connection.vendor == "postgresql":
        took = "extract(epoch FROM first - came)"
        query = (
            "SELECT municipality, to_state, GROUPING(municipality), count(*), "  # noqa: S608
            "count(*) FILTER (WHERE mine), "
            f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {took}) FILTER (WHERE mine), "
            f"percentile_cont(0.9) WITHIN GROUP (ORDER BY {took}) FILTER (WHERE mine) "
            f"FROM (SELECT *, municipality = ANY(%s) AS mine FROM ({sql}) AS f) AS firsts "
            "GROUP BY GROUPING SETS ((municipality, to_state), (to_state))"
        )  # per municipality and step how many; per step, over the area, the percentiles
        stats: Stats = {}
        with connection.cursor() as cursor:
            cursor.execute(query, [list(area), *params])
            for municipality, state, over_all, n, in_area, median, p90 in cursor.fetchall():
                if over_all:
                    stats[state] = (in_area, median, p90)
                else:
                    reached[(municipality, state)] = n
        return Route(reached, stats)
    seconds: dict[str, list[float]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT municipality, to_state, (julianday(first) - julianday(came)) * 86400 "  # noqa: S608
            f"FROM ({sql}) AS firsts",
            params,
        )
        for value, state, took in cursor.fetchall():
            municipality = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
            reached[(municipality, state)] = reached.get((municipality, state), 0) + 1
            if municipality in area:
                seconds.setdefault(state, []).append(float(took))
    return Route(reached, {state: _statistics(values) for state, values in seconds.items()})


def _statistics(values: list[float]) -> tuple[int, float | None, float | None]:
    values.sort()
    p90 = (
        statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]
    )
    return (len(values), statistics.median(values), p90)


def lead_times(
    stats: Stats, exact: bool, counts: dict[str, int | None] | None = None
) -> list[LeadTime]:
    """Days from coming in to the first arrival in each step, for the year's signals of an
    area: median and 90th percentile (``stats`` of ``route_figures``). ``counts``: how many
    reached each step as the suppressed table shows them; the times are shown only where that
    count is shown and is five or more, unless the viewer sees the area exactly."""
    out = []
    for state, label in STEPS:
        count, median, p90 = stats.get(str(state), (0, None, None))
        shown: int | None = count if exact or counts is None else counts.get(str(state))
        if not exact and (shown is None or shown < THRESHOLD):
            out.append(LeadTime(str(label), shown, None, None))
        else:
            out.append(LeadTime(str(label), shown, _days(median), _days(p90)))
    return out


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 86400, 1)
