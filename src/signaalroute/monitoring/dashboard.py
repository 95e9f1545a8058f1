"""The dashboard as the page, the exports and the yearly report show it: tables of suppressed
counts (each with its chart), lead times per step of the reporting route, referrals per partner.
Nothing here reads a person: only counts, and lead times over five signals or more."""

from __future__ import annotations

import hashlib
import statistics
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.training.selectors import training_figures

from .approach_counts import approach_rows, controls_rows, meeting_rows
from .areas import Area
from .care_counts import care_rows
from .dimensions import DIMENSIONS
from .figures import ALL, Cube, collect, quarters, suppressed_table
from .lead_times import LeadTime, lead_times, route_stats
from .quarter_counts import STEP, STEP_STATES
from .suppression import THRESHOLD

SUPPRESSED = "< 5"
CACHE_SECONDS = 600

# Figures of apps that do not exist yet: said, never left out silently.
NOT_RECORDED: tuple[Any, ...] = ()


Value = int | str | None  # a count (None: hidden) or a figure already written out


def shown(value: Value) -> str:
    return SUPPRESSED if value is None else str(value)


@dataclass
class Table:
    code: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Value]]]
    total: tuple[str, list[Value]] | None = None
    chart_column: int = 0  # which column the chart draws

    def shown_rows(self) -> list[tuple[str, list[str]]]:
        rows = [(label, [shown(v) for v in values]) for label, values in self.rows]
        if self.total:
            rows.append((self.total[0], [shown(v) for v in self.total[1]]))
        return rows

    def chart_values(self) -> list[tuple[str, int | None]]:
        return [
            (label, value if isinstance(value, int) or value is None else None)
            for label, values in self.rows
            for value in [values[self.chart_column]]
        ]


@dataclass
class Dashboard:
    area: Area
    year: int
    exact: bool
    total: int | None
    previous: int | None
    trend: Table
    tables: list[Table]
    alerts: Table
    partners: Table
    lead_times: list[LeadTime]
    training: Table | None = None
    care: Table | None = None
    approach: Table | None = None
    controls: Table | None = None
    meetings: Table | None = None
    not_recorded: list[str] = field(default_factory=list)

    @property
    def change(self) -> str:
        if self.total is None or self.previous is None or self.previous == 0:
            return "—"
        return f"{(self.total - self.previous) / self.previous * 100:+.0f}%"


def dashboard_for(areas: list[Area], area: Area, year: int, exact: set[uuid.UUID]) -> Dashboard:
    """The figures of ``area`` for ``year``, suppressed together with every other area in
    ``areas`` (all the viewer may see).

    Kept in the cache under the position of the newest audit entry: every write is audited in
    its own transaction, so any change to what is counted makes a new key, and figures are
    never stale. Reads that are audited make a new key too; that costs a recount, nothing else.
    """
    newest = AuditEntry.objects.aggregate(newest=Max("position"))["newest"]
    parts = [
        sorted((a.key, *map(str, a.members)) for a in areas),
        area.key,
        year,
        sorted(map(str, exact)),
        get_language(),
        str(timezone.localdate()),
        newest,
    ]
    key = "monitoring-dashboard-" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = cache.get(key)
    if isinstance(found, Dashboard):
        return found
    board = _dashboard(areas, area, year, exact)
    cache.set(key, board, CACHE_SECONDS)
    return board


def report_board(areas: list[Area], area: Area, year: int) -> Dashboard:
    """The figures of a yearly report: suppressed for everyone, and so that none of the area's
    focal officers, who know their own municipality exactly, can work out a neighbour's small
    number from the report's totals."""
    return _dashboard(areas, area, year, set(), also_for=[{m} for m in area.members])


def _dashboard(
    areas: list[Area],
    area: Area,
    year: int,
    exact: set[uuid.UUID],
    also_for: Sequence[set[uuid.UUID]] = (),
) -> Dashboard:
    members = {m for a in areas for m in a.members}
    cube = collect(members, year)  # with how many reached each step of the route: counts too
    table = suppressed_table(areas, cube, exact, also_for=also_for)
    is_exact = area.kind == "municipality" and area.members[0] in exact

    def cell(dimension: str, category: str, period: str) -> int | None:
        return table[(area.key, dimension, category, period)]

    periods = [*quarters(year), str(year), str(year - 1)]
    headers = [*(f"K{q}" for q in range(1, 5)), str(year), str(year - 1)]
    tables = []
    for dimension in DIMENSIONS:
        rows: list[tuple[str, list[Value]]] = [
            (label, [cell(dimension.code, code, p) for p in periods])
            for code, label in dimension.categories()
        ]
        totals: list[Value] = [cell(ALL, "", p) for p in periods]
        total = (_("All signals"), totals) if dimension.single else None
        tables.append(Table(dimension.code, str(dimension.label), headers, rows, total, 4))
    years = range(year - 4, year + 1)
    trend = Table(
        "trend",
        _("Signals per quarter"),
        [*(f"K{q}" for q in range(1, 5)), _("Whole year")],
        [(str(y), [cell(ALL, "", p) for p in (*quarters(y), str(y))]) for y in years],
    )
    alerts = Table(
        "alerts",
        _("Stacking alerts"),
        [*(f"K{q}" for q in range(1, 5)), str(year)],
        [(_("Stacking alerts"), [cell("alerts", "", p) for p in (*quarters(year), str(year))])],
    )
    return Dashboard(
        area=area,
        year=year,
        exact=is_exact,
        total=cell(ALL, "", str(year)),
        previous=cell(ALL, "", str(year - 1)),
        trend=trend,
        tables=tables,
        alerts=alerts,
        partners=_partners(cube, table, area, year, is_exact),
        lead_times=lead_times(
            route_stats(area, year),
            is_exact,
            {str(s): table[(area.key, STEP, str(s), str(year))] for s in STEP_STATES},
        ),
        training=_training(area, year),
        care=Table(
            "care",
            _("Victim care"),
            [str(year)],
            care_rows(
                lambda d, c: table[(area.key, d, c, str(year))],
                [w for m in area.members for w in cube.waiting.get(m, [])],
                is_exact,
                THRESHOLD,
            ),
        ),
        approach=Table(
            "approach",
            _("The approach"),
            [str(year)],
            approach_rows(lambda d, c: table[(area.key, d, c, str(year))]),
        ),
        controls=_controls(area, year),
        meetings=_meetings(area, year),
        not_recorded=[str(text) for text in NOT_RECORDED],
    )


def _controls(area: Area, year: int) -> Table | None:
    rows = controls_rows(list(area.members), year)
    if rows is None:
        return None
    return Table("controls", _("Controls of risk locations"), [str(year)], rows)


def _meetings(area: Area, year: int) -> Table | None:
    rows = meeting_rows(list(area.members), year)
    if rows is None:
        return None
    return Table("meetings", _("Actions of the signalling meetings"), [str(year)], rows)


def _training(area: Area, year: int) -> Table | None:
    """Trainings given and coverage of the groups that must be trained: figures about the
    municipality's own staff, not about victims or reporters, so shown as they are."""
    municipalities = list(Organisation.objects.filter(pk__in=area.members))
    figures = training_figures(municipalities, year)
    if not any(figures.values()):
        return None
    coverage = (
        f"{round(100 * figures['trained'] / figures['people'])}%" if figures["people"] else "—"
    )
    return Table(
        "training",
        _("Training of colleagues"),
        [str(year)],
        [
            (_("Trainings given"), [figures["trainings"]]),
            (_("Attendances"), [figures["attendances"]]),
            (_("Colleagues who must be trained"), [figures["people"]]),
            (_("Of whom trained now"), [figures["trained"]]),
            (_("Coverage now"), [coverage]),
        ],
    )


def _partners(
    cube: Cube, table: Mapping[Any, int | None], area: Area, year: int, exact: bool
) -> Table:
    """Referrals sent per partner in the year, with feedback; the median days to feedback only
    over five answers or more."""
    rows = []
    members = set(area.members)
    answers: dict[str, list[float]] = {}  # partner -> days to feedback, one pass over all
    for m, name, sent_at, feedback in cube.referrals:
        if feedback and m in members:
            answers.setdefault(name, []).append((feedback - sent_at).total_seconds() / 86400)
    for partner in sorted(cube.partners):
        sent = table[(area.key, "referrals", partner, str(year))]
        answered = table[(area.key, "answered", partner, str(year))]
        days = answers.get(partner, [])
        enough = exact or len(days) >= THRESHOLD
        median = str(round(statistics.median(days), 1)) if days and enough else "—"
        if sent == 0:
            continue
        rows.append((partner, [sent, answered, median]))
    return Table(
        "partners",
        _("Referrals per partner"),
        [_("Referrals"), _("With feedback"), _("Median days to feedback")],
        rows,
        None,
        0,
    )
