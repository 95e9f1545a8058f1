"""Run the stacking benchmark: ``make bench-stacking`` or ``python -m bench.stacking.run``.

Environment:

* ``BENCH_SIZES`` — comma-separated sizes of the generated scaling sets (default
  ``1000,10000,100000``);
* ``BENCH_FEBRL`` — which FEBRL sets (default ``1,2,3,4``; empty for none);
* ``BENCH_PERSONS`` — sizes of the generated persons-only lists, labelled and full of namesakes
  (default ``7000``; empty for none);
* ``BENCH_SPLINK`` — ``0`` to leave Splink out;
* ``BENCH_OUTPUT`` — where to write the results (default ``bench/results/stacking.json``).

Prints a table and writes every figure, with machine information and package versions, as JSON.
See ``docs/benchmarks.md`` for what each figure means.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from . import ours
from .data import Dataset, load_febrl, load_persons, load_scaling

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "stacking.json"
TARGET_P95_MS = 50.0
TARGET_MEMORY_MIB = 1024.0
SPLINK_MAX_SECONDS = 600.0


def _env_list(name: str, default: str) -> list[int]:
    raw = os.environ.get(name, default)
    return [int(part) for part in raw.replace(" ", "").split(",") if part]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_total_kib"] = int(line.split()[1])
                break
    except OSError:
        pass
    return info


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _labelled(dataset: Dataset, use_splink: bool, *, with_ssn: bool) -> dict[str, Any]:
    """Both engines' quality and replay on one labelled set."""
    log(f"{dataset.name}: {len(dataset.records)} records ({dataset.notes})")
    entry: dict[str, Any] = {
        "records": len(dataset.records),
        "true_links": len(dataset.true_links),
        "with_soc_sec_id": with_ssn,
        "notes": dataset.notes,
        "ours": {"quality": ours.quality(dataset), "incremental": ours.replay(dataset)},
    }
    if use_splink:
        from . import splink_peer

        quality, db_api, linker = splink_peer.quality(dataset)
        entry["splink"] = {
            "quality": quality,
            "incremental": splink_peer.replay(
                dataset, db_api, linker, max_seconds=SPLINK_MAX_SECONDS
            ),
        }
    return entry


def run_febrl(numbers: list[int], use_splink: bool) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for number in numbers:
        for with_ssn in (True, False):
            dataset = load_febrl(number, with_ssn=with_ssn)
            results[dataset.name] = _labelled(dataset, use_splink, with_ssn=with_ssn)
    return results


def run_persons(sizes: list[int], use_splink: bool) -> dict[str, Any]:
    """The generated persons-only lists (``data.load_persons``): many namesakes."""
    results: dict[str, Any] = {}
    for size in sizes:
        dataset = load_persons(size)
        results[dataset.name] = _labelled(dataset, use_splink, with_ssn=False)
    return results


def _quality_sets(results: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every labelled set whose pairs both engines decide: FEBRL, then the persons lists."""
    return list(results.get("febrl", {}).items()) + list(results.get("persons", {}).items())


def run_scaling(sizes: list[int], use_splink: bool) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for size in sizes:
        log(f"generated-{size}: our replay (own process)")
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "bench.stacking.ours", "replay", str(size)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        entry: dict[str, Any] = {
            "ours": {"incremental": json.loads(completed.stdout)},
            "wall_seconds_ours": time.perf_counter() - started,
        }
        if use_splink:
            from . import splink_peer

            dataset = load_scaling(size)
            entry["person_records"] = len(dataset.rows)
            log(f"generated-{size}: Splink on {len(dataset.rows)} person records")
            started = time.perf_counter()
            db_api, linker, train_seconds = splink_peer.train(dataset)
            incremental = splink_peer.replay(
                dataset, db_api, linker, max_seconds=SPLINK_MAX_SECONDS
            )
            entry["splink"] = {"train_seconds": train_seconds, "incremental": incremental}
            entry["wall_seconds_splink"] = time.perf_counter() - started
        results[f"generated-{size}"] = entry
    return results


def _f(value: float, digits: int = 3) -> str:
    return "n/a" if value != value else f"{value:.{digits}f}"


def _ratio(a: float, b: float) -> str:
    return "n/a" if not b or a != a or b != b else f"{a / b:.2f}"


def _best(figures: dict[str, Any]) -> str:
    best = figures.get("best_threshold")
    if not best:
        return "n/a"
    return f"{best['f1']:.3f} ({best['precision']:.3f} / {best['recall']:.3f})"


def tables(results: dict[str, Any]) -> str:
    lines = [
        "### Quality on FEBRL and the persons list (pairwise, over each engine's blocked pairs)",
        "",
        "| set | records | true links | ours PC | ours RR | ours P | ours R "
        "| ours F1 (frozen) | ours F1 (estimated on set) | Splink PC | Splink RR | Splink P "
        "| Splink R | Splink F1 | F1 ratio ours/Splink |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in _quality_sets(results):
        quality = entry["ours"]["quality"]
        frozen, estimated, blocking = (
            quality["frozen_defaults"],
            quality["estimated_on_set"],
            quality["blocking"],
        )
        splink = entry.get("splink", {}).get("quality", {})
        splink_blocking = splink.get("blocking", {})
        nan = float("nan")
        lines.append(
            f"| {name} | {entry['records']} | {entry['true_links']} "
            f"| {_f(blocking['pair_completeness'])} | {_f(blocking['reduction_ratio'], 5)} "
            f"| {_f(frozen['precision'])} | {_f(frozen['recall'])} | {_f(frozen['f1'])} "
            f"| {_f(estimated['f1'])} "
            f"| {_f(splink_blocking.get('pair_completeness', nan))} "
            f"| {_f(splink_blocking.get('reduction_ratio', nan), 5)} "
            f"| {_f(splink.get('precision', nan))} "
            f"| {_f(splink.get('recall', nan))} | {_f(splink.get('f1', nan))} "
            f"| {_ratio(frozen['f1'], splink.get('f1', nan))} |"
        )
    lines += [
        "",
        "### F1 at each engine's default threshold and at its best threshold",
        "",
        "Ours: frozen defaults, and learnt on the set (u, m and the share of matches), "
        "default = tiers certain and probable; Splink: trained on the set, default = 0.99. "
        "Best = the best F1 over every threshold on the match weight (precision / recall).",
        "",
        "| set | ours frozen | ours frozen best | ours learnt | ours learnt best | Splink "
        "| Splink best |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in _quality_sets(results):
        quality = entry["ours"]["quality"]
        splink = entry.get("splink", {}).get("quality", {})
        cells = [_f(quality["frozen_defaults"]["f1"]), _best(quality["frozen_defaults"])]
        cells += [_f(quality["estimated_on_set"]["f1"]), _best(quality["estimated_on_set"])]
        cells += [_f(splink.get("f1", float("nan"))), _best(splink)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Reliability (shown probability vs observed precision)",
        "",
        "Over the blocked pairs that reach a tier; *certain* is by rule (a shared identifier).",
        "",
        "| set | band | frozen: pairs | frozen: precision | learnt: pairs | learnt: precision |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, entry in _quality_sets(results):
        quality = entry["ours"]["quality"]
        learnt = {r["band"]: r for r in quality["estimated_on_set"].get("reliability", [])}
        for row in quality["frozen_defaults"].get("reliability", []):
            other = learnt.get(row["band"], {})
            lines.append(
                f"| {name} | {row['band']} | {row['pairs']} | {_f(row['precision'])} "
                f"| {other.get('pairs', 'n/a')} | {_f(other.get('precision', float('nan')))} |"
            )
    lines += [
        "",
        "### Incremental replay",
        "",
        "| set | records | ours recall@1 | ours recall@5 | ours p50 ms | ours p95 ms | ours p99 ms "
        "| ours peak RSS MiB | ours index (tracemalloc) MiB | Splink inserts sampled "
        "| Splink recall@1 | Splink recall@5 | Splink p50 ms | Splink p95 ms | Splink p99 ms "
        "| p95 ratio Splink/ours |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = _quality_sets(results) + list(results.get("scaling", {}).items())
    for name, entry in rows:
        mine = entry["ours"]["incremental"]
        splink = entry.get("splink", {}).get("incremental", {})
        nan = float("nan")
        scopes = [("all", mine["all"])]
        if name.startswith("generated"):
            scopes.append(("persons", mine["persons"]))
        for scope, figures in scopes:
            label = name if scope == "all" else f"{name} (persons only)"
            count = figures["inserts"]
            show_splink = scope == "persons" or not name.startswith("generated")
            s = splink if show_splink else {}
            sampled = s.get("sampled_inserts")
            # FEBRL replays run inside the benchmark process (with Splink, pandas): its peak
            # resident memory is not the engine's, so only the generated sets' is shown.
            rss = mine["memory"]["process_peak_rss_mib"] if name.startswith("generated") else nan
            lines.append(
                f"| {label} | {count} | {_f(figures['recall_at_1'])} | {_f(figures['recall_at_5'])} "
                f"| {_f(figures['p50_ms'], 2)} | {_f(figures['p95_ms'], 2)} | {_f(figures['p99_ms'], 2)} "
                f"| {_f(rss, 0)} "
                f"| {_f(mine['memory']['index_tracemalloc_peak_mib'], 1)} "
                f"| {sampled if sampled is not None else 'n/a'} "
                f"| {_f(s.get('recall_at_1', nan))} | {_f(s.get('recall_at_5', nan))} "
                f"| {_f(s.get('p50_ms', nan), 1)} | {_f(s.get('p95_ms', nan), 1)} "
                f"| {_f(s.get('p99_ms', nan), 1)} "
                f"| {_ratio(s.get('p95_ms', nan), figures['p95_ms'])} |"
            )
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> dict[str, Any]:
    verdict: dict[str, Any] = {}
    f1 = {}
    for name, entry in results.get("febrl", {}).items():
        if entry["with_soc_sec_id"] or "splink" not in entry:
            continue
        ours_f1 = entry["ours"]["quality"]["frozen_defaults"]["f1"]
        learnt_f1 = entry["ours"]["quality"]["estimated_on_set"]["f1"]
        splink_f1 = entry["splink"]["quality"]["f1"]
        f1[name] = {
            "ours": ours_f1,
            "ours_learnt": learnt_f1,
            "splink": splink_f1,
            "met": min(ours_f1, learnt_f1) >= splink_f1,
        }
    if f1:
        verdict["f1_at_least_splink_without_soc_sec_id"] = {
            "met": all(item["met"] for item in f1.values()),
            "per_set": f1,
        }
    probable = {}
    for name, entry in _quality_sets(results):
        for model in ("frozen_defaults", "estimated_on_set"):
            rows = entry["ours"]["quality"][model].get("reliability", [])
            row = next((r for r in rows if r["band"] == "tier probable"), None)
            if row and row["pairs"]:
                probable[f"{name} {model}"] = row["precision"]
    if probable:
        verdict["precision_of_probable_ge_0_98"] = {
            "met": all(p >= 0.98 for p in probable.values()),
            "per_set": probable,
        }
    big = results.get("scaling", {}).get("generated-100000")
    if big:
        p95 = big["ours"]["incremental"]["all"]["p95_ms"]
        rss = big["ours"]["incremental"]["memory"]["process_peak_rss_mib"]
        verdict["p95_at_100k_le_50ms"] = {"p95_ms": p95, "met": p95 <= TARGET_P95_MS}
        verdict["memory_at_100k_le_1gb"] = {
            "process_peak_rss_mib": rss,
            "met": rss <= TARGET_MEMORY_MIB,
            "measure": "peak resident set size (VmHWM) of the process that generated the "
            "100k records and replayed them",
        }
    return verdict


def main() -> None:
    sizes = _env_list("BENCH_SIZES", "1000,10000,100000")
    febrl = _env_list("BENCH_FEBRL", "1,2,3,4")
    persons = _env_list("BENCH_PERSONS", "7000")
    use_splink = os.environ.get("BENCH_SPLINK", "1") != "0"
    output = Path(os.environ.get("BENCH_OUTPUT", DEFAULT_OUTPUT))
    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": {
            package: _version(package)
            for package in (
                "signaalroute",
                "splink",
                "duckdb",
                "recordlinkage",
                "pandas",
                "rapidfuzz",
                "numpy",
            )
        },
        "settings": {
            "sizes": sizes,
            "febrl": febrl,
            "persons": persons,
            "splink": use_splink,
            "positive_tiers": sorted(ours.POSITIVE_TIERS),
            "splink_threshold_match_probability": 0.99,
            "splink_candidate_threshold_match_probability": 0.5,
            "splink_sampled_inserts": 200,
            "splink_time_limit_seconds_per_replay": SPLINK_MAX_SECONDS,
        },
    }
    results["febrl"] = run_febrl(febrl, use_splink)
    results["persons"] = run_persons(persons, use_splink)
    results["scaling"] = run_scaling(sizes, use_splink)
    results["targets"] = targets(results)
    results["total_seconds"] = time.perf_counter() - started
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(tables(results))
    print()
    print("Targets:", json.dumps(results["targets"], indent=1))
    print(f"Written {output} in {results['total_seconds']:.0f} s.")


if __name__ == "__main__":
    main()
