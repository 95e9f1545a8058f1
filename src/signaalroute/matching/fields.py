"""Field-by-field comparison of stacking values, as pure functions: the agreement levels
("exact", "similar", "missing", ...) and how two names, dates, identifiers, codes, postcodes,
house numbers, coordinates or trade names fall into one of them.

``compare.py`` combines these per record kind into a comparison vector. All comparisons are
symmetric; identifier comparisons only use values a normaliser accepted without a flag.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from .normalise import (
    Normalised,
    Surname,
    dutch_phonetic_key,
    normalise_text,
    prefix_initials,
)
from .normalise_dates import BirthDate, parse_birth
from .normalise_identifiers import normalise_phone
from .records import AddressRecord

EXACT: Final = "exact"


SWAPPED: Final = "swapped"


TYPO: Final = "typo"


YEAR_ONLY: Final = "year-only"


#: Two exact dates of which exactly one part (day, month or year) differs.
ONE_PART: Final = "one-part"


#: Two names one letter apart (Damerau-Levenshtein distance 1: a letter wrong, added,
#: left out, or two adjacent letters transposed).
ONE_LETTER: Final = "one-letter"


#: Two phone numbers whose last :data:`PHONE_DIGITS` digits agree, while at least one of
#: them is not a valid number (a typo, a missing digit up front): evidence, never certain.
DIGITS: Final = "digits"


INITIALS: Final = "initials"


PHONETIC: Final = "phonetic"


SIMILAR: Final = "similar"


COMPATIBLE: Final = "compatible"


ONE_SIDED: Final = "one-sided"


NUMBER_ONLY: Final = "number-only"


AREA: Final = "area"


NEAR: Final = "near"


CLOSE: Final = "close"


FAR: Final = "far"


AGREE: Final = "agree"


DISAGREE: Final = "disagree"


DIFFERENT: Final = "different"


MISSING: Final = "missing"


STRING_LEVELS = (EXACT, SIMILAR, DIFFERENT, MISSING)


IDENTIFIER_LEVELS = (AGREE, DISAGREE, MISSING)


#: Jaro-Winkler similarity from which two names count as "similar".
NAME_SIMILARITY = 0.92


#: Jaro-Winkler similarity from which street and place names count as "similar".
PLACE_SIMILARITY = 0.90


#: Token-set similarity from which full names, trade names and described places are "similar".
TOKEN_SET_SIMILARITY = 0.90


#: Distances in metres for "near" and "close" coordinates.
NEAR_METRES = 100.0


CLOSE_METRES = 1000.0


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1], made symmetric."""
    return max(JaroWinkler.similarity(a, b), JaroWinkler.similarity(b, a))


def token_set_similarity(a: str, b: str) -> float:
    """RapidFuzz token-set ratio in [0, 1]: word order and repeated words do not matter."""
    return max(fuzz.token_set_ratio(a, b), fuzz.token_set_ratio(b, a)) / 100.0


def compare_strings(a: Normalised, b: Normalised, threshold: float = PLACE_SIMILARITY) -> str:
    """exact / similar (Jaro-Winkler >= ``threshold``) / different / missing."""
    if a.value is None or b.value is None:
        return MISSING
    if a.value == b.value:
        return EXACT
    return SIMILAR if jaro_winkler(a.value, b.value) >= threshold else DIFFERENT


#: Names shorter than this get no one-letter level (one letter is too much of "Al" or "Bo").
ONE_LETTER_MIN_LENGTH = 3


#: A phonetic key with fewer consonants than this says little ("Ene", "Ooyen" and "Aanei"
#: all give "an"): such surnames get no phonetic level.
PHONETIC_MIN_CONSONANTS = 2


def _consonants(key: str) -> int:
    return len(key) - 1 if key.startswith("a") else len(key)


def one_letter_apart(a: str, b: str) -> bool:
    """Damerau-Levenshtein (optimal string alignment) distance exactly 1, both names at least
    :data:`ONE_LETTER_MIN_LENGTH` letters: the typo that Jaro-Winkler misses in short names
    ("Dobe" and "Dobre", "Ana" and "Anna")."""
    if a == b or min(len(a), len(b)) < ONE_LETTER_MIN_LENGTH:
        return False
    return bool(OSA.distance(a, b, score_cutoff=1) <= 1)


def _initials_match(initials: list[str], names: list[str]) -> bool:
    """True when every word of ``initials`` is one letter, matching ``names`` in order."""
    if not initials or not all(len(word) == 1 for word in initials):
        return False
    return [word[0] for word in names[: len(initials)]] == initials


def compare_given_names(a: Normalised, b: Normalised) -> str:
    """exact / one-letter / similar / initials / different / missing (strongest first).

    "one-letter": :func:`one_letter_apart`. "similar": one side's names start with the
    other's ("Jan" and "Jan Willem"), or Jaro-Winkler >= :data:`NAME_SIMILARITY`.
    "initials": one side is only initials that match the other's names in order ("J." and
    "Jan", "J.W." and "Jan Willem"); it says far less than a written-out name.
    """
    if a.value is None or b.value is None:
        return MISSING
    if a.value == b.value:
        return EXACT
    if one_letter_apart(a.value, b.value):
        return ONE_LETTER
    words_a, words_b = a.value.split(), b.value.split()
    if _initials_match(words_a, words_b) or _initials_match(words_b, words_a):
        return INITIALS
    shorter, longer = sorted((words_a, words_b), key=len)
    if longer[: len(shorter)] == shorter:
        return SIMILAR
    return SIMILAR if jaro_winkler(a.value, b.value) >= NAME_SIMILARITY else DIFFERENT


def compare_surname_values(a: str | None, b: str | None) -> str:
    """exact / one-letter / similar / phonetic / different / missing (strongest first).

    "phonetic": the same :func:`dutch_phonetic_key`, with at least
    :data:`PHONETIC_MIN_CONSONANTS` consonants ("Meijer" and "Meyer", not "Ene" and "Ooyen");
    "similar": Jaro-Winkler >= :data:`NAME_SIMILARITY`.
    """
    if a is None or b is None:
        return MISSING
    if a == b:
        return EXACT
    if one_letter_apart(a, b):
        return ONE_LETTER
    if jaro_winkler(a, b) >= NAME_SIMILARITY:
        return SIMILAR
    key_a, key_b = dutch_phonetic_key(a), dutch_phonetic_key(b)
    if key_a == key_b and _consonants(key_a) >= PHONETIC_MIN_CONSONANTS:
        return PHONETIC
    return DIFFERENT


def compare_surnames(a: Surname, b: Surname) -> str:
    """:func:`compare_surname_values` of the surnames proper (prefixes left out)."""
    return compare_surname_values(a.value, b.value)


def compare_prefixes(a: Surname, b: Surname) -> str:
    """exact / compatible / one-sided / different / missing, for surname prefixes.

    "compatible": same initials, as "van der" and "v.d."; "one-sided": only one side has a
    prefix (often left out in writing); "missing": neither has one, or a surname is missing.
    """
    if a.value is None or b.value is None or (not a.prefix and not b.prefix):
        return MISSING
    if a.prefix == b.prefix:
        return EXACT
    if not a.prefix or not b.prefix:
        return ONE_SIDED
    if prefix_initials(a.prefix) == prefix_initials(b.prefix):
        return COMPATIBLE
    return DIFFERENT


def compare_token_sets(a: frozenset[str], b: frozenset[str]) -> str:
    """exact (same words in any order) / similar (token-set) / different / missing."""
    if not a or not b:
        return MISSING
    if a == b:
        return EXACT
    text_a, text_b = " ".join(sorted(a)), " ".join(sorted(b))
    if token_set_similarity(text_a, text_b) >= TOKEN_SET_SIMILARITY:
        return SIMILAR
    return DIFFERENT


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


def compare_postcodes(a: Normalised, b: Normalised) -> str:
    """exact / area (same four digits, also for a partial postcode) / different / missing."""
    if a.value is None or b.value is None:
        return MISSING
    if a.is_certain and b.is_certain and a.value == b.value:
        return EXACT
    return AREA if a.value[:4] == b.value[:4] else DIFFERENT


def compare_house_numbers(a: Normalised, b: Normalised) -> str:
    """exact / number-only (same number, other letter or addition) / different / missing.

    "number-only" is the same building at most: 12 and 12a are two dwellings.
    """
    if a.value is None or b.value is None:
        return MISSING
    if a.value == b.value:
        return EXACT
    return NUMBER_ONLY if a.value.split("|")[0] == b.value.split("|")[0] else DIFFERENT


def _valid_coordinates(latitude: float | None, longitude: float | None) -> bool:
    if not isinstance(latitude, int | float) or not isinstance(longitude, int | float):
        return False
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return False
    return -90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0


def distance_metres(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle (haversine) distance in metres."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(lon_b - lon_a)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * 6_371_000.0 * math.asin(min(1.0, math.sqrt(h)))


def compare_coordinates(a: AddressRecord, b: AddressRecord) -> str:
    """near (<= 100 m) / close (<= 1 km) / far / missing."""
    if not _valid_coordinates(a.latitude, a.longitude) or not _valid_coordinates(
        b.latitude, b.longitude
    ):
        return MISSING
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    metres = min(
        distance_metres(a.latitude, a.longitude, b.latitude, b.longitude),
        distance_metres(b.latitude, b.longitude, a.latitude, a.longitude),
    )
    if metres <= NEAR_METRES:
        return NEAR
    return CLOSE if metres <= CLOSE_METRES else FAR


_LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("b", "v"), ("bv",), ("n", "v"), ("nv",), ("v", "o", "f"), ("vof",), ("c", "v"), ("cv",),
    ("bvba",), ("ltd",), ("gmbh",), ("srl",), ("eenmanszaak",),
)  # fmt: skip


def normalise_trade_name(value: object) -> Normalised:
    """A trade name folded with :func:`fold_text`, legal forms (B.V., V.O.F., ...) removed."""
    text = normalise_text(value)
    if text.value is None:
        return text
    words = text.value.split()
    changed = True
    while changed:
        changed = False
        for form in _LEGAL_FORMS:
            size = len(form)
            if len(words) > size and tuple(words[-size:]) == form:
                words = words[:-size]
                changed = True
            elif len(words) > size and tuple(words[:size]) == form:
                words = words[size:]
                changed = True
    return Normalised(" ".join(words), text.flag)


def compare_trade_names(a: Iterable[str], b: Iterable[str]) -> str:
    """exact (a shared trade name) / similar (token-set) / different / missing."""
    names_a = {n.value for n in map(normalise_trade_name, a) if n.value}
    names_b = {n.value for n in map(normalise_trade_name, b) if n.value}
    if not names_a or not names_b:
        return MISSING
    if names_a & names_b:
        return EXACT
    best = max(token_set_similarity(x, y) for x in names_a for y in names_b)
    return SIMILAR if best >= TOKEN_SET_SIMILARITY else DIFFERENT
