"""Blocking over a list of records in memory (for estimating parameters and for benchmarks);
the engine does the same against the database index (``TraceKey``)."""

from __future__ import annotations

from collections.abc import Sequence

from .blocking import blocking_keys
from .records import Record

# A key shared by more records than this is too common to block on (e.g. one postcode area).
MAX_BLOCK = 200


def blocked_pairs(
    records: Sequence[Record],
    *,
    max_block: int = MAX_BLOCK,
    prefixes: tuple[str, ...] = (),
) -> list[tuple[int, int]]:
    """Pairs (i < j) of records of the same kind that share at least one blocking key (only
    keys of the given kinds, e.g. ``("dob",)``, when ``prefixes`` is given)."""
    index: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        for key in blocking_keys(record):
            if prefixes and key.split(":", 1)[0] not in prefixes:
                continue
            index.setdefault(f"{type(record).__name__}|{key}", []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > max_block:
            continue
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)
