"""Every audit action the code writes has a label for the auditor (never a bare code)."""

from __future__ import annotations

import re
from pathlib import Path

from signaalroute.oversight.labels import ACTION_LABELS

SRC = Path(__file__).resolve().parent.parent / "src" / "signaalroute"
ACTION = re.compile(r"""\baction\s*=\s*["']([a-z_]+\.[a-z_]+)["']""")


def test_every_written_action_has_a_label() -> None:
    written = {
        match
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        for match in ACTION.findall(path.read_text(encoding="utf-8"))
    }
    assert len(written) > 40  # the pattern still finds the actions
    assert sorted(written - set(ACTION_LABELS)) == []
