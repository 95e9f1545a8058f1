"""The indicator catalogue: versioned, sourced signs of human trafficking (``data/indicators-v*.json``).

* ``ilo_delphi``: ILO and European Commission, *Operational indicators of trafficking in human
  beings* (Delphi survey, 2009, WCMS_105023): one of six dimensions and a strength per target.
* ``nl_signal_list``: signs per form of exploitation named in the Dutch municipal policy documents
  (seeds 000-004); no dimension, strength or target.
Every indicator cites, by id, the entry in the file's ``sources`` where it was confirmed.
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

DIMENSIONS = (
    "deceptive_recruitment",
    "coercive_recruitment",
    "recruitment_abuse_of_vulnerability",
    "exploitative_conditions",
    "coercion_at_destination",
    "abuse_of_vulnerability_at_destination",
)
STRENGTHS = ("strong", "medium", "weak")
FORMS = ("sexual", "labour", "criminal", "organ_removal")
FAMILIES = ("ilo_delphi", "nl_signal_list")
TARGETS = ("adult", "child")
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KNOWN = (DIMENSIONS, STRENGTHS, TARGETS)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int | None
    url: str | None
    reference: str | None
    note: str | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str  # plain Dutch
    label_en: str  # for ILO: the original wording
    family: str
    forms: tuple[str, ...]
    target: str | None
    dimension: str | None
    strength: str | None
    source: str
    source_ref: str


Grouped = dict[str | None, tuple[Indicator, ...]]


@dataclass(frozen=True)
class Catalogue:
    version: str
    sources: tuple[Source, ...]
    indicators: tuple[Indicator, ...]
    by_code: dict[str, Indicator] = field(repr=False, compare=False)

    def for_forms(self, forms: Iterable[str]) -> Grouped:
        """Indicators for any of ``forms``, grouped by dimension in ``DIMENSIONS`` order (strong
        first); the Dutch signals last, under ``None``. ILO/EC 2009 covers labour and sexual."""
        if unknown := (wanted := set(forms)) - set(FORMS):
            raise ValueError(f"unknown form(s): {sorted(unknown)}")
        hits = [i for i in self.indicators if wanted & set(i.forms)]
        hits.sort(key=lambda i: STRENGTHS.index(i.strength) if i.strength else 0)
        groups = {d: tuple(i for i in hits if i.dimension == d) for d in (*DIMENSIONS, None)}
        return {d: group for d, group in groups.items() if group}

    def validate_codes(self, codes: Iterable[str]) -> list[str]:
        """The codes (in given order, once each) that this catalogue version does not know."""
        return list(dict.fromkeys(c for c in codes if c not in self.by_code))


def _problems(ind: dict[str, Any], source_ids: set[str]) -> list[str]:
    out = [] if _CODE.fullmatch(str(ind.get("code"))) else ["code must be lowercase ascii-words"]
    if not ind.get("label") or not ind.get("label_en"):
        out.append("label and label_en are required")
    if not isinstance(f := ind.get("forms"), list) or not f or not set(f) <= set(FORMS):
        out.append(f"forms must be a non-empty list from {FORMS}, got {f!r}")
    graded = {k: ind.get(k) for k in ("dimension", "strength", "target")}
    if ind.get("family") == "ilo_delphi":
        for (key, value), known in zip(graded.items(), _KNOWN, strict=True):
            out += [] if value in known else [f"unknown {key} {value!r}"]
    elif ind.get("family") == "nl_signal_list" and any(graded.values()):
        out.append("an nl_signal_list indicator has no dimension, strength or target")
    elif ind.get("family") not in FAMILIES:
        out.append(f"unknown family {ind.get('family')!r}")
    if ind.get("source") not in source_ids:
        out.append(f"unknown source {ind.get('source')!r}")
    return out


def _build(text: str, origin: str) -> Catalogue:
    try:
        raw = json.loads(text)
        srcs = tuple(Source(**s) for s in raw["sources"])
        ids, codes = [s.id for s in srcs], [i.get("code") for i in raw["indicators"]]
        errors = [] if isinstance(raw["version"], str) else ["version must be a string"]
        errors += [f"duplicate source id {i!r}" for i, n in Counter(ids).items() if n > 1]
        bare = [s.id for s in srcs if not (s.url or s.reference)]
        errors += [f"source {i!r}: needs a url or a reference" for i in bare]
        errors += [f"duplicate code {c!r}" for c, n in Counter(codes).items() if n > 1]
        for ind in raw["indicators"]:
            errors += [f"indicator {ind.get('code')!r}: {p}" for p in _problems(ind, set(ids))]
        if errors:
            raise ValueError("\n- ".join([f"invalid indicator catalogue {origin}:", *errors]))
        inds = tuple(Indicator(**{**i, "forms": tuple(i["forms"])}) for i in raw["indicators"])
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"invalid indicator catalogue {origin}: {exc!r}") from exc
    return Catalogue(raw["version"], srcs, inds, {i.code: i for i in inds})


@cache
def load_catalogue(version: str | None = None, path: Path | None = None) -> Catalogue:
    """Load and validate the catalogue file at ``path``, else the shipped file with ``version``
    (the newest when ``None``). Raises ValueError when it is invalid or not found."""
    if path is not None:
        cats = [_build(Path(path).read_text(encoding="utf-8"), str(path))]
    else:
        files = sorted(Path(__file__).with_name("data").glob("indicators-v*.json"))
        files = [f for f in files if not f.name.endswith(".labels.json")]  # indicator_labels.py
        cats = [_build(f.read_text(encoding="utf-8"), f.name) for f in files]
    cats = [c for c in cats if version is None or c.version == version]
    if not cats:
        raise ValueError(f"no indicator catalogue for version {version!r}")
    return max(cats, key=lambda c: [int(p) for p in re.findall(r"\d+", c.version)])


def for_forms(forms: Iterable[str], version: str | None = None) -> Grouped:
    """Shortcut for ``load_catalogue(version).for_forms(forms)``."""
    return load_catalogue(version).for_forms(forms)


def validate_codes(codes: Iterable[str], version: str | None = None) -> list[str]:
    """The indicator codes unknown to catalogue ``version`` (the newest when ``None``)."""
    return load_catalogue(version).validate_codes(codes)
