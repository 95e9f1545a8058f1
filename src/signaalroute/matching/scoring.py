"""Fellegi-Sunter scoring of comparison vectors, with parameters estimated from data.

Model (Fellegi & Sunter, "A theory for record linkage", JASA 1969): for a compared pair, each
field's agreement level ``l`` is evidence with weight ``log2(m_l / u_l)``, where ``m_l`` is the
probability of that level among true matches and ``u_l`` among non-matches. The match weight is
the prior log-odds ``log2(λ / (1 - λ))`` plus the sum over fields; "missing" adds nothing.
The probability that the pair is a match is ``2^w / (1 + 2^w)``.

Estimation (the approach Splink uses, written out here in a few lines):

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

The parameters per record kind are stored as data (``data/parameters.json``), estimated by
``manage.py stacking_estimate`` from generated Dutch-style records (``matching/synthetic.py``)
and frozen with the thresholds that map a probability to a tier.
"""

from __future__ import annotations

import dataclasses
import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .batch import blocked_pairs as pairs_on
from .compare import FIELD_LEVELS, compare, surname_of
from .fields import (
    AGREE,
    AREA,
    DIGITS,
    EXACT,
    INITIALS,
    MISSING,
    NUMBER_ONLY,
    ONE_LETTER,
    ONE_PART,
    PHONETIC,
    SIMILAR,
    SWAPPED,
    TYPO,
    YEAR_ONLY,
)
from .normalise import normalise_name
from .records import AddressRecord, OrganisationRecord, PersonRecord, Record

PARAMETERS_FILE = Path(__file__).with_name("data") / "parameters.json"
KIND_OF: dict[type, str] = {
    PersonRecord: "person",
    AddressRecord: "address",
    OrganisationRecord: "organisation",
}
LEVELS_OF: dict[str, dict[str, tuple[str, ...]]] = {
    KIND_OF[record_type]: levels for record_type, levels in FIELD_LEVELS.items()
}

# Identifier fields whose agreement makes a pair "certain" (unless the names or dates of birth
# plainly disagree: a phone number shared by two different people is common in exploitation).
CERTAIN_FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("phone", "email", "id_document", "iban"),
    "address": ("address",),
    "organisation": ("kvk", "email", "phone", "iban"),
}
CONTRADICTIONS: dict[str, tuple[str, ...]] = {
    "person": ("surname", "date_of_birth"),
    "address": (),
    "organisation": ("trade_names",),
}
# Levels that keep a pair below "probable" whatever the rest says: a different house letter
# or addition is another dwelling in the same building at most.
AT_MOST_POSSIBLE: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (),
    "address": (("house_number", NUMBER_ONLY),),
    "organisation": (),
}
# The probability shown for a pair that is not certain by rule: the model never knows more.
MAX_PROBABILITY = 0.99
PRIOR_FLOOR = 1e-6
# Evidence order within a field: each chain runs from strong to weak, and no level may weigh
# more than the one before it (an estimate from few pairs, or a rare level among random pairs,
# can otherwise make "similar" or "initials" count as much as "exact", or more).
LEVEL_ORDER: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
    "person": {
        "given_names": ((EXACT, ONE_LETTER, SIMILAR, INITIALS),),
        "surname": ((EXACT, ONE_LETTER, SIMILAR, PHONETIC),),
        # year-only is not below one-part: a stated year that agrees contradicts nothing
        "date_of_birth": ((EXACT, SWAPPED), (EXACT, TYPO, ONE_PART), (EXACT, YEAR_ONLY)),
        "phone": ((AGREE, DIGITS),),
    },
    "address": {
        "postcode": ((EXACT, AREA),),
        "house_number": ((EXACT, NUMBER_ONLY),),
    },
    "organisation": {
        "phone": ((AGREE, DIGITS),),
        "address_postcode": ((EXACT, AREA),),
        "address_house_number": ((EXACT, NUMBER_ONLY),),
    },
}
# Term-frequency adjustment (as Splink does): an exact agreement on a common name is weaker
# evidence than on a rare one. ``u`` of an exact match on value v becomes the share of v among
# the index's records, smoothed towards the average ``u`` with this many pseudo-records (a
# small index says little about frequencies) and at most TF_MAX_BONUS bits stronger than the
# average exact match (a name seen once is not proof).
TF_FIELDS = ("given_names", "surname")
TF_PSEUDO_RECORDS = 500.0
TF_MAX_BONUS = 3.0
# Fields left out of the weight because they repeat others (Fellegi-Sunter assumes the fields
# independent given the match status): a person's full name is given names + surname again,
# and the surname prefix goes with the surname.
UNSCORED: dict[str, frozenset[str]] = {
    "person": frozenset({"full_name", "surname_prefix"}),
    "address": frozenset(),
    "organisation": frozenset(),
}


@dataclass(frozen=True)
class KindParameters:
    prior: float
    m: dict[str, dict[str, float]]
    u: dict[str, dict[str, float]]
    unscored: frozenset[str] = frozenset()
    order: dict[str, tuple[tuple[str, ...], ...]] = dataclasses.field(default_factory=dict)

    @cached_property
    def level_weights(self) -> dict[str, dict[str, float]]:
        """log2(m/u) per field and level, capped along :data:`LEVEL_ORDER`."""
        weights = {
            name: {
                level: math.log2(self.m[name][level] / self.u[name][level])
                for level in self.m[name]
                if level != MISSING and level in self.u.get(name, {})
            }
            for name in self.m
        }
        for name, chains in self.order.items():
            table = weights.get(name)
            if table is None:
                continue
            for chain in chains:
                ceiling = math.inf
                for level in chain:
                    if level in table:
                        table[level] = min(table[level], ceiling)
                        ceiling = table[level]
        return weights

    def field_weight(self, name: str, level: str) -> float | None:
        """The weight of one field's level, ``None`` when it does not count."""
        if level == MISSING or name in self.unscored:
            return None
        return self.level_weights.get(name, {}).get(level)

    def weight(self, vector: dict[str, str]) -> float:
        prior = min(max(self.prior, PRIOR_FLOOR), 1 - PRIOR_FLOOR)
        total = math.log2(prior / (1 - prior))
        for name, level in vector.items():
            w = self.field_weight(name, level)
            if w is not None:
                total += w
        return total


@dataclass
class TermFrequencies:
    """How often each normalised given name and surname occurs among an index's persons.

    Built from the records themselves (:meth:`from_records`) or kept up to date as records
    are filed (:meth:`add`); pass it in :class:`Parameters` (:meth:`Parameters.with_frequencies`).
    """

    counts: dict[str, Counter[str]] = dataclasses.field(
        default_factory=lambda: {name: Counter() for name in TF_FIELDS}
    )
    persons: int = 0

    @staticmethod
    def values(record: Record) -> dict[str, str | None]:
        if not isinstance(record, PersonRecord):
            return {}
        return {
            "given_names": normalise_name(record.given_names).value,
            "surname": surname_of(record).value,
        }

    def add(self, record: Record) -> None:
        values = self.values(record)
        if not values:
            return
        self.persons += 1
        for name, value in values.items():
            if value:
                self.counts[name][value] += 1

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> TermFrequencies:
        frequencies = cls()
        for record in records:
            frequencies.add(record)
        return frequencies

    def exact_weight(self, name: str, value: str | None, m: float, u: float) -> float | None:
        """The term-frequency adjusted weight of an exact match on ``value``, or ``None``."""
        if not value or name not in self.counts:
            return None
        share = (self.counts[name][value] + TF_PSEUDO_RECORDS * u) / (
            self.persons + TF_PSEUDO_RECORDS
        )
        share = max(share, u / 2**TF_MAX_BONUS)
        return math.log2(m / share)


@dataclass(frozen=True)
class Parameters:
    kinds: dict[str, KindParameters]
    probable: float  # probability from which a pair is "probable"
    possible: float  # … and "possible"; below it nothing is proposed
    estimated_on: str
    frequencies: TermFrequencies | None = None  # for the term-frequency adjustment

    def with_frequencies(self, frequencies: TermFrequencies | None) -> Parameters:
        return replace(self, frequencies=frequencies)

    def as_json(self) -> dict[str, Any]:
        return {
            "probable": self.probable,
            "possible": self.possible,
            "estimated_on": self.estimated_on,
            "kinds": {
                kind: {"prior": p.prior, "m": p.m, "u": p.u} for kind, p in self.kinds.items()
            },
        }


@dataclass(frozen=True)
class Score:
    weight: float
    probability: float
    tier: str | None  # "certain", "probable", "possible" or None (not proposed)
    reasons: list[tuple[str, str]]  # the non-missing levels, strongest evidence first


def probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0**weight
    return odds / (1 + odds)


def tier_of(kind: str, vector: dict[str, str], p: float, params: Parameters) -> str | None:
    if any(vector.get(name) == "agree" for name in CERTAIN_FIELDS.get(kind, ())) and not any(
        vector.get(name) == "different" for name in CONTRADICTIONS.get(kind, ())
    ):
        return "certain"
    capped = any(vector.get(name) == level for name, level in AT_MOST_POSSIBLE.get(kind, ()))
    if p >= params.probable and not capped:
        return "probable"
    if p >= params.possible:
        return "possible"
    return None


def score(a: Record, b: Record, params: Parameters | None = None) -> Score:
    """Compare two records of one kind and score the pair."""
    params = params or default_parameters()
    kind = KIND_OF[type(a)]
    vector = compare(a, b)
    kind_params = params.kinds[kind]
    prior = min(max(kind_params.prior, PRIOR_FLOOR), 1 - PRIOR_FLOOR)
    weight = math.log2(prior / (1 - prior))
    evidence = []
    values = TermFrequencies.values(a) if params.frequencies is not None else {}
    for name, level in vector.items():
        w = kind_params.field_weight(name, level)
        if w is None:
            continue
        if level == EXACT and name in values and params.frequencies is not None:
            adjusted = params.frequencies.exact_weight(
                name, values[name], kind_params.m[name][EXACT], kind_params.u[name][EXACT]
            )
            w = min(w + TF_MAX_BONUS, adjusted) if adjusted is not None else w
        weight += w
        evidence.append((name, level, w))
    evidence.sort(key=lambda item: -item[2])
    p = probability(weight)
    tier = tier_of(kind, vector, p, params)
    return Score(
        weight=weight,
        probability=p if tier == "certain" else min(p, MAX_PROBABILITY),
        tier=tier,
        reasons=[(name, level) for name, level, _w in evidence],
    )


# --- Estimation ----------------------------------------------------------------------------------


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


# --- The frozen defaults ------------------------------------------------------------------------------


def parameters_from_json(data: dict[str, Any]) -> Parameters:
    return Parameters(
        kinds={
            kind: KindParameters(
                prior=float(p["prior"]),
                m=p["m"],
                u=p["u"],
                unscored=UNSCORED.get(kind, frozenset()),
                order=LEVEL_ORDER.get(kind, {}),
            )
            for kind, p in data["kinds"].items()
        },
        probable=float(data["probable"]),
        possible=float(data["possible"]),
        estimated_on=str(data.get("estimated_on", "")),
    )


@cache
def default_parameters() -> Parameters:
    """The shipped, frozen parameters and thresholds (``data/parameters.json``)."""
    return parameters_from_json(json.loads(PARAMETERS_FILE.read_text(encoding="utf-8")))


def save_parameters(params: Parameters, path: Path = PARAMETERS_FILE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(params.as_json(), indent=1, sort_keys=True) + "\n", "utf-8")
