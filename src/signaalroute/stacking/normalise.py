"""Normalisers per field for stacking.

Every normaliser takes whatever a person typed (or ``None``) and returns a
:class:`Normalised` result: a canonical ``value`` (or ``None``) plus a ``flag``:

* ``OK`` (``""``): a clean value that may be used for certain (exact) matches;
* ``PARTIAL``: a value that is only part of an identifier (a postcode without letters, a
  birth year without day and month); usable for blocking and fuzzy comparison, never for
  a certain match;
* ``ESTIMATE``: an estimated birth year or year range ("ca. 1990", "25-30 jaar");
* ``INVALID``: the input was given but cannot be read as this kind of value; ``value`` is
  ``None``. The input itself is kept as given by the caller (the signal), only flagged.

A ``value`` of ``None`` with flag ``OK`` means nothing was given.

Normalisers never raise, whatever the input (``None``, non-strings, emoji, mixed scripts,
megabytes of text): input longer than :data:`MAX_INPUT_LENGTH` characters is flagged
invalid without being processed, and any unexpected error inside a normaliser is turned
into an ``INVALID`` result. Every normaliser is idempotent on its own output: normalising
``result.value`` again gives the same value.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ParamSpec, TypeVar

import phonenumbers
from anyascii import anyascii
from stdnum import iban as stdnum_iban

logger = logging.getLogger(__name__)

OK = ""
INVALID = "invalid"
PARTIAL = "partial"
ESTIMATE = "estimate"

#: Inputs longer than this (in characters) are flagged invalid without being processed.
MAX_INPUT_LENGTH = 1000
#: No normalised value is longer than this.
MAX_VALUE_LENGTH = 1000

DEFAULT_PHONE_REGION = "NL"
#: Birth years before this are taken as typing errors.
MIN_BIRTH_YEAR = 1900
#: A birth-year range wider than this says too little to be of use.
MAX_BIRTH_RANGE_YEARS = 30
#: Half-width, in years, of the range an approximate age ("ca. 30 jaar") stands for.
APPROXIMATE_AGE_SLACK = 2


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised field value and how far it can be trusted."""

    value: str | None
    flag: str = OK

    @property
    def is_usable(self) -> bool:
        """True when there is a value (possibly partial/estimate): fine for blocking."""
        return self.value is not None

    @property
    def is_certain(self) -> bool:
        """True when the value is clean and may be used for a certain (exact) match."""
        return self.value is not None and self.flag == OK


@dataclass(frozen=True, slots=True)
class Surname(Normalised):
    """A normalised surname with its Dutch prefix (*tussenvoegsel*) split off.

    ``value`` is the surname proper ("berg"), ``prefix`` the normalised prefix
    ("van der"), or ``""`` when there is none.
    """

    prefix: str = ""


MISSING = Normalised(None, OK)
_INVALID = Normalised(None, INVALID)

_P = ParamSpec("_P")
_R = TypeVar("_R", bound=Normalised)


def _never_raise(fallback: _R) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Turn any exception inside a normaliser into ``fallback`` (an invalid result).

    Only the exception type is logged: the input may be personal data.
    """

    def decorator(func: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(func)
        def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                logger.warning("%s failed on its input: %s", func.__name__, type(exc).__name__)
                return fallback

        return wrapper

    return decorator


class _Skip(Exception):
    """Internal: the input is missing or unusable; carries the result to return."""

    def __init__(self, result: Normalised) -> None:
        super().__init__()
        self.result = result


def _text(value: object) -> str:
    """The input as stripped text, or raise :class:`_Skip` with the result to return."""
    if value is None:
        raise _Skip(MISSING)
    if isinstance(value, bool):
        raise _Skip(_INVALID)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise _Skip(_INVALID)
    if len(text) > MAX_INPUT_LENGTH:
        raise _Skip(_INVALID)
    text = text.strip()
    if not text:
        raise _Skip(MISSING)
    return text


def _skippable(func: Callable[_P, _R]) -> Callable[_P, _R | Normalised]:
    """Return the result carried by :class:`_Skip` instead of raising it."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R | Normalised:
        try:
            return func(*args, **kwargs)
        except _Skip as skip:
            return skip.result

    return wrapper


def _checked(value: str | None, flag: str = OK) -> Normalised:
    if not value:
        return _INVALID
    if len(value) > MAX_VALUE_LENGTH:
        return _INVALID
    return Normalised(value, flag)


# --------------------------------------------------------------------------------------
# Free text and names
# --------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['`\u00b4\u2018\u2019\u02bc]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _drop_symbols(text: str) -> str:
    """Drop symbols (emoji included), control, format and unassigned characters."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "SC")


def fold_text(text: str) -> str:
    """Fold text to lowercase ASCII words separated by single spaces.

    NFKC, drop symbols/emoji/control characters, transliterate every script to ASCII
    with ``anyascii`` (which also strips diacritics), casefold, remove apostrophes
    (``'t`` becomes ``t``, ``O'Brien`` becomes ``obrien``) and turn every other
    non-alphanumeric character (hyphens, dots, commas, slashes) into a word break.
    """
    text = unicodedata.normalize("NFKC", text)
    text = anyascii(_drop_symbols(text)).casefold()
    text = _APOSTROPHES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()


@_never_raise(_INVALID)
@_skippable
def normalise_text(value: object) -> Normalised:
    """Normalise free text (street, place, sector, described place) with :func:`fold_text`."""
    return _checked(fold_text(_text(value)))


@_never_raise(_INVALID)
@_skippable
def normalise_name(value: object) -> Normalised:
    """Normalise a person's name (given names, an alias, a full name).

    See :func:`fold_text`. A name that contains digits, or nothing readable at all, is
    flagged invalid. Result: lowercase ASCII words separated by single spaces.

    German umlauts are folded like every other diacritic (``Müller`` → ``muller``), not
    expanded (``mueller``): expansion would be wrong for Dutch, Turkish, Hungarian and other
    names with the same letters. ``Müller`` and ``Mueller`` therefore differ as normalised
    values, agree on the phonetic key (:func:`dutch_phonetic_key`) and are close in
    Jaro-Winkler similarity: a probable, not a certain, match.
    """
    folded = fold_text(_text(value))
    if any(ch.isdigit() for ch in folded):
        return _INVALID
    return _checked(folded)


#: Words that make up Dutch surname prefixes (*tussenvoegsels*), including abbreviations
#: ("v.d." folds to "v d") and common foreign prefixes registered in the Netherlands.
PREFIX_WORDS = frozenset(
    {
        # Dutch
        "van", "der", "den", "de", "het", "t", "ter", "ten", "te", "op", "in", "onder",
        "over", "aan", "bij", "uit", "voor", "vant", "vd", "v", "d",
        # common German, French, Romance and Arabic prefixes
        "von", "vom", "zu", "zum", "zur", "am", "auf", "la", "le", "les", "l", "du", "des",
        "da", "di", "do", "dos", "das", "del", "della", "dei", "degli", "el", "al",
    }
)  # fmt: skip


def _split_prefix(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split leading prefix words off ``tokens``, always leaving at least one word."""
    cut = 0
    while cut < len(tokens) - 1 and tokens[cut] in PREFIX_WORDS:
        cut += 1
    return tokens[:cut], tokens[cut:]


@_never_raise(Surname(None, INVALID))
def normalise_surname(surname: object, prefix: object = "") -> Surname:
    """Normalise a surname, splitting a Dutch prefix off.

    ``normalise_surname("van der Berg")`` and ``normalise_surname("Berg", "van der")`` both
    give ``Surname(value="berg", prefix="van der")``. Leading prefix words in the surname
    field are appended to an explicit prefix. A surname that consists only of prefix words
    keeps its last word as the surname ("De" stays surname "de").
    """
    name = normalise_name(surname)
    if name.value is None:
        return Surname(None, name.flag)
    prefix_name = normalise_name(prefix)
    prefix_words = prefix_name.value.split() if prefix_name.value else []
    extra, core = _split_prefix(name.value.split())
    full_prefix = " ".join(prefix_words + extra)
    if len(full_prefix) > MAX_VALUE_LENGTH:
        full_prefix = ""
    return Surname(" ".join(core), OK, full_prefix)


def prefix_initials(prefix: str) -> str:
    """Initials of a normalised prefix, to match abbreviations.

    "van der", "van den", "v d" and "vd" all give ``"vd"``; "van 't" gives ``"vt"``.
    """
    return "".join(word if word in {"vd", "vant"} else word[:1] for word in prefix.split())


@dataclass(frozen=True, slots=True)
class FullName:
    """A full name split into normalised given names, prefix and surname."""

    given_names: str
    prefix: str
    surname: str


def split_full_name(value: object) -> FullName | None:
    """Split a full name as written in one field; ``None`` when there is no readable name.

    Handles "Jan de Vries", "de Vries, Jan" and the Dutch index form "Vries, Jan de".
    Without a comma the surname starts at the first prefix word after the first word, or
    is the last word when there is no prefix.
    """
    if not isinstance(value, str) or len(value) > MAX_INPUT_LENGTH:
        return None
    if "," in value:
        surname_part, _, given_part = value.partition(",")
        given = normalise_name(given_part).value or ""
        surname = normalise_surname(surname_part)
        if surname.value is None:
            return None
        given_words = given.split()
        moved: list[str] = []
        while given_words and given_words[-1] in PREFIX_WORDS:
            moved.insert(0, given_words.pop())
        prefix = " ".join([*moved, *surname.prefix.split()])
        return FullName(" ".join(given_words), prefix, surname.value)
    name = normalise_name(value)
    if name.value is None:
        return None
    words = name.value.split()
    if len(words) == 1:
        return FullName("", "", words[0])
    start = len(words) - 1
    for index in range(1, len(words) - 1):
        if words[index] in PREFIX_WORDS:
            start = index
            break
    surname = normalise_surname(" ".join(words[start:]))
    return FullName(" ".join(words[:start]), surname.prefix, surname.value or "")


def name_tokens(value: object, *, drop_prefixes: bool = True) -> frozenset[str]:
    """The set of normalised words in a name, so word order does not matter.

    ``name_tokens("Jan de Vries") == name_tokens("de Vries, Jan") == {"jan", "vries"}``.
    Prefix words are dropped by default, so "Jan Vries" meets "Jan de Vries" too.
    """
    name = normalise_name(value)
    if name.value is None:
        return frozenset()
    words = name.value.split()
    if drop_prefixes:
        kept = [word for word in words if word not in PREFIX_WORDS]
        words = kept or words
    return frozenset(words)


# Dutch phonetic key --------------------------------------------------------------------

_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ij", "y"),  # ij, ei and ey sound the same; y as in "Ysselstein"
        (r"ei|ey", "y"),  # after ij, so "eij" (Heijnen) becomes one y too
        (r"sch$", "s"),  # final -sch is pronounced s: Bosch = Bos
        (r"ph", "f"),
        (r"ch", "g"),  # ch and g are the same sound in Dutch
        (r"ck", "k"),
        (r"qu", "kw"),
        (r"c(?=[eiy])", "s"),  # c before e/i/y sounds s ...
        (r"c", "k"),  # ... and k elsewhere
        (r"x", "ks"),
        (r"(?<=.)h", ""),  # h after the first letter is silent or part of ch/gh/th
        (r"dt", "t"),
        (r"d$", "t"),  # final devoicing: Smid = Smit
        (r"b$", "p"),
        (r"z", "s"),
        (r"v", "f"),
    )
)
_VOWELS = frozenset("aeiouy")


def dutch_phonetic_key(name: str) -> str:
    """A short Dutch-aware phonetic key of a (normalised) surname, for blocking only.

    Letters only (run :func:`normalise_surname` first). Rules, in order: ij → y; ei/ey → y;
    final sch → s; ph → f; ch → g; ck → k; qu → kw; c → s before e/i/y, else k; x → ks;
    h after the first letter dropped; dt → t; final d → t; final b → p; z → s; v → f.
    Then the key is the first letter (any vowel written as ``a``) followed by the remaining
    consonants, with repeated letters collapsed. Vowels after the first letter are dropped,
    which makes ou/au, ie/i, oe/u and doubled vowels equal.

    Examples: Vries/Fries → ``frs``; Jansen/Janssen → ``jnsn``; Bakker/Backer → ``bkr``;
    Smid/Smit/Smidt → ``smt``; Müller/Mueller/Muller → ``mlr``; Mohammed/Muhamad → ``mmt``
    collapsed to ``mt``. Deliberately coarse: it groups candidates, the comparison decides.
    """
    letters = "".join(ch for ch in name.lower() if "a" <= ch <= "z")
    if not letters:
        return ""
    for pattern, replacement in _PHONETIC_RULES:
        letters = pattern.sub(replacement, letters)
    if not letters:
        return ""
    first = "a" if letters[0] in _VOWELS else letters[0]
    key = [first]
    for ch in letters[1:]:
        if ch in _VOWELS:
            continue
        if ch != key[-1]:
            key.append(ch)
    return "".join(key)


# --------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------

_PHONE_ALLOWED = re.compile(r"^\+?[0-9\s\-().\/]+$")


@_never_raise(_INVALID)
@_skippable
def normalise_phone(value: object, region: str = DEFAULT_PHONE_REGION) -> Normalised:
    """Normalise a phone number to E.164 (``+31612345678``) with ``phonenumbers``.

    National numbers are read in ``region`` (default NL). Letters are never accepted
    (``phonenumbers`` would read "06-1234abcd" as a keypad word), nor are numbers that are
    not valid according to the library's numbering plan metadata: both are flagged
    invalid with value ``None``.
    """
    text = unicodedata.normalize("NFKC", _text(value))
    if not _PHONE_ALLOWED.match(text):
        return _INVALID
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return _INVALID
    if not phonenumbers.is_valid_number(number):
        return _INVALID
    return _checked(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Z]{2})?$")


@_never_raise(_INVALID)
@_skippable
def normalise_postcode(value: object) -> Normalised:
    """Normalise a Dutch postcode: "1234 ab" / "1234AB" → ``"1234AB"``.

    Four digits alone ("1234") give value ``"1234"`` flagged ``PARTIAL``: usable for
    blocking, not for certain matches. Anything else is invalid (postcodes never start
    with 0). The unused letter pairs SA, SD and SS are not checked.
    """
    text = unicodedata.normalize("NFKC", _text(value)).upper()
    match = _POSTCODE.match(text)
    if not match:
        return _INVALID
    digits, letters = match.groups()
    if letters is None:
        return Normalised(digits, PARTIAL)
    return Normalised(digits + letters, OK)


_HOUSE_NUMBER = re.compile(
    r"^(?P<number>[0-9]{1,5})"
    r"(?:[\s\-]*(?P<letter>[A-Z])(?![A-Z]))?"
    r"(?:[\s\-/]*(?P<addition>[A-Z0-9]{1,4}))?$"
)


@_never_raise(_INVALID)
@_skippable
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
    text = unicodedata.normalize("NFKC", _text(number)).upper()
    letter_text = unicodedata.normalize("NFKC", _optional_text(letter)).upper()
    addition_text = unicodedata.normalize("NFKC", _optional_text(addition)).upper()
    if "|" in text and not letter_text and not addition_text:
        parts = text.split("|")
        if len(parts) != 3:
            return _INVALID
        text, letter_text, addition_text = (part.strip() for part in parts)
    if letter_text or addition_text:
        if not re.fullmatch(r"[0-9]{1,5}", text):
            return _INVALID
        num = text
        let = letter_text
        add = re.sub(r"[\s\-/]", "", addition_text)
        if let and not re.fullmatch(r"[A-Z]", let):
            return _INVALID
        if add and not re.fullmatch(r"[A-Z0-9]{1,4}", add):
            return _INVALID
    else:
        match = _HOUSE_NUMBER.match(text)
        if not match:
            return _INVALID
        num = match["number"]
        let = match["letter"] or ""
        add = match["addition"] or ""
    if num.startswith("0"):
        return _INVALID
    return Normalised(f"{num}|{let}|{add.lower()}", OK)


def _optional_text(value: object) -> str:
    """Text of an optional part: "" when missing; :class:`_Skip` (invalid) when unreadable."""
    try:
        return _text(value)
    except _Skip as skip:
        if skip.result.flag == INVALID:
            raise
        return ""


@_never_raise(_INVALID)
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
        return _INVALID
    if code.value is None or house.value is None:
        return MISSING
    return Normalised(f"{code.value}|{house.value}", code.flag)


@_never_raise(_INVALID)
@_skippable
def normalise_kvk(value: object) -> Normalised:
    """Normalise a KvK (Chamber of Commerce) number: exactly 8 digits.

    Spaces, dots and hyphens are removed, as is a leading "KvK" / "KvK-nummer:" label.
    The KvK number has no check digit, so nothing more can be validated.
    """
    text = unicodedata.normalize("NFKC", _text(value)).lower()
    text = re.sub(r"^kvk(?:[\s\-]*(?:nummer|nr\.?|no\.?))?\s*:?", "", text)
    digits = re.sub(r"[\s.\-]", "", text)
    if not re.fullmatch(r"[0-9]{8}", digits):
        return _INVALID
    return Normalised(digits, OK)


@_never_raise(_INVALID)
@_skippable
def normalise_iban(value: object) -> Normalised:
    """Normalise an IBAN with ``python-stdnum``: compact, uppercase, checksum validated."""
    text = unicodedata.normalize("NFKC", _text(value))
    try:
        compact = stdnum_iban.validate(text)
    except Exception:
        return _INVALID
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}", compact):
        return _INVALID
    return Normalised(compact, OK)


@_never_raise(_INVALID)
@_skippable
def normalise_plate(value: object) -> Normalised:
    """Normalise a licence plate: uppercase, without dashes, spaces or dots.

    "12-ABC-3" → ``"12ABC3"``. Dutch sidecodes are not checked and letters that look like
    digits (O/0, I/1) are not merged: foreign plates (common in these signals) follow other
    patterns, so any 2 to 10 ASCII letters and digits are accepted.
    """
    text = unicodedata.normalize("NFKC", _text(value)).upper()
    compact = re.sub(r"[\s\-.·]", "", text)
    if not re.fullmatch(r"[A-Z0-9]{2,10}", compact):
        return _INVALID
    return Normalised(compact, OK)


@_never_raise(_INVALID)
@_skippable
def normalise_document_number(value: object) -> Normalised:
    """Normalise an identity document number: uppercase ASCII letters and digits, 5-20 long."""
    text = unicodedata.normalize("NFKC", _text(value)).upper()
    compact = re.sub(r"[\s\-./]", "", text)
    if not re.fullmatch(r"[A-Z0-9]{5,20}", compact):
        return _INVALID
    return Normalised(compact, OK)


_EMAIL_LOCAL = re.compile(r"^[^\s@\"(),:;<>\[\\\]]{1,64}$")
_DOMAIN_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


@_never_raise(_INVALID)
@_skippable
def normalise_email(value: object) -> Normalised:
    """Normalise an e-mail address: trimmed, lowercase, basic syntax checked.

    Both the domain and the local part are lowercased. The standard leaves the local part
    case-sensitive, but no provider of note treats it so and people write addresses in any
    case; a missed match costs more here than the theoretical false one. Internationalised
    domains are converted to their ASCII (punycode) form. Provider-specific rules, such as
    Gmail ignoring dots and ``+tags``, are *not* applied: they only hold for some
    providers and a false merge of two people is worse than a missed match.
    """
    text = _text(value)
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    folded = unicodedata.normalize("NFKC", text).lower()
    if unicodedata.normalize("NFKC", folded).lower() != folded:
        return _INVALID
    local, at, domain = folded.rpartition("@")
    if not at or not _EMAIL_LOCAL.match(local):
        return _INVALID
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return _INVALID
    domain = domain.rstrip(".")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return _INVALID
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > 253:
        return _INVALID
    if not all(_DOMAIN_LABEL.match(label) for label in labels):
        return _INVALID
    if not re.search(r"[a-z]", labels[-1]):
        return _INVALID
    return _checked(f"{local}@{domain}")


_GENDERS = {
    "m": "m", "man": "m", "male": "m", "mannelijk": "m", "jongen": "m", "boy": "m",
    "v": "f", "f": "f", "vrouw": "f", "female": "f", "vrouwelijk": "f", "meisje": "f",
    "girl": "f", "woman": "f",
    "x": "x", "anders": "x", "other": "x", "non binary": "x", "nonbinary": "x",
    "non binair": "x",
}  # fmt: skip


@_never_raise(_INVALID)
@_skippable
def normalise_gender(value: object) -> Normalised:
    """Normalise a gender to ``"m"``, ``"f"`` or ``"x"`` (Dutch and English words)."""
    text = fold_text(_text(value))
    if text in {"m", "f", "x"}:
        return Normalised(text, OK)
    code = _GENDERS.get(text)
    return Normalised(code, OK) if code else _INVALID


@_never_raise(_INVALID)
@_skippable
def normalise_nationality(value: object) -> Normalised:
    """Normalise a nationality: a 2- or 3-letter code uppercased ("nl" → ``"NL"``).

    Written-out nationalities ("Nederlandse", "Roemeens") are folded with
    :func:`fold_text` and flagged ``PARTIAL``: they only compare with the same wording,
    since there is no table yet mapping names to codes.
    """
    folded = fold_text(_text(value))
    if re.fullmatch(r"[a-z]{2,3}", folded):
        return Normalised(folded.upper(), OK)
    if not folded or any(ch.isdigit() for ch in folded):
        return _INVALID
    return _checked(folded, PARTIAL)


# --------------------------------------------------------------------------------------
# Dates of birth
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A parsed, normalised date of birth: an exact date or a range of birth years."""

    exact: date | None
    first_year: int
    last_year: int
    estimate: bool

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


_MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "febr": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3, "maa": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_APPROX = re.compile(
    r"^(?:ca\b\.?|circa\b|c\.|~|±|\+/-|\+-|about\b|approx\b\.?|approximately\b|ongeveer\b"
    r"|rond\b|omstreeks\b|plm\b\.?|pl\.m\.|ong\b\.?)\s*"
)
_AGE_WORDS = re.compile(
    r"\b(?:jaar|jr|years?|yrs?|y/o|age|aged|leeftijd|lft|oud|old|tussen|between)\b\.?"
)
_YMD = re.compile(r"^(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s\-.]*([a-z]+)\.?[\s\-.,]*(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_APPROX_YEAR = re.compile(r"^~(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:\.\.|-|\u2013|/|tot|to|t/m|en|and)\s*(\d{4})$")
_AGE_RANGE = re.compile(r"^(\d{1,3})\s*(?:\.\.|-|\u2013|/|tot|to|t/m|en|and)\s*(\d{1,3})$")
_AGE = re.compile(r"^(\d{1,3})$")


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:
        century = 2000 if year <= today.year % 100 else 1900
        year += century
    return year


def _exact_date(text: str, today: date) -> date | None:
    """Read an exact date in a Dutch or ISO notation; ``None`` when it is not one."""
    if match := _YMD.match(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[2]), _full_year(match[3], today)
        if month > 12 >= day:  # unambiguously month first (US notation)
            day, month = month, day
        return _make_date(year, month, day)
    if match := _D_MONTH_Y.match(text):
        month_number = _MONTHS.get(match[2])
        if month_number is None:
            return None
        return _make_date(_full_year(match[3], today), month_number, int(match[1]))
    if re.fullmatch(r"\d{8}", text):
        # DDMMYYYY first (Dutch); YYYYMMDD when that is no plausible birth date ("19081209").
        candidates = (
            _make_date(int(text[4:]), int(text[2:4]), int(text[:2])),
            _make_date(int(text[:4]), int(text[4:6]), int(text[6:])),
        )
        plausible = [
            d for d in candidates if d is not None and MIN_BIRTH_YEAR <= d.year <= today.year
        ]
        return plausible[0] if plausible else next((d for d in candidates if d), None)
    return None


def _year_range(first: int, last: int, today: date) -> Normalised:
    first, last = min(first, last), max(first, last)
    last = min(last, today.year)
    first = max(first, MIN_BIRTH_YEAR)
    if first > last or last - first > MAX_BIRTH_RANGE_YEARS:
        return _INVALID
    return Normalised(f"{first}..{last}", ESTIMATE)


def _age_range(youngest: int, oldest: int, on: date, today: date) -> Normalised:
    youngest, oldest = min(youngest, oldest), max(youngest, oldest)
    if oldest > 120:
        return _INVALID
    return _year_range(on.year - oldest - 1, on.year - youngest, today)


@_never_raise(_INVALID)
def normalise_date_of_birth(
    value: object, *, today: date | None = None, observed_on: date | None = None
) -> Normalised:
    """Normalise a date of birth, a birth year, or an estimate of it.

    Results (always read back unchanged):

    * an exact date ("17-05-1990", "17/5/90", "1990-05-17", "17 mei 1990", "17051990") →
      ``"1990-05-17"``, flag ``OK``. Day first, as written in the Netherlands; a date only
      readable month first ("05/17/1990") is read so. Two-digit years are in this century
      up to the current year, else the last;
    * a year ("1990") → ``"1990"``, flag ``PARTIAL``;
    * an approximate year ("ca. 1990", "~1990", "±1990") → ``"~1990"``, flag ``ESTIMATE``;
    * a year range ("1988-1992") → ``"1988..1992"``, flag ``ESTIMATE``;
    * an age or age range ("30 jaar", "25-30 jaar", "ca. 30", "leeftijd 25 tot 30") →
      the range of birth years, seen from ``observed_on`` (default: today), flag
      ``ESTIMATE``. An approximate age widens by :data:`APPROXIMATE_AGE_SLACK` years.

    Dates or years in the future, years before :data:`MIN_BIRTH_YEAR`, impossible dates
    and anything else are flagged invalid.
    """
    today = today or date.today()
    on = observed_on or today
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value > today or value.year < MIN_BIRTH_YEAR:
            return _INVALID
        return Normalised(value.isoformat(), OK)
    try:
        text = _text(value)
    except _Skip as skip:
        return skip.result
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()
    approximate = False
    if match := _APPROX.match(text):
        approximate = True
        text = text[match.end() :]
    has_age_words = bool(_AGE_WORDS.search(text))
    if has_age_words:
        text = re.sub(r"\s+", " ", _AGE_WORDS.sub(" ", text)).strip(" :")
        if match := _APPROX.match(text):
            approximate = True
            text = text[match.end() :]
    if has_age_words or approximate:
        if match := _AGE.match(text):
            age = int(match[1])
            slack = APPROXIMATE_AGE_SLACK if approximate else 0
            return _age_range(max(age - slack, 0), age + slack, on, today)
        if match := _AGE_RANGE.match(text):
            return _age_range(int(match[1]), int(match[2]), on, today)
        if has_age_words:
            return _INVALID
    if match := _YEAR.match(text) or _APPROX_YEAR.match(text):
        year = int(match[1])
        if not MIN_BIRTH_YEAR <= year <= today.year:
            return _INVALID
        if approximate or text.startswith("~"):
            return Normalised(f"~{year}", ESTIMATE)
        return Normalised(str(year), PARTIAL)
    if match := _YEAR_RANGE.match(text):
        first, last = int(match[1]), int(match[2])
        if max(first, last) < MIN_BIRTH_YEAR or min(first, last) > today.year:
            return _INVALID
        return _year_range(first, last, today)
    exact = _exact_date(text, today)
    if exact is None or exact > today or exact.year < MIN_BIRTH_YEAR:
        return _INVALID
    if approximate:
        return Normalised(f"~{exact.year}", ESTIMATE)
    return Normalised(exact.isoformat(), OK)


def parse_birth(normalised: Normalised) -> BirthDate | None:
    """The structured form of a value from :func:`normalise_date_of_birth`, if any."""
    value = normalised.value
    if value is None:
        return None
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        exact = _make_date(int(match[1]), int(match[2]), int(match[3]))
        if exact is None:
            return None
        return BirthDate(exact, exact.year, exact.year, estimate=False)
    if match := re.fullmatch(r"(~?)(\d{4})", value):
        year = int(match[2])
        return BirthDate(None, year, year, estimate=bool(match[1]))
    if match := re.fullmatch(r"(\d{4})\.\.(\d{4})", value):
        return BirthDate(None, int(match[1]), int(match[2]), estimate=True)
    return None
