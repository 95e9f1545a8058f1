"""The database benchmark still runs against the code as it is (a tiny size; no timing is
asserted: figures belong in bench/results, see docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_database_benchmark_runs_the_production_path(tmp_path: Path) -> None:
    output = tmp_path / "engine_db.json"
    env = dict(
        os.environ,
        BENCH_DB_SIZES="120",
        BENCH_DB_INSERTS="4",
        BENCH_DB_OUTPUT=str(output),
        BENCH_DATABASE_URL="",
    )
    completed = subprocess.run(
        [sys.executable, "-m", "bench.stacking.engine_db"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    entry = json.loads(output.read_text())["sizes"]["120"]
    assert entry["status"] == "measured", entry
    assert entry["inserts"] == 4 and entry["hit_entries_after"] > 0
    assert entry["hit_index_per_save"]["ratio_of_medians"] > 0


def test_the_monitoring_benchmark_runs_the_pages(tmp_path: Path) -> None:
    output = tmp_path / "monitoring.json"
    env = dict(
        os.environ,
        BENCH_SIGNALS="300",
        BENCH_REPEAT="1",
        BENCH_MONITORING_OUTPUT=str(output),
        BENCH_DATABASE_URL="",
    )
    completed = subprocess.run(
        [sys.executable, "-m", "bench.monitoring.run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    result = json.loads(output.read_text())
    assert result["signals"] == 300 and result["referrals"] > 0
    assert set(result["figures"]) >= {"bare_view", "dashboard_region_cold", "report_municipality"}


def test_the_reliability_table_counts_precision_per_band() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.stacking.ours import reliability

    scored = [
        ((0, 1), 0.99, "probable"),
        ((0, 2), 0.99, "probable"),
        ((1, 2), 0.95, "possible"),
        ((2, 3), 0.6, "possible"),
        ((3, 4), 1.0, "certain"),
        ((4, 5), 0.1, None),
    ]
    rows = {row["band"]: row for row in reliability(scored, {(0, 1), (2, 3), (3, 4)})}
    assert (rows["0.99"]["pairs"], rows["0.99"]["precision"]) == (2, 0.5)
    assert (rows["0.90-0.98"]["pairs"], rows["0.90-0.98"]["true_links"]) == (1, 0)
    assert rows["0.50-0.90"]["precision"] == 1.0
    assert (rows["certain"]["pairs"], rows["tier possible"]["pairs"]) == (1, 2)
    assert rows["0.98-0.99"]["pairs"] == 0
