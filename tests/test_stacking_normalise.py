"""Normalisers of the stacking engine: Dutch examples and properties that hold for any input."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signaalroute.matching.normalise import (
    ESTIMATE,
    INVALID,
    MAX_VALUE_LENGTH,
    OK,
    PARTIAL,
    Normalised,
    name_tokens,
    normalise_name,
    normalise_surname,
    normalise_text,
    prefix_initials,
    split_full_name,
)
from signaalroute.matching.normalise_dates import normalise_date_of_birth, parse_birth
from signaalroute.matching.normalise_identifiers import (
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
    normalise_street,
    normalise_url,
)
from signaalroute.matching.phonetic import dutch_phonetic_key

TODAY = date(2025, 6, 1)

# Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Jan   van der  Berg ", "jan van der berg"),
        ("Jan-Willem", "jan willem"),
        ("José Núñez", "jose nunez"),
        ("Müller", "muller"),
        ("Владимир Путин", "vladimir putin"),  # Cyrillic
        ("Олена Коваленко", "olena kovalenko"),
        ("محمد علي", "mhmd ly"),  # Arabic: anyascii writes consonants only
        ("Ĳsselmeer", "ijsselmeer"),  # the Dutch ij ligature
        ("O'Brien", "obrien"),
        ("Anna 😀", "anna"),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == Normalised(expected, OK)


@pytest.mark.parametrize("raw", ["Jan2", "😀😀", "1234", "---"])
def test_name_garbage_is_invalid(raw: str) -> None:
    assert normalise_name(raw) == Normalised(None, INVALID)


def test_missing_name_is_not_invalid() -> None:
    assert normalise_name(None) == Normalised(None, OK)
    assert normalise_name("   ") == Normalised(None, OK)


def test_mueller_and_muller_meet_on_phonetic_key_only() -> None:
    # Decision: diacritics are folded, umlauts not expanded (see normalise_name).
    assert normalise_name("Müller").value != normalise_name("Mueller").value
    assert dutch_phonetic_key("muller") == dutch_phonetic_key("mueller")


@pytest.mark.parametrize(
    ("surname", "prefix", "expected_value", "expected_prefix"),
    [
        ("van der Berg", "", "berg", "van der"),
        ("Berg", "van der", "berg", "van der"),
        ("v.d. Berg", "", "berg", "v d"),
        ("van 't Hof", "", "hof", "van t"),
        ("in 't Veld", "", "veld", "in t"),
        ("ter Horst", "", "horst", "ter"),
        ("De Vries", "", "vries", "de"),
        ("Vries", "de", "vries", "de"),
        ("de Jong-van Dam", "", "jong van dam", "de"),
        ("De", "", "de", ""),  # a surname that is only a prefix word stays a surname
        ("Berg, van der", "", "berg", "van der"),  # the index form, prefix after a comma
        ("Vries , de", "", "vries", "de"),
        ("Berg, Jan", "", "berg jan", ""),  # not a prefix after the comma: left alone
    ],
)
def test_normalise_surname_splits_prefix(
    surname: str, prefix: str, expected_value: str, expected_prefix: str
) -> None:
    result = normalise_surname(surname, prefix)
    assert (result.value, result.prefix, result.flag) == (expected_value, expected_prefix, OK)


def test_prefix_initials_match_abbreviations() -> None:
    assert prefix_initials("van der") == prefix_initials("v d") == prefix_initials("vd") == "vd"
    assert prefix_initials("van den") == "vd"
    assert prefix_initials("van t") == "vt"


@pytest.mark.parametrize("raw", ["Jan de Vries", "de Vries, Jan", "Vries, Jan de"])
def test_split_full_name_handles_order(raw: str) -> None:
    parts = split_full_name(raw)
    assert parts is not None
    assert (parts.given_names, parts.prefix, parts.surname) == ("jan", "de", "vries")


def test_name_tokens_ignore_order() -> None:
    assert name_tokens("Jan de Vries") == name_tokens("de Vries, Jan") == {"jan", "vries"}
    assert name_tokens("Jan de Vries", drop_prefixes=False) == {"jan", "de", "vries"}


@pytest.mark.parametrize(
    "group",
    [
        ["Vries", "Fries"],
        ["Jansen", "Janssen"],
        ["Bakker", "Backer"],
        ["Smid", "Smit", "Smidt"],
        ["Bosch", "Bos"],
        ["Heijnen", "Heynen", "Heinen"],
        ["Mohammed", "Muhammad", "Mohamed"],
    ],
)
def test_dutch_phonetic_key_groups_spellings(group: list[str]) -> None:
    keys = {dutch_phonetic_key(normalise_surname(name).value or "") for name in group}
    assert len(keys) == 1
    assert keys != {""}


def test_dutch_phonetic_key_separates_different_names() -> None:
    assert dutch_phonetic_key("jansen") != dutch_phonetic_key("pietersen")
    assert dutch_phonetic_key("") == ""


# Identifiers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["06-12345678", "+31 6 1234 5678", "0031612345678", "+31 (0)6 12345678"]
)
def test_phone_forms_are_equal(raw: str) -> None:
    assert normalise_phone(raw) == Normalised("+31612345678", OK)


def test_phone_other_country() -> None:
    assert normalise_phone("+40 721 234 567").value == "+40721234567"


@pytest.mark.parametrize("raw", ["06-1234abcd", "12345", "06-123", "bel me", "+31 6 1234 56789 0"])
def test_phone_invalid(raw: str) -> None:
    assert normalise_phone(raw) == Normalised(None, INVALID)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234 AB", Normalised("1234AB", OK)),
        ("1234ab", Normalised("1234AB", OK)),
        ("1234", Normalised("1234", PARTIAL)),
        ("0123 AB", Normalised(None, INVALID)),
        ("1234 ABC", Normalised(None, INVALID)),
    ],
)
def test_postcode(raw: str, expected: Normalised) -> None:
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("12",), "12||"),
        ((12,), "12||"),
        (("12a",), "12|A|"),
        (("12 A",), "12|A|"),
        (("12a-2hg",), "12|A|2hg"),
        (("12-1",), "12||1"),
        (("12 bis",), "12||bis"),
        (("12", "a", "2 HG"), "12|A|2hg"),
        (("12|A|2hg",), "12|A|2hg"),
    ],
)
def test_house_number(args: tuple[object, ...], expected: str) -> None:
    assert normalise_house_number(*args) == Normalised(expected, OK)


def test_address_key() -> None:
    assert normalise_address_key("1234 ab", "12", "a", "2hg") == Normalised("1234AB|12|A|2hg", OK)
    assert normalise_address_key("1234", "12") == Normalised("1234|12||", PARTIAL)
    assert normalise_address_key("", "12") == Normalised(None, OK)
    assert normalise_address_key("1234AB", "nul") == Normalised(None, INVALID)


@pytest.mark.parametrize("raw", ["12345678", "12.345.678", "1234 5678", "KvK 12345678"])
def test_kvk(raw: str) -> None:
    assert normalise_kvk(raw) == Normalised("12345678", OK)


@pytest.mark.parametrize("raw", ["1234567", "123456789", "1234567a"])
def test_kvk_invalid(raw: str) -> None:
    assert normalise_kvk(raw).flag == INVALID


def test_iban() -> None:
    assert normalise_iban("nl91 abna 0417 1643 00") == Normalised("NL91ABNA0417164300", OK)
    assert normalise_iban("NL92ABNA0417164300") == Normalised(None, INVALID)  # bad checksum
    assert normalise_iban("12345") == Normalised(None, INVALID)


@pytest.mark.parametrize(("raw", "expected"), [("12-abc-3", "12ABC3"), ("ab 12 cd", "AB12CD")])
def test_plate(raw: str, expected: str) -> None:
    assert normalise_plate(raw) == Normalised(expected, OK)


def test_plate_invalid() -> None:
    assert normalise_plate("X").flag == INVALID
    assert normalise_plate("ÄB-12-CD").flag == INVALID


def test_document_number() -> None:
    assert normalise_document_number("nx-c12 t3 4") == Normalised("NXC12T34", OK)
    assert normalise_document_number("123").flag == INVALID


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Jan.DeVries@Example.COM ", "jan.devries@example.com"),
        ("mailto:info@voorbeeld.nl", "info@voorbeeld.nl"),
        ("j.devries+werk@gmail.com", "j.devries+werk@gmail.com"),  # no provider rules
        ("a@bücher.de", "a@xn--bcher-kva.de"),
    ],
)
def test_email(raw: str, expected: str) -> None:
    assert normalise_email(raw) == Normalised(expected, OK)


def test_gmail_dots_are_not_merged() -> None:
    assert normalise_email("jan.devries@gmail.com") != normalise_email("jandevries@gmail.com")


@pytest.mark.parametrize("raw", ["geen", "a@b", "a@@b.nl", "a..b@x.nl", "a b@x.nl", "@x.nl"])
def test_email_invalid(raw: str) -> None:
    assert normalise_email(raw) == Normalised(None, INVALID)


def test_gender_and_nationality() -> None:
    assert normalise_gender("Vrouw").value == "f"
    assert normalise_gender("M").value == "m"
    assert normalise_gender("onbekend").flag == INVALID
    assert normalise_nationality("nl") == Normalised("NL", OK)
    assert normalise_nationality("Roemeense") == Normalised("roemeense", PARTIAL)


# Dates of birth -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("17-05-1990", Normalised("1990-05-17", OK)),
        ("17/5/90", Normalised("1990-05-17", OK)),
        ("1990-05-17", Normalised("1990-05-17", OK)),
        ("17 mei 1990", Normalised("1990-05-17", OK)),
        ("17 May 1990", Normalised("1990-05-17", OK)),
        ("17051990", Normalised("1990-05-17", OK)),
        ("05/17/1990", Normalised("1990-05-17", OK)),  # only readable month first
        (date(1990, 5, 17), Normalised("1990-05-17", OK)),
        ("1990", Normalised("1990", PARTIAL)),
        ("ca. 1990", Normalised("~1990", ESTIMATE)),
        ("±1990", Normalised("~1990", ESTIMATE)),
        ("1988-1992", Normalised("1988..1992", ESTIMATE)),
        ("30 jaar", Normalised("1994..1995", ESTIMATE)),
        ("25-30 jaar", Normalised("1994..2000", ESTIMATE)),
        ("tussen 25 en 30 jaar", Normalised("1994..2000", ESTIMATE)),
        ("ca. 30", Normalised("1992..1997", ESTIMATE)),
    ],
)
def test_date_of_birth(raw: object, expected: Normalised) -> None:
    assert normalise_date_of_birth(raw, today=TODAY) == expected


def test_age_is_seen_from_observation_date() -> None:
    result = normalise_date_of_birth("30 jaar", today=TODAY, observed_on=date(2020, 1, 1))
    assert result == Normalised("1989..1990", ESTIMATE)


@pytest.mark.parametrize(
    "raw", ["17-05-2030", "2026", date(2025, 6, 2), "31-02-1990", "17-05", "1850", "gisteren"]
)
def test_date_of_birth_invalid(raw: object) -> None:
    assert normalise_date_of_birth(raw, today=TODAY) == Normalised(None, INVALID)


def test_parse_birth() -> None:
    exact = parse_birth(Normalised("1990-05-17", OK))
    assert exact is not None and exact.exact == date(1990, 5, 17)
    year_range = parse_birth(Normalised("1988..1992", ESTIMATE))
    assert year_range is not None and list(year_range.years) == [1988, 1989, 1990, 1991, 1992]
    assert parse_birth(Normalised(None, INVALID)) is None


# Properties -------------------------------------------------------------------------------

NORMALISERS: dict[str, Callable[[object], Normalised]] = {
    "text": normalise_text,
    "street": normalise_street,
    "url": normalise_url,
    "name": normalise_name,
    "surname": normalise_surname,
    "phone": normalise_phone,
    "postcode": normalise_postcode,
    "house_number": normalise_house_number,
    "kvk": normalise_kvk,
    "iban": normalise_iban,
    "plate": normalise_plate,
    "document": normalise_document_number,
    "email": normalise_email,
    "gender": normalise_gender,
    "nationality": normalise_nationality,
    "date_of_birth": lambda value: normalise_date_of_birth(value, today=TODAY),
}

# Text that looks a little like each field, mixed with arbitrary text and odd scripts.
TEXTISH = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 -+()./|abAB@~ca", max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(
        ["06-12345678", "1234 AB", "12a-2hg", "NL91ABNA0417164300", "Jan van der Berg", "ca. 30"]
    ),
)
ANY_INPUT = st.one_of(st.none(), st.integers(), st.floats(), st.binary(max_size=10), TEXTISH)


@pytest.mark.parametrize("field", sorted(NORMALISERS))
@settings(max_examples=200, deadline=None)
@given(value=ANY_INPUT)
def test_normalisers_never_raise_and_are_idempotent(field: str, value: object) -> None:
    normalise = NORMALISERS[field]
    result = normalise(value)
    assert isinstance(result, Normalised)
    assert result.flag in {OK, INVALID, PARTIAL, ESTIMATE}
    if result.value is None:
        return
    assert 0 < len(result.value) <= MAX_VALUE_LENGTH
    again = normalise(result.value)
    assert again.value == result.value
    if field == "surname":
        assert normalise_surname(result.value, getattr(result, "prefix", "")) == result


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1001, max_size=1100))
def test_long_input_is_invalid(value: str) -> None:
    for field, normalise in NORMALISERS.items():
        result = normalise(value)
        assert (result.value, result.flag) == (None, INVALID), field


def test_ten_megabytes_do_not_hurt() -> None:
    huge = "Jan de Vries 😀 " * 700_000
    for normalise in NORMALISERS.values():
        assert normalise(huge).flag == INVALID


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_name_output_is_plain_ascii_words(value: str) -> None:
    result = normalise_name(value)
    if result.value is not None:
        assert re.fullmatch(r"[a-z]+( [a-z]+)*", result.value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 +-()", max_size=20))
def test_valid_phone_is_e164(value: str) -> None:
    result = normalise_phone(value)
    if result.value is not None:
        assert re.fullmatch(r"\+[1-9][0-9]{1,14}", result.value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789-", min_size=6, max_size=14))
def test_valid_phone_digit_strings_are_e164(value: str) -> None:
    result = normalise_phone(value)
    if result.value is not None:
        assert re.fullmatch(r"\+[1-9][0-9]{1,14}", result.value)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_past_dates_round_trip(value: date) -> None:
    for text in (value.isoformat(), value.strftime("%d-%m-%Y"), value.strftime("%d/%m/%Y")):
        assert normalise_date_of_birth(text, today=TODAY) == Normalised(value.isoformat(), OK)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2025, 6, 2), max_value=date(2200, 1, 1)))
def test_future_dates_are_invalid(value: date) -> None:
    assert normalise_date_of_birth(value, today=TODAY).flag == INVALID
    assert normalise_date_of_birth(value.strftime("%d-%m-%Y"), today=TODAY).flag == INVALID


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_phonetic_key_never_raises(value: str) -> None:
    key = dutch_phonetic_key(value)
    assert re.fullmatch(r"[a-z]*", key)


def test_eight_digits_fall_back_to_year_first_when_day_first_is_implausible() -> None:
    from signaalroute.matching.normalise_dates import normalise_date_of_birth

    assert normalise_date_of_birth("19081209").value == normalise_date_of_birth("1908-12-09").value
    assert normalise_date_of_birth("12031999").value == normalise_date_of_birth("12-03-1999").value
