"""Pairwise comparison of stacking records, as pure functions.

:func:`compare` turns two records of the same kind into a *comparison vector*: a dict from
field name to a discrete agreement level ("exact", "similar", "missing", ...). The fields
and their possible levels are listed in :data:`FIELD_LEVELS`. Such a vector is the input of
a Fellegi-Sunter scorer, which weighs each level by how much more often it occurs among
true matches than among non-matches. That scorer, with its parameters estimated from data
rather than set by hand, is the next step and deliberately not part of this module: the
thresholds here only decide which level a pair of values falls in, never how much a level
counts.

:func:`blocking.blocking_keys` (``blocking.py``) gives the keys under which a record is filed,
so that only records sharing at least one key are compared at all.

Certain (identifier) comparisons only use values a normaliser accepted without a flag:
partial, estimated or invalid values count as missing there. All comparisons are
symmetric: ``compare(a, b) == compare(b, a)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from .normalise import (
    Normalised,
    Surname,
    dutch_phonetic_key,
    name_tokens,
    normalise_name,
    normalise_surname,
    normalise_text,
    prefix_initials,
)
from .normalise_dates import BirthDate, normalise_date_of_birth, parse_birth
from .normalise_identifiers import (
    normalise_address_key,
    normalise_document_number,
    normalise_email,
    normalise_gender,
    normalise_house_number,
    normalise_iban,
    normalise_kvk,
    normalise_nationality,
    normalise_phone,
    normalise_plate,
    normalise_postcode,
)
from .records import AddressRecord, OrganisationRecord, PersonRecord, Record

# Levels ---------------------------------------------------------------------------------

EXACT: Final = "exact"
SWAPPED: Final = "swapped"
TYPO: Final = "typo"
YEAR_ONLY: Final = "year-only"
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

_STRING_LEVELS = (EXACT, SIMILAR, DIFFERENT, MISSING)
_IDENTIFIER_LEVELS = (AGREE, DISAGREE, MISSING)

#: Jaro-Winkler similarity from which two names count as "similar".
NAME_SIMILARITY = 0.92
#: Jaro-Winkler similarity from which street and place names count as "similar".
PLACE_SIMILARITY = 0.90
#: Token-set similarity from which full names, trade names and described places are "similar".
TOKEN_SET_SIMILARITY = 0.90
#: Distances in metres for "near" and "close" coordinates.
NEAR_METRES = 100.0
CLOSE_METRES = 1000.0

ADDRESS_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "address": _IDENTIFIER_LEVELS,
    "postcode": (EXACT, AREA, DIFFERENT, MISSING),
    "house_number": (EXACT, NUMBER_ONLY, DIFFERENT, MISSING),
    "street": _STRING_LEVELS,
    "place": _STRING_LEVELS,
    "described_place": _STRING_LEVELS,
    "coordinates": (NEAR, CLOSE, FAR, MISSING),
}

PERSON_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "given_names": (EXACT, INITIALS, SIMILAR, DIFFERENT, MISSING),
    "surname": (EXACT, PHONETIC, SIMILAR, DIFFERENT, MISSING),
    "surname_prefix": (EXACT, COMPATIBLE, ONE_SIDED, DIFFERENT, MISSING),
    "full_name": _STRING_LEVELS,
    "aliases": (AGREE, DISAGREE, MISSING),
    "date_of_birth": (EXACT, SWAPPED, TYPO, YEAR_ONLY, DIFFERENT, MISSING),
    "gender": _IDENTIFIER_LEVELS,
    "nationality": _IDENTIFIER_LEVELS,
    "phone": _IDENTIFIER_LEVELS,
    "email": _IDENTIFIER_LEVELS,
    "id_document": _IDENTIFIER_LEVELS,
    "iban": _IDENTIFIER_LEVELS,
    "plate": _IDENTIFIER_LEVELS,
}

ORGANISATION_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "kvk": _IDENTIFIER_LEVELS,
    "trade_names": _STRING_LEVELS,
    "sector": _IDENTIFIER_LEVELS,
    "phone": _IDENTIFIER_LEVELS,
    "email": _IDENTIFIER_LEVELS,
    "iban": _IDENTIFIER_LEVELS,
    "plate": _IDENTIFIER_LEVELS,
    **{f"address_{field}": levels for field, levels in ADDRESS_LEVELS.items()},
}

#: For each record type, the fields of its comparison vector and their possible levels.
FIELD_LEVELS: Final[dict[type, dict[str, tuple[str, ...]]]] = {
    PersonRecord: PERSON_LEVELS,
    AddressRecord: ADDRESS_LEVELS,
    OrganisationRecord: ORGANISATION_LEVELS,
}


# String similarity ------------------------------------------------------------------------


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


def _initials_match(initials: list[str], names: list[str]) -> bool:
    """True when every word of ``initials`` is one letter, matching ``names`` in order."""
    if not initials or not all(len(word) == 1 for word in initials):
        return False
    return [word[0] for word in names[: len(initials)]] == initials


def compare_given_names(a: Normalised, b: Normalised) -> str:
    """exact / initials / similar / different / missing.

    "initials": one side is only initials that match the other's names in order ("J." and
    "Jan", "J.W." and "Jan Willem"). "similar": one side's names start with the other's
    ("Jan" and "Jan Willem"), or Jaro-Winkler >= :data:`NAME_SIMILARITY`.
    """
    if a.value is None or b.value is None:
        return MISSING
    if a.value == b.value:
        return EXACT
    words_a, words_b = a.value.split(), b.value.split()
    if _initials_match(words_a, words_b) or _initials_match(words_b, words_a):
        return INITIALS
    shorter, longer = sorted((words_a, words_b), key=len)
    if longer[: len(shorter)] == shorter:
        return SIMILAR
    return SIMILAR if jaro_winkler(a.value, b.value) >= NAME_SIMILARITY else DIFFERENT


def compare_surnames(a: Surname, b: Surname) -> str:
    """exact / phonetic (same :func:`dutch_phonetic_key`) / similar / different / missing."""
    if a.value is None or b.value is None:
        return MISSING
    if a.value == b.value:
        return EXACT
    key_a, key_b = dutch_phonetic_key(a.value), dutch_phonetic_key(b.value)
    if key_a and key_a == key_b:
        return PHONETIC
    return SIMILAR if jaro_winkler(a.value, b.value) >= NAME_SIMILARITY else DIFFERENT


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


# Dates ------------------------------------------------------------------------------------


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

    exact: the same date; swapped: day and month swapped; typo: one digit different or
    two adjacent digits transposed (in YYYYMMDD); year-only: the birth years agree (an
    estimate on either side widens by one year each way), including exact dates in the
    same year; different: none of these; missing: a side without a (valid) value.
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
    slack_a = 1 if birth_a.estimate else 0
    slack_b = 1 if birth_b.estimate else 0
    first = max(birth_a.first_year - slack_a, birth_b.first_year - slack_b)
    last = min(birth_a.last_year + slack_a, birth_b.last_year + slack_b)
    return YEAR_ONLY if first <= last else DIFFERENT


# Identifiers ------------------------------------------------------------------------------


def compare_identifiers(a: Iterable[Normalised], b: Iterable[Normalised]) -> str:
    """agree (a shared certain value) / disagree / missing (a side without certain values).

    Only values without a flag count: partial or invalid values are treated as missing.
    """
    values_a = {item.value for item in a if item.is_certain}
    values_b = {item.value for item in b if item.is_certain}
    if not values_a or not values_b:
        return MISSING
    return AGREE if values_a & values_b else DISAGREE


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
    """exact / number-only (same number, other letter or addition) / different / missing."""
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


# Trade names ------------------------------------------------------------------------------

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


# Records ------------------------------------------------------------------------------------


def surname_of(record: PersonRecord) -> Surname:
    return normalise_surname(record.surname, record.surname_prefix)


def _full_name_tokens(record: PersonRecord) -> frozenset[str]:
    return name_tokens(f"{record.given_names} {record.surname_prefix} {record.surname}")


def _alias_tokens(record: PersonRecord) -> set[frozenset[str]]:
    return {tokens for alias in record.aliases if (tokens := name_tokens(alias))}


def compare_aliases(a: PersonRecord, b: PersonRecord) -> str:
    """agree / disagree / missing: does an alias of one equal a name or alias of the other?

    Names compare as word sets (:func:`name_tokens`). Missing when neither has aliases.
    """
    aliases_a, aliases_b = _alias_tokens(a), _alias_tokens(b)
    if not aliases_a and not aliases_b:
        return MISSING
    names_a = aliases_a | ({_full_name_tokens(a)} - {frozenset()})
    names_b = aliases_b | ({_full_name_tokens(b)} - {frozenset()})
    if not names_a or not names_b:
        return MISSING
    if aliases_a & names_b or aliases_b & names_a:
        return AGREE
    return DISAGREE


def birth_of(record: PersonRecord) -> Normalised:
    return normalise_date_of_birth(record.date_of_birth, observed_on=record.observed_on)


def compare_persons(a: PersonRecord, b: PersonRecord) -> dict[str, str]:
    """The comparison vector of two persons (fields: :data:`PERSON_LEVELS`)."""
    surname_a, surname_b = surname_of(a), surname_of(b)
    return {
        "given_names": compare_given_names(
            normalise_name(a.given_names), normalise_name(b.given_names)
        ),
        "surname": compare_surnames(surname_a, surname_b),
        "surname_prefix": compare_prefixes(surname_a, surname_b),
        "full_name": compare_token_sets(_full_name_tokens(a), _full_name_tokens(b)),
        "aliases": compare_aliases(a, b),
        "date_of_birth": compare_dates(birth_of(a), birth_of(b)),
        "gender": compare_codes(normalise_gender(a.gender), normalise_gender(b.gender)),
        "nationality": compare_codes(
            normalise_nationality(a.nationality), normalise_nationality(b.nationality)
        ),
        "phone": compare_identifiers(
            map(normalise_phone, a.phones), map(normalise_phone, b.phones)
        ),
        "email": compare_identifiers(
            map(normalise_email, a.emails), map(normalise_email, b.emails)
        ),
        "id_document": compare_identifiers(
            (normalise_document_number(doc.number) for doc in a.id_documents),
            (normalise_document_number(doc.number) for doc in b.id_documents),
        ),
        "iban": compare_identifiers(map(normalise_iban, a.ibans), map(normalise_iban, b.ibans)),
        "plate": compare_identifiers(
            map(normalise_plate, a.plates), map(normalise_plate, b.plates)
        ),
    }


def _address_key(record: AddressRecord) -> Normalised:
    return normalise_address_key(
        record.postcode, record.house_number, record.house_letter, record.house_number_addition
    )


def house_number_of(record: AddressRecord) -> Normalised:
    return normalise_house_number(
        record.house_number, record.house_letter, record.house_number_addition
    )


def compare_addresses(a: AddressRecord, b: AddressRecord) -> dict[str, str]:
    """The comparison vector of two addresses (fields: :data:`ADDRESS_LEVELS`)."""
    described_a = normalise_text(a.described_place)
    described_b = normalise_text(b.described_place)
    described = compare_token_sets(
        frozenset((described_a.value or "").split()), frozenset((described_b.value or "").split())
    )
    return {
        "address": compare_identifiers([_address_key(a)], [_address_key(b)]),
        "postcode": compare_postcodes(
            normalise_postcode(a.postcode), normalise_postcode(b.postcode)
        ),
        "house_number": compare_house_numbers(house_number_of(a), house_number_of(b)),
        "street": compare_strings(normalise_text(a.street), normalise_text(b.street)),
        "place": compare_strings(normalise_text(a.place), normalise_text(b.place)),
        "described_place": described,
        "coordinates": compare_coordinates(a, b),
    }


def compare_organisations(a: OrganisationRecord, b: OrganisationRecord) -> dict[str, str]:
    """The comparison vector of two organisations (fields: :data:`ORGANISATION_LEVELS`)."""
    if a.address is not None and b.address is not None:
        address = compare_addresses(a.address, b.address)
    else:
        address = dict.fromkeys(ADDRESS_LEVELS, MISSING)
    return {
        "kvk": compare_identifiers([normalise_kvk(a.kvk)], [normalise_kvk(b.kvk)]),
        "trade_names": compare_trade_names(a.trade_names, b.trade_names),
        "sector": compare_codes(normalise_text(a.sector), normalise_text(b.sector)),
        "phone": compare_identifiers(
            map(normalise_phone, a.phones), map(normalise_phone, b.phones)
        ),
        "email": compare_identifiers(
            map(normalise_email, a.emails), map(normalise_email, b.emails)
        ),
        "iban": compare_identifiers(map(normalise_iban, a.ibans), map(normalise_iban, b.ibans)),
        "plate": compare_identifiers(
            map(normalise_plate, a.plates), map(normalise_plate, b.plates)
        ),
        **{f"address_{field}": level for field, level in address.items()},
    }


def compare(a: Record, b: Record) -> dict[str, str]:
    """The comparison vector of two records of the same kind: field → level.

    Fields and levels are those of :data:`FIELD_LEVELS` for the record type. Raises
    :class:`TypeError` for records of different kinds.
    """
    if isinstance(a, PersonRecord) and isinstance(b, PersonRecord):
        return compare_persons(a, b)
    if isinstance(a, AddressRecord) and isinstance(b, AddressRecord):
        return compare_addresses(a, b)
    if isinstance(a, OrganisationRecord) and isinstance(b, OrganisationRecord):
        return compare_organisations(a, b)
    raise TypeError(f"cannot compare {type(a).__name__} with {type(b).__name__}")
