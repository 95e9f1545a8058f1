"""The one decision on a pair of traces: which tier, with what probability, and why.

A trace is an :class:`Entry`: its kind (person, address, organisation, vehicle, online), its
record when the kind has a Fellegi-Sunter model (``scoring.KIND_OF``), and its exact identifiers
as blocking keys (``"phone:+31612345678"``). :func:`link` decides a pair; everything that
proposes candidates calls it: the engine against the database (``stacking/engine.py``), the
memory index (``matcher.MemoryIndex``), the benchmark (``bench/stacking/ours.py``) and
``manage.py stacking_dedupe``. They differ only in where the earlier traces are kept.

The rules, in order:

* two traces of one scored kind: the scorer decides (``scoring.score``). A shared phone or
  e-mail address makes the pair "certain" there only when names and dates of birth do not
  contradict it (``scoring.CONTRADICTIONS``); a shared identifier never overrides that;
  When the scorer proposes nothing but the two share an identifier, the pair is "possible"
  with the shared identifier first among its reasons: two different people on one phone (a
  landlord's number, one controller's phone on several victims' records) are not one person,
  but that they share it is worth the focal officer's eye;
* two traces of one identifier-only kind (two adverts, two vehicles) that share an identifier:
  "certain", the identifier is all they are;
* two traces of different kinds that share an identifier (an advert's phone and a person's
  phone): "possible", with the shared identifier as the reason. That the person placed the
  advert is for the focal officer to decide, never an automatic certain link.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .blocking import blocking_keys
from .records import Record
from .scoring import KIND_OF, Parameters, Score, default_parameters, probability, score

#: The match weight of two identifier-only traces sharing an identifier (probability 1).
IDENTIFIER_WEIGHT = 30.0
#: Prefix of the keys under which exact identifiers of any kind of trace are filed.
IDENTIFIER_PREFIX = "id|"


@dataclass(frozen=True, slots=True)
class Entry:
    """One trace as the matcher sees it.

    ``record`` is None for kinds without a model (vehicle, online); ``identifiers`` are the
    trace's exact identifiers as blocking keys (``blocking.identifier_key``), the values that
    may meet a trace of another kind.
    """

    kind: str
    record: Record | None = None
    identifiers: frozenset[str] = frozenset()


def entry_of(record: Record, identifiers: Iterable[str] = ()) -> Entry:
    """The entry of a scored record (its kind taken from the record's type)."""
    return Entry(KIND_OF[type(record)], record, frozenset(identifiers))


def entry_keys(entry: Entry) -> set[str]:
    """The keys an entry is filed under: ``"<kind>|<blocking key>"`` for the record's own
    blocking keys (met by the same kind only) and ``"id|<identifier>"`` for its identifiers
    (met by any kind)."""
    keys = (
        {f"{entry.kind}|{key}" for key in blocking_keys(entry.record)}
        if entry.record is not None
        else set()
    )
    return keys | {IDENTIFIER_PREFIX + key for key in entry.identifiers}


def _identifier_reasons(shared: Iterable[str]) -> list[tuple[str, str]]:
    kinds = dict.fromkeys(sorted(key.split(":", 1)[0] for key in shared))
    return [(kind, "agree") for kind in kinds]


def link(a: Entry, b: Entry, params: Parameters | None = None) -> Score:
    """Decide the pair ``a``, ``b``: a :class:`scoring.Score` whose ``tier`` is None when the
    pair is not to be proposed. Symmetric in ``a`` and ``b``."""
    params = params or default_parameters()
    shared = a.identifiers & b.identifiers
    if a.kind == b.kind and a.record is not None and b.record is not None:
        scored = score(a.record, b.record, params)
        if scored.tier is not None or not shared:
            return scored
        reasons = _identifier_reasons(shared)
        return _possible(params, reasons + [r for r in scored.reasons if r not in reasons])
    if not shared:
        return Score(weight=-math.inf, probability=0.0, tier=None, reasons=[])
    reasons = _identifier_reasons(shared)
    if a.kind == b.kind:
        return Score(IDENTIFIER_WEIGHT, probability(IDENTIFIER_WEIGHT), "certain", reasons)
    # Different kinds: a candidate at the threshold of "possible", for the officer to weigh.
    return _possible(params, reasons)


def _possible(params: Parameters, reasons: list[tuple[str, str]]) -> Score:
    """A candidate at the threshold of "possible": never counted as a stack, always shown."""
    possible = min(max(params.possible, 1e-6), 1 - 1e-6)
    weight = math.log2(possible / (1 - possible))
    return Score(weight, probability(weight), "possible", reasons)
