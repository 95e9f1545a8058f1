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


class PlanningError(ValueError):
    """The planning names a date that does not exist or cannot be read."""


@dataclass(frozen=True)
class Planning:
    text: str
    due_on: dt.date | None
    recurring: bool


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _latest_period(low: str) -> dt.date | None:
    """The end of the latest period the text names with a year: each month, season or quarter
    belongs to the year that follows it ("najaar 2024 / voorjaar 2025"), or else to the last
    year before it; a year alone is its last day."""
    tokens = re.findall(r"\b[qk][1-4]\b|[a-z]+|\d+", low)
    ends: list[tuple[int | None, int]] = []  # (year if known, month)
    last_year: int | None = None
    for index, word in enumerate(tokens):
        if word.isdigit() and len(word) == 4 and word.startswith("20"):
            year = int(word)
            ends = [(year if y is None else y, m) for y, m in ends]
            if not any(y == year for y, _m in ends):
                ends.append((year, 12))
            last_year = year
            continue
        month = MONTHS.get(word) or SEASONS.get(word)
        quarter = re.fullmatch(r"[qk]([1-4])", word)
        if quarter:
            month = int(quarter.group(1)) * 3
        if word == "kwartaal":
            before = tokens[index - 2] if index >= 2 and tokens[index - 1] == "e" else None
            after = tokens[index + 1] if index + 1 < len(tokens) else None
            number = before if before and before in "1234" else after
            if number and len(number) == 1 and number in "1234":
                month = int(number) * 3
        if month:
            ends = [(y, m) for y, m in ends if not (y == last_year and m == 12 and y is not None)]
            ends.append((None, month))
    dated = [(y if y is not None else last_year, m) for y, m in ends]
    found = [_month_end(y, m) for y, m in dated if y is not None]
    return max(found) if found else None


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
    iso = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", low)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        try:
            return Planning(written, dt.date(year, month, day), recurring)
        except ValueError as error:
            message = _("“%(text)s” is not a date that exists.") % {"text": iso.group(0)}
            raise PlanningError(message) from error
    due = _latest_period(low)
    if due is not None:
        return Planning(written, due, recurring)
    if re.search(r"\d{3,}", low) and not recurring:
        raise PlanningError(
            _("“%(text)s” holds no year that can be read, such as 2025.") % {"text": written}
        )
    if recurring or any(low.startswith(phrase) for phrase in OPEN_ENDED) or not written:
        return Planning(written, None, recurring)
    if any(w in MONTHS or w in SEASONS for w in re.findall(r"[a-z]+", low)):
        raise PlanningError(_("“%(text)s” names no year.") % {"text": written})
    return Planning(written, None, recurring)
