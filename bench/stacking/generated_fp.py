"""Why generated pairs are wrong: the "probable" pairs of a generated set that are not true
links, grouped by record kind and comparison levels, with one example each; and the precision
of "probable" per kind (frozen defaults, or learnt on the set as ``stacking_dedupe`` learns).

``python -m bench.stacking.generated_fp 10000 [--persons] [--frozen]``: the scaling set
``synthetic.generate(N, seed=11)`` (all kinds), or with ``--persons`` the persons-only list
``data.load_persons(N)``. Prints only; nothing is written.
"""

from __future__ import annotations

import sys
from collections import Counter

from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.compare import compare
from signaalroute.matching.frequencies import TermFrequencies
from signaalroute.matching.learn import estimate_population
from signaalroute.matching.link import entry_of, link
from signaalroute.matching.records import PersonRecord
from signaalroute.matching.scoring import default_parameters

from .data import load_persons, load_scaling


def main(argv: list[str]) -> None:
    size = int(next((arg for arg in argv if arg.isdigit()), "10000"))
    dataset = load_persons(size) if "--persons" in argv else load_scaling(size, with_rows=False)
    pairs = blocked_pairs(dataset.records)
    entries = [entry_of(record) for record in dataset.records]
    params = default_parameters()
    if "--frozen" not in argv:
        params, _found = estimate_population(dataset.records, pairs, params)
    params = params.with_frequencies(TermFrequencies.from_records(dataset.records))
    right: Counter[str] = Counter()
    wrong: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
    example: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    for a, b in pairs:
        found = link(entries[a], entries[b], params)
        if found.tier != "probable":
            continue
        first, second = dataset.records[a], dataset.records[b]
        kind = type(first).__name__
        if (min(a, b), max(a, b)) in dataset.true_links:
            right[kind] += 1
            continue
        levels: tuple[tuple[str, str], ...] = ()
        if isinstance(first, PersonRecord) and isinstance(second, PersonRecord):
            vector = compare(first, second)
            levels = tuple(sorted((k, v) for k, v in vector.items() if v != "missing"))
        wrong[(kind, levels)] += 1
        example.setdefault((kind, levels), f"{first}\n      {second}  w={found.weight:.2f}")
    print(f"{dataset.name}, {'frozen' if '--frozen' in argv else 'learnt on the set'}")
    for kind in sorted(set(right) | {k for k, _l in wrong}):
        bad = sum(n for (k, _l), n in wrong.items() if k == kind)
        total = right[kind] + bad
        print(f"{kind}: probable {total}, precision {right[kind] / total:.3f}")
    for key, n in wrong.most_common(15):
        print(f"{n:4d} {key[0]} {dict(key[1])}\n      {example[key]}")


if __name__ == "__main__":
    main(sys.argv[1:])
