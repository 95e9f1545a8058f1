"""Normalisers per field for stacking: the result type and its guarantees, free text and names.
Identifiers: ``normalise_identifiers.py``; dates of birth: ``normalise_dates.py``.

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
from typing import Any, ParamSpec, TypeVar

from anyascii import anyascii

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
INVALID_RESULT = Normalised(None, INVALID)

_P = ParamSpec("_P")
_R = TypeVar("_R", bound=Normalised)


#: Normalised values kept per normaliser (least recently used go first). Matching compares a
#: new trace with up to 300 earlier ones and normalises the same values again for each pair;
#: without the cache normalising took about two thirds of the matching time. The cache lives in
#: the process's memory only and is never written anywhere, but it holds recent input values
#: (names, dates, numbers) after the request that matched them, until newer ones push them out
#: or the worker restarts; ``clear_normalise_caches`` empties it (the retention job may call it).
NORMALISE_CACHE = 16_384


_CACHES: list[Any] = []


def clear_normalise_caches() -> None:
    """Forget every remembered normalised value (see :data:`NORMALISE_CACHE`)."""
    for cache in _CACHES:
        cache.cache_clear()


def never_raise(fallback: _R) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Turn any exception inside a normaliser into ``fallback`` (an invalid result), and keep
    the results of recent inputs (:data:`NORMALISE_CACHE`): normalisers are pure functions.

    Only the exception type is logged: the input may be personal data.
    """

    def decorator(func: Callable[_P, _R]) -> Callable[_P, _R]:
        def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                logger.warning("%s failed on its input: %s", func.__name__, type(exc).__name__)
                return fallback

        cached: Callable[..., _R] = functools.lru_cache(maxsize=NORMALISE_CACHE, typed=True)(
            guarded
        )
        _CACHES.append(cached)

        @functools.wraps(func)
        def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return cached(*args, **kwargs)
            except TypeError:  # an unhashable input (a list): normalise it uncached
                return guarded(*args, **kwargs)

        return wrapper

    return decorator


class Skip(Exception):
    """Internal: the input is missing or unusable; carries the result to return."""

    def __init__(self, result: Normalised) -> None:
        super().__init__()
        self.result = result


def input_text(value: object) -> str:
    """The input as stripped text, or raise :class:`Skip` with the result to return."""
    if value is None:
        raise Skip(MISSING)
    if isinstance(value, bool):
        raise Skip(INVALID_RESULT)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise Skip(INVALID_RESULT)
    if len(text) > MAX_INPUT_LENGTH:
        raise Skip(INVALID_RESULT)
    text = text.strip()
    if not text:
        raise Skip(MISSING)
    return text


def skippable(func: Callable[_P, _R]) -> Callable[_P, _R | Normalised]:
    """Return the result carried by :class:`Skip` instead of raising it."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R | Normalised:
        try:
            return func(*args, **kwargs)
        except Skip as skip:
            return skip.result

    return wrapper


def checked(value: str | None, flag: str = OK) -> Normalised:
    if not value:
        return INVALID_RESULT
    if len(value) > MAX_VALUE_LENGTH:
        return INVALID_RESULT
    return Normalised(value, flag)


# --------------------------------------------------------------------------------------
# Free text and names
# --------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['`\u00b4\u2018\u2019\u02bc]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _drop_symbols(text: str) -> str:
    """Drop symbols (emoji included), control, format and unassigned characters."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "SC")


def remembered(func: Callable[[str], str]) -> Callable[[str], str]:
    """Remember a pure text function's recent results (emptied by ``clear_normalise_caches``)."""
    cached = functools.lru_cache(maxsize=NORMALISE_CACHE)(func)
    _CACHES.append(cached)
    return cached


@remembered
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


@never_raise(INVALID_RESULT)
@skippable
def normalise_text(value: object) -> Normalised:
    """Normalise free text (street, place, sector, described place) with :func:`fold_text`."""
    return checked(fold_text(input_text(value)))


@never_raise(INVALID_RESULT)
@skippable
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
    folded = fold_text(input_text(value))
    if any(ch.isdigit() for ch in folded):
        return INVALID_RESULT
    return checked(folded)


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


def _comma_prefix_first(surname: object) -> object:
    """ "Berg, van der" → "van der Berg": only when everything after the comma is prefix
    words (a comma followed by anything else is left alone)."""
    if not isinstance(surname, str) or surname.count(",") != 1:
        return surname
    head, tail = surname.split(",")
    words = fold_text(tail).split()
    if words and head.strip() and all(word in PREFIX_WORDS for word in words):
        return f"{tail.strip()} {head.strip()}"
    return surname


@never_raise(Surname(None, INVALID))
def normalise_surname(surname: object, prefix: object = "") -> Surname:
    """Normalise a surname, splitting a Dutch prefix off.

    ``normalise_surname("van der Berg")`` and ``normalise_surname("Berg", "van der")`` both
    give ``Surname(value="berg", prefix="van der")``. Leading prefix words in the surname
    field are appended to an explicit prefix. A surname that consists only of prefix words
    keeps its last word as the surname ("De" stays surname "de"). The index form with the
    prefix after a comma, as in alphabetical lists ("Berg, van der"), is read the same way.
    """
    surname = _comma_prefix_first(surname)
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
