"""The intervention catalogue (interventies) as data (``data/interventions.json``): each kind
with the barrier it raises by default (the barrier model: entry and identity, housing, work,
finances; seed 001_1cc0d1ead85ea8c6.txt §4.1.3), its own required fields, and whether it takes
partners with a checklist (an integral control), a period (a closure) or the privacy officer's
sign-off before it is done (an online ad check). A region changes the catalogue there."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

_FILE = Path(__file__).parent / "data" / "interventions.json"


def _shown(nl: str, en: str) -> str:
    return en if (get_language() or "nl").startswith("en") else nl


@dataclass(frozen=True)
class Field:
    key: str
    label_nl: str
    label_en: str
    type: str  # text | textarea
    required: bool

    @property
    def label(self) -> str:
        return _shown(self.label_nl, self.label_en)


@dataclass(frozen=True)
class Kind:
    code: str
    label_nl: str
    label_en: str
    barrier: str
    source_ref: str
    fields: tuple[Field, ...] = ()
    partners: bool = False  # joined by partners, with findings per partner and a checklist
    checklist: bool = False
    period: bool = False  # a start and an end (a closure)
    signoff: bool = False  # the privacy officer signs off before it is done

    @property
    def label(self) -> str:
        return _shown(self.label_nl, self.label_en)


@dataclass(frozen=True)
class Barrier:
    code: str
    label_nl: str
    label_en: str
    source_ref: str

    @property
    def label(self) -> str:
        return _shown(self.label_nl, self.label_en)


@dataclass(frozen=True)
class Catalogue:
    version: str
    kinds: tuple[Kind, ...]
    barriers: tuple[Barrier, ...]
    by_code: dict[str, Kind] = field(default_factory=dict)

    def kind(self, code: str) -> Kind | None:
        return self.by_code.get(code)

    def barrier_label(self, code: str) -> str:
        return next((b.label for b in self.barriers if b.code == code), code)


@cache
def catalogue() -> Catalogue:
    raw = json.loads(_FILE.read_text(encoding="utf-8"))
    kinds = tuple(
        Kind(
            code=k["code"],
            label_nl=k["label"],
            label_en=k["label_en"],
            barrier=k["barrier"],
            source_ref=k["source_ref"],
            fields=tuple(
                Field(f["key"], f["label"], f["label_en"], f["type"], bool(f["required"]))
                for f in k.get("fields", [])
            ),
            partners=bool(k.get("partners")),
            checklist=bool(k.get("checklist")),
            period=bool(k.get("period")),
            signoff=bool(k.get("signoff")),
        )
        for k in raw["kinds"]
    )
    barriers = tuple(
        Barrier(b["code"], b["label"], b["label_en"], b["source_ref"]) for b in raw["barriers"]
    )
    return Catalogue(str(raw["version"]), kinds, barriers, {k.code: k for k in kinds})
