"""Term-frequency adjustment of the Fellegi-Sunter weights (as Splink does).

An exact agreement on a common name is weaker evidence than on a rare one. ``u`` of an exact
match on value v becomes the share of v among the index's records, smoothed towards the average
``u`` with :data:`TF_PSEUDO_RECORDS` pseudo-records (a small index says little about
frequencies) and at most :data:`TF_MAX_BONUS` bits stronger than the average exact match (a
name seen once is not proof). ``scoring.score`` applies it when the parameters carry
frequencies (``Parameters.with_frequencies``).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .compare import surname_of
from .normalise import normalise_name
from .records import PersonRecord, Record

# The fields adjusted; the pseudo-records that smooth a value's share towards the average ``u``;
# the most bits an exact match on a rare value may weigh above the average exact match.
TF_FIELDS = ("given_names", "surname")
TF_PSEUDO_RECORDS = 500.0
TF_MAX_BONUS = 3.0


@dataclass
class TermFrequencies:
    """How often each normalised given name and surname occurs among an index's persons.

    Built from the records themselves (:meth:`from_records`) or kept up to date as records
    are filed (:meth:`add`); pass it in ``scoring.Parameters`` (``Parameters.with_frequencies``).
    ``keyed``, when given, turns each name into the token it is counted under (a keyed hash,
    so that a stored table of frequencies holds no names: ``stacking.learning``).
    """

    counts: dict[str, Counter[str]] = dataclasses.field(
        default_factory=lambda: {name: Counter() for name in TF_FIELDS}
    )
    persons: int = 0
    keyed: Callable[[str], str] | None = None

    def _token(self, value: str) -> str:
        return self.keyed(value) if self.keyed is not None else value

    def as_json(self) -> dict[str, Any]:
        return {"persons": self.persons, **{name: dict(self.counts[name]) for name in TF_FIELDS}}

    @classmethod
    def from_json(
        cls, data: dict[str, Any], keyed: Callable[[str], str] | None = None
    ) -> TermFrequencies:
        counts = {name: Counter(data.get(name, {})) for name in TF_FIELDS}
        return cls(counts=counts, persons=int(data.get("persons", 0)), keyed=keyed)

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
                self.counts[name][self._token(value)] += 1

    @classmethod
    def from_records(
        cls, records: Iterable[Record], keyed: Callable[[str], str] | None = None
    ) -> TermFrequencies:
        frequencies = cls(keyed=keyed)
        for record in records:
            frequencies.add(record)
        return frequencies

    def exact_weight(self, name: str, value: str | None, m: float, u: float) -> float | None:
        """The term-frequency adjusted weight of an exact match on ``value``, or ``None``."""
        if not value or name not in self.counts:
            return None
        share = (self.counts[name][self._token(value)] + TF_PSEUDO_RECORDS * u) / (
            self.persons + TF_PSEUDO_RECORDS
        )
        share = max(share, u / 2**TF_MAX_BONUS)
        return math.log2(m / share)
