"""Reading the "Planning" column of an action plan as municipalities write it (seed
002_f9bb08b28be3f2cb.txt §3.1-3.4): "Voorjaar 2025", "maart/april 2025", "K2 2025",
"4x per jaar", "Doorlopend", "In overleg met ketenpartners". The text is kept as written; what
can be read from it is a due date (the end of the period named) and whether it recurs."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
SEASONS = {"voorjaar": 5, "lente": 5, "zomer": 8, "najaar": 11, "herfst": 11, "winter": 12}
# Plannings without a date that are a plain answer, not a mistake.
OPEN_ENDED = ("doorlopend", "continu", "in overleg", "nader te bepalen", "n.t.b.", "ntb")
RECURRING = re.compile(
    r"\b\d+\s*x\s*per\s*(jaar|kwartaal|maand)\b|\bom de \d+ jaar\b|\bjaarlijks\b|\bper (jaar|kwartaal)\b"
)
YEAR = re.compile(r"\b(20\d\d)\b")


class PlanningError(ValueError):
    """The planning names a date that does not exist or cannot be read."""


@dataclass(frozen=True)
class Planning:
    text: str
    due_on: dt.date | None
    recurring: bool


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def read_planning(text: str) -> Planning:
    """Raises PlanningError (with a Dutch message) for what looks like a date but is none."""
    written = " ".join(text.split())
    low = written.lower()
    recurring = bool(RECURRING.search(low)) or low.startswith("doorlopend")
    exact = re.search(r"\b(\d{1,2})[-/](\d{1,2})[-/](\d{4})\b", low)
    if exact:
        day, month, year = (int(part) for part in exact.groups())
        try:
            return Planning(written, dt.date(year, month, day), recurring)
        except ValueError as error:
            message = _("“%(text)s” is not a date that exists.") % {"text": exact.group(0)}
            raise PlanningError(message) from error
    years = [int(y) for y in YEAR.findall(low)]
    words = re.findall(r"[a-z]+", low)
    if years:
        year = years[-1]
        quarter = re.search(r"\b[qk]([1-4])\b|\b([1-4])e kwartaal\b", low)
        months = [MONTHS[w] for w in words if w in MONTHS]
        seasons = [SEASONS[w] for w in words if w in SEASONS]
        if quarter:
            number = int(quarter.group(1) or quarter.group(2))
            return Planning(written, _month_end(year, number * 3), recurring)
        if months:
            return Planning(written, _month_end(year, max(months)), recurring)
        if seasons:
            return Planning(written, _month_end(year, max(seasons)), recurring)
        return Planning(written, dt.date(year, 12, 31), recurring)
    if re.search(r"\d{3,}", low) and not recurring:
        raise PlanningError(
            _("“%(text)s” holds no year that can be read, such as 2025.") % {"text": written}
        )
    if recurring or any(low.startswith(phrase) for phrase in OPEN_ENDED) or not written:
        return Planning(written, None, recurring)
    if any(w in MONTHS or w in SEASONS for w in words):
        raise PlanningError(_("“%(text)s” names no year.") % {"text": written})
    return Planning(written, None, recurring)
