"""Pairwise comparison of stacking records, as pure functions.

:func:`compare` turns two records of the same kind into a *comparison vector*: a dict from
field name to a discrete agreement level ("exact", "similar", "missing", ...). The fields
and their possible levels are listed in :data:`FIELD_LEVELS`. Such a vector is the input of
a Fellegi-Sunter scorer, which weighs each level by how much more often it occurs among
true matches than among non-matches. That scorer (``scoring.py``, with its parameters estimated
from data in ``estimate.py`` rather than set by hand) is deliberately not part of this module:
the thresholds here only decide which level a pair of values falls in, never how much a level
counts. The field comparisons themselves are in ``fields.py`` (levels, names),
``fields_identifiers.py`` (dates of birth, identifiers, phones, codes) and
``fields_addresses.py`` (postcodes, house numbers, coordinates).

:func:`blocking.blocking_keys` (``blocking.py``) gives the keys under which a record is filed,
so that only records sharing at least one key are compared at all.

Certain (identifier) comparisons only use values a normaliser accepted without a flag:
partial, estimated or invalid values count as missing there. All comparisons are
symmetric: ``compare(a, b) == compare(b, a)``.
"""

from __future__ import annotations

from typing import Final

from .fields import (
    AGREE,
    AREA,
    CLOSE,
    COMPATIBLE,
    DIFFERENT,
    DIGITS,
    DISAGREE,
    EXACT,
    FAR,
    IDENTIFIER_LEVELS,
    INITIALS,
    MISSING,
    NEAR,
    NUMBER_ONLY,
    ONE_LETTER,
    ONE_PART,
    ONE_SIDED,
    PHONETIC,
    SIMILAR,
    STRING_LEVELS,
    SWAPPED,
    TYPO,
    YEAR_ONLY,
    compare_given_names,
    compare_prefixes,
    compare_strings,
    compare_surname_values,
    compare_surnames,
    compare_token_sets,
    compare_trade_names,
)
from .fields_addresses import (
    compare_coordinates,
    compare_house_numbers,
    compare_person_addresses,
    compare_postcodes,
)
from .fields_identifiers import (
    compare_codes,
    compare_dates,
    compare_identifiers,
    compare_phones,
    compare_unreadable_dates,
)
from .normalise import (
    INVALID,
    Normalised,
    Surname,
    name_tokens,
    normalise_name,
    normalise_surname,
    normalise_text,
)
from .normalise_dates import normalise_date_of_birth
from .normalise_identifiers import (
    normalise_address_key,
    normalise_document_number,
    normalise_email,
    normalise_gender,
    normalise_house_number,
    normalise_iban,
    normalise_kvk,
    normalise_nationality,
    normalise_plate,
    normalise_postcode,
    normalise_street,
)
from .records import AddressRecord, OrganisationRecord, PersonRecord, Record

ADDRESS_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "address": IDENTIFIER_LEVELS,
    "postcode": (EXACT, AREA, DIFFERENT, MISSING),
    "house_number": (EXACT, NUMBER_ONLY, DIFFERENT, MISSING),
    "street": STRING_LEVELS,
    "place": STRING_LEVELS,
    "described_place": STRING_LEVELS,
    "coordinates": (NEAR, CLOSE, FAR, MISSING),
}


PHONE_LEVELS: Final = (AGREE, DIGITS, DISAGREE, MISSING)


PERSON_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "given_names": (EXACT, ONE_LETTER, SIMILAR, INITIALS, DIFFERENT, MISSING),
    "surname": (EXACT, ONE_LETTER, SIMILAR, PHONETIC, DIFFERENT, MISSING),
    "surname_prefix": (EXACT, COMPATIBLE, ONE_SIDED, DIFFERENT, MISSING),
    "full_name": STRING_LEVELS,
    "aliases": (AGREE, DISAGREE, MISSING),
    "date_of_birth": (EXACT, SWAPPED, TYPO, ONE_PART, YEAR_ONLY, DIFFERENT, MISSING),
    "gender": IDENTIFIER_LEVELS,
    "nationality": IDENTIFIER_LEVELS,
    "phone": PHONE_LEVELS,
    "email": IDENTIFIER_LEVELS,
    "id_document": IDENTIFIER_LEVELS,
    "iban": IDENTIFIER_LEVELS,
    "plate": IDENTIFIER_LEVELS,
    "address": (EXACT, AREA, DIFFERENT, MISSING),
}


ORGANISATION_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "kvk": IDENTIFIER_LEVELS,
    "trade_names": STRING_LEVELS,
    "sector": IDENTIFIER_LEVELS,
    "phone": PHONE_LEVELS,
    "email": IDENTIFIER_LEVELS,
    "iban": IDENTIFIER_LEVELS,
    "plate": IDENTIFIER_LEVELS,
    **{f"address_{field}": levels for field, levels in ADDRESS_LEVELS.items()},
}


#: For each record type, the fields of its comparison vector and their possible levels.
FIELD_LEVELS: Final[dict[type, dict[str, tuple[str, ...]]]] = {
    PersonRecord: PERSON_LEVELS,
    AddressRecord: ADDRESS_LEVELS,
    OrganisationRecord: ORGANISATION_LEVELS,
}


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


def compare_births(a: PersonRecord, b: PersonRecord) -> str:
    """The date-of-birth level: :func:`compare_dates`, and for a date that is no date
    (month 13) :func:`compare_unreadable_dates` on what was written."""
    birth_a, birth_b = birth_of(a), birth_of(b)
    level = compare_dates(birth_a, birth_b)
    if level == MISSING and INVALID in (birth_a.flag, birth_b.flag):
        return compare_unreadable_dates(birth_a, a.date_of_birth, birth_b, b.date_of_birth)
    return level


#: Levels at which a crossed comparison (given name against surname) counts as a swap.
_SWAP_LEVELS = frozenset({EXACT, ONE_LETTER, SIMILAR})


def _whole_surname(surname: Surname) -> str | None:
    if surname.value is None:
        return None
    return f"{surname.prefix} {surname.value}".strip()


def compare_names(a: PersonRecord, b: PersonRecord) -> tuple[str, str]:
    """The given-name and surname levels of two persons, allowing for a name-order swap.

    When the names disagree as written but one's given names match the other's surname and
    the other way round ("Jan de Vries" and "Vries, Jan" put in the wrong boxes; foreign
    names whose order is unclear to whoever writes them down), the crossed levels are
    returned: a swap is a way of writing the same name, not a contradiction.
    """
    given_a, given_b = normalise_name(a.given_names), normalise_name(b.given_names)
    surname_a, surname_b = surname_of(a), surname_of(b)
    straight = (compare_given_names(given_a, given_b), compare_surnames(surname_a, surname_b))
    if DIFFERENT not in straight:
        return straight
    crossed = (
        compare_surname_values(given_a.value, _whole_surname(surname_b)),
        compare_surname_values(_whole_surname(surname_a), given_b.value),
    )
    if all(level in _SWAP_LEVELS for level in crossed):
        return crossed
    return straight


def compare_persons(a: PersonRecord, b: PersonRecord) -> dict[str, str]:
    """The comparison vector of two persons (fields: :data:`PERSON_LEVELS`)."""
    surname_a, surname_b = surname_of(a), surname_of(b)
    given_level, surname_level = compare_names(a, b)
    return {
        "given_names": given_level,
        "surname": surname_level,
        "surname_prefix": compare_prefixes(surname_a, surname_b),
        "full_name": compare_token_sets(_full_name_tokens(a), _full_name_tokens(b)),
        "aliases": compare_aliases(a, b),
        "date_of_birth": compare_births(a, b),
        "gender": compare_codes(normalise_gender(a.gender), normalise_gender(b.gender)),
        "nationality": compare_codes(
            normalise_nationality(a.nationality), normalise_nationality(b.nationality)
        ),
        "phone": compare_phones(a.phones, b.phones),
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
        "address": compare_person_addresses(a.addresses, b.addresses),
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
        "street": compare_strings(normalise_street(a.street), normalise_street(b.street)),
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
        "phone": compare_phones(a.phones, b.phones),
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
