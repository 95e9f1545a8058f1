"""Fellegi-Sunter scoring of comparison vectors, with parameters estimated from data.

Model (Fellegi & Sunter, "A theory for record linkage", JASA 1969): for a compared pair, each
field's agreement level ``l`` is evidence with weight ``log2(m_l / u_l)``, where ``m_l`` is the
probability of that level among true matches and ``u_l`` among non-matches. The match weight is
the prior log-odds ``log2(λ / (1 - λ))`` plus the sum over fields; "missing" adds nothing.
The probability that the pair is a match is ``2^w / (1 + 2^w)``.

Parameters per record kind are estimated from data (``estimate.py``: ``u`` from random pairs,
``m`` by EM in training sessions per blocking key, ``λ`` over the blocked pairs), stored as data
(``data/parameters.json``, written by ``manage.py stacking_estimate`` from generated Dutch-style
records, ``matching/synthetic.py``) and frozen with the thresholds that map a probability to a
tier. Exact name agreements can be weighed by how common the name is (``frequencies.py``).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .compare import compare
from .fields import (
    AGREE,
    AREA,
    DIFFERENT,
    DIGITS,
    DISAGREE,
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
from .frequencies import TF_MAX_BONUS, TermFrequencies
from .records import AddressRecord, OrganisationRecord, PersonRecord, Record

PARAMETERS_FILE = Path(__file__).with_name("data") / "parameters.json"
KIND_OF: dict[type, str] = {
    PersonRecord: "person",
    AddressRecord: "address",
    OrganisationRecord: "organisation",
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
# A shared place is no person: two people whose given name or surname plainly differ are at
# most "possible" when it is the address that brings them together (several victims named in
# signals about one house, a household), however much the address weighs, unless their dates
# of birth agree (then a changed or garbled name is the likelier story).
PLACE_IS_NO_PERSON: dict[str, tuple[str, tuple[str, ...], tuple[str, tuple[str, ...]]]] = {
    "person": (
        "address",
        ("given_names", "surname"),
        ("date_of_birth", (EXACT, SWAPPED, TYPO, ONE_PART)),
    ),
}
# A name is no person: two persons who agree on nothing but their names (no date of birth,
# address, phone, e-mail or document that agrees, even in part, at a level the parameters in
# use count for a match) are at most "possible", however rare the names. Namesakes are common
# in signals (family names shared by many, a name and an initial, a name heard at the door),
# and a focal officer should look before two signals are stacked on a name alone. Fields named here are the name's own (a gender or
# nationality that agrees is no corroboration: too many people share one).
NAME_IS_NO_PERSON: dict[str, frozenset[str]] = {
    "person": frozenset(
        {
            "given_names",
            "surname",
            "full_name",
            "surname_prefix",
            "aliases",
            "gender",
            "nationality",
        }
    ),
}
# Levels that corroborate nothing: the field is absent, or it disagrees, or it is a birth
# year or an age estimate that agrees (a range of years shared by many people of one name).
NOT_CORROBORATING = frozenset({MISSING, DIFFERENT, DISAGREE, YEAR_ONLY})
# Nor is a shared phone or e-mail address: with the surname or the date of birth plainly
# different (CONTRADICTIONS) such a pair is at most "possible", whatever the identifier
# weighs. Several victims give the phone of the one who exploits them, a household one
# address; the shared value stays a reason the focal officer sees, not a link made for her.
# (Identity documents and IBANs are personal: a contradiction only keeps them from "certain".)
SHAREABLE: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "person": (("phone", (AGREE, DIGITS)), ("email", (AGREE,))),
}
# The probability shown for a pair that is not certain by rule: the model never knows more.
MAX_PROBABILITY = 0.99
# The probability shown for a pair that one of the rules above holds at "possible" although
# the model's probability reached "probable": the model's number is exactly what the rule
# does not trust (namesakes, a shared phone, one house), so the pair shows "undecided"; its
# reasons say what agrees. The weight, and so the order of candidates, is the model's.
HELD_PROBABILITY = 0.5
PRIOR_FLOOR = 1e-12
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
        "address": ((EXACT, AREA),),
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
    contradicted = any(vector.get(name) == DIFFERENT for name in CONTRADICTIONS.get(kind, ()))
    if not contradicted and any(vector.get(name) == AGREE for name in CERTAIN_FIELDS.get(kind, ())):
        return "certain"
    capped = any(vector.get(name) == level for name, level in AT_MOST_POSSIBLE.get(kind, ()))
    if contradicted and any(vector.get(name) in levels for name, levels in SHAREABLE.get(kind, ())):
        capped = True
    place = PLACE_IS_NO_PERSON.get(kind)
    if place is not None and vector.get(place[0]) in (EXACT, AREA):
        _field, names, (anchor, anchored) = place
        differs = any(vector.get(name) == "different" for name in names)
        capped = capped or (differs and vector.get(anchor) not in anchored)
    names_only = NAME_IS_NO_PERSON.get(kind)
    if names_only is not None and not capped:
        capped = not _corroborated(vector, names_only, params.kinds[kind])
    if p >= params.probable and not capped:
        return "probable"
    if p >= params.possible:
        return "possible"
    return None


def _corroborated(vector: dict[str, str], names: frozenset[str], kind: KindParameters) -> bool:
    """Some scored field besides the names agrees, fully or in part, at a level the model
    counts for a match (a date with one part off is evidence where records of one person
    often carry it, and against where they rarely do: the parameters in use say which)."""
    return any(
        level not in NOT_CORROBORATING and (kind.field_weight(name, level) or 0.0) > 0
        for name, level in vector.items()
        if name not in names
    )


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
    if tier == "certain":
        shown = p
    elif tier == "possible" and p >= params.probable:
        shown = min(p, HELD_PROBABILITY)
    else:
        shown = min(p, MAX_PROBABILITY)
    return Score(
        weight=weight,
        probability=shown,
        tier=tier,
        reasons=[(name, level) for name, level, _w in evidence],
    )


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
