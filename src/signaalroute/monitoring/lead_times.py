"""Lead times of the reporting route: days from a signal coming in to the first time it reached
each step (seed 002_f9bb08b28be3f2cb.txt annex 1, the six steps), counted in the database; shown
only over five signals or more, unless the viewer sees the area exactly."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Min
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


def lead_times(
    area: Area, year: int, exact: bool, counts: dict[str, int | None] | None = None
) -> list[LeadTime]:
    """Days from coming in to the first arrival in each step, for the year's signals: median
    and 90th percentile (in the database on PostgreSQL). ``counts``: how many reached each step
    as the suppressed table shows them; the times are shown only where that count is shown and
    is five or more, unless the viewer sees the area exactly."""
    start, end = year_bounds(year, year)
    firsts = (
        SignalEvent.objects.filter(
            kind=EventKind.TRANSITION,
            signal__municipality_id__in=area.members,
            signal__created_at__gte=start,
            signal__created_at__lt=end,
            to_state__in=[state for state, _label in STEPS],
        )
        .exclude(signal__state=State.MERGED)
        .values("signal_id", "to_state")
        .annotate(first=Min("at"), came=Min("signal__created_at"))
    )
    sql, params = firsts.query.sql_with_params()
    stats = step_statistics(sql, params)
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


def step_statistics(sql: str, params: Any) -> dict[str, tuple[int, float | None, float | None]]:
    """Per step: how many, the median and the 90th percentile of seconds from ``first - came``
    over the rows of ``sql`` (signal_id, to_state, first, came). PostgreSQL computes them
    (percentile_cont, as statistics.quantiles "inclusive"); elsewhere the seconds are fetched."""
    if connection.vendor == "postgresql":
        query = (
            "SELECT to_state, count(*), "  # noqa: S608 - sql is Django's own
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first - came)), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first - came)) "
            f"FROM ({sql}) AS firsts GROUP BY to_state"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return {row[0]: (row[1], row[2], row[3]) for row in cursor.fetchall()}
    seconds: dict[str, list[float]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_state, (julianday(first) - julianday(came)) * 86400 "  # noqa: S608
            f"FROM ({sql}) AS firsts",
            params,
        )
        for state, value in cursor.fetchall():
            seconds.setdefault(state, []).append(float(value))
    out: dict[str, tuple[int, float | None, float | None]] = {}
    for state, values in seconds.items():
        values.sort()
        p90 = (
            statistics.quantiles(values, n=10, method="inclusive")[-1]
            if len(values) > 1
            else values[0]
        )
        out[state] = (len(values), statistics.median(values), p90)
    return out
