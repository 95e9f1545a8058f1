"""The matching step, independent of storage: given a new trace and an index of earlier traces
by blocking key, which earlier traces are candidates, decided by :func:`link.link`.

The engine (``stacking/engine.py``) runs this against the database index (``TraceKey``); the
benchmark (``bench/stacking``) and ``manage.py stacking_dedupe`` run it against
:class:`MemoryIndex`. All use the same keys (``link.entry_keys``), the same cap on over-common
keys and the same decision per pair, so the benchmark measures the engine.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Protocol

from .link import Entry, entry_keys, entry_of, link
from .records import Record
from .scoring import Parameters, Score, default_parameters

# A key shared by more earlier records than this is too common to compare on (e.g. a shared
# office phone number); the other keys of the record still block.
MAX_KEY_MEMBERS = 200
# At most this many candidates are scored per record, the ones sharing the most keys first.
MAX_CANDIDATES = 300


class Index(Protocol):
    def members(self, key: str) -> list[Hashable]: ...

    def entry(self, ident: Hashable) -> Entry: ...


@dataclass(frozen=True)
class Match:
    ident: Hashable
    score: Score


def candidates(
    record: Record | Entry,
    index: Index,
    *,
    keys: Iterable[str] | None = None,
    exclude: set[Hashable] | None = None,
    params: Parameters | None = None,
) -> list[Match]:
    """Earlier traces that share a key with ``record`` and get a tier, best first."""
    params = params or default_parameters()
    entry = record if isinstance(record, Entry) else entry_of(record)
    shared: dict[Hashable, int] = {}
    for key in keys if keys is not None else entry_keys(entry):
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
        result = link(entry, index.entry(ident), params)
        if result.tier is not None:
            found.append(Match(ident, result))
    found.sort(key=lambda match: -match.score.weight)
    return found


class MemoryIndex:
    """An in-memory index of traces by key (the benchmark, ``stacking_dedupe``, tests)."""

    def __init__(self) -> None:
        self._keys: dict[str, list[Hashable]] = {}
        self._entries: dict[Hashable, Entry] = {}

    def members(self, key: str) -> list[Hashable]:
        return self._keys.get(key, [])

    def entry(self, ident: Hashable) -> Entry:
        return self._entries[ident]

    def record(self, ident: Hashable) -> Record | None:
        return self._entries[ident].record

    def add(self, ident: Hashable, record: Record | Entry) -> set[str]:
        entry = record if isinstance(record, Entry) else entry_of(record)
        keys = entry_keys(entry)
        self._entries[ident] = entry
        for key in keys:
            self._keys.setdefault(key, []).append(ident)
        return keys

    def match_and_add(
        self, ident: Hashable, record: Record | Entry, params: Parameters | None = None
    ) -> list[Match]:
        """Propose candidates for a new trace, then file it: the incremental step."""
        entry = record if isinstance(record, Entry) else entry_of(record)
        found = candidates(entry, self, keys=entry_keys(entry), params=params)
        self.add(ident, entry)
        return found
