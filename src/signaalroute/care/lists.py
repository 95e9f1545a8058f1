"""The care lists as data (``data/care-lists.json``): shelter types (opvangsoorten) and the
provisions a municipality grants under the Wmo 2015 or the Jeugdwet. A region changes a list
there, in one place; each entry names the policy document and section it comes from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

_FILE = Path(__file__).parent / "data" / "care-lists.json"


@dataclass(frozen=True)
class CareEntry:
    code: str
    label: str  # Dutch
    label_en: str
    source_ref: str
    law: str = ""

    @property
    def shown(self) -> str:
        return self.label_en if (get_language() or "nl").startswith("en") else self.label


@dataclass(frozen=True)
class CareLists:
    version: str
    shelter_types: tuple[CareEntry, ...]
    provisions: tuple[CareEntry, ...]

    def choices(self, name: str) -> list[tuple[str, str]]:
        return [(e.code, e.shown) for e in getattr(self, name)]

    def label(self, name: str, code: str) -> str:
        for entry in getattr(self, name):
            if entry.code == code:
                return entry.shown
        return code

    def codes(self, name: str) -> set[str]:
        return {e.code for e in getattr(self, name)}


@cache
def care_lists() -> CareLists:
    raw = json.loads(_FILE.read_text(encoding="utf-8"))
    return CareLists(
        version=str(raw["version"]),
        shelter_types=tuple(CareEntry(**e) for e in raw["shelter_types"]),
        provisions=tuple(CareEntry(**e) for e in raw["provisions"]),
    )
