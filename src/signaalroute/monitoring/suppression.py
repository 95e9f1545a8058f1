"""Small-number suppression (kleine-aantallen-beveiliging): the one function every figure that
leaves the focal officers goes through.

* **Primary**: a count from 1 to ``threshold - 1`` (default 1 to 4) is not shown; it reads "< 5".
* **Secondary**: figures add up — a year is its quarters, a total is its categories, a region is
  its municipalities. When exactly one member of such a sum is hidden, it could be worked out
  from the others, so one more member is hidden: the smallest non-zero part, else a zero part,
  else the total. Repeated until no sum has exactly one hidden member.
* **Known**: cells the viewer may see exactly (a focal officer's own municipality) are never
  hidden, and never count as a cover: a sum whose only other hidden member is known to the
  viewer would give the hidden one away, so another is hidden instead.

Every view (a quarter, a year, a filter on a municipality or a group) is cut from one table
suppressed as a whole, so the difference between two filters is a sum that was protected too.
What this does not do is a full audit of linear derivability (as tau-Argus' optimal methods
would); the "no single hidden member in any sum" rule is the common practice for tables of this
size, and docs/monitoring.md says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

THRESHOLD = 5


@dataclass(frozen=True)
class Sum:
    """``total`` equals the sum of ``parts`` (all keys of the table)."""

    total: Hashable
    parts: tuple[Hashable, ...]


def suppress(
    counts: Mapping[Any, int],
    sums: Iterable[Sum] = (),
    *,
    known: Iterable[Any] = (),
    threshold: int = THRESHOLD,
) -> dict[Any, int | None]:
    """``counts`` with every hidden cell set to ``None``. Keys of a sum missing from ``counts``
    are taken as 0. Raises ValueError for a negative count."""
    if any(v < 0 for v in counts.values()):
        raise ValueError("counts cannot be negative")
    exact = set(known)
    hidden: set[Any] = {k for k, v in counts.items() if 0 < v < threshold and k not in exact}
    relations = [s for s in sums if s.parts]
    touching: dict[Hashable, list[int]] = defaultdict(list)
    for index, relation in enumerate(relations):
        for key in (relation.total, *relation.parts):
            touching[key].append(index)
    pending = set(range(len(relations)))
    while pending:
        relation = relations[pending.pop()]
        members = (relation.total, *relation.parts)
        if sum(1 for key in members if key in hidden) != 1:
            continue
        cover = _cover(relation, counts, hidden, exact)
        if cover is None:  # every other member is known to the viewer: nothing left to hide
            continue
        hidden.add(cover)
        pending.update(touching[cover])
    return {k: (None if k in hidden else v) for k, v in counts.items()}


def _cover(
    relation: Sum, counts: Mapping[Any, int], hidden: set[Any], exact: set[Any]
) -> Hashable | None:
    free = [p for p in relation.parts if p not in hidden and p not in exact]
    nonzero = [p for p in free if counts.get(p, 0) > 0]
    if nonzero:
        return min(nonzero, key=lambda p: (counts.get(p, 0), str(p)))
    if free:
        return free[0]
    if relation.total not in hidden and relation.total not in exact:
        return relation.total
    return None
