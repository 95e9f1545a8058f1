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

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
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
    keys = list(counts)
    values = list(counts.values())
    number = {key: i for i, key in enumerate(keys)}

    def cell(key: Any) -> int:
        if key not in number:  # a key of a sum that is not in the table: a cell of 0
            number[key] = len(keys)
            keys.append(key)
            values.append(0)
        return number[key]

    relations = [tuple(map(cell, (s.total, *s.parts))) for s in sums if s.parts]
    table = SuppressionTable(values, relations, lambda i: str(keys[i]))
    hidden = table.hidden([[number[key] for key in known if key in number]], threshold=threshold)
    return {key: None if hidden[i] else value for i, (key, value) in enumerate(counts.items())}


class SuppressionTable:
    """A table with its sums, the cells numbered: ``values[i]`` is the count of cell ``i``
    (``label(i)`` its key as text, for the tie-break), each relation a tuple of cell numbers,
    the total first and then its parts. Built once, it can be suppressed for several readers.

    The algorithm (``hidden``), for one reader who knows some cells exactly:

    1. For every cell, the sums it is a member of (``touching``), made once per table.
    2. Primary: each count from 1 to ``threshold - 1`` the reader does not know is hidden.
       Hiding a cell adds one to ``hidden_in`` of every sum it is a member of.
    3. Secondary: a work-list holds the sums with exactly one hidden member (first in the
       order they were given). For each, if it still has exactly one, one more member is
       hidden (the cover: the smallest non-zero part, ties broken by the key's text, else the
       first zero part, else the total; never a cell the reader knows). Hiding the cover can
       bring other sums to exactly one hidden member: they join the end of the work-list.
       A hidden cell stays hidden, so a sum reaches "exactly one" once and leaves it for good
       when a second member is hidden: each sum is handled at most once, and the work grows
       with the size of the table and its sums, not with the number of rounds.
    4. A sum whose other members are all known to the reader keeps its one hidden member:
       there is nothing left to hide (and the reader knows those cells already).

    At the end no sum has exactly one hidden member, except as in 4. For several readers, a
    cell hidden for any of them is hidden for all.
    """

    def __init__(
        self,
        values: Sequence[int],
        relations: Sequence[tuple[int, ...]],
        label: Callable[[int], str] = str,
    ) -> None:
        if any(v < 0 for v in values):
            raise ValueError("counts cannot be negative")
        self.label = label
        self.values = values
        self.relations = relations
        # The sums cell i is a member of: touching[start[i]:start[i + 1]]. One flat list rather
        # than a list per cell: tens of thousands of small lists cost the garbage collector.
        # A member named twice in a sum counts twice, as it does in the sum.
        start = [0] * (len(values) + 1)
        for members in relations:
            for i in members:
                start[i + 1] += 1
        for i in range(len(values)):
            start[i + 1] += start[i]
        self.start = start
        self.touching = [0] * start[-1]
        free = start[:-1]
        for r, members in enumerate(relations):
            for i in members:
                self.touching[free[i]] = r
                free[i] += 1

    def hidden(self, readers: Iterable[Iterable[int]], *, threshold: int = THRESHOLD) -> bytearray:
        """Per cell 1 if it is hidden for any of ``readers`` (each: the cells it knows)."""
        hidden = bytearray(len(self.values))
        for known in readers:
            for i, flag in enumerate(self._hidden(known, threshold)):
                if flag:
                    hidden[i] = 1
        return hidden

    def _hidden(self, known: Iterable[int], threshold: int) -> bytearray:
        values, start, touching, relations = self.values, self.start, self.touching, self.relations
        exact = bytearray(len(values))
        for i in known:
            exact[i] = 1
        hidden = bytearray(len(values))
        hidden_in = [0] * len(relations)
        work: deque[int] = deque()

        def hide(i: int) -> None:
            hidden[i] = 1
            for r in touching[start[i] : start[i + 1]]:
                hidden_in[r] += 1
                if hidden_in[r] == 1:
                    work.append(r)

        for i, value in enumerate(values):
            if 0 < value < threshold and not exact[i]:
                hide(i)
        pending = sorted(set(work))  # the sums in the order they were given
        work.clear()
        work.extend(pending)
        while work:
            r = work.popleft()
            if hidden_in[r] != 1:
                continue
            cover = self._cover(relations[r], hidden, exact)
            if cover is not None:
                hide(cover)
        return hidden

    def _cover(self, members: tuple[int, ...], hidden: bytearray, exact: bytearray) -> int | None:
        """The member to hide next to the one hidden member of ``members`` (total first)."""
        values = self.values
        smallest: int | None = None
        zero: int | None = None
        for p in members[1:]:
            if hidden[p] or exact[p]:
                continue
            value = values[p]
            if value == 0:
                if zero is None:
                    zero = p
            elif smallest is None or self._smaller(p, smallest):
                smallest = p
        if smallest is not None:
            return smallest
        if zero is not None:
            return zero
        total = members[0]
        if not hidden[total] and not exact[total]:
            return total
        return None

    def _smaller(self, p: int, q: int) -> bool:
        """Cell ``p`` is the better cover than ``q``: a smaller count, or the same count and a
        key that sorts first as text (so the choice does not depend on the order of parts)."""
        if self.values[p] != self.values[q]:
            return self.values[p] < self.values[q]
        return self.label(p) < self.label(q)
