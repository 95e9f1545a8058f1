"""Identifiers in free text: what a reporter already wrote ("belt steeds vanaf 06-12345678",
"woont op Molenstraat 7B") found and normalised with the field normalisers.

:func:`extract_identifiers` returns every telephone number, e-mail address, address (postcode
with house number, or street with house number), licence plate, KvK number, IBAN and web
address in a text, each with its normalised value, the text as written and where it stands.

Conservative by design: a false identifier would stack two unrelated signals or answer
another municipality's regional check. So a candidate must pass its normaliser (a phone
number must be valid in the numbering plan, an IBAN its checksum) and fit a narrow pattern:

* telephone: a Dutch number starting with 0 (ten digits: ``06-12345678``, ``030-1234567``,
  ``(030) 123 45 67``) or an international one starting with ``+`` or ``00``
  (``+31 6 1234 5678``, ``+48 512 345 678``); never a date (``12-05-2024``), a time, an
  amount or digits glued to letters, dashes or slashes (``SR-2026-0042``, an IBAN);
* address: a postcode whose letters are capitals or written against the digits
  (``3762 AB 12``, ``3762ab 12``; never "1990 en 2000"), or a street ending in a street
  type (``Molenstraat 7B``, ``molenstr. 7-b``, ``Lange Nieuwstraat 12``), with a house
  number not followed by a unit ("Kerkstraat 3 mannen" is not read as an address);
* licence plate: three groups of letters and digits joined by dashes, six characters in all,
  letters in capitals (``12-ABC-3``, ``AB-12-CD``), or six letters and digits right after
  the word "kenteken";
* KvK number: eight digits right after "KvK" ("KvK-nummer 12345678");
* IBAN: with a valid checksum, compact or in groups of four;
* e-mail address and web address (``https://…``, ``www.…`` or a bare domain of a common
  top-level domain such as ``kinky.nl/adv/123``).

Plain Python, no Django; it never raises and reads at most :data:`MAX_TEXT_LENGTH` characters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from .normalise import Normalised
from .normalise_identifiers import (
    normalise_address_key,
    normalise_email,
    normalise_house_number,
    normalise_iban,
    normalise_kvk,
    normalise_phone,
    normalise_plate,
    normalise_street_address_key,
    normalise_url,
)

logger = logging.getLogger(__name__)

PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
PLATE = "plate"
KVK = "kvk"
IBAN = "iban"
URL = "url"
#: The kinds, in the order they are looked for: a span taken by one is not read again.
KINDS = (EMAIL, URL, IBAN, KVK, ADDRESS, PLATE, PHONE)

#: Text beyond this many characters is not read (a signal's description is at most 10,000).
MAX_TEXT_LENGTH = 20_000
#: At most this many identifiers are returned from one text.
MAX_FOUND = 50


@dataclass(frozen=True, slots=True)
class Found:
    """One identifier in a text.

    ``value`` is the normaliser's value (for an address: the postcode key ``"3762AB|12||"``,
    or without a postcode the street key ``"molenstraat|7|B|"``); ``text`` is the text as
    written, ``start``/``end`` its span. ``parts`` holds an address's parts as written
    (``postcode``, ``house_number``, ``house_letter``, ``house_number_addition``,
    ``street``); other kinds have none.
    """

    kind: str
    value: str
    text: str
    start: int
    end: int
    parts: tuple[tuple[str, str], ...] = ()

    def part(self, name: str) -> str:
        return dict(self.parts).get(name, "")


def _certain(result: Normalised) -> str | None:
    return result.value if result.value and result.flag == "" else None


# --- Patterns ---------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_COMMON_TLDS = "nl|com|eu|be|de|net|org|info|pl|ro|bg|uk|fr|es|it|io|me|tv|xxx|co"
_URL = re.compile(
    r"(?<![\w@./-])(?:"
    r"(?:https?://|www\.)[^\s<>\"']+"
    rf"|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:{_COMMON_TLDS})"
    r"(?:/[^\s<>\"']*)?(?![\w@-])"
    r")",
    re.IGNORECASE,
)
_IBAN = re.compile(
    r"(?<![\w-])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![\w-])",
    re.IGNORECASE,
)
_KVK = re.compile(
    r"\bkvk(?:[\s-]*(?:nummer|nr\.?|no\.?))?\s*[:.]?\s*"
    r"(?P<number>\d{8}|\d{2}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{4}|\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2})"
    r"(?![\w-])",
    re.IGNORECASE,
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
_PLATE = re.compile(
    r"(?<![\w-])(?P<plate>[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3})(?![\w-])", re.IGNORECASE
)
_PLATE_AFTER_WORD = re.compile(
    r"\bkenteken(?:nummer|plaat)?\s*[:.]?\s*(?P<plate>[A-Z0-9]{6}|[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3})(?![\w-])",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+\-/.,:@)€$])"
    r"(?P<phone>"
    r"(?:(?:\+|00)[1-9]\d{0,2}[ .-]?(?:\(0\)[ .-]?)?|\(0\d{1,4}\)[ -]?|0)"
    r"\d(?:(?:[ .\-/]| - )?\d){6,13}"
    r")"
    r"(?![\w@]|[.,:\-/]\d)"
)
_DATE_START = re.compile(r"^\(?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_SEPARATOR_SPLIT = re.compile(r"[ .\-/]+(?=\d+$)")


# --- Finders, one per kind ----------------------------------------------------------------------


def _emails(text: str) -> Iterator[Found]:
    for match in _EMAIL.finditer(text):
        raw = match.group(0).rstrip(".-")
        if value := _certain(normalise_email(raw)):
            yield Found(EMAIL, value, raw, match.start(), match.start() + len(raw))


def _urls(text: str) -> Iterator[Found]:
    for match in _URL.finditer(text):
        raw = match.group(0).rstrip(".,;:!?)]}>'\"")
        if value := _certain(normalise_url(raw)):
            yield Found(URL, value, raw, match.start(), match.start() + len(raw))


def _shorter(raw: str) -> str | None:
    """The candidate without its last group of digits ("NL91 ABNA 0417 1643 00 12" → "…00")."""
    cut = _SEPARATOR_SPLIT.search(raw)
    if cut is None:
        return None
    head = raw[: cut.start()]
    return head or None


def _ibans(text: str) -> Iterator[Found]:
    position = 0
    while match := _IBAN.search(text, position):
        position = match.end()
        raw = match.group(0)
        while raw:
            if value := _certain(normalise_iban(raw)):
                yield Found(IBAN, value, raw, match.start(), match.start() + len(raw))
                position = match.start() + len(raw)
                break
            if " " not in raw:
                break
            raw = raw.rsplit(" ", 1)[0]


def _kvks(text: str) -> Iterator[Found]:
    for match in _KVK.finditer(text):
        if value := _certain(normalise_kvk(match["number"])):
            yield Found(KVK, value, match.group(0), match.start(), match.end())


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


def _addresses(text: str) -> Iterator[Found]:
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
            value = _certain(
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
            value = _certain(
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
        value = _certain(
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


def _is_plate_like(plate: str, *, capitals: bool) -> bool:
    groups = plate.split("-") if "-" in plate else [plate]
    compact = "".join(groups)
    if len(compact) != 6 or compact.isdigit() or compact.isalpha():
        return False
    if capitals and any(ch.islower() for ch in compact):
        return False
    if len(groups) == 3:
        if not all(g.isdigit() or g.isalpha() for g in groups):
            return False
        return [len(g) for g in groups] == [2, 2, 2] or all(
            a.isdigit() != b.isdigit() for a, b in pairwise(groups)
        )
    return True


def _plates(text: str) -> Iterator[Found]:
    seen: set[int] = set()
    for match in _PLATE_AFTER_WORD.finditer(text):
        plate = match["plate"]
        if _is_plate_like(plate, capitals=False) and (value := _certain(normalise_plate(plate))):
            seen.add(match.start("plate"))
            yield Found(PLATE, value, plate, match.start("plate"), match.end("plate"))
    for match in _PLATE.finditer(text):
        plate = match["plate"]
        if match.start() in seen or not _is_plate_like(plate, capitals=True):
            continue
        if value := _certain(normalise_plate(plate)):
            yield Found(PLATE, value, plate, match.start(), match.end())


def _phone_value(raw: str) -> str | None:
    if _DATE_START.match(raw):
        return None
    digits = re.sub(r"\D", "", raw)
    international = raw.startswith(("+", "00"))
    if not international and (not digits.startswith("0") or len(digits) != 10):
        return None
    if international and raw.startswith("00"):
        raw = "+" + raw[2:]
    return _certain(normalise_phone(raw.replace("(0)", "")))


def _phones(text: str) -> Iterator[Found]:
    """Numbers written one after another ("06-12345678 06-87654321") run together in the
    pattern: the candidate is cut back group by group, and the search goes on after it."""
    position = 0
    while match := _PHONE.search(text, position):
        position = match.end()
        start = match.start("phone")
        raw: str | None = match["phone"]
        while raw:
            if value := _phone_value(raw):
                yield Found(PHONE, value, raw, start, start + len(raw))
                position = start + len(raw)
                break
            raw = _shorter(raw)


_FINDERS: dict[str, Callable[[str], Iterator[Found]]] = {
    EMAIL: _emails,
    URL: _urls,
    IBAN: _ibans,
    KVK: _kvks,
    ADDRESS: _addresses,
    PLATE: _plates,
    PHONE: _phones,
}


def extract_identifiers(text: object) -> list[Found]:
    """Every identifier in ``text``, in the order it stands, each (kind, value) once.

    A span that one kind takes is not read by the kinds after it in :data:`KINDS` (the digits
    of an IBAN are no phone number, a web address's domain is no e-mail address). Never
    raises: any unexpected error gives what was found until then, and only the error's type
    is logged (the text is personal data).
    """
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:MAX_TEXT_LENGTH]
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    seen: set[tuple[str, str]] = set()
    try:
        for kind in KINDS:
            for item in _FINDERS[kind](text):
                if any(item.start < end and start < item.end for start, end in taken):
                    continue
                taken.append((item.start, item.end))
                if (item.kind, item.value) in seen:
                    continue
                seen.add((item.kind, item.value))
                found.append(item)
    except Exception as exc:
        logger.warning("extract_identifiers failed on its input: %s", type(exc).__name__)
    found.sort(key=lambda item: item.start)
    return found[:MAX_FOUND]
