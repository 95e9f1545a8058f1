"""Blocking keys: under which keys a record is filed, so that only records sharing at least one
key are compared (:func:`blocking_keys`). Keys are prefixed by their kind (``phone:``,
``name-year:``, ...) so different kinds never collide."""

from __future__ import annotations

from collections.abc import Iterable

from .compare import birth_of, house_number_of, surname_of
from .fields import normalise_trade_name
from .fields_addresses import person_address_key
from .fields_identifiers import phone_digits
from .normalise import (
    OK,
    Normalised,
    normalise_name,
    normalise_text,
    split_full_name,
)
from .normalise_dates import BirthDate, parse_birth
from .normalise_identifiers import (
    normalise_document_number,
    normalise_email,
    normalise_iban,
    normalise_kvk,
    normalise_phone,
    normalise_plate,
    normalise_postcode,
    normalise_street,
)
from .phonetic import dutch_phonetic_key
from .records import AddressRecord, OrganisationRecord, PersonRecord, Record

#: A birth-year range wider than this gives no name-and-year blocking keys.
MAX_BLOCKING_YEARS = 12


def identifier_key(kind: str, value: str) -> str:
    """The blocking key of an identifier: ``"phone:+31612345678"``."""
    return f"{kind}:{value}"


def _identifier_keys(kind: str, values: Iterable[Normalised]) -> set[str]:
    return {identifier_key(kind, item.value) for item in values if item.is_certain and item.value}


def _birth_years(birth: BirthDate | None) -> range:
    if birth is None:
        return range(0)
    slack = 1 if birth.estimate else 0
    years = range(birth.first_year - slack, birth.last_year + slack + 1)
    return years if len(years) <= MAX_BLOCKING_YEARS else range(0)


def _name_keys(surname: str, given_names: str, years: range) -> set[str]:
    key = dutch_phonetic_key(surname)
    if not key:
        return set()
    keys = {identifier_key("name-year", f"{key}|{year}") for year in years}
    if given_names:
        keys.add(identifier_key("name-initial", f"{key}|{given_names[0]}"))
        first = given_names.split()[0]
        given_key = dutch_phonetic_key(first)
        if len(first) > 1 and given_key:
            # Swap-proof: the two phonetic keys in sorted order.
            low, high = sorted((given_key, key))
            keys.add(identifier_key("name-pair", f"{low}|{high}"))
        if len(first) > 1:
            # Typo-proof at the end of either name, swap-proof: first three letters of each.
            low, high = sorted((first[:3], surname.replace(" ", "")[:3]))
            keys.add(identifier_key("name3", f"{low}|{high}"))
    return keys


def _phone_digit_keys(phones: Iterable[str]) -> set[str]:
    return {identifier_key("phone-digits", d) for d in map(phone_digits, phones) if d}


def person_blocking_keys(record: PersonRecord) -> set[str]:
    """Blocking keys of a person.

    ``name-year:<phonetic surname>|<year>`` for each possible birth year (estimates widened
    by a year, ranges over :data:`MAX_BLOCKING_YEARS` skipped); ``name-initial:<phonetic
    surname>|<first initial>``; the same for each alias; ``dob:<year>|<dd/mm low>|<dd/mm
    high>`` for an exact date of birth (day and month sorted, so a swapped date meets its
    original); ``name-pair:<key>|<key>``, the phonetic keys of the first given name and the
    surname in sorted order, and ``name3:<abc>|<xyz>``, the first three letters of each in
    sorted order (both stand when the date of birth is missing, survive a name-order swap,
    and the second a typo after the third letter of either name); ``phone:``, ``email:``,
    ``doc:``, ``iban:``, ``plate:`` for every certain identifier; and
    ``phone-digits:<last nine digits>`` for every phone number, also one ``phonenumbers``
    rejects; ``person-address:<first four of the postcode>|<number>`` for every address where
    the person lives or was seen (so a pair without a date of birth and with a name typo still
    meets when both name the same address).
    """
    keys: set[str] = set()
    birth = parse_birth(birth_of(record))
    years = _birth_years(birth)
    surname = surname_of(record)
    given = normalise_name(record.given_names).value or ""
    if surname.value:
        keys |= _name_keys(surname.value, given, years)
    for alias in record.aliases:
        parts = split_full_name(alias)
        if parts is not None:
            keys |= _name_keys(parts.surname, parts.given_names, years)
    if birth is not None and birth.exact is not None:
        low, high = sorted((birth.exact.month, birth.exact.day))
        keys.add(identifier_key("dob", f"{birth.exact.year}|{low:02d}|{high:02d}"))
    keys |= _identifier_keys("phone", map(normalise_phone, record.phones))
    keys |= _phone_digit_keys(record.phones)
    keys |= _identifier_keys("email", map(normalise_email, record.emails))
    keys |= _identifier_keys(
        "doc", (normalise_document_number(doc.number) for doc in record.id_documents)
    )
    keys |= _identifier_keys("iban", map(normalise_iban, record.ibans))
    keys |= _identifier_keys("plate", map(normalise_plate, record.plates))
    for address in record.addresses:
        postcode, number, _place = person_address_key(address)
        if postcode and number:
            keys.add(identifier_key("person-address", f"{postcode[:4]}|{number}"))
    return keys


def address_blocking_keys(record: AddressRecord) -> set[str]:
    """Blocking keys of an address.

    ``address:<postcode>|<number>`` (letter and addition left out, so 12 and 12A meet);
    ``address-pc4:<four digits>|<number>``, also for a partial postcode;
    ``street:<place>|<street>|<number>`` when street and number are given, with an empty
    place when none is (a street and number written in a signal's text meet the same street
    and number written without a place; with a place given, only the same place). Coordinates
    and described places give no keys yet.
    """
    keys: set[str] = set()
    postcode = normalise_postcode(record.postcode)
    house = house_number_of(record)
    number = house.value.split("|")[0] if house.value else ""
    if number and postcode.value:
        if postcode.is_certain:
            keys.add(identifier_key("address", f"{postcode.value}|{number}"))
        keys.add(identifier_key("address-pc4", f"{postcode.value[:4]}|{number}"))
    street = normalise_street(record.street).value
    place = normalise_text(record.place).value or ""
    if number and street:
        keys.add(identifier_key("street", f"{place}|{street}|{number}"))
    return keys


def organisation_blocking_keys(record: OrganisationRecord) -> set[str]:
    """Blocking keys of an organisation: ``kvk:``, ``trade-name:``, identifiers, address."""
    keys = _identifier_keys("kvk", [normalise_kvk(record.kvk)])
    for name in record.trade_names:
        trade_name = normalise_trade_name(name)
        if trade_name.value and trade_name.flag == OK:
            keys.add(identifier_key("trade-name", trade_name.value))
    keys |= _identifier_keys("phone", map(normalise_phone, record.phones))
    keys |= _phone_digit_keys(record.phones)
    keys |= _identifier_keys("email", map(normalise_email, record.emails))
    keys |= _identifier_keys("iban", map(normalise_iban, record.ibans))
    keys |= _identifier_keys("plate", map(normalise_plate, record.plates))
    if record.address is not None:
        keys |= address_blocking_keys(record.address)
    return keys


def blocking_keys(record: Record) -> set[str]:
    """The blocking keys of a person, address or organisation record.

    Two records are candidates for comparison when they share at least one key. Keys are
    prefixed by their kind (``phone:``, ``name-year:``, ...) so different kinds never
    collide.
    """
    if isinstance(record, PersonRecord):
        return person_blocking_keys(record)
    if isinstance(record, AddressRecord):
        return address_blocking_keys(record)
    return organisation_blocking_keys(record)
