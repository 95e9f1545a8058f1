"""Pairwise comparison and blocking keys of the stacking engine."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signaalroute.matching.blocking import blocking_keys, identifier_key
from signaalroute.matching.compare import FIELD_LEVELS, compare
from signaalroute.matching.fields import (
    AGREE,
    AREA,
    CLOSE,
    COMPATIBLE,
    DIFFERENT,
    DISAGREE,
    EXACT,
    FAR,
    INITIALS,
    MISSING,
    NEAR,
    NUMBER_ONLY,
    SWAPPED,
    TYPO,
)
from signaalroute.matching.fields_identifiers import compare_dates
from signaalroute.matching.normalise import Normalised
from signaalroute.matching.normalise_dates import (
    impossible_date_digits,
    normalise_date_of_birth,
    parse_birth,
)
from signaalroute.matching.normalise_identifiers import (
    normalise_address_key,
    normalise_email,
    normalise_iban,
    normalise_kvk,
    normalise_phone,
    normalise_plate,
    normalise_postcode,
)
from signaalroute.matching.records import (
    AddressRecord,
    IdDocument,
    OrganisationRecord,
    PersonRecord,
)

TODAY = date(2025, 6, 1)


def _dob(text: object) -> Normalised:
    return normalise_date_of_birth(text, today=TODAY)


# Records ----------------------------------------------------------------------------------


def test_van_der_berg_against_abbreviation() -> None:
    a = PersonRecord(given_names="Jan", surname="van der Berg")
    b = PersonRecord(given_names="J.", surname_prefix="v.d.", surname="Berg")
    vector = compare(a, b)
    assert vector["given_names"] == INITIALS
    assert vector["surname"] == EXACT
    assert vector["surname_prefix"] == COMPATIBLE


def test_swapped_name_fields_still_meet_as_full_name() -> None:
    a = PersonRecord(given_names="Jan", surname="de Vries")
    b = PersonRecord(given_names="Vries", surname="Jan", surname_prefix="de")
    vector = compare(a, b)
    assert vector["given_names"] == DIFFERENT
    assert vector["full_name"] == EXACT


def test_person_vector() -> None:
    a = PersonRecord(
        given_names="Олена",
        surname="Коваленко",
        aliases=("Lena K",),
        date_of_birth="05-07-1998",
        gender="V",
        nationality="UA",
        phones=("06-12345678",),
        emails=("Lena.K@Example.com",),
        id_documents=(IdDocument("passport", "FC 123456", "UA"),),
        ibans=("NL91 ABNA 0417 1643 00",),
        plates=("12-ABC-3",),
        addresses=(AddressRecord(postcode="3762 ab", house_number="12"),),
    )
    b = PersonRecord(
        given_names="Olena",
        surname="Kovalenko",
        aliases=("Lena K",),
        date_of_birth="07-05-1998",
        gender="vrouw",
        nationality="ua",
        phones=("+31 6 1234 5678",),
        emails=("lena.k@example.com",),
        id_documents=(IdDocument("paspoort", "fc123456", "Oekraïne"),),
        ibans=("NL91ABNA0417164300",),
        plates=("12ABC3",),
        addresses=(AddressRecord(postcode="3762AB", house_number="12-b"),),
    )
    vector = compare(a, b)
    assert vector == {
        "given_names": EXACT,
        "surname": EXACT,
        "surname_prefix": MISSING,
        "full_name": EXACT,
        "aliases": AGREE,
        "date_of_birth": SWAPPED,
        "gender": AGREE,
        "nationality": AGREE,
        "phone": AGREE,
        "email": AGREE,
        "id_document": AGREE,
        "iban": AGREE,
        "plate": AGREE,
        "address": EXACT,  # 12 and 12-b: the same building, where the person lives or was seen
    }
    empty = compare(PersonRecord(), PersonRecord())
    assert set(empty.values()) == {MISSING}


def test_address_vector() -> None:
    a = AddressRecord(
        postcode="1234 ab",
        house_number="12a",
        street="Kerkstraat",
        place="Amsterdam",
        latitude=52.3731,
        longitude=4.8926,
    )
    b = AddressRecord(
        postcode="1234AB",
        house_number="12",
        house_letter="A",
        street="Kerkstr.",
        place="amsterdam",
        latitude=52.3735,
        longitude=4.8930,
    )
    vector = compare(a, b)
    assert vector["address"] == AGREE
    assert vector["postcode"] == EXACT
    assert vector["house_number"] == EXACT
    assert vector["street"] == EXACT  # "Kerkstr." is "Kerkstraat" written short
    assert vector["place"] == EXACT
    assert vector["coordinates"] == NEAR
    assert vector["described_place"] == MISSING

    c = AddressRecord(postcode="1234", house_number="12-2", latitude=52.38, longitude=4.8926)
    vector = compare(a, c)
    assert vector["address"] == MISSING  # partial postcode: not for certain
    assert vector["postcode"] == AREA
    assert vector["house_number"] == NUMBER_ONLY
    assert vector["coordinates"] == CLOSE
    assert compare(a, AddressRecord(latitude=51.9, longitude=4.5))["coordinates"] == FAR
    # other letters after the same digits: a neighbouring street, not the same area
    neighbour = AddressRecord(postcode="1234 AC", house_number="12a", street="Kerkstraat")
    assert compare(a, neighbour)["postcode"] == DIFFERENT


def test_organisation_vector() -> None:
    a = OrganisationRecord(
        kvk="12.345.678",
        trade_names=("Nagelstudio Lotus B.V.",),
        sector="Nagelstudio",
        address=AddressRecord(postcode="1234AB", house_number="1"),
    )
    b = OrganisationRecord(
        kvk="12345678",
        trade_names=("nagelstudio lotus", "Lotus Beauty"),
        sector="nagelstudio",
        address=AddressRecord(postcode="1234 AB", house_number="1"),
    )
    vector = compare(a, b)
    assert vector["kvk"] == AGREE
    assert vector["trade_names"] == EXACT
    assert vector["sector"] == AGREE
    assert vector["address_address"] == AGREE
    assert compare(a, OrganisationRecord(kvk="87654321"))["kvk"] == DISAGREE


def test_compare_refuses_different_kinds() -> None:
    with pytest.raises(TypeError):
        compare(PersonRecord(), AddressRecord())


def test_blocking_keys_person() -> None:
    record = PersonRecord(
        given_names="Jan",
        surname="de Vries",
        aliases=("Johnny Fries",),
        date_of_birth="05-07-1990",
        phones=("06-12345678", "06-1234abcd"),
        emails=("Jan@Example.com",),
        plates=("12-ABC-3",),
    )
    keys = blocking_keys(record)
    assert "name-year:frs|1990" in keys
    assert "name-initial:frs|j" in keys
    assert "dob:1990|05|07" in keys
    assert "phone:+31612345678" in keys
    assert "email:jan@example.com" in keys
    assert "plate:12ABC3" in keys
    assert not any(key.startswith("phone:") and "abcd" in key for key in keys)
    # a swapped day and month give the same dob key
    swapped = PersonRecord(surname="Vries", date_of_birth="07-05-1990")
    assert "dob:1990|05|07" in blocking_keys(swapped)
    # an estimate gives keys for the years around it
    estimated = blocking_keys(PersonRecord(surname="Fries", date_of_birth="ca. 1991"))
    assert {"name-year:frs|1990", "name-year:frs|1991", "name-year:frs|1992"} <= estimated


def test_blocking_keys_address_and_organisation() -> None:
    address = AddressRecord(
        postcode="1234 ab", house_number="12a", street="Kerkstraat", place="Amsterdam"
    )
    assert blocking_keys(address) == {
        "address:1234AB|12",
        "address-pc4:1234|12",
        "street:amsterdam|kerkstraat|12",
    }
    assert blocking_keys(AddressRecord(postcode="1234", house_number="12")) == {
        "address-pc4:1234|12"
    }
    organisation = OrganisationRecord(
        kvk="12.345.678", trade_names=("Lotus B.V.",), address=address
    )
    keys = blocking_keys(organisation)
    assert {"kvk:12345678", "trade-name:lotus", "address:1234AB|12"} <= keys


# Properties -------------------------------------------------------------------------------

NAMEISH = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["Jan", "J.", "Jan Willem", "van der Berg", "v.d. Berg", "Berg", "de Vries", "Müller"]
    ),
)
PHONES = st.one_of(
    st.text(max_size=15), st.sampled_from(["06-12345678", "+31 6 1234 5678", "06-87654321"])
)
DATES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["17-05-1990", "05-17-1990", "1990", "ca. 1991", "25-30 jaar", "1990-05-71"]),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
)
SHORT = st.text(max_size=12)

PERSONS = st.builds(
    PersonRecord,
    given_names=NAMEISH,
    surname_prefix=st.sampled_from(["", "van der", "v.d.", "de"]),
    surname=NAMEISH,
    aliases=st.lists(NAMEISH, max_size=2).map(tuple),
    date_of_birth=DATES,
    observed_on=st.just(TODAY),
    gender=st.sampled_from(["", "m", "v", "x", "onbekend"]),
    nationality=st.sampled_from(["", "NL", "ro", "Roemeense"]),
    phones=st.lists(PHONES, max_size=2).map(tuple),
    emails=st.lists(st.sampled_from(["a@b.nl", "A@B.NL", "c@d.nl", "bad"]), max_size=2).map(tuple),
    id_documents=st.lists(st.builds(IdDocument, number=SHORT), max_size=1).map(tuple),
    ibans=st.lists(st.sampled_from(["NL91ABNA0417164300", "NL92ABNA0417164300"]), max_size=1).map(
        tuple
    ),
    plates=st.lists(st.sampled_from(["12-ABC-3", "12abc3", "x"]), max_size=1).map(tuple),
)
COORDINATE = st.one_of(st.none(), st.floats(min_value=50.0, max_value=54.0), st.floats())
ADDRESSES = st.builds(
    AddressRecord,
    postcode=st.one_of(SHORT, st.sampled_from(["1234 AB", "1234ab", "1234", "5678CD"])),
    house_number=st.one_of(SHORT, st.sampled_from(["12", "12a", "12-2", "13"])),
    house_letter=st.sampled_from(["", "a", "B"]),
    house_number_addition=st.sampled_from(["", "2hg", "1"]),
    street=st.one_of(SHORT, st.sampled_from(["Kerkstraat", "Kerkstr."])),
    place=st.one_of(SHORT, st.sampled_from(["Amsterdam", "Den Haag"])),
    described_place=SHORT,
    latitude=COORDINATE,
    longitude=COORDINATE,
)
ORGANISATIONS = st.builds(
    OrganisationRecord,
    kvk=st.one_of(SHORT, st.sampled_from(["12345678", "12.345.678", "87654321"])),
    trade_names=st.lists(st.one_of(SHORT, st.just("Lotus B.V.")), max_size=2).map(tuple),
    sector=st.sampled_from(["", "horeca", "Horeca", "bouw"]),
    address=st.one_of(st.none(), ADDRESSES),
    phones=st.lists(PHONES, max_size=1).map(tuple),
)
RECORD_PAIRS = st.one_of(
    st.tuples(PERSONS, PERSONS),
    st.tuples(ADDRESSES, ADDRESSES),
    st.tuples(ORGANISATIONS, ORGANISATIONS),
)


@settings(max_examples=200, deadline=None)
@given(RECORD_PAIRS)
def test_compare_is_symmetric_and_uses_known_levels(
    pair: tuple[PersonRecord, PersonRecord]
    | tuple[AddressRecord, AddressRecord]
    | tuple[OrganisationRecord, OrganisationRecord],
) -> None:
    a, b = pair
    forward = compare(a, b)
    assert forward == compare(b, a)
    levels = FIELD_LEVELS[type(a)]
    assert forward.keys() == levels.keys()
    for field, level in forward.items():
        assert level in levels[field], (field, level)


@settings(max_examples=200, deadline=None)
@given(st.one_of(PERSONS, ADDRESSES, ORGANISATIONS))
def test_record_compared_with_itself_never_disagrees(
    record: PersonRecord | AddressRecord | OrganisationRecord,
) -> None:
    vector = compare(record, record)
    assert DIFFERENT not in vector.values()
    assert DISAGREE not in vector.values()


@settings(max_examples=200, deadline=None)
@given(DATES, DATES)
def test_compare_dates_is_symmetric(a: object, b: object) -> None:
    assert compare_dates(_dob(a), _dob(b)) == compare_dates(_dob(b), _dob(a))


@settings(max_examples=200, deadline=None)
@given(PERSONS)
def test_person_blocking_keys_contain_own_identifiers(record: PersonRecord) -> None:
    keys = blocking_keys(record)
    for kind, normalise, values in (
        ("phone", normalise_phone, record.phones),
        ("email", normalise_email, record.emails),
        ("iban", normalise_iban, record.ibans),
        ("plate", normalise_plate, record.plates),
    ):
        for raw in values:
            result = normalise(raw)
            if result.is_certain:
                assert identifier_key(kind, result.value or "") in keys
    birth = parse_birth(
        normalise_date_of_birth(record.date_of_birth, observed_on=record.observed_on)
    )
    if birth is not None and birth.exact is not None:
        low, high = sorted((birth.exact.day, birth.exact.month))
        assert identifier_key("dob", f"{birth.exact.year}|{low:02d}|{high:02d}") in keys


@settings(max_examples=200, deadline=None)
@given(st.one_of(ADDRESSES, ORGANISATIONS))
def test_address_and_organisation_blocking_keys_contain_own_identifiers(
    record: AddressRecord | OrganisationRecord,
) -> None:
    keys = blocking_keys(record)
    address = record if isinstance(record, AddressRecord) else record.address
    if isinstance(record, OrganisationRecord):
        kvk = normalise_kvk(record.kvk)
        if kvk.is_certain:
            assert identifier_key("kvk", kvk.value or "") in keys
    if address is not None:
        postcode = normalise_postcode(address.postcode)
        key = normalise_address_key(
            address.postcode,
            address.house_number,
            address.house_letter,
            address.house_number_addition,
        )
        if key.is_certain and key.value and postcode.value:
            number = key.value.split("|")[1]
            assert identifier_key("address", f"{postcode.value}|{number}") in keys
            assert identifier_key("address-pc4", f"{postcode.value[:4]}|{number}") in keys


def test_a_date_that_is_no_date_is_compared_as_written() -> None:
    """Month 80 or day 33 is a typo on a form: one digit from the other side's date is a
    typo, the same impossible date twice agrees, and anything else stays no evidence."""
    assert impossible_date_digits("1994-80-31") == "19948031"
    assert impossible_date_digits("33-01-1950") == "19500133"
    assert impossible_date_digits("13-01-1950") is None  # a readable date
    assert impossible_date_digits("33-01-50") is None  # a two-digit year: which century?
    assert impossible_date_digits(date(1950, 1, 13)) is None

    def level(a: object, b: object) -> str:
        return compare(PersonRecord(date_of_birth=a), PersonRecord(date_of_birth=b))[
            "date_of_birth"
        ]

    assert level("1994-80-31", "31-08-1994") == TYPO == level("31-08-1994", "1994-80-31")
    assert level("33-01-1950", date(1950, 1, 13)) == TYPO
    assert level("33-01-1950", "33-01-1950") == EXACT
    assert level("33-01-1950", "34-01-1950") == MISSING
    assert level("33-01-1950", "1970-01-13") == MISSING
    assert level("33-01-1950", "1950") == MISSING
    assert level("onbekend", "1950-01-13") == MISSING
