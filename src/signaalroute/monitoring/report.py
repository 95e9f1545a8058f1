"""The yearly report as a Dutch PDF (Typst, from PyPI, no network; its own embedded fonts, so
the same data always gives the same bytes). The figures are the dashboard's, suppressed for
everyone: the report is for the council. The narrative is plain text: blank lines make
paragraphs, lines starting with "- " make a list; nothing in it is read as markup."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from signaalroute.core.pdf import render_typst

from .areas import Area
from .charts import bar_chart, trend_chart
from .dashboard import Dashboard, Table, report_board, shown
from .models import ActionPlan
from .plan_services import plan_progress
from .selectors import references_for

TEMPLATE = Path(__file__).with_name("data") / "yearly-report.typ"
NARRATIVE_MAX = 10_000

# The parts the policy officer writes, in the order they appear (configurable here).
NARRATIVE = (
    ("introduction", gettext_lazy("Introduction")),
    ("signals", gettext_lazy("Signals and developments")),
    ("approach", gettext_lazy("Approach and interventions")),
    ("care", gettext_lazy("Care for victims")),
    ("outlook", gettext_lazy("Outlook")),
)


def narrative_blocks(text: str) -> list[dict[str, Any]]:
    """Plain text to paragraphs and lists (strings only: the template sets them as text)."""
    blocks: list[dict[str, Any]] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ")) for line in lines):
            blocks.append({"kind": "list", "items": [line[2:].strip() for line in lines]})
        else:
            blocks.append({"kind": "p", "text": " ".join(lines)})
    return blocks


def _table(
    table: Table, first: str, columns: slice | None = None, chart: bool = True
) -> dict[str, Any]:
    rows = table.shown_rows()
    pick = columns or slice(None)
    return {
        "title": table.title,
        "first": first,
        "columns": table.columns[pick],
        "rows": [[label, *values[pick]] for label, values in rows],
        "svg": str(bar_chart(table.title, table.chart_values())) if chart else "",
    }


def report_data(
    areas: list[Area], area: Area, year: int, narrative: dict[str, str], *, final: bool
) -> dict[str, Any]:
    """Everything the PDF shows, as plain data (kept with a final report)."""
    with override("nl"):
        board = report_board(areas, area, year)
        return _compose(board, area, year, narrative, final)


def _compose(
    board: Dashboard, area: Area, year: int, narrative: dict[str, str], final: bool
) -> dict[str, Any]:
    written = {code: narrative_blocks(narrative.get(code, "")) for code, _label in NARRATIVE}
    titles = {code: str(label) for code, label in NARRATIVE}
    empty = (board.total or 0) == 0 and (board.previous or 0) == 0 and board.total is not None
    summary = [
        {
            "kind": "p",
            "text": _("No signals were recorded in %(year)s or the year before.") % {"year": year}
            if empty
            else _("Signals in %(year)s: %(now)s; in %(before)s: %(then)s; change: %(change)s.")
            % {
                "year": year,
                "now": shown(board.total),
                "before": year - 1,
                "then": shown(board.previous),
                "change": board.change,
            },
        }
    ]
    trend = _table(board.trend, _("Year"), chart=False)
    trend["svg"] = str(trend_chart(board))
    by_kind = [_table(t, _("Category"), slice(4, 6)) for t in board.tables]
    lead = {
        "title": _("Lead times of the reporting route (days)"),
        "first": _("Step"),
        "columns": [_("Signals"), _("Median"), _("90th percentile")],
        "rows": [
            [
                row.step,
                shown(row.count),
                "—" if row.median_days is None else str(row.median_days),
                "—" if row.p90_days is None else str(row.p90_days),
            ]
            for row in board.lead_times
        ],
        "svg": "",
    }
    references = {
        "title": _("Reference figures"),
        "first": _("Figure"),
        "columns": [_("Value"), _("Year"), _("Area"), _("Source")],
        "rows": [
            [r.figure, r.value_text, str(r.year), r.area, f"{r.source} ({r.cited_in})".strip()]
            for r in references_for(area)
        ],
        "svg": "",
    }
    sections = [
        {"title": titles["introduction"], "blocks": written["introduction"], "tables": []},
        {"title": _("Key figures"), "blocks": summary, "tables": [trend]},
        {"title": titles["signals"], "blocks": written["signals"], "tables": by_kind},
        {"title": _("The reporting route"), "blocks": [], "tables": [lead]},
        {
            "title": _("Referrals and feedback per partner"),
            "blocks": [] if board.partners.rows else [{"kind": "p", "text": _("No referrals.")}],
            "tables": [_table(board.partners, _("Partner"), chart=False)]
            if board.partners.rows
            else [],
        },
        {
            "title": _("Compared with published figures"),
            "blocks": [] if references["rows"] else [{"kind": "p", "text": _("None recorded.")}],
            "tables": [references] if references["rows"] else [],
        },
        _plan_section(area, year),
        {
            "title": titles["approach"],
            "blocks": written["approach"],
            "tables": [
                _table(t, _("Figure"), chart=False)
                for t in (board.approach, board.controls, board.meetings)
                if t
            ],
        },
        {
            "title": titles["care"],
            "blocks": written["care"],
            "tables": [_table(board.care, _("Figure"), chart=False)] if board.care else [],
        },
        {
            "title": _("Training of colleagues"),
            "blocks": []
            if board.training
            else [{"kind": "p", "text": _("No trainings recorded.")}],
            "tables": [_table(board.training, _("Figure"), chart=False)] if board.training else [],
        },
        *(
            [
                {
                    "title": _("Not recorded yet"),
                    "blocks": [{"kind": "list", "items": board.not_recorded}],
                    "tables": [],
                }
            ]
            if board.not_recorded
            else []
        ),
        {"title": titles["outlook"], "blocks": written["outlook"], "tables": []},
    ]
    title = _("Yearly report on human trafficking")
    return {
        "title": f"{title} {area.label} {year}",
        "author": area.label,
        "subtitle": f"{area.label} — {year}",
        "status": _("Final") if final else _("Draft: not adopted"),
        "footer": f"{title} {area.label} {year}",
        "note": _(
            "Numbers from 1 to 4 are shown as “< 5”, and where a hidden number could be "
            "worked out from a total, another is hidden too. The report holds no personal data."
        ),
        "made_on": formats.date_format(timezone.localdate(), "j F Y"),
        "sections": sections,
    }


def _plan_section(area: Area, year: int) -> dict[str, Any]:
    """Progress per pillar of the action plans that run in ``year``."""
    plans = ActionPlan.objects.filter(
        municipality_id__in=area.members, first_year__lte=year, last_year__gte=year
    ).select_related("municipality")
    tables = [
        {
            "title": f"{plan.title} ({plan.municipality.name})",
            "first": _("Pillar"),
            "columns": [
                _("Actions"),
                _("Done"),
                _("In progress"),
                _("Overdue"),
                _("Done (%%)") % {},
            ],
            "rows": [
                [
                    p.pillar,
                    str(p.actions),
                    str(p.done),
                    str(p.in_progress),
                    str(p.overdue),
                    f"{p.percent_done}%",
                ]
                for p in plan_progress(plan)
            ],
            "svg": "",
        }
        for plan in plans
    ]
    empty = [] if tables else [{"kind": "p", "text": _("No action plan recorded for this year.")}]
    return {"title": _("Progress of the action plan"), "blocks": empty, "tables": tables}


def render_pdf(data: dict[str, Any], moment: dt.datetime | None = None) -> bytes:
    """The PDF of ``data``; the same data and moment always give the same bytes."""
    return render_typst(TEMPLATE, data, moment)


def sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()
