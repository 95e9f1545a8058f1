"""Identifiers in free text (matching.extract): Dutch ways of writing them are found and
normalised; dates, amounts, reference codes and ordinary words are not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signaalroute.matching.extract import extract_identifiers
from signaalroute.matching.found import Found
from signaalroute.matching.normalise_identifiers import (
    normalise_street,
    normalise_street_address_key,
    normalise_url,
)


def found(text: str) -> list[tuple[str, str]]:
    return [(item.kind, item.value) for item in extract_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hij belt steeds vanaf 06-12345678.", "+31612345678"),
        ("bel 06 12345678", "+31612345678"),
        ("bel 06 1234 5678 na zessen", "+31612345678"),
        ("nummer 0612345678", "+31612345678"),
        ("via +31 6 1234 5678", "+31612345678"),
        ("via +31612345678", "+31612345678"),
        ("via 0031 6 12345678", "+31612345678"),
        ("via +31 (0)6 12345678", "+31612345678"),
        ("(06-12345678)", "+31612345678"),
        ("kantoor 030-1234567", "+31301234567"),
        ("kantoor (030) 123 45 67", "+31301234567"),
        ("kantoor 030 123 45 67", "+31301234567"),
        ("Pools nummer +48 512 345 678", "+48512345678"),
        ("Roemeens nummer +40 712 345 678", "+40712345678"),
    ],
)
def test_phone_numbers_are_found(text: str, value: str) -> None:
    assert found(text) == [("phone", value)]


def test_phone_numbers_one_after_another_are_each_found() -> None:
    assert found("nummers 06-12345678 06-87654321 en 0612345679") == [
        ("phone", "+31612345678"),
        ("phone", "+31687654321"),
        ("phone", "+31612345679"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Op 12-05-2024 gezien.",
        "Op 06-05-2024 gezien.",
        "Op 01-02-2023 10:00 uur gezien.",
        "Om 06.30 uur vertrekt het busje.",
        "Huur € 1.250,00 per maand, of 0,50 per uur.",
        "Zie zaak SR-2026-0042 en SR-ABCD-EFGH.",
        "De ontvangstcode is ABCD-EFGH-JK23.",
        "BSN 123456782 staat op de pas.",
        "Tussen 1990 en 2000 waren er 12 mannen.",
        "Ze werken 06 dagen per week, 0612345 is te kort.",
        "Kerkstraat 3 mannen en 2 vrouwen.",
        "Hij ging weg 3 keer per dag; onderweg 2 uur.",
        "Het Co-op-12 project, en 12-05-24.",
        "gewoon 12345678 zonder KvK ervoor",
        "NL91ABNA0417164301 heeft een foute controle.",
        "Versie 1.2.3 en 2 km verder.",
        "0612345678@gmail.com is een adres, geen los nummer",
    ],
)
def test_nothing_is_read_into_dates_amounts_codes_and_words(text: str) -> None:
    kinds = {kind for kind, _value in found(text)}
    assert kinds <= {"email"}, found(text)


def test_molenstraat_7b_and_molenstr_7_b_give_one_key() -> None:
    one = extract_identifiers("Ze woont op Molenstraat 7B, boven de bakker.")
    other = extract_identifiers("adres: molenstr. 7-b")
    assert [(f.kind, f.value, f.text) for f in one] == [
        ("address", "molenstraat|7|B|", "Molenstraat 7B")
    ]
    assert [(f.kind, f.value, f.text) for f in other] == [
        ("address", "molenstraat|7|B|", "molenstr. 7-b")
    ]
    assert one[0].part("street") == "Molenstraat" and one[0].part("house_letter") == "B"


@pytest.mark.parametrize(
    ("text", "value", "written"),
    [
        ("pand 3762 AB 12 in Soest", "3762AB|12||", "3762 AB 12"),
        ("pand 3762ab 12", "3762AB|12||", "3762ab 12"),
        ("pand 3762 AB, 12-2", "3762AB|12||2", "3762 AB, 12-2"),
        ("Lange Nieuwstraat 12, 3762 AB Soest", "3762AB|12||", "Lange Nieuwstraat 12, 3762 AB"),
        ("in de Kerkstraat 14a", "kerkstraat|14|A|", "Kerkstraat 14a"),
        ("Burg. de Withstraat 14-2", "burg de withstraat|14||2", "Burg. de Withstraat 14-2"),
        ("Stationsweg 3 achterom", "stationsweg|3||", "Stationsweg 3"),
    ],
)
def test_addresses_are_found(text: str, value: str, written: str) -> None:
    items = extract_identifiers(text)
    assert [(f.kind, f.value, f.text) for f in items] == [("address", value, written)]


def test_postcode_letters_must_look_like_a_postcode() -> None:
    assert found("tussen 1990 en 2000 huizen") == []
    assert found("1234 SS 12") == []  # SS is never used in a postcode


def test_plates_kvk_iban_email_and_urls_are_found() -> None:
    text = (
        "Busje AB-12-CD en auto met kenteken 12abc3; KvK-nummer 12.345.678; loon op "
        "NL91 ABNA 0417 1643 00 en. Advertentie https://www.Kinky.nl/adv/123/ en "
        "sexjobs.nl/a/9, mail Jan.deVries@Example.com."
    )
    assert found(text) == [
        ("plate", "AB12CD"),
        ("plate", "12ABC3"),
        ("kvk", "12345678"),
        ("iban", "NL91ABNA0417164300"),
        ("url", "kinky.nl/adv/123"),
        ("url", "sexjobs.nl/a/9"),
        ("email", "jan.devries@example.com"),
    ]


def test_a_value_found_twice_is_given_once_with_its_first_span() -> None:
    text = "06-12345678 en later weer +31 6 12345678"
    items = extract_identifiers(text)
    assert len(items) == 1
    assert items[0] == Found("phone", "+31612345678", "06-12345678", 0, 11)
    assert text[items[0].start : items[0].end] == items[0].text


def test_spans_are_not_read_twice() -> None:
    # The digits of an IBAN and the domain of an e-mail address are no phone number or URL.
    assert found("NL91ABNA0417164300") == [("iban", "NL91ABNA0417164300")]
    assert found("info@kinky.nl") == [("email", "info@kinky.nl")]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet="0123456789 -+()./,:ABab@kvKV", max_size=60)))
def test_never_raises_and_spans_are_honest(text: str) -> None:
    for item in extract_identifiers(text):
        assert text[item.start : item.end] == item.text
        assert item.value


def test_non_text_gives_nothing() -> None:
    assert extract_identifiers(None) == []
    assert extract_identifiers(12) == []
    assert extract_identifiers("   ") == []


# The normalisers the extractor needed --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Molenstraat", "molenstraat"),
        ("molenstr.", "molenstraat"),
        ("Molenstr", "molenstraat"),
        ("Molen straat", "molenstraat"),
        ("Julianaln.", "julianalaan"),
        ("Kerkwg", "kerkweg"),
        ("Strandweg", "strandweg"),
        ("Oude Gracht", "oudegracht"),
        ("Burg. de Withstr.", "burg de withstraat"),
    ],
)
def test_street_abbreviations_are_written_out(raw: str, expected: str) -> None:
    assert normalise_street(raw).value == expected
    assert normalise_street(expected).value == expected  # idempotent


def test_street_address_key() -> None:
    assert normalise_street_address_key("Molenstraat", "7B").value == "molenstraat|7|B|"
    assert normalise_street_address_key("molenstr.", "7-b").value == "molenstraat|7|B|"
    assert normalise_street_address_key("Molenstraat", "").value is None
    assert normalise_street_address_key("Molenstraat", "0").flag == "invalid"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.Kinky.nl/adv/123/", "kinky.nl/adv/123"),
        ("kinky.nl/adv/123", "kinky.nl/adv/123"),
        ("http://user@kinky.nl:8080/adv/123#foto", "kinky.nl/adv/123"),
        ("www.kinky.nl?id=3", "kinky.nl?id=3"),
        ("https://müller.de/x", "xn--mller-kva.de/x"),
        ("kinky", None),
        ("kinky .nl", None),
        ("https://", None),
    ],
)
def test_normalise_url(raw: str, expected: str | None) -> None:
    result = normalise_url(raw)
    assert result.value == expected
    if expected is not None:
        assert normalise_url(expected).value == expected
