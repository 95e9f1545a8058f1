"""The database stacking engine's per-insert latency: ``make bench-stacking-db`` or
``python -m bench.stacking.engine_db``.

``bench.stacking.run`` measures the in-memory matcher (``MemoryIndex``). This times the two
requests production runs for every signal, through their services, against a real database:

* **submit**: ``intake.services.signal_submit_internal`` with one free-text subject (validation,
  the signal, its reporter, timeline and audit entry, traces and matching), its commit, and the
  work after commit (the signal's digests in the hit/no-hit index, the stacking alerts);
* **enrich**: ``stacking.services.subject_enrich`` with the record's structured details (the
  focal officer's step 3: traces rebuilt, keys looked up among the municipality's earlier
  traces, scored, candidates written), its commit, and the same work after commit.

For each size n, in a process of its own and on a throw-away database:

1. ``synthetic.generate(n, seed=11)`` (the benchmark's scaling sets);
2. the first n - k records are pre-loaded with ``bulk_create`` (Signal, SignalSubject, Trace,
   TraceKey, using the engine's own ``trace_keys``/``flags_for``/``label_for``; no matching);
   then the hit/no-hit index is built from those traces (as the nightly rebuild would);
3. the last k records are replayed one by one: submit, then enrich, each timed from the call
   to the end of its after-commit work.

Environment:

* ``BENCH_DB_SIZES`` — comma-separated sizes (default ``1000,10000,100000``);
* ``BENCH_DB_INSERTS`` — k, the replayed inserts per size (default ``300``);
* ``BENCH_DATABASE_URL`` — a PostgreSQL URL (``postgres://postgres@127.0.0.1:5432/bench_stacking``)
  to measure PostgreSQL instead of SQLite. The database is created when missing and dropped
  afterwards, so name one that holds nothing else;
* ``BENCH_DB_PRELOAD_LIMIT`` — seconds the pre-load of one size may take (default ``600``);
  beyond that the size is reported as not run;
* ``BENCH_DB_OUTPUT`` — where to write the results (default
  ``bench/results/stacking_engine_db.json``, or ``stacking_engine_db_postgresql.json`` with
  ``BENCH_DATABASE_URL``).

See ``docs/benchmarks.md``, "The database engine".
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.stacking.engine_db_report import profiled, table
from bench.stacking.engine_db_setup import (
    derived_after_preload,
    details_for,
    hit_upkeep_side_by_side,
    pg_create,
    pg_drop,
    preload_records,
)

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
SEED = 11  # the seed of the in-memory benchmark's generated sets (bench/stacking/data.py)
TARGET_P95_MS = 50.0


def _env_list(name: str, default: str) -> list[int]:
    raw = os.environ.get(name, default)
    return [int(part) for part in raw.replace(" ", "").split(",") if part]


def _log(message: str) -> None:
    print(f"[{dt.datetime.now(dt.UTC):%H:%M:%S} UTC] {message}", file=sys.stderr, flush=True)


# --- One size, in its own process ------------------------------------------------------------


def _setup(database_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaalroute.conf.test")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _measure(size: int, inserts: int, preload_limit: float) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.db.models import Q

    from signaalroute.accounts.models import (
        Membership,
        Organisation,
        OrganisationKind,
        Region,
        User,
    )
    from signaalroute.accounts.rules import Role
    from signaalroute.intake.inputs import SignalInput, SubjectInput
    from signaalroute.intake.services import signal_submit_internal
    from signaalroute.matching.scoring import default_parameters
    from signaalroute.matching.synthetic import generate
    from signaalroute.stacking.models import Candidate, Trace
    from signaalroute.stacking.services import subject_enrich

    from .ours import peak_rss_mib, percentile

    rows = list(generate(size, seed=SEED))
    k = min(inserts, len(rows))
    preload, replay = rows[: len(rows) - k], rows[len(rows) - k :]
    region = Region.objects.create(name="Bench region")
    municipality = Organisation.objects.create(
        region=region, kind=OrganisationKind.MUNICIPALITY, name="Bench municipality"
    )
    reporter = User.objects.create(username="bench-reporter")
    officer = User.objects.create(username="bench-officer")
    Membership.objects.create(user=reporter, organisation=municipality, role=Role.REPORTER)
    Membership.objects.create(user=officer, organisation=municipality, role=Role.FOCAL_OFFICER)
    # Pre-load: bulk inserts, no matching.
    _log(f"size {size}: pre-loading {len(preload)} records")
    started = time.perf_counter()
    loaded = preload_records(municipality, preload, limit=preload_limit, log=_log)
    if loaded is None:
        return {
            "records": size,
            "status": f"not run (pre-load exceeded {preload_limit:.0f} s)",
        }
    key_rows, entity_of = loaded
    seen: set[Any] = set(entity_of.values())
    derived_after_preload(municipality)
    preload_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rss_before = peak_rss_mib()

    # Count the queries of each timed insert (a wrapper costs well under a microsecond).
    queries = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries[0] += 1
        return execute(sql, params, many, context)

    default_parameters()  # load the frozen parameters before timing
    gc.collect()
    _log(f"size {size}: replaying {len(replay)} inserts")
    submit_times: list[float] = []  # submit, commit and after-commit work
    total: list[float] = []  # enrich, commit and after-commit work
    inner: list[float] = []  # enrich before its commit
    per_insert_queries: list[int] = []
    proposed: list[int] = []
    hits: list[tuple[bool, bool]] = []
    load_before = os.getloadavg()
    replay_started = time.perf_counter()
    with profiled(size), connection.execute_wrapper(count):
        for record, entity in replay:
            kind, details = details_for(record)
            t0 = time.perf_counter()
            signal = signal_submit_internal(
                reporter=reporter,
                municipality=municipality,
                data=SignalInput(
                    description="Bench: busje haalt elke ochtend mensen op.",
                    subjects=[SubjectInput(kind=kind, role="victim", description="bench")],
                ),
            )
            submit_times.append(time.perf_counter() - t0)
            subject = signal.subjects.get()
            queries[0] = 0
            t0 = time.perf_counter()
            with transaction.atomic():
                subject_enrich(actor=officer, subject=subject, details=details)
                t1 = time.perf_counter()
            t2 = time.perf_counter()  # leaving the block: commit, then the after-commit work
            inner.append(t1 - t0)
            total.append(t2 - t0)
            per_insert_queries.append(queries[0])
            trace = Trace.objects.get(subject=subject)
            made = list(Candidate.objects.filter(Q(trace_a=trace) | Q(trace_b=trace)))
            proposed.append(len(made))
            if entity in seen:
                others = [
                    c.trace_b_id if c.trace_a_id == trace.pk else c.trace_a_id
                    for c in sorted(made, key=lambda c: -c.weight)
                ]
                ranked = [entity_of.get(other) for other in others[:5]]
                hits.append((bool(ranked) and ranked[0] == entity, entity in ranked))
            entity_of[trace.pk] = entity
            seen.add(entity)
    replay_seconds = time.perf_counter() - replay_started
    load_after = os.getloadavg()

    # Side by side, in this run: the old per-save hit-index upkeep against the new.
    per_signal, whole = hit_upkeep_side_by_side(municipality)

    def figures(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "p50_ms": percentile(ordered, 50) * 1000,
            "p95_ms": percentile(ordered, 95) * 1000,
            "p99_ms": percentile(ordered, 99) * 1000,
            "max_ms": ordered[-1] * 1000,
            "mean_ms": sum(ordered) / len(ordered) * 1000,
        }

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM stacking_tracekey")
        (key_count,) = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM stacking_hitentry")
        (hit_entries,) = cursor.fetchone()
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            (db_bytes,) = cursor.fetchone()
        else:
            db_bytes = Path(connection.settings_dict["NAME"]).stat().st_size
    n_hits = len(hits)
    ordered_proposed = sorted(proposed)
    return {
        "records": size,
        "status": "measured",
        "preloaded": len(preload),
        "inserts": len(replay),
        "preload_seconds": preload_seconds,
        "preload_tracekey_rows": key_rows,
        "tracekey_rows_after": key_count,
        "hit_entries_after": hit_entries,
        "hit_index_per_save": {
            "per_signal_after_commit_ms": figures(per_signal),
            "whole_municipality_rebuild_ms": figures(whole),
            "ratio_of_medians": percentile(sorted(whole), 50) / percentile(sorted(per_signal), 50),
            "note": "per signal: signal_derived_refresh (its digests and its alerts); whole: "
            "hit_index_rebuild_from_traces, what every save ran before",
        },
        "database_bytes_after": db_bytes,
        "replay_seconds": replay_seconds,
        # Other work on the machine shows in the latencies: the 1/5/15-minute load averages.
        "load_average_before_replay": load_before,
        "load_average_after_replay": load_after,
        "submit_with_commit": figures(submit_times),
        "timed_with_commit": figures(total),
        "timed_before_commit": figures(inner),
        "queries_per_insert": {
            "min": min(per_insert_queries),
            "max": max(per_insert_queries),
            "mean": sum(per_insert_queries) / len(per_insert_queries),
        },
        "candidates_proposed_per_insert": {
            "mean": sum(proposed) / len(proposed),
            "p50": percentile(ordered_proposed, 50),
            "max": ordered_proposed[-1],
            "inserts_with_none": sum(1 for p in proposed if p == 0),
        },
        "queries_with_earlier_match": n_hits,
        "recall_at_1": sum(h1 for h1, _ in hits) / n_hits if n_hits else float("nan"),
        "recall_at_5": sum(h5 for _, h5 in hits) / n_hits if n_hits else float("nan"),
        "memory": {
            "process_peak_rss_mib": peak_rss_mib(),
            "process_peak_rss_before_replay_mib": rss_before,
            "measure": "VmHWM of the benchmark process (generation, pre-load, replay); for "
            "SQLite this includes the database's page cache, for PostgreSQL the server's "
            "memory is not included",
        },
    }


def _versions(vendor_version: str) -> dict[str, str]:
    from .run import _version

    versions = {p: _version(p) for p in ("signaalroute", "django", "psycopg", "rapidfuzz")}
    versions["database"] = vendor_version
    return versions


def one(size: int) -> None:
    inserts = int(os.environ.get("BENCH_DB_INSERTS", "300"))
    preload_limit = float(os.environ.get("BENCH_DB_PRELOAD_LIMIT", "600"))
    pg_url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    tmp = None
    if pg_url:
        pg_create(pg_url)
        url = pg_url
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-stacking-db-")
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    try:
        _setup(url)
        from django.db import connection

        if connection.vendor == "postgresql":
            version = connection.pg_version
            vendor_version = f"PostgreSQL {version // 10000}.{version % 10000}"
        else:
            import sqlite3

            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                (journal,) = cursor.fetchone()
                cursor.execute("PRAGMA synchronous")
                (synchronous,) = cursor.fetchone()
            vendor_version = (
                f"SQLite {sqlite3.sqlite_version} (journal_mode={journal}, "
                f"synchronous={synchronous})"
            )
        result = _measure(size, inserts, preload_limit)
        result["database"] = vendor_version
        result["versions"] = _versions(vendor_version)
        connection.close()
    finally:
        if pg_url:
            from django.db import connections

            connections.close_all()
            pg_drop(pg_url)
        if tmp is not None:
            tmp.cleanup()
    json.dump(result, sys.stdout)


# --- The driver ------------------------------------------------------------------------------


def main() -> None:
    from .run import machine

    sizes = _env_list("BENCH_DB_SIZES", "1000,10000,100000")
    inserts = int(os.environ.get("BENCH_DB_INSERTS", "300"))
    pg_url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    default_output = RESULTS / (
        "stacking_engine_db_postgresql.json" if pg_url else "stacking_engine_db.json"
    )
    output = Path(os.environ.get("BENCH_DB_OUTPUT", default_output))
    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database_vendor": "postgresql" if pg_url else "sqlite",
        "settings": {
            "sizes": sizes,
            "inserts_per_size": inserts,
            "seed": SEED,
            "timed": "per insert: signal_submit_internal, then subject_enrich with the "
            "record's details, each with its commit and its after-commit work (hit index, "
            "alerts); 'before commit' is subject_enrich inside its atomic block",
            "ranking_for_recall": "candidates by weight, descending",
        },
        "sizes": {},
    }
    for size in sizes:
        _log(f"size {size}: own process")
        completed = subprocess.run(
            [sys.executable, "-m", "bench.stacking.engine_db", "one", str(size)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            results["sizes"][str(size)] = {
                "records": size,
                "status": f"not run (the process failed with exit code {completed.returncode})",
            }
            continue
        entry = json.loads(completed.stdout)
        results.setdefault("database", entry.pop("database", None))
        results.setdefault("versions", entry.pop("versions", None))
        entry.pop("database", None)
        entry.pop("versions", None)
        results["sizes"][str(size)] = entry
    big = results["sizes"].get("100000")
    if big and big.get("status") == "measured":
        p95 = big["timed_with_commit"]["p95_ms"]
        results["target_p95_at_100k_le_50ms"] = {"p95_ms": p95, "met": p95 <= TARGET_P95_MS}
    else:
        results["target_p95_at_100k_le_50ms"] = {"met": None, "reason": "100k not measured"}
    results["total_seconds"] = time.perf_counter() - started
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"Database: {results.get('database')}")
    print(table(results))
    print("Target:", json.dumps(results["target_p95_at_100k_le_50ms"]))
    print(f"Written {output} in {results['total_seconds']:.0f} s.")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "one":
        one(int(sys.argv[2]))
    elif len(sys.argv) == 1:
        main()
    else:
        raise SystemExit("usage: python -m bench.stacking.engine_db [one SIZE]")
