"""The retention table (``data/retention.json``) and one rule's months for a municipality: read
by the retention run (``retention``) and by the index rules (``retention_index``), which the
run imports, so it lives apart from both."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .models import RetentionSetting


@cache
def table() -> tuple[dict[str, Any], ...]:
    raw = json.loads(Path(__file__).with_name("data").joinpath("retention.json").read_text())
    return tuple(raw["rules"])


def rule_months(code: str, municipality_id: Any) -> int | None:
    """One rule's months for one municipality (its own, else the table's default)."""
    own = RetentionSetting.objects.filter(municipality_id=municipality_id, code=code).first()
    if own is not None:
        return own.months
    return next(r["months"] for r in table() if r["code"] == code)
