"""Lead times of the reporting route: days from a signal coming in to the first time it reached
each step (seed 002_f9bb08b28be3f2cb.txt annex 1, the six steps), kept by the writes; shown
only over five signals or more, unless the viewer sees the area exactly."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from signaalroute.signals.states import State

from .areas import Area
from .models import QuarterCount
from .quarter_counts import STEP_STATES
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


def route_stats(area: Area, year: int) -> Stats:
    """Over the signals of ``area`` that came in in ``year``: per step of the route how many
    reached it, and the median and 90th percentile of the seconds from coming in to the first
    arrival there. The seconds are kept per municipality and quarter by the writes
    (``quarter_counts``); merged here. How many reached each step per municipality is a count
    of the suppressed table (``figures.collect``)."""
    seconds: dict[str, list[float]] = {}
    kept = QuarterCount.objects.filter(
        municipality_id__in=area.members,
        quarter__gte=dt.date(year, 1, 1),
        quarter__lt=dt.date(year + 1, 1, 1),
    ).order_by()
    for per_step in kept.values_list("seconds", flat=True):
        for state, values in per_step.items():
            seconds.setdefault(state, []).extend(values)
    return {state: _statistics(values) for state, values in seconds.items() if values}


def _statistics(values: list[float]) -> tuple[int, float | None, float | None]:
    """Count, median and 90th percentile (interpolated between the two nearest values, as
    PostgreSQL's ``percentile_cont``)."""
    values.sort()
    p90 = (
        statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]
    )
    return (len(values), statistics.median(values), p90)


def lead_times(
    stats: Stats, exact: bool, counts: dict[str, int | None] | None = None
) -> list[LeadTime]:
    """Days from coming in to the first arrival in each step, for the year's signals of an
    area: median and 90th percentile (``route_stats``). ``counts``: how many
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
