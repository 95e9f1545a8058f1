"""Indicator labels in more languages than the catalogue's Dutch and English.

The catalogue (``data/indicators-v*.json``) is versioned and carries ``label`` (Dutch) and
``label_en`` (English). The public form also speaks Polish, Romanian and Bulgarian; their labels
live beside the catalogue in ``data/indicators-v*.labels.json`` (code → language → label, for
one ``catalogue_version``), so a translation never changes the catalogue. Those translations are
to be checked by a native speaker before production (the file's ``description`` says so).
:func:`indicator_label` is the one place that chooses the label shown for a language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from .indicators import Indicator, load_catalogue

DATA = Path(__file__).with_name("data")
CATALOGUE_LANGUAGES = ("nl", "en")  # in the catalogue itself: label and label_en


@dataclass(frozen=True)
class IndicatorLabels:
    catalogue_version: str
    languages: tuple[str, ...]
    labels: Mapping[str, Mapping[str, str]]  # code → language → label


def _build(text: str, origin: str) -> IndicatorLabels:
    try:
        raw = json.loads(text)
        version, languages, labels = raw["catalogue_version"], raw["languages"], raw["labels"]
        codes = load_catalogue(version).by_code  # ValueError when no catalogue has the version
        errors = [] if raw.get("description") else ["a description is required"]
        if not languages or any(
            not isinstance(lang, str) or lang in CATALOGUE_LANGUAGES for lang in languages
        ):
            errors.append(f"languages must name languages other than {CATALOGUE_LANGUAGES}")
        for code, entry in labels.items():
            if code not in codes:
                errors.append(f"unknown code {code!r} (not in catalogue {version})")
            elif set(entry) != set(languages):
                errors.append(f"{code!r}: needs exactly the languages {languages}")
            elif not all(isinstance(t, str) and t.strip() for t in entry.values()):
                errors.append(f"{code!r}: every label must be non-empty text")
        if errors:
            raise ValueError("\n- ".join([f"invalid indicator labels {origin}:", *errors]))
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"invalid indicator labels {origin}: {exc!r}") from exc
    return IndicatorLabels(version, tuple(languages), labels)


@cache
def load_indicator_labels(version: str | None = None, path: Path | None = None) -> IndicatorLabels:
    """The validated labels file at ``path``, else the shipped one for catalogue ``version``
    (the newest catalogue when ``None``); empty when none is shipped for it. Raises ValueError
    when a file is invalid: it names an unknown code, misses a language, or has an empty label."""
    if path is not None:
        return _build(Path(path).read_text(encoding="utf-8"), str(path))
    version = version or load_catalogue().version
    files = sorted(DATA.glob("indicators-v*.labels.json"))
    found = [_build(f.read_text(encoding="utf-8"), f.name) for f in files]
    return next(
        (f for f in found if f.catalogue_version == version), IndicatorLabels(version, (), {})
    )


def indicator_label(
    indicator: Indicator, language: str | None = None, *, version: str | None = None
) -> str:
    """The label of ``indicator`` (from catalogue ``version``, the newest when ``None``) in
    ``language`` (the active language when ``None``): Dutch and English from the catalogue, the
    other languages from the labels file, and English for any language without a label."""
    language = (language or get_language() or "nl").split("-")[0].lower()
    if language == "nl":
        return indicator.label
    translated = load_indicator_labels(version).labels.get(indicator.code, {})
    return translated.get(language) or indicator.label_en
