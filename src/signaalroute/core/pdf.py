"""PDFs made with Typst (PyPI package ``typst``: no network, its own embedded fonts, so the same
data and moment give the same bytes). A template reads its data from ``sys.inputs.data`` as
JSON and sets every string as text: nothing in the data is read as markup."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def render_typst(template: Path, data: dict[str, Any], moment: dt.datetime | None = None) -> bytes:
    import typst

    return typst.compile(
        template.read_bytes(),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        timestamp=int((moment or EPOCH).timestamp()),
    )
