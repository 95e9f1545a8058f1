"""Do the code as it is and the code of an earlier commit show the same figures? (Not a test: a
check to run after changing how the figures are counted.) It generates the benchmark's region
once (``run._generate``) and asks each version, in a process of its own, for every figure of
every area the chain director, the policy officer and the focal officer may see, this year and
last, and for a yearly report: counts, hidden cells, lead times, medians. Prints the number of
values compared and every one that differs; exits 1 when any does.

Usage::

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_same \\
        python -m bench.monitoring.same_figures <commit>

Without ``BENCH_DATABASE_URL`` it runs on SQLite in a temporary file; ``BENCH_SIGNALS`` as in
``run.py``. The earlier commit's ``src/`` is taken with ``git archive`` (the working tree is not
touched). Texts are compared in English (the earlier tree has no compiled translations).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.monitoring.run import ROOT, _log, _setup


def _dump(url: str) -> None:
    """Print every figure, as JSON, for the code on ``sys.path``."""
    _setup(url)
    import datetime as dt

    from django.utils import translation

    from signaalroute.accounts.models import User
    from signaalroute.monitoring.areas import areas_for, exact_municipalities
    from signaalroute.monitoring.dashboard import _dashboard, report_board

    year = dt.date.today().year
    out: dict[str, Any] = {}
    with translation.override("en"):
        for name in ("chain", "policy", "focal"):
            user = User.objects.get(username=name)
            areas = areas_for(user)
            for area in areas:
                for y in (year, year - 1):
                    board = asdict(_dashboard(areas, area, y, exact_municipalities(user)))
                    out[f"{name} {area.key} {y}"] = board
        areas = areas_for(User.objects.get(username="policy"))
        out["report"] = asdict(report_board(areas, areas[0], year))
    print(json.dumps(out, default=str, sort_keys=True))


def _differences(before: Any, after: Any, path: str, found: list[str]) -> int:
    """Compare two dumps value by value; returns how many values were compared."""
    if isinstance(before, dict) and isinstance(after, dict):
        if before.keys() != after.keys():
            found.append(f"{path}: keys {sorted(before.keys() ^ after.keys())}")
        return sum(
            _differences(before[k], after[k], f"{path}/{k}", found) for k in before if k in after
        )
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            found.append(f"{path}: {len(before)} against {len(after)} items")
            return 1
        return sum(
            _differences(b, a, f"{path}[{i}]", found)
            for i, (b, a) in enumerate(zip(before, after, strict=True))
        )
    if before != after:
        found.append(f"{path}: {before!r} against {after!r}")
    return 1


def main(commit: str) -> int:
    from bench.stacking.engine_db_setup import pg_create, pg_drop

    pg_url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    signals = int(os.environ.get("BENCH_SIGNALS", "50000"))
    work = tempfile.TemporaryDirectory(prefix="bench-same-")
    old_src = Path(work.name) / "before"
    archive = subprocess.run(
        ["git", "archive", commit, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(old_src, filter="data")
    if pg_url:
        pg_create(pg_url)
    url = pg_url or f"sqlite:///{work.name}/bench.sqlite3"
    try:
        _setup(url)
        from django.db import connections

        from bench.monitoring.run import _generate

        _generate(signals)
        connections.close_all()
        dumps = {}
        for version, src in (("before", old_src / "src"), ("after", ROOT / "src")):
            env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT}", "DATABASE_URL": url}
            done = subprocess.run(
                [sys.executable, "-m", "bench.monitoring.same_figures", "--dump", url],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            dumps[version] = json.loads(done.stdout)
            _log(f"{version}: {len(dumps[version])} boards")
    finally:
        if pg_url:
            pg_drop(pg_url)
        work.cleanup()
    found: list[str] = []
    compared = _differences(dumps["before"], dumps["after"], "", found)
    for line in found:
        print(line)
    print(f"{compared} values compared, {len(found)} differ")
    return 1 if found else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--dump"]:
        _dump(sys.argv[2])
    elif len(sys.argv) == 2:
        raise SystemExit(main(sys.argv[1]))
    else:
        raise SystemExit(__doc__)
