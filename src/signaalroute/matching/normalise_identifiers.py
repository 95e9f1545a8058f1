"""Normalisers for identifiers: telephone numbers, postcodes and house numbers, KvK numbers, IBANs,
licence plates, identity-document numbers, e-mail addresses, web addresses, gender and nationality.
Flags and guarantees as in :mod:`signaalroute.matching.normalise`.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from stdnum import iban as stdnum_iban

from .normalise import (
    DEFAULT_PHONE_REGION,
    INVALID,
    INVALID_RESULT,
    MISSING,
    OK,
    PARTIAL,
    Normalised,
    Skip,
    checked,
    fold_text,
    input_text,
    never_raise,
    skippable,
)

_PHONE_ALLOWED = re.compile(r"^\+?[0-9\s\-().\/]+$")


@never_raise(INVALID_RESULT)
@skippable
def normalise_phone(value: object, region: str = DEFAULT_PHONE_REGION) -> Normalised:
    """Normalise a phone number to E.164 (``+31612345678``) with ``phonenumbers``.

    National numbers are read in ``region`` (default NL). Letters are never accepted
    (``phonenumbers`` would read "06-1234abcd" as a keypad word), nor are numbers that are
    not valid according to the library's numbering plan metadata: both are flagged
    invalid with value ``None``.
    """
    text = unicodedata.normalize("NFKC", input_text(value))
    if not _PHONE_ALLOWED.match(text):
        return INVALID_RESULT
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return INVALID_RESULT
    if not phonenumbers.is_valid_number(number):
        return INVALID_RESULT
    return checked(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Z]{2})?$")


@never_raise(INVALID_RESULT)
@skippable
def normalise_postcode(value: object) -> Normalised:
    """Normalise a Dutch postcode: "1234 ab" / "1234AB" → ``"1234AB"``.

    Four digits alone ("1234") give value ``"1234"`` flagged ``PARTIAL``: usable for
    blocking, not for certain matches. Anything else is invalid (postcodes never start
    with 0). The unused letter pairs SA, SD and SS are not checked.
    """
    text = unicodedata.normalize("NFKC", input_text(value)).upper()
    match = _POSTCODE.match(text)
    if not match:
        return INVALID_RESULT
    digits, letters = match.groups()
    if letters is None:
        return Normalised(digits, PARTIAL)
    return Normalised(digits + letters, OK)


_HOUSE_NUMBER = re.compile(
    r"^(?P<number>[0-9]{1,5})"
    r"(?:[\s\-]*(?P<letter>[A-Z])(?![A-Z]))?"
    r"(?:[\s\-/]*(?P<addition>[A-Z0-9]{1,4}))?$"
)


@never_raise(INVALID_RESULT)
@skippable
def normalise_house_number(
    number: object, letter: object = "", addition: object = ""
) -> Normalised:
    """Normalise a house number with letter and addition to ``"12|A|2hg"``.

    The number is 1-99999 without leading zeros, the letter one uppercase letter, the
    addition up to four lowercase letters or digits (as in the BAG). When letter and
    addition are not given separately they are read from ``number`` ("12a-2hg", "12 A",
    "12-1", "12 bis"); a single letter right after the number is the letter. The
    normalised value itself ("12|A|2hg") is read back unchanged.
    """
    text = unicodedata.normalize("NFKC", input_text(number)).upper()
    letter_text = unicodedata.normalize("NFKC", _optional_text(letter)).upper()
    addition_text = unicodedata.normalize("NFKC", _optional_text(addition)).upper()
    if "|" in text and not letter_text and not addition_text:
        parts = text.split("|")
        if len(parts) != 3:
            return INVALID_RESULT
        text, letter_text, addition_text = (part.strip() for part in parts)
    if letter_text or addition_text:
        if not re.fullmatch(r"[0-9]{1,5}", text):
            return INVALID_RESULT
        num = text
        let = letter_text
        add = re.sub(r"[\s\-/]", "", addition_text)
        if let and not re.fullmatch(r"[A-Z]", let):
            return INVALID_RESULT
        if add and not re.fullmatch(r"[A-Z0-9]{1,4}", add):
            return INVALID_RESULT
    else:
        match = _HOUSE_NUMBER.match(text)
        if not match:
            return INVALID_RESULT
        num = match["number"]
        let = match["letter"] or ""
        add = match["addition"] or ""
    if num.startswith("0"):
        return INVALID_RESULT
    return Normalised(f"{num}|{let}|{add.lower()}", OK)


def _optional_text(value: object) -> str:
    """Text of an optional part: "" when missing; :class:`Skip` (invalid) when unreadable."""
    try:
        return input_text(value)
    except Skip as skip:
        if skip.result.flag == INVALID:
            raise
        return ""


@never_raise(INVALID_RESULT)
def normalise_address_key(
    postcode: object, number: object, letter: object = "", addition: object = ""
) -> Normalised:
    """Postcode plus house number as one key: ``"1234AB|12|A|2hg"``.

    Flagged ``PARTIAL`` when the postcode is partial ("1234|12||"); invalid when either part
    is invalid; missing when either part is missing.
    """
    code = normalise_postcode(postcode)
    house = normalise_house_number(number, letter, addition)
    if code.flag == INVALID or house.flag == INVALID:
        return INVALID_RESULT
    if code.value is None or house.value is None:
        return MISSING
    return Normalised(f"{code.value}|{house.value}", code.flag)


#: Abbreviated street-type endings and the word each stands for ("Molenstr." is "Molenstraat").
STREET_ABBREVIATIONS: dict[str, str] = {
    "str": "straat",
    "ln": "laan",
    "wg": "weg",
    "pln": "plein",
    "gr": "gracht",
    "kd": "kade",
    "sngl": "singel",
    "dk": "dijk",
}
_STREET_TYPES = frozenset(STREET_ABBREVIATIONS.values())


def _street_word(word: str) -> str:
    for short, full in STREET_ABBREVIATIONS.items():
        if word.endswith(short) and not word.endswith(full):
            return word[: -len(short)] + full
    return word


@never_raise(INVALID_RESULT)
@skippable
def normalise_street(value: object) -> Normalised:
    """Normalise a street name: :func:`fold_text`, abbreviated endings written out, and a
    street type written apart joined to the word before it.

    "Molenstr.", "molenstraat" and "Molen straat" all give ``"molenstraat"``; "Julianaln"
    gives ``"julianalaan"`` (:data:`STREET_ABBREVIATIONS`). Only the end of a word is read
    as an abbreviation, so "Strandweg" stays "strandweg". Both sides of a comparison are
    normalised alike, so a rare street that really ends in "str" is still compared fairly.
    """
    words = [_street_word(word) for word in fold_text(input_text(value)).split()]
    joined: list[str] = []
    for word in words:
        if joined and word in _STREET_TYPES:
            joined[-1] += word
        else:
            joined.append(word)
    return checked(" ".join(joined))


@never_raise(INVALID_RESULT)
def normalise_street_address_key(
    street: object, number: object, letter: object = "", addition: object = ""
) -> Normalised:
    """Street plus house number as one key, for an address without a postcode:
    ``"molenstraat|7|B|"`` (:func:`normalise_street`, :func:`normalise_house_number`), so
    "Molenstraat 7B" and "molenstr. 7-b" give the same key. Invalid when either part is
    invalid; missing when either is missing. A street name is not unique across places, so
    the key is for comparison within one municipality, never for the regional check.
    """
    name = normalise_street(street)
    house = normalise_house_number(number, letter, addition)
    if name.flag == INVALID or house.flag == INVALID:
        return INVALID_RESULT
    if name.value is None or house.value is None:
        return MISSING
    return Normalised(f"{name.value}|{house.value}", OK)


@never_raise(INVALID_RESULT)
@skippable
def normalise_kvk(value: object) -> Normalised:
    """Normalise a KvK (Chamber of Commerce) number: exactly 8 digits.

    Spaces, dots and hyphens are removed, as is a leading "KvK" / "KvK-nummer:" label.
    The KvK number has no check digit, so nothing more can be validated.
    """
    text = unicodedata.normalize("NFKC", input_text(value)).lower()
    text = re.sub(r"^kvk(?:[\s\-]*(?:nummer|nr\.?|no\.?))?\s*:?", "", text)
    digits = re.sub(r"[\s.\-]", "", text)
    if not re.fullmatch(r"[0-9]{8}", digits):
        return INVALID_RESULT
    return Normalised(digits, OK)


@never_raise(INVALID_RESULT)
@skippable
def normalise_iban(value: object) -> Normalised:
    """Normalise an IBAN with ``python-stdnum``: compact, uppercase, checksum validated."""
    text = unicodedata.normalize("NFKC", input_text(value))
    try:
        compact = stdnum_iban.validate(text)
    except Exception:
        return INVALID_RESULT
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}", compact):
        return INVALID_RESULT
    return Normalised(compact, OK)


@never_raise(INVALID_RESULT)
@skippable
def normalise_plate(value: object) -> Normalised:
    """Normalise a licence plate: uppercase, without dashes, spaces or dots.

    "12-ABC-3" → ``"12ABC3"``. Dutch sidecodes are not checked and letters that look like
    digits (O/0, I/1) are not merged: foreign plates (common in these signals) follow other
    patterns, so any 2 to 10 ASCII letters and digits are accepted.
    """
    text = unicodedata.normalize("NFKC", input_text(value)).upper()
    compact = re.sub(r"[\s\-.·]", "", text)
    if not re.fullmatch(r"[A-Z0-9]{2,10}", compact):
        return INVALID_RESULT
    return Normalised(compact, OK)


@never_raise(INVALID_RESULT)
@skippable
def normalise_document_number(value: object) -> Normalised:
    """Normalise an identity document number: uppercase ASCII letters and digits, 5-20 long."""
    text = unicodedata.normalize("NFKC", input_text(value)).upper()
    compact = re.sub(r"[\s\-./]", "", text)
    if not re.fullmatch(r"[A-Z0-9]{5,20}", compact):
        return INVALID_RESULT
    return Normalised(compact, OK)


_EMAIL_LOCAL = re.compile(r"^[^\s@\"(),:;<>\[\\\]]{1,64}$")
_DOMAIN_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


@never_raise(INVALID_RESULT)
@skippable
def normalise_email(value: object) -> Normalised:
    """Normalise an e-mail address: trimmed, lowercase, basic syntax checked.

    Both the domain and the local part are lowercased. The standard leaves the local part
    case-sensitive, but no provider of note treats it so and people write addresses in any
    case; a missed match costs more here than the theoretical false one. Internationalised
    domains are converted to their ASCII (punycode) form. Provider-specific rules, such as
    Gmail ignoring dots and ``+tags``, are *not* applied: they only hold for some
    providers and a false merge of two people is worse than a missed match.
    """
    text = input_text(value)
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    folded = unicodedata.normalize("NFKC", text).lower()
    if unicodedata.normalize("NFKC", folded).lower() != folded:
        return INVALID_RESULT
    local, at, domain = folded.rpartition("@")
    if not at or not _EMAIL_LOCAL.match(local):
        return INVALID_RESULT
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return INVALID_RESULT
    domain = domain.rstrip(".")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return INVALID_RESULT
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > 253:
        return INVALID_RESULT
    if not all(_DOMAIN_LABEL.match(label) for label in labels):
        return INVALID_RESULT
    if not re.search(r"[a-z]", labels[-1]):
        return INVALID_RESULT
    return checked(f"{local}@{domain}")


_URL_SCHEME = re.compile(r"^(?:https?://|hxxps?://)", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}>'\""


@never_raise(INVALID_RESULT)
@skippable
def normalise_url(value: object) -> Normalised:
    """Normalise a web address to ``host/path?query`` in lower case: ``"kinky.nl/adv/123"``.

    The scheme (http, https), a leading ``www.``, user details, a port, the fragment
    (``#...``), a trailing slash and trailing punctuation are removed, and an
    internationalised host is written in its ASCII (punycode) form. The whole address is
    lowercased: paths are case-sensitive in principle, but people retype addresses in any
    case and a missed match costs more here. The host needs a dot and a top-level domain
    of letters; anything else (a bare word, spaces inside) is invalid.
    """
    text = unicodedata.normalize("NFKC", input_text(value)).strip("<>").rstrip(_URL_TRAILING)
    text = _URL_SCHEME.sub("", text)
    if not text or any(ch.isspace() for ch in text):
        return INVALID_RESULT
    text = text.split("#", 1)[0]
    host, slash, rest = text.partition("/")
    host, question, query = host.partition("?")
    host = host.rpartition("@")[2].split(":", 1)[0].lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return INVALID_RESULT
    labels = host.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return INVALID_RESULT
    if not re.fullmatch(r"[a-z]{2,24}|xn--[a-z0-9-]{1,59}", labels[-1]):
        return INVALID_RESULT
    path = (rest if slash else "").rstrip("/")
    tail = f"?{query}" if question else ""
    result = host + (f"/{path}" if path else "") + tail
    return checked(result.lower())


_GENDERS = {
    "m": "m", "man": "m", "male": "m", "mannelijk": "m", "jongen": "m", "boy": "m",
    "v": "f", "f": "f", "vrouw": "f", "female": "f", "vrouwelijk": "f", "meisje": "f",
    "girl": "f", "woman": "f",
    "x": "x", "anders": "x", "other": "x", "non binary": "x", "nonbinary": "x",
    "non binair": "x",
}  # fmt: skip


@never_raise(INVALID_RESULT)
@skippable
def normalise_gender(value: object) -> Normalised:
    """Normalise a gender to ``"m"``, ``"f"`` or ``"x"`` (Dutch and English words)."""
    text = fold_text(input_text(value))
    if text in {"m", "f", "x"}:
        return Normalised(text, OK)
    code = _GENDERS.get(text)
    return Normalised(code, OK) if code else INVALID_RESULT


@never_raise(INVALID_RESULT)
@skippable
def normalise_nationality(value: object) -> Normalised:
    """Normalise a nationality: a 2- or 3-letter code uppercased ("nl" → ``"NL"``).

    Written-out nationalities ("Nederlandse", "Roemeens") are folded with
    :func:`fold_text` and flagged ``PARTIAL``: they only compare with the same wording,
    since there is no table yet mapping names to codes.
    """
    folded = fold_text(input_text(value))
    if re.fullmatch(r"[a-z]{2,3}", folded):
        return Normalised(folded.upper(), OK)
    if not folded or any(ch.isdigit() for ch in folded):
        return INVALID_RESULT
    return checked(folded, PARTIAL)
