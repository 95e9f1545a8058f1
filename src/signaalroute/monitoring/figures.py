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
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.utils import timezone

from signaalroute.partners.referrals.models import Referral, ReferralState
from signaalroute.stacking.models import StackAlert

from .approach_counts import approach_cells, approach_sums, collect_approach
from .areas import Area
from .care_counts import care_cells, care_sums, collect_care
from .dimensions import DIMENSIONS
from .models import QuarterCount
from .quarter_counts import STEP, STEP_STATES
from .suppression import Sum, SuppressionTable

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
    # The signals' counts (quarter_counts) per municipality, keyed (dimension, category,
    # period): a dict per municipality, so adding up does not hash a UUID per cell.
    kept: dict[uuid.UUID, dict[tuple[str, str, str], int]] = field(default_factory=dict)
    referrals: list[tuple[uuid.UUID, str, dt.datetime, dt.datetime | None]] = field(
        default_factory=list
    )
    partners: set[str] = field(default_factory=set)
    waiting: dict[uuid.UUID, list[float]] = field(default_factory=dict)  # care: shelter waits


def collect(municipalities: Iterable[uuid.UUID], year: int) -> Cube:
    """Read what is counted for ``municipalities``: the selected year and the one before per
    dimension, the steps of the route reached in the selected year, and the total per quarter
    over ``TREND_YEARS`` years. The signals are not counted here: their counts per municipality
    and quarter are kept by the writes (``quarter_counts``) and only added up."""
    ids = list(municipalities)
    cube = Cube(year)
    kept = QuarterCount.objects.filter(
        municipality_id__in=ids,
        quarter__gte=dt.date(year - TREND_YEARS + 1, 1, 1),
        quarter__lt=dt.date(year + 1, 1, 1),
    ).order_by()
    for municipality, quarter, n in kept.values_list("municipality_id", "quarter", "signals"):
        if n:
            mine = cube.kept.setdefault(municipality, {})
            period = f"{quarter.year}-Q{(quarter.month - 1) // 3 + 1}"
            mine[(ALL, "", period)] = n
            key = (ALL, "", period[:4])
            mine[key] = mine.get(key, 0) + n
    recent = kept.filter(quarter__gte=dt.date(year - 1, 1, 1))
    for municipality, quarter, by_dimension in recent.values_list(
        "municipality_id", "quarter", "counts"
    ):
        mine = cube.kept.setdefault(municipality, {})
        whole_year = str(quarter.year)
        period = f"{whole_year}-Q{(quarter.month - 1) // 3 + 1}"
        this_year = quarter.year == year  # quarters: of the dimensions this year only
        for dimension, per in by_dimension.items():
            if dimension == STEP and not this_year:
                continue  # the steps reached: of the signals of the selected year
            for category, n in per.items():
                key = (dimension, category, whole_year)
                mine[key] = mine.get(key, 0) + n
                if this_year:
                    mine[(dimension, category, period)] = n
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
        .to_partners()  # care handovers are counted in care
        .values_list("signal__municipality_id", "partner__name", "sent_at", "feedback_at")
    )
    for municipality, partner, sent_at, feedback_at in referrals:
        cube.referrals.append((municipality, partner, sent_at, feedback_at))
        cube.partners.add(partner)
        answered = "answered" if feedback_at else "unanswered"
        for counted in ("referrals", answered):
            cube.counts[(municipality, counted, partner, str(year))] += 1
            cube.counts[(municipality, counted, "", str(year))] += 1
    cube.waiting = collect_care(ids, year, cube.counts)
    collect_approach(ids, year, cube.counts)
    return cube


def grid(cube: Cube) -> dict[tuple[str, str, str], list[str]]:
    """Every (dimension, category) with the periods it is shown for: so a zero is a cell too."""
    year, before = str(cube.year), str(cube.year - 1)
    cells: dict[tuple[str, str, str], list[str]] = {}
    years = range(cube.year - TREND_YEARS + 1, cube.year + 1)
    every_quarter = [p for y in years for p in (*quarters(y), str(y))]
    cells[(ALL, "", "")] = every_quarter
    for dimension in DIMENSIONS:
        for category in dimension.codes:
            cells[(dimension.code, category, "")] = [*quarters(cube.year), year, before]
    cells[("alerts", "", "")] = [*quarters(cube.year), year]
    for state in STEP_STATES:
        cells[(STEP, str(state), "")] = [year]
    for counted in ("referrals", "answered", "unanswered"):
        for partner in ("", *sorted(cube.partners)):
            cells[(counted, partner, "")] = [year]
    cells.update(care_cells(cube.year))
    cells.update(approach_cells(cube.year))
    return cells


def sums_for(area_keys: list[str], cube: Cube) -> list[Sum]:
    """The additive relations within one area's cells."""
    out: list[Sum] = []
    for a in area_keys:
        for y in range(cube.year - TREND_YEARS + 1, cube.year + 1):
            out.append(Sum((a, ALL, "", str(y)), tuple((a, ALL, "", q) for q in quarters(y))))
        for dimension in DIMENSIONS:
            categories = dimension.codes
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
        out += care_sums(a, cube.year)
        out += approach_sums(a, cube.year)
    return out


def suppressed_table(
    areas: list[Area], cube: Cube, exact: set[uuid.UUID], *, also_for: Sequence[set[uuid.UUID]] = ()
) -> SuppressedCounts:
    """Add the municipalities' counts up into ``areas`` and suppress the lot as one table.

    A group or region is the sum of its municipalities: those the viewer sees as areas of their
    own, and for each other member a never-shown cell of its own (so "group minus my
    municipality" cannot give a small number away). An area that holds another is also the sum
    of that one and the rest (so "region minus group minus a municipality" cannot either). A
    municipality the viewer sees exactly stays exact. ``also_for``: the table must also hold
    against readers who know these municipalities exactly (a yearly report read by each member's
    focal officers): the hidden cells of each are hidden in the result too."""
    cells = [(d, c, p) for (d, c, _unused), periods in grid(cube).items() for p in periods]
    at = {cell: j for j, cell in enumerate(cells)}
    # The sums within one area are the same for every area: made once, for a stand-in area "",
    # as positions in ``cells`` (a cell a sum names is a cell of the table).
    pattern: list[tuple[int, ...]] = []
    for relation in sums_for([""], cube):
        if relation.parts:
            members = (relation.total, *relation.parts)
            pattern.append(tuple(at.setdefault(cast(Key, key)[1:], len(at)) for key in members))
    cells = list(at)
    width = len(cells)
    own = {a.members[0]: a.key for a in areas if a.kind == "municipality"}
    unseen = {m for a in areas for m in a.members if m not in own}

    def cell_of(m: uuid.UUID) -> str:
        return own.get(m) or f"x-{m}"  # x-: a municipality the viewer has no area of

    # The table has a row per area and per unseen municipality, and a column per cell: cell
    # ``(row, j)`` is number ``row * width + j`` for the suppression.
    totals: list[str] = [a.key for a in areas] + [f"x-{m}" for m in sorted(unseen, key=str)]
    row = {target: n for n, target in enumerate(totals)}
    relations = [
        tuple(row[a.key] * width + j for j in members) for a in areas for members in pattern
    ]
    adds_to: dict[uuid.UUID, list[int]] = defaultdict(list)
    for m in own.keys() | unseen:
        adds_to[m].append(row[cell_of(m)])
    wide = [a for a in areas if a.kind != "municipality"]
    for area in wide:
        for m in area.members:
            adds_to[m].append(row[area.key])
        rows = [[row[cell_of(m)] for m in area.members]]
        for inner in wide:
            if inner is not area and set(inner.members) < set(area.members):
                rest = [row[cell_of(m)] for m in area.members if m not in inner.members]
                rows.append([row[inner.key], *rest])
        total = row[area.key] * width
        for parts in rows:
            starts = [part * width for part in parts]
            relations += [(total + j, *(start + j for start in starts)) for j in range(width)]
    values = [0] * (len(totals) * width)
    for m, counted in cube.kept.items():
        starts = [target * width for target in adds_to.get(m, ())]
        for cell, n in counted.items():
            j = at.get(cell)
            if j is not None:
                for start in starts:
                    values[start + j] += n
    for (m, d, c, p), n in cube.counts.items():
        j = at.get((d, c, p))
        if j is not None:
            for target in adds_to.get(m, ()):
                values[target * width + j] += n

    def known_to(knows: set[uuid.UUID]) -> list[int]:
        """The cells of the municipalities in ``knows`` that are rows of the table."""
        seen = [row[cell_of(m)] for m in knows if m in own or m in unseen]
        return [n * width + j for n in seen for j in range(width)]

    # A cell hidden for any of the readers is hidden in the table.
    table = SuppressedCounts(row, at, values, bytearray(len(values)))
    hidden = SuppressionTable(values, relations, lambda i: str(table.key(i))).hidden(
        [known_to(knows) for knows in (exact, *also_for)]
    )
    return SuppressedCounts(row, at, values, hidden)


class SuppressedCounts(Mapping[Key, int | None]):
    """The table as ``suppressed_table`` made it: per key ``(area, dimension, category,
    period)`` the count, ``None`` where it is hidden. A row per area and a column per cell;
    cell ``(row, column)`` is number ``row * width + column``. Read by key (a page reads one
    area of it), no dict of every cell is made."""

    def __init__(
        self,
        rows: dict[str, int],
        columns: dict[tuple[str, str, str], int],
        values: list[int],
        hidden: bytearray,
    ) -> None:
        self._rows, self._columns, self._counts, self._hidden = rows, columns, values, hidden
        self._areas, self._cells = list(rows), list(columns)

    def number(self, key: Key) -> int:
        target, dimension, category, period = key
        return (
            self._rows[target] * len(self._columns) + self._columns[(dimension, category, period)]
        )

    def key(self, i: int) -> Key:
        row, column = divmod(i, len(self._columns))
        dimension, category, period = self._cells[column]
        return (self._areas[row], dimension, category, period)

    def __getitem__(self, key: Key) -> int | None:
        i = self.number(key)
        return None if self._hidden[i] else self._counts[i]

    def __iter__(self) -> Iterator[Key]:
        return ((t, d, c, p) for t in self._rows for d, c, p in self._columns)

    def __len__(self) -> int:
        return len(self._rows) * len(self._columns)
