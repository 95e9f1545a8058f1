"""Reads of monitoring that are not figures: the reference figures an area shows."""

from __future__ import annotations

from typing import Any

from .areas import Area
from .models import ReferenceFigure


def references_for(area: Area) -> list[ReferenceFigure]:
    """The reference figures kept by the area's municipalities, each figure once."""
    seen: dict[tuple[Any, ...], ReferenceFigure] = {}
    for row in ReferenceFigure.objects.filter(municipality_id__in=area.members):
        seen.setdefault((row.figure, row.year, row.area, row.value_low, row.value_high), row)
    return sorted(seen.values(), key=lambda r: (-r.year, r.area, r.figure))
