"""The counts behind the dashboard, the exports and the yearly report: one table per viewer and
year, over every area the viewer may see, suppressed as a whole (``suppression.suppress``) so no
filter, total or difference between two filters gives a small number away.

A cell is keyed ``(area, dimension, category, period)``; periods are ``"2025"`` and
``"2025-Q1"``. Signals count in the quarter they came in; merged signals (duplicates) do not
count. Dimension ``"all"`` holds every signal, ``"alerts"`` the stacking alerts,
``"referrals"`` / ``"answered"`` / ``"unanswered"`` the referrals sent per partner.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from signaalroute.partners.referrals.models import Referral, ReferralState
from signaalroute.signals.models import Signal
from signaalroute.signals.states import State
from signaalroute.stacking.models import StackAlert

from .areas import Area
from .dimensions import DIMENSIONS, ROW_FIELDS
from .suppression import Sum, suppress

Key = tuple[str, str, str, str]
TREND_YEARS = 5
ALL = "all"


def quarters(year: int) -> list[str]:
    return [f"{year}-Q{q}" for q in range(1, 5)]


def year_bounds(first: int, last: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime(first, 1, 1, tzinfo=zone),
        dt.datetime(last + 1, 1, 1, tzinfo=zone),
    )


def _quarter(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


@dataclass
class Cube:
    """Counts per municipality, before they are added up into areas."""

    year: int
    counts: Counter[tuple[uuid.UUID, str, str, str]] = field(default_factory=Counter)
    rows: list[dict[str, Any]] = field(default_factory=list)  # the selected year's signals
    referrals: list[tuple[uuid.UUID, str, dt.datetime, dt.datetime | None]] = field(
        default_factory=list
    )
    partners: set[str] = field(default_factory=set)


def collect(municipalities: Iterable[uuid.UUID], year: int) -> Cube:
    """Read what is counted for ``municipalities``: the selected year and the one before per
    dimension, and the total per quarter over ``TREND_YEARS`` years."""
    ids = list(municipalities)
    cube = Cube(year)
    live = Signal.objects.filter(municipality_id__in=ids).exclude(state=State.MERGED)
    start, end = year_bounds(year - TREND_YEARS + 1, year)
    trend = (
        live.filter(created_at__gte=start, created_at__lt=end)
        .annotate(q=TruncQuarter("created_at"))
        .values("municipality_id", "q")
        .annotate(n=Count("id"))
    )
    for row in trend:
        quarter = row["q"]
        period = f"{quarter.year}-Q{(quarter.month - 1) // 3 + 1}"
        cube.counts[(row["municipality_id"], ALL, "", period)] += row["n"]
        cube.counts[(row["municipality_id"], ALL, "", str(quarter.year))] += row["n"]
    start, end = year_bounds(year - 1, year)
    for row in live.filter(created_at__gte=start, created_at__lt=end).values(*ROW_FIELDS):
        period = _quarter(row["created_at"])
        in_year = period.startswith(str(year))
        if in_year:
            cube.rows.append(row)
        for dimension in DIMENSIONS:
            for category in dimension.of(row):
                key = (row["municipality_id"], dimension.code, category)
                cube.counts[(*key, period[:4])] += 1
                if in_year:
                    cube.counts[(*key, period)] += 1
    start, end = year_bounds(year, year)
    alerts = StackAlert.objects.filter(
        municipality_id__in=ids, created_at__gte=start, created_at__lt=end
    ).values_list("municipality_id", "created_at")
    for municipality, at in alerts:
        cube.counts[(municipality, "alerts", "", _quarter(at))] += 1
        cube.counts[(municipality, "alerts", "", str(year))] += 1
    referrals = (
        Referral.objects.filter(
            signal__municipality_id__in=ids, sent_at__gte=start, sent_at__lt=end
        )
        .exclude(state=ReferralState.REVOKED)
        .values_list("signal__municipality_id", "partner__name", "sent_at", "feedback_at")
    )
    for municipality, partner, sent_at, feedback_at in referrals:
        cube.referrals.append((municipality, partner, sent_at, feedback_at))
        cube.partners.add(partner)
        answered = "answered" if feedback_at else "unanswered"
        for counted in ("referrals", answered):
            cube.counts[(municipality, counted, partner, str(year))] += 1
            cube.counts[(municipality, counted, "", str(year))] += 1
    return cube


def grid(cube: Cube) -> dict[tuple[str, str, str], list[str]]:
    """Every (dimension, category) with the periods it is shown for: so a zero is a cell too."""
    year, before = str(cube.year), str(cube.year - 1)
    cells: dict[tuple[str, str, str], list[str]] = {}
    years = range(cube.year - TREND_YEARS + 1, cube.year + 1)
    every_quarter = [p for y in years for p in (*quarters(y), str(y))]
    cells[(ALL, "", "")] = every_quarter
    for dimension in DIMENSIONS:
        for category, _label in dimension.categories():
            cells[(dimension.code, category, "")] = [*quarters(cube.year), year, before]
    cells[("alerts", "", "")] = [*quarters(cube.year), year]
    for counted in ("referrals", "answered", "unanswered"):
        for partner in ("", *sorted(cube.partners)):
            cells[(counted, partner, "")] = [year]
    return cells


def sums_for(area_keys: list[str], cube: Cube) -> list[Sum]:
    """The additive relations within one area's cells."""
    out: list[Sum] = []
    for a in area_keys:
        for y in range(cube.year - TREND_YEARS + 1, cube.year + 1):
            out.append(Sum((a, ALL, "", str(y)), tuple((a, ALL, "", q) for q in quarters(y))))
        for dimension in DIMENSIONS:
            categories = [c for c, _label in dimension.categories()]
            for c in categories:
                parts = tuple((a, dimension.code, c, q) for q in quarters(cube.year))
                out.append(Sum((a, dimension.code, c, str(cube.year)), parts))
            if dimension.single:
                for p in (*quarters(cube.year), str(cube.year), str(cube.year - 1)):
                    parts = tuple((a, dimension.code, c, p) for c in categories)
                    out.append(Sum((a, ALL, "", p), parts))
        alerts = tuple((a, "alerts", "", q) for q in quarters(cube.year))
        out.append(Sum((a, "alerts", "", str(cube.year)), alerts))
        year = str(cube.year)
        for partner in ("", *sorted(cube.partners)):
            answered = ((a, "answered", partner, year), (a, "unanswered", partner, year))
            out.append(Sum((a, "referrals", partner, year), answered))
        for counted in ("referrals", "answered", "unanswered"):
            parts = tuple((a, counted, p, year) for p in sorted(cube.partners))
            out.append(Sum((a, counted, "", year), parts))
    return out


def suppressed_table(areas: list[Area], cube: Cube, exact: set[uuid.UUID]) -> dict[Key, int | None]:
    """Add the municipalities' counts up into ``areas`` and suppress the lot as one table.
    A group or region is the sum of its municipalities: those the viewer sees as areas of their
    own, plus one never-shown cell for the rest (so group minus own municipality cannot give
    away a small number either). A municipality the viewer sees exactly stays exact."""
    cells = [(d, c, p) for (d, c, _unused), periods in grid(cube).items() for p in periods]

    def total(members: Iterable[uuid.UUID], d: str, c: str, p: str) -> int:
        return sum(cube.counts.get((m, d, c, p), 0) for m in members)

    counts: dict[Key, int] = {}
    for area in areas:
        for d, c, p in cells:
            counts[(area.key, d, c, p)] = total(area.members, d, c, p)
    sums = sums_for([a.key for a in areas], cube)
    own = {a.members[0]: a.key for a in areas if a.kind == "municipality"}
    for area in (a for a in areas if a.kind != "municipality"):
        parts = [own[m] for m in area.members if m in own]
        rest = [m for m in area.members if m not in own]
        if rest:
            parts.append(f"{area.key}~rest")
            for d, c, p in cells:
                counts[(f"{area.key}~rest", d, c, p)] = total(rest, d, c, p)
        for d, c, p in cells:
            sums.append(Sum((area.key, d, c, p), tuple((part, d, c, p) for part in parts)))
    seen_exactly = {key for m, key in own.items() if m in exact}
    known = [key for key in counts if key[0] in seen_exactly]
    return suppress(counts, sums, known=known)
