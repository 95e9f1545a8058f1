"""The house's layers hold: `lint-imports` passes on the code as it is, and fails on an import
that climbs, even one hidden inside a function (docs/architecture.md, "Layers")."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own venv's lint-imports, fixed arguments)
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "signaalroute",
        src / "signaalroute",
        ignore=shutil.ignore_patterns("static", "templates", "locale", "__pycache__", "*.mo"),
    )
    return src


def test_an_import_that_climbs_inside_a_function_breaks_the_build(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    forms = src / "signaalroute" / "core" / "forms.py"
    forms.write_text(
        forms.read_text(encoding="utf-8")
        + "\n\ndef _climb() -> None:\n    from signaalroute.workflow import services  # noqa\n",
        encoding="utf-8",
    )
    result = _lint(src)
    assert result.returncode != 0
    assert "signaalroute.core is not allowed to import signaalroute.workflow" in result.stdout


def test_the_matching_library_may_not_use_django(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    scoring = src / "signaalroute" / "matching" / "scoring.py"
    scoring.write_text(
        scoring.read_text(encoding="utf-8") + "\nimport django.db  # noqa\n", encoding="utf-8"
    )
    result = _lint(src)
    assert result.returncode != 0
    assert "signaalroute.matching is not allowed to import django" in result.stdout


def test_the_code_as_it_is_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "BROKEN" not in result.stdout


def test_views_leave_read_audits_to_the_reading_selectors() -> None:
    """A read of personal data is audited by the selector that makes it (signal_for_reading and
    the like), never by a hand-written audit_record in a view."""
    offenders = []
    for path in (ROOT / "src" / "signaalroute").rglob("*views*.py"):
        text = path.read_text(encoding="utf-8")
        for action in re.findall(r'audit_record\([^)]*?action="([a-z_.]+)"', text, re.S):
            if action.endswith((".read", "_read", ".search", "_search", "_view")):
                offenders.append(f"{path.name}: {action}")
    assert offenders == []
