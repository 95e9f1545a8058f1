"""Importing an action plan from CSV or XLSX in the shape of the plans municipalities write
(seed 002_f9bb08b28be3f2cb.txt §3.1-3.4: action, planning, who), with a column for the pillar.
Every row is checked first; one error anywhere and nothing is imported, and each error names
its row and column in Dutch."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import ActionOwner, ActionPlan, ActionStatus
from .planning import Planning, PlanningError, read_planning

MAX_BYTES = 1_000_000
MAX_ROWS = 500
HEADERS = {
    "pillar": ("pijler", "pillar"),
    "action": ("actie", "acties", "action", "actions"),
    "planning": ("planning",),
    "who": ("wie", "who", "eigenaar", "owner"),
    "status": ("status",),
    "evidence": ("bewijs", "onderbouwing", "evidence"),
}
REQUIRED = ("pillar", "action", "planning", "who")
STATUS_WORDS = {
    "": ActionStatus.PLANNED,
    "gepland": ActionStatus.PLANNED,
    "planned": ActionStatus.PLANNED,
    "bezig": ActionStatus.IN_PROGRESS,
    "loopt": ActionStatus.IN_PROGRESS,
    "in uitvoering": ActionStatus.IN_PROGRESS,
    "in progress": ActionStatus.IN_PROGRESS,
    "gereed": ActionStatus.DONE,
    "klaar": ActionStatus.DONE,
    "afgerond": ActionStatus.DONE,
    "done": ActionStatus.DONE,
    "vervallen": ActionStatus.DROPPED,
    "dropped": ActionStatus.DROPPED,
}


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    pillar: str
    description: str
    planning: Planning
    owners: tuple[ActionOwner, ...]
    status: str
    evidence: str


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def read_table(name: str, content: bytes) -> list[list[str]]:
    """The rows of a CSV (UTF-8, ; or , separated) or XLSX file, as text."""
    if len(content) > MAX_BYTES:
        raise ImportRefused([RowError(0, "", _("The file is larger than 1 MB."))])
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:  # a damaged or disguised file
            raise ImportRefused([RowError(0, "", _("The Excel file cannot be read."))]) from error
        if sheet is None:
            return []
        try:
            return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as error:  # a damaged sheet
            raise ImportRefused([RowError(0, "", _("The Excel file cannot be read."))]) from error
    if not name.lower().endswith(".csv"):
        raise ImportRefused([RowError(0, "", _("Choose a CSV or XLSX file."))])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused([RowError(0, "", _("Save the CSV file as UTF-8."))]) from error
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    )
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # e.g. a field longer than the csv module allows
        raise ImportRefused([RowError(0, "", _("The CSV file cannot be read."))]) from error


def _cell(value: object) -> str:
    """A spreadsheet cell as text; a date cell as the date (DD-MM-YYYY), as the plan writes it."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def _columns(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        word = cell.strip().lower()
        for key, names in HEADERS.items():
            if word in names:
                found[key] = index
    missing = [key for key in REQUIRED if key not in found]
    errors = [
        RowError(1, HEADERS[key][0], _("Column “%(name)s” is missing.") % {"name": HEADERS[key][0]})
        for key in missing
    ]
    return found, errors


def owner_names(text: str) -> list[str]:
    parts = re.split(r",|;|/|\n|\s+en\s+|\s+&\s+", text)
    return [" ".join(p.split()).strip(" .") for p in parts if p.strip(" .")]


def check_rows(plan: ActionPlan, rows: list[list[str]]) -> list[ImportRow]:
    """The rows as they will be imported, or ImportRefused with every error found."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportRefused([RowError(1, "", _("The file is empty."))])
    columns, errors = _columns(rows[0])
    if errors:
        raise ImportRefused(errors)
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRefused([RowError(0, "", _("At most 500 actions at a time."))])
    pillars = {p.name.lower(): p.name for p in plan.pillars.all()}
    owners = {o.name.lower(): o for o in ActionOwner.objects.filter(municipality=plan.municipality)}
    out: list[ImportRow] = []
    for number, raw in enumerate(rows[1:], start=2):
        cell = {key: (raw[i].strip() if i < len(raw) else "") for key, i in columns.items()}
        if not any(cell.values()):
            continue
        problems: list[RowError] = []
        pillar = pillars.get(cell["pillar"].lower())
        if pillar is None:
            problems.append(
                RowError(
                    number, "pijler", _("Unknown pillar “%(name)s”.") % {"name": cell["pillar"]}
                )
            )
        if not cell["action"]:
            problems.append(RowError(number, "actie", _("The action is empty.")))
        limits = (
            ("action", "actie", 2000),
            ("planning", "planning", 300),
            ("evidence", "bewijs", 5000),
        )
        for key, column, limit in limits:
            if len(cell.get(key, "")) > limit:
                message = _("At most %(n)s characters.") % {"n": limit}
                problems.append(RowError(number, column, message))
        planning = Planning(cell["planning"], None, False)
        try:
            planning = read_planning(cell["planning"])
        except PlanningError as error:
            problems.append(RowError(number, "planning", str(error)))
        named = owner_names(cell["who"])
        if not named:
            problems.append(RowError(number, "wie", _("Name who carries out the action.")))
        for name in named:
            if name.lower() not in owners:
                message = _("Unknown owner “%(name)s”: add them to the owners first.") % {
                    "name": name
                }
                problems.append(RowError(number, "wie", message))
        status = STATUS_WORDS.get(cell.get("status", "").lower())
        if status is None:
            problems.append(
                RowError(number, "status", _("Unknown status “%(s)s”.") % {"s": cell["status"]})
            )
        errors += problems
        if not problems and pillar is not None and status is not None:
            out.append(
                ImportRow(
                    pillar=pillar,
                    description=cell["action"],
                    planning=planning,
                    owners=tuple(dict.fromkeys(owners[n.lower()] for n in named)),
                    status=status,
                    evidence=cell.get("evidence", ""),
                )
            )
    if errors:
        raise ImportRefused(errors)
    if not out:
        raise ImportRefused([RowError(2, "", _("The file holds no actions."))])
    return out
