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
from itertools import pairwise

from .extract_addresses import addresses
from .found import ADDRESS, EMAIL, IBAN, KINDS, KVK, PHONE, PLATE, URL, Found, certain
from .normalise_identifiers import (
    normalise_email,
    normalise_iban,
    normalise_kvk,
    normalise_phone,
    normalise_plate,
    normalise_url,
)

logger = logging.getLogger(__name__)

#: Text beyond this many characters is not read (a signal's description is at most 10,000).
MAX_TEXT_LENGTH = 20_000
#: At most this many identifiers are returned from one text.
MAX_FOUND = 50


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
        if value := certain(normalise_email(raw)):
            yield Found(EMAIL, value, raw, match.start(), match.start() + len(raw))


def _urls(text: str) -> Iterator[Found]:
    for match in _URL.finditer(text):
        raw = match.group(0).rstrip(".,;:!?)]}>'\"")
        if value := certain(normalise_url(raw)):
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
            if value := certain(normalise_iban(raw)):
                yield Found(IBAN, value, raw, match.start(), match.start() + len(raw))
                position = match.start() + len(raw)
                break
            if " " not in raw:
                break
            raw = raw.rsplit(" ", 1)[0]


def _kvks(text: str) -> Iterator[Found]:
    for match in _KVK.finditer(text):
        if value := certain(normalise_kvk(match["number"])):
            yield Found(KVK, value, match.group(0), match.start(), match.end())


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
        if _is_plate_like(plate, capitals=False) and (value := certain(normalise_plate(plate))):
            seen.add(match.start("plate"))
            yield Found(PLATE, value, plate, match.start("plate"), match.end("plate"))
    for match in _PLATE.finditer(text):
        plate = match["plate"]
        if match.start() in seen or not _is_plate_like(plate, capitals=True):
            continue
        if value := certain(normalise_plate(plate)):
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
    return certain(normalise_phone(raw.replace("(0)", "")))


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
    ADDRESS: addresses,
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
