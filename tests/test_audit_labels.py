"""Every audit action the code writes has a label for the auditor (never a bare code)."""

from __future__ import annotations

import re
from pathlib import Path

from signaalroute.oversight.labels import ACTION_LABELS

SRC = Path(__file__).resolve().parent.parent / "src" / "signaalroute"
ACTION = re.compile(r"""\baction\s*=\s*["']([a-z_]+\.[a-z_]+)["']""")
# The actions a service writes through a variable or a choice ("…_accept" if … else "…").
COMPUTED = re.compile(r"""\baction\s*=\s*f["']""")


def test_every_written_action_has_a_label() -> None:
    written = {
        match
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        for match in ACTION.findall(path.read_text(encoding="utf-8"))
    }
    assert len(written) > 40  # the pattern still finds the actions
    assert sorted(written - set(ACTION_LABELS)) == []


def test_no_action_is_put_together_at_run_time() -> None:
    """An f-string action would hide from the label check above: write every action out."""
    computed = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and COMPUTED.search(path.read_text(encoding="utf-8"))
    ]
    assert computed == []


def test_the_written_out_choices_have_labels() -> None:
    from signaalroute.stacking.services import LINK_ACTIONS

    choices = {*LINK_ACTIONS.values(), "stacking.found_accept", "stacking.found_dismiss"}
    assert sorted(choices - set(ACTION_LABELS)) == []


def test_every_group_of_actions_has_a_name_in_the_filter() -> None:
    """The auditor's action filter groups actions by their prefix; a prefix without a name
    would show as a bare code ("care.")."""
    from signaalroute.oversight.labels import ACTION_GROUPS

    prefixes = {code.split(".", 1)[0] + "." for code in ACTION_LABELS}
    assert sorted(prefixes - set(ACTION_GROUPS)) == []
