"""A Dutch-aware phonetic key of a surname, for blocking only (``blocking.py``)."""

from __future__ import annotations

import re

from .normalise import remembered

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


@remembered
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
