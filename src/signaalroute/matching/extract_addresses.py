"""Addresses in free text (``extract.py``): a postcode whose letters are capitals or written
against the digits (``3762 AB 12``, ``3762ab 12``; never "1990 en 2000"), or a street ending in
a street type (``Molenstraat 7B``, ``molenstr. 7-b``), with a house number not followed by a
unit ("Kerkstraat 3 mannen" is not an address)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .found import ADDRESS, Found, certain
from .normalise_identifiers import (
    normalise_address_key,
    normalise_house_number,
    normalise_street_address_key,
)

_HOUSE = (
    r"(?P<number>[1-9]\d{0,4})"
    r"(?:\s?-?\s?(?P<letter>[A-Za-z])(?![A-Za-z]))?"
    r"(?:\s?-\s?(?P<addition>\d{1,4}|hs|bis|zw|bv)(?![\w-]))?"
    r"(?![\w-]|[.,]\d)"
)
# A postcode: capital letters, or letters written against the digits ("3762ab").
_POSTCODE = r"(?P<postcode>(?-i:[1-9]\d{3}(?:\s?[A-Z]{2}|[a-z]{2})))(?![\w-])"
_POSTCODE_HOUSE = re.compile(rf"(?<![\w-]){_POSTCODE},?\s{{1,2}}(?:nr\.?\s?)?{_HOUSE}")
_STREET_TYPES = r"straat|str\.?|laan|ln\.?|weg|plein|gracht|kade|singel|dijk|dreef|steeg|plantsoen"
_STREET_HOUSE = re.compile(
    r"(?<![\w-])(?P<street>"
    # "Lange Nieuwstraat", "Burg. de Withstraat": capitalised words and surname prefixes first
    r"(?:(?:(?-i:[A-Z])[\w'-]*\.?|de|van|der|den|het|ter|ten|'t)\s){0,4}"
    rf"[^\W\d_][\w'-]*?(?:{_STREET_TYPES}))"
    rf"\s{{1,2}}(?:nr\.?\s?)?{_HOUSE}"
    rf"(?:,?\s{{1,2}}{_POSTCODE})?",
    re.IGNORECASE,
)
# Words that are not part of a street's name when they lead it ("In de Molenstraat 7": the street
# is "Molenstraat"). A leading word that is not here ("Gisteren Molenstraat 7") stays: that
# makes the key more specific, so it fails safe (a missed match, never a false one).
_LEADING_NOT_STREET = frozenset(
    {
        "in", "op", "bij", "aan", "naar", "uit", "voor", "achter", "naast", "tegenover", "de",
        "het", "een", "via", "richting", "langs", "over", "door", "nabij", "rond", "om", "te",
        "t", "en", "of", "ook", "adres", "woont", "wonen", "is", "was", "zit", "zat", "daar",
        "hier", "toen", "nu", "dan", "zij", "hij", "ze", "we", "wij", "ik", "men", "er",
        "gisteren", "vandaag", "vanavond", "vanochtend", "vannacht", "laatst", "eerst", "later",
    }
)  # fmt: skip
# Words that end like a street type but are not streets, and words after a number that make
# it an amount rather than a house number.
_NOT_STREETS = frozenset(
    {
        "onderweg", "halfweg", "halverweg", "omweg", "uitweg", "zijweg", "snelweg", "rijksweg",
        "weg", "straat", "laan", "plein", "kade", "dijk", "steeg", "gracht", "singel", "dreef",
    }
)  # fmt: skip
_UNITS = re.compile(
    r"\s*(?:uur|u\b|jaar|jr|maanden|maand|weken|week|dagen|dag|keer|minuten|min|personen|"
    r"mensen|mannen|vrouwen|kinderen|meisjes|jongens|euro|eur|procent|%|km|m\b|kilo|kg)",
    re.IGNORECASE,
)


def _house_parts(match: re.Match[str]) -> tuple[tuple[str, str], ...] | None:
    if _UNITS.match(match.string, match.end()):
        return None
    house = normalise_house_number(
        match["number"], (match["letter"] or "").upper(), (match["addition"] or "").lower()
    )
    if house.value is None or house.flag:
        return None
    number, letter, addition = house.value.split("|")
    return (("house_number", number), ("house_letter", letter), ("house_number_addition", addition))


def _postcode_ok(postcode: str) -> bool:
    return postcode[-2:].upper() not in {"SA", "SD", "SS"}


def addresses(text: str) -> Iterator[Found]:
    for match in _STREET_HOUSE.finditer(text):
        words = match["street"].split()
        if words[-1].rstrip(".").lower() in _NOT_STREETS:
            continue
        while len(words) > 1 and words[0].rstrip(".").lower() in _LEADING_NOT_STREET:
            words.pop(0)
        street = " ".join(words)
        begin = text.index(words[0], match.start("street"))
        house = _house_parts(match)
        if house is None:
            continue
        parts = dict(house)
        postcode = match["postcode"]
        if postcode and _postcode_ok(postcode):
            value = certain(
                normalise_address_key(
                    postcode,
                    parts["house_number"],
                    parts["house_letter"],
                    parts["house_number_addition"],
                )
            )
            end = match.end()
        else:
            postcode = ""
            value = certain(
                normalise_street_address_key(
                    street,
                    parts["house_number"],
                    parts["house_letter"],
                    parts["house_number_addition"],
                )
            )
            end = match.end("number")
            for group in ("letter", "addition"):
                if match[group]:
                    end = max(end, match.end(group))
        if value:
            found = {**({"postcode": postcode} if postcode else {}), **parts, "street": street}
            yield Found(
                ADDRESS,
                value,
                text[begin:end],
                begin,
                end,
                tuple((k, v) for k, v in found.items() if v),
            )
    for match in _POSTCODE_HOUSE.finditer(text):
        house = _house_parts(match)
        if house is None or not _postcode_ok(match["postcode"]):
            continue
        parts = dict(house)
        value = certain(
            normalise_address_key(
                match["postcode"],
                parts["house_number"],
                parts["house_letter"],
                parts["house_number_addition"],
            )
        )
        if value:
            found = {"postcode": match["postcode"], **parts}
            yield Found(
                ADDRESS,
                value,
                match.group(0),
                match.start(),
                match.end(),
                tuple((k, v) for k, v in found.items() if v),
            )
