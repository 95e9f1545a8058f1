"""Why pairs are wrong: our false positives and false negatives on a FEBRL set at the default
threshold (certain or probable = positive), each with its comparison levels and weights,
grouped by cause, and what Splink (trained as in ``splink_peer``) makes of the same pairs.

``python -m bench.stacking.diagnose 2 4 [--learnt] [--no-splink]`` prints the groups and a
sample of pairs per group, and writes ``bench/results/stacking_diagnose.json``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.fields import EXACT, MISSING
from signaalroute.matching.frequencies import TF_MAX_BONUS, TermFrequencies
from signaalroute.matching.learn import estimate_population
from signaalroute.matching.link import entry_of, link
from signaalroute.matching.records import PersonRecord
from signaalroute.matching.scoring import Parameters, compare, default_parameters

from .data import Dataset, load_febrl
from .ours import POSITIVE_TIERS

ROOT = Path(__file__).resolve().parents[2]
SCORED = ("given_names", "surname", "date_of_birth", "address")


def field_weights(a: PersonRecord, b: PersonRecord, params: Parameters) -> dict[str, Any]:
    """The vector and each scored field's weight (term frequencies applied, as ``score``)."""
    kind = params.kinds["person"]
    vector = compare(a, b)
    values = TermFrequencies.values(a)
    out: dict[str, Any] = {}
    for name, level in vector.items():
        w = kind.field_weight(name, level)
        if w is None:
            continue
        if level == EXACT and name in values and params.frequencies is not None:
            adjusted = params.frequencies.exact_weight(
                name, values[name], kind.m[name][EXACT], kind.u[name][EXACT]
            )
            w = min(w + TF_MAX_BONUS, adjusted) if adjusted is not None else w
        out[name] = (level, round(w, 2))
    return out


def cause_fp(levels: dict[str, str]) -> str:
    names = (levels.get("given_names"), levels.get("surname"))
    dob, address = levels.get("date_of_birth"), levels.get("address")
    if "different" in names:
        return f"name differs ({'given' if names[0] == 'different' else 'surname'}), dob {dob}, address {address}"
    if dob in ("different", MISSING, "one-part", "typo"):
        return f"names agree ({names[0]}/{names[1]}), dob {dob}, address {address}"
    return f"names {names[0]}/{names[1]}, dob {dob}, address {address}"


def cause_fn(levels: dict[str, str] | None, tier: str | None) -> str:
    if levels is None:
        return "not blocked"
    different = [f for f in SCORED if levels.get(f) == "different"]
    missing = [f for f in SCORED if levels.get(f) == MISSING]
    weak = [
        f"{f}={levels.get(f)}"
        for f in SCORED
        if levels.get(f) not in ("different", MISSING, EXACT, "agree")
    ]
    parts = [f"tier {tier}"]
    if different:
        parts.append("different: " + "+".join(different))
    if missing:
        parts.append("missing: " + "+".join(missing))
    if weak:
        parts.append("weak: " + ",".join(weak))
    return "; ".join(parts)


def describe(record: PersonRecord) -> str:
    address = record.addresses[0] if record.addresses else None
    where = f"{address.postcode} {address.house_number} {address.place}" if address else "-"
    return f"{record.given_names}|{record.surname}|{record.date_of_birth}|{where}"


def splink_scores(dataset: Dataset, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], float]:
    from .splink_peer import train

    _db, linker, _t = train(dataset)
    frame = linker.inference.predict(
        threshold_match_probability=0.0, warning_mode="never"
    ).as_pandas_dataframe()
    out = {}
    for left, right, p in zip(
        frame["unique_id_l"], frame["unique_id_r"], frame["match_probability"], strict=True
    ):
        key = (min(int(left), int(right)), max(int(left), int(right)))
        if key in pairs:
            out[key] = float(p)
    return out


def diagnose(number: int, *, learnt: bool, splink: bool) -> dict[str, Any]:
    dataset = load_febrl(number, with_ssn=False)
    records = dataset.records
    pairs = blocked_pairs(records)
    frequencies = TermFrequencies.from_records(records)
    params = default_parameters()
    if learnt:
        params, _found = estimate_population(records, pairs, params)
    params = params.with_frequencies(frequencies)
    entries = [entry_of(r) for r in records]
    tiers = {pair: link(entries[pair[0]], entries[pair[1]], params) for pair in pairs}
    positive = {pair for pair, s in tiers.items() if s.tier in POSITIVE_TIERS}
    fps = sorted(positive - dataset.true_links)
    fns = sorted(dataset.true_links - positive)
    wrong = set(fps) | set(fns)
    peer = splink_scores(dataset, wrong) if splink else {}
    rows = []
    for kind, group in (("FP", fps), ("FN", fns)):
        for pair in group:
            a, b = records[pair[0]], records[pair[1]]
            assert isinstance(a, PersonRecord) and isinstance(b, PersonRecord)
            s = tiers.get(pair)
            weights = field_weights(a, b, params) if s is not None else None
            levels = {f: lw[0] for f, lw in weights.items()} if weights else None
            cause = cause_fp(levels or {}) if kind == "FP" else cause_fn(levels, s and s.tier)
            rows.append(
                {
                    "kind": kind,
                    "pair": pair,
                    "a": describe(a),
                    "b": describe(b),
                    "weight": round(s.weight, 2) if s else None,
                    "tier": s.tier if s else None,
                    "fields": weights,
                    "cause": cause,
                    "splink": round(peer[pair], 4) if pair in peer else None,
                }
            )
    return {"set": dataset.name, "fp": len(fps), "fn": len(fns), "rows": rows}


def main(argv: list[str]) -> None:
    learnt = "--learnt" in argv
    splink = "--no-splink" not in argv
    numbers = [int(a) for a in argv if a.isdigit()] or [2, 4]
    out = {}
    for number in numbers:
        result = diagnose(number, learnt=learnt, splink=splink)
        out[result["set"]] = result
        print(
            f"## {result['set']} ({'learnt' if learnt else 'frozen'}): "
            f"{result['fp']} FP, {result['fn']} FN"
        )
        for kind in ("FP", "FN"):
            rows = [r for r in result["rows"] if r["kind"] == kind]
            causes = Counter(r["cause"] for r in rows)
            for cause, count in causes.most_common():
                members = [r for r in rows if r["cause"] == cause]
                found = [r["splink"] or 0.0 for r in members] if splink else []
                right = sum((p >= 0.99) == (kind == "FN") for p in found)
                print(f"{kind} {count:4d}  {cause}  (Splink right on {right} of {len(members)})")
                for r in members[:2]:
                    print(
                        "      ",
                        r["a"],
                        "~",
                        r["b"],
                        r["weight"],
                        r["tier"],
                        r["fields"],
                        "splink",
                        r["splink"],
                    )
    path = ROOT / "bench" / "results" / "stacking_diagnose.json"
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
