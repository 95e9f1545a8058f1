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

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone

from signaalroute.partners.referrals.models import Referral, ReferralState
from signaalroute.signals.models import Signal
from signaalroute.signals.states import State
from signaalroute.stacking.models import StackAlert

from .approach_counts import approach_cells, approach_sums, collect_approach
from .areas import Area
from .care_counts import care_cells, care_sums, collect_care
from .counting import category_counts
from .dimensions import DIMENSIONS
from .suppression import Sum, SuppressionTable

Key = tuple[str, str, str, str]
TREND_YEARS = 5
ALL = "all"
# The steps of the reporting route whose lead times are shown (seed 002_f9bb08b28be3f2cb.txt
# annex 1); how many signals reached each is a count like any other, suppressed with the rest.
STEP_STATES = (
    State.TRIAGE,
    State.ENRICHED,
    State.ROUTED,
    State.FEEDBACK_RECEIVED,
    State.REPORTER_INFORMED,
    State.CLOSED,
)


def quarters(year: int) -> list[str]:
    return [f"{year}-Q{q}" for q in range(1, 5)]


def year_bounds(first: int, last: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime(first, 1, 1, tzinfo=zone),
        dt.datetime(last + 1, 1, 1, tzinfo=zone),
    )


def quarter_of(first: int, last: int) -> tuple[Case, list[str]]:
    """A SQL expression giving the index of the quarter a signal came in (local time), and the
    periods by index: plain comparisons with bounds made here, so no database function is
    needed (SQLite would call back into Python for every row)."""
    zone = timezone.get_current_timezone()
    periods: list[str] = []
    whens: list[When] = []
    for year in range(first, last + 1):
        for q in range(1, 5):
            end = dt.datetime(year + (q == 4), 1 if q == 4 else q * 3 + 1, 1, tzinfo=zone)
            whens.append(When(created_at__lt=end, then=Value(len(periods))))
            periods.append(f"{year}-Q{q}")
    return Case(*whens, output_field=IntegerField()), periods


def _quarter(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


@dataclass
class Cube:
    """Counts per municipality, before they are added up into areas."""

    year: int
    counts: Counter[tuple[uuid.UUID, str, str, str]] = field(default_factory=Counter)
    referrals: list[tuple[uuid.UUID, str, dt.datetime, dt.datetime | None]] = field(
        default_factory=list
    )
    partners: set[str] = field(default_factory=set)
    waiting: dict[uuid.UUID, list[float]] = field(default_factory=dict)  # care: shelter waits


def collect(municipalities: Iterable[uuid.UUID], year: int) -> Cube:
    """Read what is counted for ``municipalities``: the selected year and the one before per
    dimension, and the total per quarter over ``TREND_YEARS`` years."""
    ids = list(municipalities)
    cube = Cube(year)
    counts: dict[tuple[uuid.UUID, str, str, str], int] = {}  # added up here, then into the cube
    live = Signal.objects.filter(municipality_id__in=ids).exclude(state=State.MERGED)
    # The trend: every signal per quarter; the last two years come with the dimensions below.
    start, end = year_bounds(year - TREND_YEARS + 1, year - 2)
    which, periods = quarter_of(year - TREND_YEARS + 1, year - 2)
    trend = (
        live.filter(created_at__gte=start, created_at__lt=end)
        .annotate(q=which)
        .values_list("municipality_id", "q")
        .annotate(n=Count("id"))
    )
    for municipality, index, n in trend:
        counts[(municipality, ALL, "", periods[index])] = n
        key = (municipality, ALL, "", periods[index][:4])
        counts[key] = counts.get(key, 0) + n
    start, end = year_bounds(year - 1, year)
    which, periods = quarter_of(year - 1, year)
    whole_year = [period[:4] for period in periods]
    this_year = [period.startswith(str(year)) for period in periods]
    recent = live.filter(created_at__gte=start, created_at__lt=end).annotate(q=which)
    for municipality, dimension, category, index, n in category_counts(recent, total=ALL):
        key = (municipality, dimension, category, whole_year[index])
        counts[key] = counts.get(key, 0) + n
        if this_year[index] or dimension == ALL:  # quarters: of the dimensions this year only
            key = (municipality, dimension, category, periods[index])
            counts[key] = counts.get(key, 0) + n
    cube.counts.update(counts)
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
        cells[("step", str(state), "")] = [year]
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
