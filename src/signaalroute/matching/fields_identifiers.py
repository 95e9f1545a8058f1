"""Field comparison of dates of birth, identifiers, phone numbers and coded values, as pure
functions returning the agreement levels of ``fields.py``.

Identifier comparisons only use values a normaliser accepted without a flag; all comparisons
are symmetric. ``compare.py`` combines them per record kind into a comparison vector.
"""

from __future__ import annotations

from collections.abc import Iterable

from .fields import (
    AGREE,
    DIFFERENT,
    DIGITS,
    DISAGREE,
    EXACT,
    MISSING,
    ONE_PART,
    SWAPPED,
    TYPO,
    YEAR_ONLY,
)
from .normalise import Normalised
from .normalise_dates import BirthDate, impossible_date_digits, parse_birth
from .normalise_identifiers import normalise_phone


def _digits(birth: BirthDate) -> str:
    assert birth.exact is not None
    return birth.exact.strftime("%Y%m%d")


def _one_typo(a: str, b: str) -> bool:
    """Same length and one digit different, or two adjacent digits transposed."""
    if len(a) != len(b):
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )


def compare_dates(a: Normalised, b: Normalised) -> str:
    """Compare two normalised dates of birth.

    Two exact dates: exact (the same date); swapped (day and month swapped); typo (one
    digit different or two adjacent digits transposed, in YYYYMMDD); one-part (two of day,
    month and year agree: a mistyped day, or a replaced birth year); different otherwise,
    also within the same year (two full dates that differ in day and month contradict each
    other). A year, range or estimate on either side: year-only when the birth years agree
    (an estimate widens by one year each way), else different. missing: a side without a
    (valid) value.
    """
    birth_a, birth_b = parse_birth(a), parse_birth(b)
    if birth_a is None or birth_b is None:
        return MISSING
    if birth_a.exact is not None and birth_b.exact is not None:
        da, db = birth_a.exact, birth_b.exact
        if da == db:
            return EXACT
        if da.year == db.year and da.month == db.day and da.day == db.month:
            return SWAPPED
        if _one_typo(_digits(birth_a), _digits(birth_b)):
            return TYPO
        agreeing = (da.year == db.year) + (da.month == db.month) + (da.day == db.day)
        return ONE_PART if agreeing == 2 else DIFFERENT
    slack_a = 1 if birth_a.estimate else 0
    slack_b = 1 if birth_b.estimate else 0
    first = max(birth_a.first_year - slack_a, birth_b.first_year - slack_b)
    last = min(birth_a.last_year + slack_a, birth_b.last_year + slack_b)
    return YEAR_ONLY if first <= last else DIFFERENT


def compare_unreadable_dates(a: Normalised, raw_a: object, b: Normalised, raw_b: object) -> str:
    """The level of two dates of birth when one cannot be read because it is no date
    ("1994-80-31"): typo when its digits are one digit or one transposition away from the
    other date's (``YYYYMMDD``), exact when both are the same impossible date; missing
    otherwise, as before (an unreadable date is no evidence against a match)."""
    digits_a, digits_b = impossible_date_digits(raw_a), impossible_date_digits(raw_b)
    if digits_a is not None and digits_b is not None:
        return EXACT if digits_a == digits_b else MISSING
    birth_a, birth_b = parse_birth(a), parse_birth(b)
    if digits_a is not None and birth_b is not None and birth_b.exact is not None:
        return TYPO if _one_typo(digits_a, _digits(birth_b)) else MISSING
    if digits_b is not None and birth_a is not None and birth_a.exact is not None:
        return TYPO if _one_typo(_digits(birth_a), digits_b) else MISSING
    return MISSING


def compare_identifiers(a: Iterable[Normalised], b: Iterable[Normalised]) -> str:
    """agree (a shared certain value) / disagree / missing (a side without certain values).

    Only values without a flag count: partial or invalid values are treated as missing.
    """
    values_a = {item.value for item in a if item.is_certain}
    values_b = {item.value for item in b if item.is_certain}
    if not values_a or not values_b:
        return MISSING
    return AGREE if values_a & values_b else DISAGREE


#: How many trailing digits two phone numbers must share for the "digits" level.
PHONE_DIGITS = 9


def phone_digits(value: object) -> str | None:
    """The last :data:`PHONE_DIGITS` digits of a phone number as written, or ``None`` when
    it has fewer digits or contains letters. Works for numbers ``phonenumbers`` rejects."""
    text = str(value or "")
    if any(ch.isalpha() for ch in text):
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_DIGITS else None


def compare_phones(a: Iterable[str], b: Iterable[str]) -> str:
    """agree (a shared valid number) / digits / disagree / missing.

    "digits": no shared valid number, but the last :data:`PHONE_DIGITS` digits of some
    number on each side agree (a number ``phonenumbers`` rejects, a typo'd country code).
    Only valid numbers can disagree; a side with only invalid numbers and no shared digits
    counts as missing.
    """
    raw_a, raw_b = list(a), list(b)
    level = compare_identifiers(map(normalise_phone, raw_a), map(normalise_phone, raw_b))
    if level == AGREE:
        return AGREE
    digits_a = {d for d in map(phone_digits, raw_a) if d}
    digits_b = {d for d in map(phone_digits, raw_b) if d}
    if digits_a & digits_b:
        return DIGITS
    return level


def compare_codes(a: Normalised, b: Normalised) -> str:
    """agree / disagree / missing for coded values (gender, nationality, sector).

    Equal values agree even when flagged partial (the same written-out nationality);
    different values only disagree when both are certain.
    """
    if a.value is None or b.value is None:
        return MISSING
    if a.value == b.value:
        return AGREE
    return DISAGREE if a.is_certain and b.is_certain else MISSING
