"""The access statement as rows for a CSV file (in Dutch, cells safe against formulas) and as
the data of its PDF (``data/access.typ``, made with Typst like the processing register)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from signaalroute.core.pdf import render_typst

from .access import AccessStatement, CareRow, SignalEntry

TEMPLATE = Path(__file__).with_name("data") / "access.typ"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _day(value: object) -> str:
    return value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else ""


def statement_rows(statement: AccessStatement) -> list[list[str]]:
    """One row per fact: the signal, the person as recorded, details, disclosures (recipient,
    basis, fields, date), care trajectories with shelter, approach cases."""
    made_on = _day(statement.made_on)
    rows: list[list[object]] = [
        [_("Access statement of %(name)s") % {"name": statement.municipality}],
        [_("Made on"), made_on],
    ]
    if not statement.entries:
        rows.append([_("No data found on %(date)s.") % {"date": made_on}])
    rows.append([_("Signal"), _("Section"), _("What"), _("Recipient"), _("Basis"), _("Date")])
    for e in statement.entries:
        ref = e.reference
        rows.append([ref, _("Signal"), ", ".join(e.forms), "", "", _day(e.received)])
        rows.append([ref, _("You, as recorded"), f"{e.role}: {e.description}", "", "", ""])
        rows += [[ref, _("Details"), f"{label}: {value}", "", "", ""] for label, value in e.details]
        rows.append(
            [ref, _("Description of the signal"), _("Withheld: it may name others."), "", "", ""]
        )
        if e.linked_signals:
            rows.append(
                [
                    ref,
                    _("Stacking"),
                    _("Linked to %(n)s other signal(s)") % {"n": e.linked_signals},
                    "",
                    "",
                    "",
                ]
            )
        for d in e.disclosures:
            rows.append(
                [
                    ref,
                    _("Disclosed"),
                    ", ".join(d.fields),
                    d.partner,
                    d.basis,
                    _day(timezone.localtime(d.at)),
                ]
            )
        for c in e.care:
            rows.append(
                [
                    ref,
                    _("Care trajectory"),
                    f"{c.reference} ({c.status})",
                    "",
                    "",
                    _day(c.started_on),
                ]
            )
            for shelter, placed, left in c.shelter:
                rows.append(
                    [
                        ref,
                        _("Shelter"),
                        shelter,
                        "",
                        "",
                        f"{_day(placed)} - {_day(left)}".strip(" -"),
                    ]
                )
        for case in e.cases:
            rows.append(
                [
                    ref,
                    _("Approach case"),
                    f"{case.reference} {case.title}: {', '.join(case.interventions)}",
                    "",
                    "",
                    "",
                ]
            )
    return [[_cell(v) for v in row] for row in rows]


def _entry_facts(e: SignalEntry) -> list[list[str]]:
    facts = [
        [_("Received on"), _day(e.received)],
        [_("Municipality"), e.municipality],
        [_("Forms of exploitation"), ", ".join(e.forms) or "—"],
        [_("State"), e.state],
        [_("You, as recorded"), f"{e.role} ({e.kind}): {e.description}"],
        *[[label, value] for label, value in e.details],
        [_("Description of the signal"), _("Withheld: it may name others (AVG art. 15(4)).")],
        [
            _("Stacking"),
            ngettext(
                "Linked to %(n)s other signal.", "Linked to %(n)s other signals.", e.linked_signals
            )
            % {"n": e.linked_signals}
            if e.linked_signals
            else _("Not linked to other signals."),
        ],
    ]
    if e.restricted:
        facts.append([_("Restriction"), _("Processing restricted: not shared, not matched.")])
    return [[str(label), str(value)] for label, value in facts]


def _care_line(c: CareRow) -> str:
    dates = _day(c.started_on) + (f" - {_day(c.ended_on)}" if c.ended_on else "")
    line = f"{c.reference}, {c.municipality}: {c.status} ({dates})"
    for shelter, placed, left in c.shelter:
        line += f"; {shelter}"
        if placed:
            line += f" {_('from')} {_day(placed)}"
        if left:
            line += f" {_('to')} {_day(left)}"
    return line


def statement_pdf_data(statement: AccessStatement) -> dict[str, Any]:
    """What ``access.typ`` prints, every value a plain string (call it in the statement's
    language: the labels are translated here). It holds exactly what the page shows."""
    made_on = _day(statement.made_on)
    title = _("Access statement of %(name)s") % {"name": statement.municipality}
    return {
        "title": title,
        "author": statement.municipality,
        "footer": f"{title} — {made_on}",
        "made_on": _("Made on %(date)s at the request of the person concerned (AVG art. 15).")
        % {"date": made_on},
        "intro": _(
            "It holds what is recorded about you in signals of human trafficking, and to whom "
            "it was given. It does not hold who reported a signal or what is recorded about other "
            "persons; the description of a signal is withheld because it may name others."
        ),
        "empty": "" if statement.entries else _("No data found on %(date)s.") % {"date": made_on},
        "given_to": _("Given to"),
        "not_given": _("Not given to anyone."),
        "disclosure_columns": [_("Recipient"), _("Basis"), _("Data given"), _("Date")],
        "care_title": _("Care"),
        "cases_title": _("Approach"),
        "entries": [
            {
                "title": _("Signal %(ref)s") % {"ref": e.reference},
                "facts": _entry_facts(e),
                "disclosures": [
                    [
                        str(d.partner),
                        str(d.basis),
                        ", ".join(str(f) for f in d.fields),
                        _day(timezone.localtime(d.at)),
                    ]
                    for d in e.disclosures
                ],
                "care": [_care_line(c) for c in e.care],
                "cases": [
                    f"{c.reference} {c.title}"
                    + (f": {', '.join(c.interventions)}" if c.interventions else "")
                    for c in e.cases
                ],
            }
            for e in statement.entries
        ],
    }


def statement_pdf(statement: AccessStatement) -> bytes:
    """The statement as a PDF (A4, language nl, selectable text, the title in its metadata)."""
    return render_typst(TEMPLATE, statement_pdf_data(statement), timezone.now())
