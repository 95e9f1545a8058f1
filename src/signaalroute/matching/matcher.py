"""The matching step, independent of storage: given a new record and an index of earlier records
by blocking key, which earlier records are candidates, scored and tiered.

The engine (``stacking/engine.py``) runs this against the database index (``TraceKey``); the
benchmark (``bench/stacking``) runs it against :class:`MemoryIndex`. Both use the same blocking
keys, the same cap on over-common keys and the same scorer, so the benchmark measures the engine.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Protocol

from .blocking import blocking_keys
from .records import Record
from .scoring import KIND_OF, Parameters, Score, default_parameters, score

# A key shared by more earlier records than this is too common to compare on (e.g. a shared
# office phone number); the other keys of the record still block.
MAX_KEY_MEMBERS = 200
# At most this many candidates are scored per record, the ones sharing the most keys first.
MAX_CANDIDATES = 300


class Index(Protocol):
    def members(self, key: str) -> list[Hashable]: ...

    def record(self, ident: Hashable) -> Record: ...


@dataclass(frozen=True)
class Match:
    ident: Hashable
    score: Score


def candidates(
    record: Record,
    index: Index,
    *,
    keys: Iterable[str] | None = None,
    exclude: set[Hashable] | None = None,
    params: Parameters | None = None,
) -> list[Match]:
    """Earlier records that share a blocking key with ``record`` and score a tier, best first."""
    params = params or default_parameters()
    kind = KIND_OF[type(record)]
    shared: dict[Hashable, int] = {}
    for key in keys if keys is not None else blocking_keys(record):
        members = index.members(key)
        if len(members) > MAX_KEY_MEMBERS:
            continue
        for ident in members:
            shared[ident] = shared.get(ident, 0) + 1
    for ident in exclude or ():
        shared.pop(ident, None)
    ranked = sorted(shared, key=lambda ident: -shared[ident])[:MAX_CANDIDATES]
    found = []
    for ident in ranked:
        other = index.record(ident)
        if KIND_OF[type(other)] != kind:
            continue
        result = score(record, other, params)
        if result.tier is not None:
            found.append(Match(ident, result))
    found.sort(key=lambda match: -match.score.weight)
    return found


class MemoryIndex:
    """An in-memory index of records by blocking key (for the benchmark and for tests)."""

    def __init__(self) -> None:
        self._keys: dict[str, list[Hashable]] = {}
        self._records: dict[Hashable, Record] = {}

    def members(self, key: str) -> list[Hashable]:
        return self._keys.get(f"{key}", [])

    def record(self, ident: Hashable) -> Record:
        return self._records[ident]

    def add(self, ident: Hashable, record: Record) -> set[str]:
        keys = {f"{KIND_OF[type(record)]}|{key}" for key in blocking_keys(record)}
        self._records[ident] = record
        for key in keys:
            self._keys.setdefault(key, []).append(ident)
        return keys

    def match_and_add(
        self, ident: Hashable, record: Record, params: Parameters | None = None
    ) -> list[Match]:
        """Propose candidates for a new record, then file it: the incremental step."""
        keys = {f"{KIND_OF[type(record)]}|{key}" for key in blocking_keys(record)}
        found = candidates(record, self, keys=keys, params=params)
        self.add(ident, record)
        return found
