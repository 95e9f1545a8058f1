"""A candidate link as the focal officer's pages list it: why, in words (field and level), and
for a possible link the municipality's track record (``track_record.py``) in place of the
model's probability."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from .models import Candidate
from .traces import FIELD_LABELS
from .track_record import TrackRecord, track_records

# Comparison fields and levels, for the "why" of a proposed link.
REASON_LABELS: dict[str, Any] = {
    **FIELD_LABELS,
    "address": gettext_lazy("Address"),
    "phone": gettext_lazy("Telephone number"),
    "email": gettext_lazy("E-mail address"),
    "iban": gettext_lazy("IBAN"),
    "plate": gettext_lazy("Licence plate"),
    "id_document": gettext_lazy("Identity document"),
    "full_name": gettext_lazy("Full name"),
    "url": gettext_lazy("Web address"),
    "advert": gettext_lazy("Advert number"),
    "handle": gettext_lazy("Profile name"),
}
LEVEL_LABELS: dict[str, Any] = {
    "agree": gettext_lazy("the same"),
    "exact": gettext_lazy("the same"),
    "disagree": gettext_lazy("different"),
    "different": gettext_lazy("different"),
    "similar": gettext_lazy("similar"),
    "phonetic": gettext_lazy("sounds the same"),
    "initials": gettext_lazy("initials match"),
    "swapped": gettext_lazy("day and month swapped"),
    "typo": gettext_lazy("one digit differs"),
    "one-part": gettext_lazy("day, month or year differs"),
    "one-letter": gettext_lazy("one letter differs"),
    "digits": gettext_lazy("same digits, number not valid"),
    "year-only": gettext_lazy("same year"),
    "compatible": gettext_lazy("compatible"),
    "one-sided": gettext_lazy("given on one side only"),
    "number-only": gettext_lazy("same building, other letter or addition"),
    "area": gettext_lazy("same postcode area"),
    "near": gettext_lazy("within 100 m"),
    "close": gettext_lazy("within 1 km"),
    "far": gettext_lazy("far apart"),
}


def reason_lines(candidate: Candidate) -> list[str]:
    return [
        f"{REASON_LABELS.get(field, field)}: {LEVEL_LABELS.get(level, level)}"
        for field, level in candidate.reasons
    ]


def candidate_items(candidates: list[Candidate]) -> list[dict[str, Any]]:
    """The candidates as the pages list them: with their reasons in words and, for a possible
    link, the municipality's track record instead of the model's probability."""
    records = track_records({c.municipality_id for c in candidates}) if candidates else {}
    return [
        {
            "c": c,
            "reasons": reason_lines(c),
            "track": records.get((c.municipality_id, c.tier), TrackRecord(0, 0)),
        }
        for c in candidates
    ]
