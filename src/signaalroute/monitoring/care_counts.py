"""Victim care in the figures (care.figures): trajectories opened by where responsibility lies,
shelter requested per type, waiting times, CoMensha registrations, consents withdrawn, and signals
with a possible victim closed without the care coordinator. Counts are cells of the one
suppressed table (``figures``); waiting times are shown only over five placements or more."""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections import Counter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalroute.care.figures import care_facts
from signaalroute.care.lists import care_lists
from signaalroute.workflow.close_checks import closed_without_care_coordinator_by_municipality

from .suppression import Sum

RESPONSIBLE = {
    "own": _("This municipality is responsible"),
    "other": _("Another municipality is responsible"),
    "unknown": _("Responsible municipality unknown"),
}
SINGLE = (
    ("care_comensha", _("Registrations with CoMensha")),
    ("care_withdrawn", _("Consents withdrawn")),
    (
        "care_no_coordinator",
        _("Signals with a possible victim closed without the care coordinator"),
    ),
)


def collect_care(
    ids: list[uuid.UUID], year: int, counts: Counter[Any]
) -> dict[uuid.UUID, list[float]]:
    """Add the care counts of ``year`` to ``counts``; returns the waiting days per municipality."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    facts = care_facts(ids, start, end)
    y = str(year)
    for m, _opened, kind in facts.trajectories:
        counts[(m, "care_trajectories", "", y)] += 1
        counts[(m, "care_responsible", kind, y)] += 1
    waiting: dict[uuid.UUID, list[float]] = {}
    for m, kind, requested, placed in facts.placements:
        counts[(m, "care_shelter", kind, y)] += 1
        if placed is not None:
            waiting.setdefault(m, []).append((placed - requested).days)
    for m, _day in facts.comensha:
        counts[(m, "care_comensha", "", y)] += 1
    for m, _day in facts.withdrawn:
        counts[(m, "care_withdrawn", "", y)] += 1
    zone = timezone.get_current_timezone()
    closed = closed_without_care_coordinator_by_municipality(
        ids, dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)
    )
    for m, n in closed.items():
        counts[(m, "care_no_coordinator", "", y)] += n
    return waiting


def care_cells(year: int) -> dict[tuple[str, str, str], list[str]]:
    y = str(year)
    cells = {("care_trajectories", "", ""): [y]}
    cells.update({("care_responsible", kind, ""): [y] for kind in RESPONSIBLE})
    cells.update({("care_shelter", code, ""): [y] for code in care_lists().codes("shelter_types")})
    cells.update({(code, "", ""): [y] for code, _label in SINGLE})
    return cells


def care_sums(area: str, year: int) -> list[Sum]:
    y = str(year)
    parts = tuple((area, "care_responsible", kind, y) for kind in RESPONSIBLE)
    return [Sum((area, "care_trajectories", "", y), parts)]


def care_rows(
    cell: Any, waiting: list[float], exact: bool, threshold: int
) -> list[tuple[str, list[Any]]]:
    """The rows of the care table for one area: counts through ``cell`` (suppressed)."""
    rows: list[tuple[str, list[Any]]] = [
        (str(_("Care trajectories opened")), [cell("care_trajectories", "")])
    ]
    rows += [(str(label), [cell("care_responsible", kind)]) for kind, label in RESPONSIBLE.items()]
    lists = care_lists()
    rows += [
        (str(_("Shelter requested: %(type)s") % {"type": e.shown}), [cell("care_shelter", e.code)])
        for e in lists.shelter_types
    ]
    enough = exact or len(waiting) >= threshold
    if waiting and enough:
        days = sorted(waiting)
        p90 = days[0] if len(days) == 1 else statistics.quantiles(days, n=10, method="inclusive")[8]
        median_text, p90_text = f"{statistics.median(days):g}", f"{p90:g}"
    else:
        median_text = p90_text = "—"
    rows.append((str(_("Waiting days for shelter, median")), [median_text]))
    rows.append((str(_("Waiting days for shelter, 90th percentile")), [p90_text]))
    rows += [(str(label), [cell(code, "")]) for code, label in SINGLE]
    return rows
