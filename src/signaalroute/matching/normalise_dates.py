"""Normalising dates of birth: exact dates in Dutch or ISO notation, years, approximate years,
year ranges and age estimates. Flags and guarantees as in :mod:`signaalroute.matching.normalise`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from .normalise import (
    APPROXIMATE_AGE_SLACK,
    ESTIMATE,
    INVALID_RESULT,
    MAX_BIRTH_RANGE_YEARS,
    MIN_BIRTH_YEAR,
    OK,
    PARTIAL,
    Normalised,
    Skip,
    input_text,
    never_raise,
)


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A parsed, normalised date of birth: an exact date or a range of birth years."""

    exact: date | None
    first_year: int
    last_year: int
    estimate: bool

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


_MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "febr": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3, "maa": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_APPROX = re.compile(
    r"^(?:ca\b\.?|circa\b|c\.|~|±|\+/-|\+-|about\b|approx\b\.?|approximately\b|ongeveer\b"
    r"|rond\b|omstreeks\b|plm\b\.?|pl\.m\.|ong\b\.?)\s*"
)
_AGE_WORDS = re.compile(
    r"\b(?:jaar|jr|years?|yrs?|y/o|age|aged|leeftijd|lft|oud|old|tussen|between)\b\.?"
)
_YMD = re.compile(r"^(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s\-.]*([a-z]+)\.?[\s\-.,]*(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_APPROX_YEAR = re.compile(r"^~(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:\.\.|-|\u2013|/|tot|to|t/m|en|and)\s*(\d{4})$")
_AGE_RANGE = re.compile(r"^(\d{1,3})\s*(?:\.\.|-|\u2013|/|tot|to|t/m|en|and)\s*(\d{1,3})$")
_AGE = re.compile(r"^(\d{1,3})$")


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:
        century = 2000 if year <= today.year % 100 else 1900
        year += century
    return year


def _exact_date(text: str, today: date) -> date | None:
    """Read an exact date in a Dutch or ISO notation; ``None`` when it is not one."""
    if match := _YMD.match(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[2]), _full_year(match[3], today)
        if month > 12 >= day:  # unambiguously month first (US notation)
            day, month = month, day
        return _make_date(year, month, day)
    if match := _D_MONTH_Y.match(text):
        month_number = _MONTHS.get(match[2])
        if month_number is None:
            return None
        return _make_date(_full_year(match[3], today), month_number, int(match[1]))
    if re.fullmatch(r"\d{8}", text):
        # DDMMYYYY first (Dutch); YYYYMMDD when that is no plausible birth date ("19081209").
        candidates = (
            _make_date(int(text[4:]), int(text[2:4]), int(text[:2])),
            _make_date(int(text[:4]), int(text[4:6]), int(text[6:])),
        )
        plausible = [
            d for d in candidates if d is not None and MIN_BIRTH_YEAR <= d.year <= today.year
        ]
        return plausible[0] if plausible else next((d for d in candidates if d), None)
    return None


def _year_range(first: int, last: int, today: date) -> Normalised:
    first, last = min(first, last), max(first, last)
    last = min(last, today.year)
    first = max(first, MIN_BIRTH_YEAR)
    if first > last or last - first > MAX_BIRTH_RANGE_YEARS:
        return INVALID_RESULT
    return Normalised(f"{first}..{last}", ESTIMATE)


def _age_range(youngest: int, oldest: int, on: date, today: date) -> Normalised:
    youngest, oldest = min(youngest, oldest), max(youngest, oldest)
    if oldest > 120:
        return INVALID_RESULT
    return _year_range(on.year - oldest - 1, on.year - youngest, today)


def normalise_date_of_birth(
    value: object, *, today: date | None = None, observed_on: date | None = None
) -> Normalised:
    """See :func:`_normalise_date_of_birth`; ``today`` is fixed here, so that the cached
    result of an age or a two-digit year is never that of another day."""
    return _normalise_date_of_birth(value, today=today or date.today(), observed_on=observed_on)


@never_raise(INVALID_RESULT)
def _normalise_date_of_birth(
    value: object, *, today: date | None = None, observed_on: date | None = None
) -> Normalised:
    """Normalise a date of birth, a birth year, or an estimate of it.

    Results (always read back unchanged):

    * an exact date ("17-05-1990", "17/5/90", "1990-05-17", "17 mei 1990", "17051990") →
      ``"1990-05-17"``, flag ``OK``. Day first, as written in the Netherlands; a date only
      readable month first ("05/17/1990") is read so. Two-digit years are in this century
      up to the current year, else the last;
    * a year ("1990") → ``"1990"``, flag ``PARTIAL``;
    * an approximate year ("ca. 1990", "~1990", "±1990") → ``"~1990"``, flag ``ESTIMATE``;
    * a year range ("1988-1992") → ``"1988..1992"``, flag ``ESTIMATE``;
    * an age or age range ("30 jaar", "25-30 jaar", "ca. 30", "leeftijd 25 tot 30") →
      the range of birth years, seen from ``observed_on`` (default: today), flag
      ``ESTIMATE``. An approximate age widens by :data:`APPROXIMATE_AGE_SLACK` years.

    Dates or years in the future, years before :data:`MIN_BIRTH_YEAR`, impossible dates
    and anything else are flagged invalid.
    """
    today = today or date.today()
    on = observed_on or today
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value > today or value.year < MIN_BIRTH_YEAR:
            return INVALID_RESULT
        return Normalised(value.isoformat(), OK)
    try:
        text = input_text(value)
    except Skip as skip:
        return skip.result
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()
    approximate = False
    if match := _APPROX.match(text):
        approximate = True
        text = text[match.end() :]
    has_age_words = bool(_AGE_WORDS.search(text))
    if has_age_words:
        text = re.sub(r"\s+", " ", _AGE_WORDS.sub(" ", text)).strip(" :")
        if match := _APPROX.match(text):
            approximate = True
            text = text[match.end() :]
    if has_age_words or approximate:
        if match := _AGE.match(text):
            age = int(match[1])
            slack = APPROXIMATE_AGE_SLACK if approximate else 0
            return _age_range(max(age - slack, 0), age + slack, on, today)
        if match := _AGE_RANGE.match(text):
            return _age_range(int(match[1]), int(match[2]), on, today)
        if has_age_words:
            return INVALID_RESULT
    if match := _YEAR.match(text) or _APPROX_YEAR.match(text):
        year = int(match[1])
        if not MIN_BIRTH_YEAR <= year <= today.year:
            return INVALID_RESULT
        if approximate or text.startswith("~"):
            return Normalised(f"~{year}", ESTIMATE)
        return Normalised(str(year), PARTIAL)
    if match := _YEAR_RANGE.match(text):
        first, last = int(match[1]), int(match[2])
        if max(first, last) < MIN_BIRTH_YEAR or min(first, last) > today.year:
            return INVALID_RESULT
        return _year_range(first, last, today)
    exact = _exact_date(text, today)
    if exact is None or exact > today or exact.year < MIN_BIRTH_YEAR:
        return INVALID_RESULT
    if approximate:
        return Normalised(f"~{exact.year}", ESTIMATE)
    return Normalised(exact.isoformat(), OK)


def impossible_date_digits(value: object) -> str | None:
    """The digits, as ``YYYYMMDD``, of a date written in full that cannot be a date: a month
    or day out of range ("1994-80-31", "33-01-1950"), a typo on a form or in a spreadsheet.
    ``None`` for anything else, a readable date included. Only for comparing such a date
    with a readable one (``fields_identifiers.compare_unreadable_dates``): it is never a
    normalised value, so it blocks, counts and shows nothing."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip()
    if match := _YMD.match(text):
        year, month, day = match[1], match[2], match[3]
    elif (match := _DMY.match(text)) and len(match[3]) == 4:
        day, month, year = match[1], match[2], match[3]
    else:
        return None
    if _make_date(int(year), int(month), int(day)) is not None:
        return None
    return f"{year}{int(month):02d}{int(day):02d}"


def parse_birth(normalised: Normalised) -> BirthDate | None:
    """The structured form of a value from :func:`normalise_date_of_birth`, if any."""
    value = normalised.value
    if value is None:
        return None
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        exact = _make_date(int(match[1]), int(match[2]), int(match[3]))
        if exact is None:
            return None
        return BirthDate(exact, exact.year, exact.year, estimate=False)
    if match := re.fullmatch(r"(~?)(\d{4})", value):
        year = int(match[2])
        return BirthDate(None, year, year, estimate=bool(match[1]))
    if match := re.fullmatch(r"(\d{4})\.\.(\d{4})", value):
        return BirthDate(None, int(match[1]), int(match[2]), estimate=True)
    return None
