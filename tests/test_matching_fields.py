"""Field-by-field comparison: the agreement levels of names, dates, identifiers and trade names."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signaalroute.matching.fields import (
    AGREE,
    COMPATIBLE,
    DIFFERENT,
    DISAGREE,
    EXACT,
    INITIALS,
    MISSING,
    ONE_LETTER,
    ONE_PART,
    ONE_SIDED,
    PHONETIC,
    SIMILAR,
    SWAPPED,
    TYPO,
    YEAR_ONLY,
    compare_given_names,
    compare_prefixes,
    compare_surnames,
    jaro_winkler,
    normalise_trade_name,
    token_set_similarity,
)
from signaalroute.matching.fields_identifiers import compare_dates, compare_identifiers
from signaalroute.matching.normalise import Normalised, normalise_name, normalise_surname
from signaalroute.matching.normalise_dates import normalise_date_of_birth
from signaalroute.matching.normalise_identifiers import normalise_address_key, normalise_phone

TODAY = date(2025, 6, 1)


def _dob(text: object) -> Normalised:
    return normalise_date_of_birth(text, today=TODAY)


# Building blocks ------------------------------------------------------------------------------


def test_string_similarity() -> None:
    assert jaro_winkler("berg", "berg") == 1.0
    assert jaro_winkler("jansen", "janssen") > 0.95
    assert token_set_similarity("jan de vries", "de vries jan") == 1.0


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Jan", "Jan", EXACT),
        ("J.", "Jan", INITIALS),
        ("J.W.", "Jan Willem", INITIALS),
        ("Jan", "Jan Willem", SIMILAR),
        ("Johannes", "Johanes", ONE_LETTER),
        ("Ana", "Anna", ONE_LETTER),  # a short name: Jaro-Winkler alone would miss it
        ("Mo", "Mu", DIFFERENT),  # too short for a one-letter level
        ("Johannes", "Johan", SIMILAR),
        ("Jan", "Piet", DIFFERENT),
        ("Jan", "", MISSING),
    ],
)
def test_compare_given_names(a: str, b: str, level: str) -> None:
    assert compare_given_names(normalise_name(a), normalise_name(b)) == level
    assert compare_given_names(normalise_name(b), normalise_name(a)) == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("van der Berg", "Berg", EXACT),
        ("Jansen", "Janssen", ONE_LETTER),
        ("Dobe", "Dobre", ONE_LETTER),
        ("Müller", "Mueller", ONE_LETTER),
        ("Vermeulen", "Vermeule", ONE_LETTER),
        ("Meijer", "Meyer", PHONETIC),
        ("Kuipers", "Cuypers", PHONETIC),
        ("Vries", "Fries", ONE_LETTER),
        ("Ene", "Ooyen", DIFFERENT),  # phonetic key "an" too short to say anything
        ("Ene", "Aanei", DIFFERENT),
        ("Jansen", "Pietersen", DIFFERENT),
        ("", "Jansen", MISSING),
    ],
)
def test_compare_surnames(a: str, b: str, level: str) -> None:
    assert compare_surnames(normalise_surname(a), normalise_surname(b)) == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("van der Berg", "van der Berg", EXACT),
        ("van der Berg", "v.d. Berg", COMPATIBLE),
        ("van der Berg", "Berg", ONE_SIDED),
        ("van der Berg", "de Berg", DIFFERENT),
        ("Berg", "Berg", MISSING),
    ],
)
def test_compare_prefixes(a: str, b: str, level: str) -> None:
    assert compare_prefixes(normalise_surname(a), normalise_surname(b)) == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("17-05-1990", "1990-05-17", EXACT),
        ("05-07-1990", "07-05-1990", SWAPPED),
        ("17-05-1990", "17-05-1991", TYPO),
        ("17-05-1990", "18-05-1990", TYPO),
        ("17-05-1990", "17-05-1909", TYPO),  # adjacent digits transposed
        ("17-05-1990", "03-11-1990", DIFFERENT),  # two full dates: day and month contradict
        ("17-05-1990", "21-05-1990", ONE_PART),  # the day mistyped
        ("17-05-1990", "17-05-1985", ONE_PART),  # the birth year replaced
        ("17-05-1990", "17-09-1990", TYPO),
        ("17-05-1990", "17-11-1990", ONE_PART),
        ("17-05-1990", "1990", YEAR_ONLY),
        ("17-05-1990", "ca. 1991", YEAR_ONLY),  # estimates tolerate a year
        ("1990", "1991", DIFFERENT),  # a stated year does not
        ("17-05-1990", "1988-1992", YEAR_ONLY),
        ("17-05-1990", "ca. 1993", DIFFERENT),
        ("17-05-1990", "03-11-1985", DIFFERENT),
        ("17-05-1990", "", MISSING),
        ("17-05-1990", "17-05-2030", MISSING),  # the future date is invalid
    ],
)
def test_compare_dates(a: str, b: str, level: str) -> None:
    assert compare_dates(_dob(a), _dob(b)) == level
    assert compare_dates(_dob(b), _dob(a)) == level


def test_compare_identifiers() -> None:
    phones_a = [normalise_phone("06-12345678")]
    phones_b = [normalise_phone("+31 6 1234 5678"), normalise_phone("06-87654321")]
    assert compare_identifiers(phones_a, phones_b) == AGREE
    assert compare_identifiers(phones_a, [normalise_phone("06-87654321")]) == DISAGREE
    assert compare_identifiers(phones_a, []) == MISSING
    assert compare_identifiers(phones_a, [normalise_phone("06-1234abcd")]) == MISSING
    # a partial postcode never agrees for certain, even when the digits match
    partial = normalise_address_key("1234", "12")
    assert compare_identifiers([partial], [partial]) == MISSING


def test_trade_names_lose_legal_form() -> None:
    assert normalise_trade_name("Schoonmaak Snel B.V.").value == "schoonmaak snel"
    assert normalise_trade_name("V.O.F. De Nagelstudio").value == "de nagelstudio"
    assert normalise_trade_name("BV").value == "bv"


# Properties -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_string_similarity_is_symmetric(a: str, b: str) -> None:
    assert jaro_winkler(a, b) == jaro_winkler(b, a)
    assert token_set_similarity(a, b) == token_set_similarity(b, a)
    assert 0.0 <= jaro_winkler(a, b) <= 1.0
