"""What a signal is about, so it can be counted (``data/classification-v*.json``): the
vulnerable group(s) of the (possible) victim (kwetsbare groep) and the sector of labour
exploitation (sector). Lists as data, versioned like the indicator catalogue: a signal keeps the
version it was classified with, so a later list never relabels what was counted.

Every entry names the policy document and section it comes from (``source_ref``, shown to users
through ``core.sources.cite``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LISTS = ("vulnerable_groups", "sectors")
_CODE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Entry:
    code: str
    label: str  # Dutch
    label_en: str
    source_ref: str

    @property
    def shown(self) -> str:
        """The label in the language of the page (Dutch unless the page is English)."""
        return self.label_en if (get_language() or "nl").startswith("en") else self.label


@dataclass(frozen=True)
class Classification:
    version: str
    vulnerable_groups: tuple[Entry, ...]
    sectors: tuple[Entry, ...]
    _index: dict[str, dict[str, Entry]] = field(repr=False, compare=False)

    def entry(self, which: str, code: str) -> Entry | None:
        return self._index[which].get(code)

    def label(self, which: str, code: str) -> str:
        """The label of ``code``; a code this version does not know is shown as it is."""
        found = self.entry(which, code)
        return found.shown if found else code

    def unknown(self, which: str, codes: Iterable[str]) -> list[str]:
        return [c for c in dict.fromkeys(codes) if c not in self._index[which]]

    def choices(self, which: str) -> list[tuple[str, str]]:
        return [(e.code, e.shown) for e in getattr(self, which)]


def _build(text: str, origin: str) -> Classification:
    try:
        raw: dict[str, Any] = json.loads(text)
        lists = {key: tuple(Entry(**e) for e in raw[key]) for key in LISTS}
        errors = [] if isinstance(raw["version"], str) else ["version must be a string"]
        for key, entries in lists.items():
            codes = Counter(e.code for e in entries)
            errors += [f"{key}: duplicate code {c!r}" for c, n in codes.items() if n > 1]
            errors += [
                f"{key}: bad code {e.code!r}" for e in entries if not _CODE.fullmatch(e.code)
            ]
            errors += [
                f"{key}: {e.code!r} needs label and label_en"
                for e in entries
                if not (e.label and e.label_en)
            ]
        if errors:
            raise ValueError("\n- ".join([f"invalid classification {origin}:", *errors]))
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"invalid classification {origin}: {exc!r}") from exc
    index = {key: {e.code: e for e in entries} for key, entries in lists.items()}
    return Classification(raw["version"], lists["vulnerable_groups"], lists["sectors"], index)


@cache
def load_classification(version: str | None = None) -> Classification:
    """The shipped lists with ``version`` (the newest when ``None``)."""
    files = sorted(Path(__file__).with_name("data").glob("classification-v*.json"))
    found = [_build(f.read_text(encoding="utf-8"), f.name) for f in files]
    found = [c for c in found if version is None or c.version == version]
    if not found:
        raise ValueError(f"no classification for version {version!r}")
    return max(found, key=lambda c: [int(p) for p in re.findall(r"\d+", c.version)])


def classification_clean(
    *, vulnerable_groups: list[str], sector: str, migration: str
) -> dict[str, Any]:
    """The values as stored, or a ValidationError naming the field (codes from the newest
    lists; the intake form and the signal page both go through here)."""
    lists = load_classification()
    errors: dict[str, str] = {}
    if lists.unknown("vulnerable_groups", vulnerable_groups):
        errors["vulnerable_groups"] = _("Choose vulnerable groups from the list.")
    if sector and lists.unknown("sectors", [sector]):
        errors["sector"] = _("Choose a sector from the list.")
    if (migration or "unknown") not in ("yes", "no", "unknown"):
        errors["migration"] = _("Choose yes, no or unknown.")
    if errors:
        raise ValidationError(errors)
    return {
        "vulnerable_groups": list(dict.fromkeys(vulnerable_groups)),
        "sector": sector,
        "migration": migration or "unknown",
        "classification_version": lists.version,
    }
