"""What the focal officers' decisions add to learning (``learn.estimate_population(decided=)``):
``python -m bench.stacking.labels [SHARE]``.

On FEBRL 1 to 4 without ``soc_sec_id`` and the persons list, the pairs the cold start proposes
(tier certain, probable or possible) are "decided" at random with the given share (default
0.1), with their true label, as focal officers would decide them: confirmed when they are one
person, rejected when not. The engine then learns on the set with and without those decisions;
F1 at the default tiers (certain or probable positive), side by side. Prints only.
"""

from __future__ import annotations

import random
import sys

from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.frequencies import TermFrequencies
from signaalroute.matching.learn import estimate_population
from signaalroute.matching.link import entry_of, link
from signaalroute.matching.scoring import default_parameters

from .data import Dataset, load_febrl, load_persons
from .ours import POSITIVE_TIERS, pairwise


def compare_with_labels(dataset: Dataset, share: float, seed: int = 1) -> str:
    pairs = blocked_pairs(dataset.records)
    entries = [entry_of(record) for record in dataset.records]
    frequencies = TermFrequencies.from_records(dataset.records)
    frozen = default_parameters().with_frequencies(frequencies)
    proposed = [p for p in pairs if link(entries[p[0]], entries[p[1]], frozen).tier is not None]
    rng = random.Random(seed)
    decided = [(a, b, (a, b) in dataset.true_links) for a, b in proposed if rng.random() < share]
    figures = []
    for labels in ((), decided):
        learnt, _found = estimate_population(
            dataset.records, pairs, default_parameters(), decided=labels
        )
        params = learnt.with_frequencies(frequencies)
        positive = {
            p for p in pairs if link(entries[p[0]], entries[p[1]], params).tier in POSITIVE_TIERS
        }
        result = pairwise(positive, dataset.true_links)
        figures.append(f"{result['f1']:.4f} (P {result['precision']:.3f} R {result['recall']:.3f})")
    confirmed = sum(flag for _a, _b, flag in decided)
    return (
        f"| {dataset.name} | {len(decided)} ({confirmed} confirmed) | {figures[0]} | {figures[1]} |"
    )


def main(argv: list[str]) -> None:
    share = float(argv[0]) if argv else 0.1
    print(f"Share of proposed pairs decided: {share}")
    print("| set | decided | learnt F1 without | learnt F1 with the decisions |")
    print("|---|---:|---:|---:|")
    sets = [load_febrl(n, with_ssn=False) for n in (1, 2, 3, 4)] + [load_persons(7000)]
    for dataset in sets:
        print(compare_with_labels(dataset, share), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
