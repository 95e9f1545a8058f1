"""Estimation of the Fellegi-Sunter parameters from data (the approach Splink uses, written
out here in a few lines):

* ``u`` from random pairs: almost every random pair is a non-match, so the share of each level
  among random pairs estimates ``u`` (add-one smoothing, so no level has probability 0);
* ``m`` by expectation-maximisation with ``u`` held fixed, in *training sessions*: each session
  takes the pairs one kind of blocking key brings together (same exact date of birth; same
  phonetic surname; same phone or e-mail; …) and estimates ``m`` only for the fields that key
  does not involve, because within such a block those fields carry no information (a pair
  blocked on the surname agrees on the surname whether it is a match or not). A field's ``m``
  is the mean over the sessions that estimated it;
* ``λ`` last, by EM with ``m`` and ``u`` fixed over all blocked pairs: the share of matches
  among blocked pairs, the right prior for the engine, which only ever scores blocked pairs.

``manage.py stacking_estimate`` runs :func:`estimate` on generated Dutch-style records
(``matching/synthetic.py``) and freezes the result in ``data/parameters.json``; the model
itself (weights, tiers, the frozen defaults) is ``scoring.py``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .batch import blocked_pairs as pairs_on
from .compare import FIELD_LEVELS, compare
from .fields import INITIALS, MISSING
from .normalise import normalise_name
from .records import PersonRecord, Record
from .scoring import (
    KIND_OF,
    LEVEL_ORDER,
    PRIOR_FLOOR,
    UNSCORED,
    KindParameters,
    Parameters,
    probability,
)

LEVELS_OF: dict[str, dict[str, tuple[str, ...]]] = {
    KIND_OF[record_type]: levels for record_type, levels in FIELD_LEVELS.items()
}


def _frequencies(
    vectors: Iterable[dict[str, str]], levels: dict[str, tuple[str, ...]]
) -> dict[str, dict[str, float]]:
    counts = {field: dict.fromkeys(field_levels, 1.0) for field, field_levels in levels.items()}
    for vector in vectors:
        for field, level in vector.items():
            if level != MISSING and field in counts:
                counts[field][level] += 1
    out = {}
    for field, field_counts in counts.items():
        present = {lvl: c for lvl, c in field_counts.items() if lvl != MISSING}
        total = sum(present.values())
        out[field] = {lvl: c / total for lvl, c in present.items()}
        out[field][MISSING] = 1.0  # never used: missing adds no weight
    return out


def _initial_m(levels: dict[str, tuple[str, ...]]) -> dict[str, dict[str, float]]:
    """A neutral start for EM: the first (best) level likely, the others shared."""
    m = {}
    for field, field_levels in levels.items():
        present = [lvl for lvl in field_levels if lvl != MISSING]
        rest = (0.1 / (len(present) - 1)) if len(present) > 1 else 0.0
        m[field] = {lvl: (0.9 if i == 0 else rest) for i, lvl in enumerate(present)}
        m[field][MISSING] = 1.0
    return m


# Training sessions per kind: (blocking-key kinds, fields those keys involve).
_NAME_FIELDS = {"surname", "surname_prefix", "full_name", "given_names", "aliases"}
_ADDRESS_FIELDS = {"address", "postcode", "house_number", "street", "place"}
SESSIONS: dict[str, list[tuple[tuple[str, ...], set[str]]]] = {
    "person": [
        (("dob",), {"date_of_birth"}),
        (("name-year", "name-initial"), _NAME_FIELDS | {"date_of_birth"}),
        (("name-pair", "name3"), _NAME_FIELDS),
        (
            ("phone", "phone-digits", "email", "doc", "iban", "plate"),
            {"phone", "email", "id_document", "iban", "plate"},
        ),
        (("person-address",), {"address"}),
    ],
    "address": [
        (("address",), {"address", "postcode", "house_number"}),
        (("address-pc4",), {"postcode", "house_number"}),
        (("street",), {"street", "place", "house_number"}),
    ],
    "organisation": [
        (("kvk",), {"kvk"}),
        (("trade-name",), {"trade_names"}),
        (("address", "address-pc4", "street"), {f"address_{f}" for f in _ADDRESS_FIELDS}),
        (("phone", "phone-digits", "email", "iban", "plate"), {"phone", "email", "iban", "plate"}),
    ],
}


def _em(
    blocked: Sequence[dict[str, str]],
    u: dict[str, dict[str, float]],
    levels: dict[str, tuple[str, ...]],
    *,
    m: dict[str, dict[str, float]] | None = None,
    fixed_m: bool = False,
    iterations: int = 30,
    unscored: frozenset[str] = frozenset(),
) -> KindParameters:
    """EM for m (unless fixed) and λ over the blocked comparison vectors, u fixed."""
    m = m or _initial_m(levels)
    prior = 0.1
    for _round in range(iterations):
        params = KindParameters(prior=prior, m=m, u=u, unscored=unscored)
        posteriors = [probability(params.weight(v)) for v in blocked]
        total = sum(posteriors)
        prior = min(max(total / len(blocked), PRIOR_FLOOR), 1 - PRIOR_FLOOR) if blocked else prior
        if total == 0 or fixed_m:
            continue
        new_m: dict[str, dict[str, float]] = {}
        for field, field_levels in levels.items():
            sums = dict.fromkeys((lvl for lvl in field_levels if lvl != MISSING), 1.0)
            for p, vector in zip(posteriors, blocked, strict=True):
                level = vector.get(field, MISSING)
                if level != MISSING:
                    sums[level] += p
            field_total = sum(sums.values())
            new_m[field] = {lvl: s / field_total for lvl, s in sums.items()}
            new_m[field][MISSING] = 1.0
        m = new_m
    return KindParameters(prior=prior, m=m, u=u, unscored=unscored)


def estimate_kind(
    sessions: Sequence[tuple[Sequence[dict[str, str]], set[str]]],
    blocked: Sequence[dict[str, str]],
    random_pairs: Sequence[dict[str, str]],
    levels: dict[str, tuple[str, ...]],
    unscored: frozenset[str] = frozenset(),
) -> KindParameters:
    """u from random pairs; m per training session; λ over all blocked pairs."""
    u = _frequencies(random_pairs, levels)
    estimates: dict[str, list[dict[str, float]]] = {}
    for vectors, involved in sessions:
        kept = {f: lv for f, lv in levels.items() if f not in involved}
        trimmed = [{f: v[f] for f in kept if f in v} for v in vectors]
        if not trimmed:
            continue
        session = _em(trimmed, u, kept, unscored=unscored)
        for field in kept:
            estimates.setdefault(field, []).append(session.m[field])
    m = _initial_m(levels)
    for field, found in estimates.items():
        m[field] = {level: sum(e[level] for e in found) / len(found) for level in found[0]}
    return _em(blocked, u, levels, m=m, fixed_m=True, unscored=unscored)


def initial_agreement(records: Iterable[Record]) -> float:
    """The chance that two persons' given names start with the same letter: the sum of the
    squared shares of first letters. An agreeing initial is worth no more than 1 / this."""
    letters = Counter(
        value[0]
        for record in records
        if isinstance(record, PersonRecord) and (value := normalise_name(record.given_names).value)
    )
    total = sum(letters.values())
    return sum((count / total) ** 2 for count in letters.values()) if total else 1.0


def _cap_initials(params: KindParameters, records: Sequence[Record]) -> KindParameters:
    """An initial says only that the first letter agrees: cap its weight at
    ``log2(1 / initial_agreement)``, whatever EM made of how often the generated records
    happen to write initials among matches and among random pairs."""
    levels = params.m.get("given_names")
    if levels is None or INITIALS not in levels:
        return params
    ceiling = params.u["given_names"][INITIALS] / initial_agreement(records)
    m = dict(params.m)
    m["given_names"] = {**levels, INITIALS: min(levels[INITIALS], ceiling)}
    return replace(params, m=m)


def estimate(
    records: Sequence[Record],
    blocked_pairs: Sequence[tuple[int, int]],
    *,
    random_pairs: int = 20_000,
    seed: int = 2026,
    probable: float = 0.99,
    possible: float = 0.5,
    estimated_on: str = "",
) -> Parameters:
    """Estimate parameters for every kind present in ``records``."""
    rng = random.Random(seed)  # noqa: S311 - sampling, not cryptography
    kinds: dict[str, KindParameters] = {}
    by_kind: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        by_kind.setdefault(KIND_OF[type(record)], []).append(index)
    vectors: dict[tuple[int, int], dict[str, str]] = {}

    def vector(pair: tuple[int, int]) -> dict[str, str]:
        if pair not in vectors:
            vectors[pair] = compare(records[pair[0]], records[pair[1]])
        return vectors[pair]

    for kind, indexes in by_kind.items():
        if len(indexes) < 2:
            continue
        wanted = set(indexes)
        blocked = [vector(pair) for pair in blocked_pairs if pair[0] in wanted]
        sessions = [
            (
                [vector(pair) for pair in pairs_on(records, prefixes=keys) if pair[0] in wanted],
                involved,
            )
            for keys, involved in SESSIONS[kind]
        ]
        sample = [
            compare(records[i], records[j])
            for i, j in (rng.sample(indexes, 2) for _n in range(random_pairs))
        ]
        if blocked:
            found = estimate_kind(
                sessions, blocked, sample, LEVELS_OF[kind], UNSCORED.get(kind, frozenset())
            )
            if kind == "person":
                found = _cap_initials(found, [records[i] for i in indexes])
            kinds[kind] = replace(found, order=LEVEL_ORDER.get(kind, {}))
    return Parameters(kinds=kinds, probable=probable, possible=possible, estimated_on=estimated_on)
