"""The focal officers' track record (trefzekerheid): of the proposals of one tier that were
decided in a municipality, how many were confirmed.

The model's probability is checked for "probable" (the benchmark's reliability table: at least
0.98 of such pairs are true links) but not for "possible": there the pairs the model calls 0.5
to 0.99 are 1 to 45 % true links on the labelled sets. So the pages show no probability for a
possible link; they show this track record instead, a figure about the municipality's own
signals that cannot claim more than was seen. A link undone after it was confirmed counts as
decided, not as confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from .models import Candidate, CandidateStatus

# Decisions needed before a share is shown: fewer say more about chance than about the links.
TRACK_RECORD_MIN = 10


@dataclass(frozen=True)
class TrackRecord:
    confirmed: int
    decided: int

    @property
    def enough(self) -> bool:
        return self.decided >= TRACK_RECORD_MIN


def track_records(municipality_ids: Iterable[Any]) -> dict[tuple[Any, str], TrackRecord]:
    """(municipality id, tier) → its track record, for the given municipalities (one query;
    counts only, no personal data). Callers pass the municipalities the user handles."""
    rows = (
        Candidate.objects.filter(municipality_id__in=set(municipality_ids))
        .exclude(status=CandidateStatus.PROPOSED)
        .order_by()  # no ordering columns in the grouping
        .values("municipality_id", "tier")
        .annotate(
            decided=Count("id"),
            confirmed=Count("id", filter=Q(status=CandidateStatus.CONFIRMED)),
        )
    )
    return {
        (row["municipality_id"], row["tier"]): TrackRecord(row["confirmed"], row["decided"])
        for row in rows
    }
