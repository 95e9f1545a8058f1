"""Our engine: pairwise quality over blocked pairs, and the incremental replay.

Run as a module (``python -m bench.stacking.ours replay SIZE``) the replay of a generated set
happens in a process of its own, so that its peak resident memory is its own.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
import tracemalloc
from collections.abc import Sequence
from typing import Any

from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.frequencies import TermFrequencies
from signaalroute.matching.learn import estimate_population
from signaalroute.matching.link import entry_of, link
from signaalroute.matching.matcher import MemoryIndex
from signaalroute.matching.records import PersonRecord
from signaalroute.matching.scoring import Parameters, default_parameters

from .data import Dataset, load_scaling

POSITIVE_TIERS = frozenset({"certain", "probable"})
# Reliability bands: (label, lowest shown probability, highest); pairs certain by rule apart.
BANDS = (
    ("0.50-0.90", 0.5, 0.9),
    ("0.90-0.98", 0.9, 0.98),
    ("0.98-0.99", 0.98, 0.99),
    ("0.99", 0.99, 1.0),
)


def pairwise(predicted: set[tuple[int, int]], true_links: set[tuple[int, int]]) -> dict[str, Any]:
    tp = len(predicted & true_links)
    fp = len(predicted) - tp
    fn = len(true_links) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def best_f1(
    weighted: Sequence[tuple[tuple[int, int], float]], true_links: set[tuple[int, int]]
) -> dict[str, Any]:
    """The best pairwise F1 over every threshold on the match weight: pairs sorted by weight,
    each prefix a prediction. A true link never scored counts as a false negative."""
    ranked = sorted(weighted, key=lambda item: -item[1])
    best = {"f1": 0.0, "precision": 0.0, "recall": 0.0, "weight": float("inf")}
    tp = 0
    for k, (pair, weight) in enumerate(ranked, start=1):
        tp += pair in true_links
        if k < len(ranked) and ranked[k][1] == weight:
            continue  # a threshold takes all pairs of one weight together
        precision, recall = tp / k, tp / len(true_links) if true_links else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best["f1"]:
            best = {"f1": f1, "precision": precision, "recall": recall, "weight": weight}
    return best


def blocking_figures(n: int, pairs: Sequence[tuple[int, int]], true_links: set[tuple[int, int]]):
    all_pairs = n * (n - 1) // 2
    found = len(true_links & set(pairs))
    return {
        "records": n,
        "blocked_pairs": len(pairs),
        "pair_completeness": found / len(true_links) if true_links else 0.0,
        "reduction_ratio": 1 - len(pairs) / all_pairs,
    }


def reliability(
    scored: Sequence[tuple[tuple[int, int], float, str | None]], true_links: set[tuple[int, int]]
) -> list[dict[str, Any]]:
    """Predicted probability bands against observed precision (share of true links), over the
    blocked pairs that reach a tier; pairs certain by rule form a row of their own."""
    rows = []
    for label, low, high in BANDS:
        members = [
            pair
            for pair, p, tier in scored
            if tier not in (None, "certain") and low <= p and (p < high or high == 1.0)
        ]
        rows.append(_band(label, members, true_links))
    rows.append(_band("certain", [pair for pair, _p, t in scored if t == "certain"], true_links))
    for tier in ("probable", "possible"):
        rows.append(
            _band(f"tier {tier}", [pair for pair, _p, t in scored if t == tier], true_links)
        )
    return rows


def _band(label: str, members: Sequence[tuple[int, int]], true_links: set[tuple[int, int]]):
    hits = sum(pair in true_links for pair in members)
    return {
        "band": label,
        "pairs": len(members),
        "true_links": hits,
        "precision": hits / len(members) if members else float("nan"),
    }


def quality(dataset: Dataset) -> dict[str, Any]:
    """Blocked pairs (``batch.blocked_pairs``), decided by ``link.link`` (the engine's one
    decision per pair) with the frozen defaults and with parameters learnt on the set itself
    the way an installation and ``stacking_dedupe`` learn them (``learn.estimate_population``:
    u, m and the share of matches from the set); positive = tier certain or probable.
    Both with the term-frequency adjustment from the set's own names (as Splink computes it),
    and both also at their best threshold on the match weight."""
    started = time.perf_counter()
    pairs = blocked_pairs(dataset.records)
    blocking_seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "blocking": blocking_figures(len(dataset.records), pairs, dataset.true_links)
    }
    result["blocking"]["seconds"] = blocking_seconds

    entries = [entry_of(record) for record in dataset.records]
    frequencies = TermFrequencies.from_records(dataset.records)
    scored: list[tuple[tuple[int, int], float, str | None]] = []

    weights: list[tuple[tuple[int, int], float]] = []

    def predicted_with(params: Parameters) -> tuple[set[tuple[int, int]], float]:
        started = time.perf_counter()
        scored.clear()
        weights.clear()
        for pair in pairs:
            found = link(entries[pair[0]], entries[pair[1]], params)
            scored.append((pair, found.probability, found.tier))
            weights.append((pair, found.weight))
        positive = {pair for pair, _p, tier in scored if tier in POSITIVE_TIERS}
        return positive, time.perf_counter() - started

    predicted, seconds = predicted_with(default_parameters().with_frequencies(frequencies))
    result["frozen_defaults"] = pairwise(predicted, dataset.true_links) | {
        "seconds": seconds,
        "reliability": reliability(scored, dataset.true_links),
        "best_threshold": best_f1(weights, dataset.true_links),
    }
    started = time.perf_counter()
    estimated, found = estimate_population(
        dataset.records, pairs, default_parameters(), estimated_on=dataset.name
    )
    estimate_seconds = time.perf_counter() - started
    predicted, seconds = predicted_with(estimated.with_frequencies(frequencies))
    result["estimated_on_set"] = pairwise(predicted, dataset.true_links) | {
        "seconds": seconds,
        "estimate_seconds": estimate_seconds,
        "prior": estimated.kinds["person"].prior,
        "prior_em": found["person"].prior_em,
        "reliability": reliability(scored, dataset.true_links),
        "best_threshold": best_f1(weights, dataset.true_links),
    }
    return result


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def latency_figures(latencies: Sequence[float]) -> dict[str, float]:
    values = sorted(latencies)
    return {
        "inserts": len(values),
        "p50_ms": percentile(values, 50) * 1000,
        "p95_ms": percentile(values, 95) * 1000,
        "p99_ms": percentile(values, 99) * 1000,
        "max_ms": values[-1] * 1000 if values else float("nan"),
        "mean_ms": sum(values) / len(values) * 1000 if values else float("nan"),
    }


def recall_figures(hits: Sequence[tuple[bool, bool]]) -> dict[str, Any]:
    n = len(hits)
    return {
        "queries_with_earlier_match": n,
        "recall_at_1": sum(h1 for h1, _h5 in hits) / n if n else float("nan"),
        "recall_at_5": sum(h5 for _h1, h5 in hits) / n if n else float("nan"),
    }


def peak_rss_mib() -> float:
    """Peak resident set size of this process's address space (``VmHWM``), in MiB.

    Preferred to ``ru_maxrss``, which Linux carries over ``exec`` from the forked parent: in a
    child started by the benchmark it would report the parent's peak (Splink, pandas, DuckDB).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def replay(dataset: Dataset) -> dict[str, Any]:
    """Insert the records one by one with ``MemoryIndex.match_and_add`` (frozen defaults).

    For every record whose entity has an earlier record: recall@1 (the first proposed
    candidate is of the same entity) and recall@5 (one of the first five is). Latency of each
    ``match_and_add`` call. Term frequencies are those of the records filed so far, kept up to
    date after each insert (the index's own data, never the set's future). Figures for all records, and for person records only (the subset
    Splink is compared on for generated sets).
    """
    frequencies = TermFrequencies()
    params = default_parameters().with_frequencies(frequencies)  # loaded before timing
    gc.collect()
    rss_before_mib = peak_rss_mib()
    index = MemoryIndex()
    seen: set[Any] = set()
    latencies: list[float] = []
    person_latencies: list[float] = []
    hits: list[tuple[bool, bool]] = []
    person_hits: list[tuple[bool, bool]] = []
    started = time.perf_counter()
    for ident, (record, entity) in enumerate(zip(dataset.records, dataset.entities, strict=True)):
        t0 = time.perf_counter()
        found = index.match_and_add(ident, record, params)
        frequencies.add(record)
        elapsed = time.perf_counter() - t0
        is_person = isinstance(record, PersonRecord)
        latencies.append(elapsed)
        if is_person:
            person_latencies.append(elapsed)
        if entity in seen:
            ranked = [dataset.entities[match.ident] for match in found[:5]]  # type: ignore[index]
            hit = (bool(ranked) and ranked[0] == entity, entity in ranked)
            hits.append(hit)
            if is_person:
                person_hits.append(hit)
        seen.add(entity)
    total = time.perf_counter() - started
    rss_peak_mib = peak_rss_mib()
    ru_maxrss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del index
    gc.collect()
    # The index's own size on the Python heap: build the same index again (add only, no
    # matching) under tracemalloc. Done after the timed replay, which tracemalloc would slow.
    tracemalloc.start()
    rebuilt = MemoryIndex()
    for ident, record in enumerate(dataset.records):
        rebuilt.add(ident, record)
    traced_current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del rebuilt
    return {
        "records": len(dataset.records),
        "seconds": total,
        "all": latency_figures(latencies) | recall_figures(hits),
        "persons": latency_figures(person_latencies) | recall_figures(person_hits),
        "memory": {
            "process_peak_rss_mib": rss_peak_mib,
            "process_peak_rss_before_replay_mib": rss_before_mib,
            "ru_maxrss_mib": ru_maxrss_mib,
            "index_tracemalloc_peak_mib": traced_peak / 2**20,
            "index_tracemalloc_current_mib": traced_current / 2**20,
        },
    }


def main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[1] != "replay":
        raise SystemExit("usage: python -m bench.stacking.ours replay SIZE")
    dataset = load_scaling(int(argv[2]), with_rows=False)
    json.dump(replay(dataset), sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
