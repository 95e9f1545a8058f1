"""The cold dashboard of the code as it is against the code of an earlier commit, side by side in
one run (not a test). Machines here are noisy, so figures of two runs do not compare; this one
generates the benchmark's region once (``run._generate``) and then asks two worker processes,
one per version of the code, for the same page in turn (ABBA), so both meet the same load.

Usage::

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_side \\
        python -m bench.monitoring.side_by_side <commit>

Without ``BENCH_DATABASE_URL`` it runs on SQLite in a temporary file. ``BENCH_SIGNALS`` and
``BENCH_REPEAT`` as in ``run.py``. The earlier commit's ``src/`` is taken with ``git archive``
into a temporary directory (the working tree is not touched). Writes
``bench/results/monitoring_side_by_side[_postgresql].json`` (or ``BENCH_MONITORING_OUTPUT``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.monitoring.run import RESULTS, ROOT, _log, _setup

PAGES = ("region", "municipality")


def _worker(url: str) -> None:
    """Serve ``region`` / ``municipality`` lines on stdin: one cold request each, its ms out."""
    _setup(url)
    from django.core.cache import cache
    from django.test import Client

    from bench.monitoring.run import _verify
    from signaalroute.accounts.models import User
    from signaalroute.monitoring.areas import areas_for

    chain, policy = User.objects.get(username="chain"), User.objects.get(username="policy")
    clients = {"region": Client(), "municipality": Client()}
    clients["region"].force_login(chain)
    clients["municipality"].force_login(policy)
    _verify(clients["region"], chain)
    year = dt.date.today().year
    region = next(a for a in areas_for(chain) if a.kind == "region")
    paths = {
        "region": f"/cijfers/?jaar={year}&gebied={region.key}",
        "municipality": f"/cijfers/?jaar={year}&gebied={areas_for(policy)[0].key}",
    }
    print(json.dumps({"ready": str(Path(sys.modules["signaalroute"].__file__ or "").parent)}))
    sys.stdout.flush()
    for line in sys.stdin:
        page = line.strip()
        cache.clear()  # cold: as after any write
        started = time.perf_counter()
        response = clients[page].get(paths[page])
        took = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (page, response.status_code)
        print(json.dumps({"ms": took}))
        sys.stdout.flush()


def _start(src: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT}", "DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.monitoring.side_by_side", "--worker", url],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready = json.loads(process.stdout.readline())
    _log(f"worker on {ready['ready']}")
    return process


def _ask(process: subprocess.Popen[str], page: str) -> float:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(page + "\n")
    process.stdin.flush()
    return float(json.loads(process.stdout.readline())["ms"])


def _figures(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "runs": len(times),
    }


def main(commit: str) -> None:
    from bench.stacking.engine_db_setup import pg_create, pg_drop
    from bench.stacking.run import machine

    pg_url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    signals = int(os.environ.get("BENCH_SIGNALS", "50000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    work = tempfile.TemporaryDirectory(prefix="bench-side-")
    old_src = Path(work.name) / "before"
    archive = subprocess.run(
        ["git", "archive", commit, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(old_src, filter="data")
    if pg_url:
        pg_create(pg_url)
        url = pg_url
    else:
        url = f"sqlite:///{work.name}/bench.sqlite3"
    load_before = os.getloadavg()  # a shared machine: say how busy it was
    workers: dict[str, subprocess.Popen[str]] = {}
    try:
        _setup(url)
        from django.db import connection, connections

        from bench.monitoring.run import _generate

        started = time.perf_counter()
        _generate(signals)
        vendor = connection.vendor
        connections.close_all()
        _log(f"generated {signals} signals in {time.perf_counter() - started:.0f} s")
        workers = {
            "before": _start(old_src / "src", url),
            "after": _start(ROOT / "src", url),
        }
        times: dict[str, dict[str, list[float]]] = {
            page: {"before": [], "after": []} for page in PAGES
        }
        for page in PAGES:
            for _warm in range(3):
                for process in workers.values():
                    _ask(process, page)
            for n in range(repeat):
                order = ("before", "after") if n % 2 == 0 else ("after", "before")
                for version in order:
                    times[page][version].append(_ask(workers[version], page))
    finally:
        for process in workers.values():
            if process.stdin:
                process.stdin.close()
            process.wait(timeout=60)
        if pg_url:
            pg_drop(pg_url)
        work.cleanup()
    figures: dict[str, Any] = {}
    for page in PAGES:
        before, after = _figures(times[page]["before"]), _figures(times[page]["after"])
        figures[f"dashboard_{page}_cold"] = {
            "before": before,
            "after": after,
            "ratio_p50": round(before["p50_ms"] / after["p50_ms"], 2),
            "ratio_p95": round(before["p95_ms"] / after["p95_ms"], 2),
        }
    commit_id = subprocess.run(
        ["git", "rev-parse", commit], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_1_5_15": {"before": load_before, "after": os.getloadavg()},
        "vendor": vendor,
        "signals": signals,
        "before_commit": commit_id,
        "figures": figures,
    }
    name = "monitoring_side_by_side" + ("_postgresql" if pg_url else "") + ".json"
    output = Path(os.environ.get("BENCH_MONITORING_OUTPUT", RESULTS / name))
    output.write_text(json.dumps(result, indent=2) + "\n")
    for key, figure in figures.items():
        b, a = figure["before"], figure["after"]
        print(
            f"{key:28} before p50 {b['p50_ms']:>7} p95 {b['p95_ms']:>7} ms   "
            f"after p50 {a['p50_ms']:>7} p95 {a['p95_ms']:>7} ms   "
            f"ratio p50 {figure['ratio_p50']} p95 {figure['ratio_p95']}"
        )
    print(f"written to {output}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        _worker(sys.argv[2])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        raise SystemExit(__doc__)
