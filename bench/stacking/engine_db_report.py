"""The database benchmark's table, as printed and as pasted into docs/benchmarks.md, and its
optional profile."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any


def _f(value: Any, digits: int = 2) -> str:
    if not isinstance(value, (int, float)) or value != value:
        return "n/a"
    return f"{value:.{digits}f}"


def table(results: dict[str, Any]) -> str:
    lines = [
        "| records | pre-loaded | inserts | submit p50 ms | submit p95 ms | enrich p50 ms "
        "| enrich p95 ms | enrich p99 ms | enrich max ms | enrich p95 ms before commit "
        "| queries/enrich | candidates/insert (mean, max) | n | recall@1 | recall@5 "
        "| peak RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, entry in results["sizes"].items():
        if entry.get("status") != "measured":
            lines.append(f"| {size} | {entry.get('status')} |" + " |" * 14)
            continue
        s, t, b = (
            entry["submit_with_commit"],
            entry["timed_with_commit"],
            entry["timed_before_commit"],
        )
        c = entry["candidates_proposed_per_insert"]
        lines.append(
            f"| {size} | {entry['preloaded']} | {entry['inserts']} | {_f(s['p50_ms'])} "
            f"| {_f(s['p95_ms'])} | {_f(t['p50_ms'])} "
            f"| {_f(t['p95_ms'])} | {_f(t['p99_ms'])} | {_f(t['max_ms'])} | {_f(b['p95_ms'])} "
            f"| {_f(entry['queries_per_insert']['mean'], 1)} | {_f(c['mean'], 2)}, {c['max']} "
            f"| {entry['queries_with_earlier_match']} | {_f(entry['recall_at_1'], 3)} "
            f"| {_f(entry['recall_at_5'], 3)} "
            f"| {_f(entry['memory']['process_peak_rss_mib'], 0)} |"
        )
    return "\n".join(lines)


@contextlib.contextmanager
def profiled(size: int) -> Iterator[None]:
    """cProfile over the block when ``BENCH_DB_PROFILE`` names a path (statistics written to
    ``PATH.SIZE``); its timings are then not figures."""
    path = os.environ.get("BENCH_DB_PROFILE")
    if not path:
        yield
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        profiler.dump_stats(f"{path}.{size}")
