"""The meeting types as data (``data/meeting-types.json``), in one place: who leads each kind of
signalling meeting, the legal basis or covenant under which it discusses cases, and what that
basis lets attendees from outside the municipality see. A region changes a type there; each
type names the policy document and section it comes from (the local undermining meeting: seed
004_0e82b480fca28818.txt §5.5.1 and seed 002_f9bb08b28be3f2cb.txt annex 1 step 3; the location
route: seed 000_a1f13d5d9f6634fb.txt §2.4; the region's tables: seed 003_7eb11e2830c5e158.txt
§1.9)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

_FILE = Path(__file__).parent / "data" / "meeting-types.json"

# What a type's basis may add for attendees from outside the municipality.
OUTSIDE_FIELDS = frozenset({"perpetrators", "victims"})


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


@dataclass(frozen=True)
class MeetingType:
    code: str
    label: str  # Dutch
    label_en: str
    led_by: str
    led_by_en: str
    basis: str
    basis_en: str
    personal_data: bool
    outside_fields: frozenset[str]
    victims_inside: bool
    source_ref: str

    @property
    def shown(self) -> str:
        return self.label_en if _english() else self.label

    @property
    def basis_shown(self) -> str:
        return self.basis_en if _english() else self.basis

    @property
    def led_by_shown(self) -> str:
        return self.led_by_en if _english() else self.led_by

    def outside_may_see(self, field: str) -> bool:
        """Whether attendees from outside the municipality see ``field`` (personal data only
        where the basis allows it)."""
        return self.personal_data and field in self.outside_fields


@dataclass(frozen=True)
class MeetingTypes:
    version: str
    types: tuple[MeetingType, ...]

    def get(self, code: str) -> MeetingType | None:
        return next((t for t in self.types if t.code == code), None)

    def choices(self) -> list[tuple[str, str]]:
        return [(t.code, t.shown) for t in self.types]

    def codes(self) -> set[str]:
        return {t.code for t in self.types}


@cache
def meeting_types() -> MeetingTypes:
    raw = json.loads(_FILE.read_text(encoding="utf-8"))
    types = []
    for entry in raw["types"]:
        fields = frozenset(entry.pop("outside_fields"))
        if fields - OUTSIDE_FIELDS:
            raise ValueError(f"unknown outside field in meeting type {entry['code']}")
        types.append(MeetingType(outside_fields=fields, **entry))
    return MeetingTypes(version=str(raw["version"]), types=tuple(types))
