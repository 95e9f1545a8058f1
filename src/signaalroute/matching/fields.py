"""Field-by-field comparison of stacking values, as pure functions: the agreement levels
("exact", "similar", "missing", ...), the string similarities, and how two names (given names,
surnames, prefixes, word sets, trade names) fall into one of them.

Dates of birth, identifiers, phone numbers and codes are compared in ``fields_identifiers.py``,
postcodes, house numbers and coordinates in ``fields_addresses.py``; ``compare.py`` combines
them per record kind into a comparison vector. All comparisons are symmetric.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from .normalise import (
    INVALID_RESULT,
    Normalised,
    Surname,
    never_raise,
    normalise_text,
    prefix_initials,
)
from .phonetic import dutch_phonetic_key

EXACT: Final = "exact"


SWAPPED: Final = "swapped"


TYPO: Final = "typo"


YEAR_ONLY: Final = "year-only"


#: Two exact dates of which exactly one part (day, month or year) differs.
ONE_PART: Final = "one-part"


#: Two names one letter apart (Damerau-Levenshtein distance 1: a letter wrong, added,
#: left out, or two adjacent letters transposed).
ONE_LETTER: Final = "one-letter"


#: Two phone numbers whose last ``fields_identifiers.PHONE_DIGITS`` digits agree, while at least one of
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


_LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("b", "v"), ("bv",), ("n", "v"), ("nv",), ("v", "o", "f"), ("vof",), ("c", "v"), ("cv",),
    ("bvba",), ("ltd",), ("gmbh",), ("srl",), ("eenmanszaak",),
)  # fmt: skip


@never_raise(INVALID_RESULT)
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
