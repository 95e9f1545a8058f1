"""The kinds of risk location and of control as data (``data/location-types.json``): a region
changes a list there, in one place; each entry names the policy document and section it comes
from (e.g. integral controls four times a year: seed 002 §3.4)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

_FILE = Path(__file__).parent / "data" / "location-types.json"


@dataclass(frozen=True)
class Entry:
    code: str
    label: str  # Dutch
    label_en: str
    source_ref: str
    times_per_year: int = 1

    @property
    def shown(self) -> str:
        return self.label_en if (get_language() or "nl").startswith("en") else self.label


@dataclass(frozen=True)
class Catalogue:
    version: str
    location_types: tuple[Entry, ...]
    control_kinds: tuple[Entry, ...]

    def choices(self, name: str) -> list[tuple[str, str]]:
        return [(e.code, e.shown) for e in getattr(self, name)]

    def label(self, name: str, code: str) -> str:
        entry = self.entry(name, code)
        return entry.shown if entry is not None else code

    def entry(self, name: str, code: str) -> Entry | None:
        return next((e for e in getattr(self, name) if e.code == code), None)

    def codes(self, name: str) -> set[str]:
        return {e.code for e in getattr(self, name)}


@cache
def catalogue() -> Catalogue:
    raw = json.loads(_FILE.read_text(encoding="utf-8"))
    return Catalogue(
        version=str(raw["version"]),
        location_types=tuple(Entry(**e) for e in raw["location_types"]),
        control_kinds=tuple(Entry(**e) for e in raw["control_kinds"]),
    )


def location_type_choices() -> list[tuple[str, str]]:
    return catalogue().choices("location_types")


def control_kind_choices() -> list[tuple[str, str]]:
    return catalogue().choices("control_kinds")
