"""The policy documents the product's rules come from, by the title users read.

Rules and advice cite their source as ``<file> <section>`` (e.g. routing rules,
``partners/routing/data/routing-defaults.json``); users never see the file names
(../shared/DOMAIN.md, "Where the product cites a seed to a user"). ``cite`` turns such a
citation into "document title, section". Change a title here; nothing else holds it.
"""

from __future__ import annotations

import re

DOCUMENT_TITLES: dict[str, str] = {
    "000_a1f13d5d9f6634fb.txt": "Uitvoeringsplan mensenhandel, gemeente Soest",
    "001_1cc0d1ead85ea8c6.txt": (
        "Beleid Aanpak Mensenhandel 2025, gemeenten Zeist, Bunnik, Leusden en Woudenberg"
    ),
    "002_f9bb08b28be3f2cb.txt": "Uitvoeringsplan Aanpak Mensenhandel, gemeente Montfoort",
    "003_7eb11e2830c5e158.txt": (
        "Rapportage Regionale Actiedag Aanpak Mensenhandel (RAAM) Midden-Nederland, 2024"
    ),
    "004_0e82b480fca28818.txt": "Beleid mensenhandel Midden-Delfland 2024",
}

# A document by its file name, or as "seed 002".
_FILE = re.compile(r"\b(\d{3})_[0-9a-f]{16}\.txt\b|\bseed\s+(\d{3})\b")
_BY_NUMBER = {name[:3]: title for name, title in DOCUMENT_TITLES.items()}


def cite(source: str) -> str:
    """ "000_a1f13d5d9f6634fb.txt §2.4; 002_f9bb08b28be3f2cb.txt bijlage 1" →
    "Uitvoeringsplan mensenhandel, gemeente Soest, §2.4; Uitvoeringsplan Aanpak
    Mensenhandel, gemeente Montfoort, bijlage 1". Text without a known document stays."""

    def title(match: re.Match[str]) -> str:
        found = _BY_NUMBER.get(match.group(1) or match.group(2))
        if found is None:
            return match.group(0)
        return found + ","

    parts = [_FILE.sub(title, part.strip(), count=1).rstrip(",") for part in source.split(";")]
    return "; ".join(p.replace(",,", ",") for p in parts if p)
