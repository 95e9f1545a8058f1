"""The access statement as rows for a CSV file (in Dutch, cells safe against formulas)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .access import AccessStatement

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
