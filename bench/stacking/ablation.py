"""Leave-one-out for the issue-11 comparison changes: FEBRL F1 (frozen defaults, and learnt on
the set; without ``soc_sec_id``) with each change switched off in turn, the others kept,
parameters unchanged.

``python -m bench.stacking.ablation 1 2 3 4`` prints one line per set and change and writes
``bench/results/stacking_ablation.json``. Each switch replaces one function for the run
(the old behaviour), so the figures say what each change contributes next to the others.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from signaalroute.matching import blocking, compare, fields, fields_addresses, scoring
from signaalroute.matching.fields import DIFFERENT, MISSING, ONE_PART, YEAR_ONLY
from signaalroute.matching.normalise import normalise_name
from signaalroute.matching.normalise_dates import parse_birth

from . import ours
from .data import load_febrl

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL: dict[str, Any] = {
    "name_keys": blocking._name_keys,
    "compare_names": compare.compare_names,
    "one_letter": fields.one_letter_apart,
    "dates": compare.compare_dates,
    "from_records": ours.TermFrequencies.__dict__["from_records"],
    "defaults": ours.default_parameters,
    "person_addresses": compare.compare_person_addresses,
    "person_address_key": blocking.person_address_key,
    "address_level": fields_addresses._address_level,
    "same_place": fields_addresses._same_place,
    "estimate_population": ours.estimate_population,
    "name_is_no_person": scoring.NAME_IS_NO_PERSON,
    "unreadable_dates": compare.compare_unreadable_dates,
}
#: The cold start before generated copies mistyped dates (commit 49b468d), for the ablation.
COLD_START_BEFORE_DATE_TYPOS = "49b468d:src/signaalroute/matching/data/parameters.json"


def restore() -> None:
    blocking._name_keys = ORIGINAL["name_keys"]  # type: ignore[attr-defined]
    compare.compare_names = ORIGINAL["compare_names"]
    fields.one_letter_apart = ORIGINAL["one_letter"]
    compare.compare_dates = ORIGINAL["dates"]
    ours.TermFrequencies.from_records = ORIGINAL["from_records"]  # type: ignore[method-assign]
    ours.default_parameters = ORIGINAL["defaults"]
    compare.compare_person_addresses = ORIGINAL["person_addresses"]
    blocking.person_address_key = ORIGINAL["person_address_key"]  # type: ignore[attr-defined]
    fields_addresses._address_level = ORIGINAL["address_level"]
    fields_addresses._same_place = ORIGINAL["same_place"]  # type: ignore[attr-defined]
    ours.estimate_population = ORIGINAL["estimate_population"]
    scoring.NAME_IS_NO_PERSON = ORIGINAL["name_is_no_person"]
    compare.compare_unreadable_dates = ORIGINAL["unreadable_dates"]


@functools.cache
def cold_start_before_date_typos() -> Any:
    """The frozen parameters of before, read from git (the ablation needs the history)."""
    text = subprocess.run(
        ["git", "show", COLD_START_BEFORE_DATE_TYPOS],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return scoring.parameters_from_json(json.loads(text))


def learnt_with(**options: bool) -> Callable[[], None]:
    """Learn on the set with other options of ``learn.estimate_population``."""
    original = ORIGINAL["estimate_population"]
    return lambda: setattr(ours, "estimate_population", functools.partial(original, **options))


def no_person_addresses() -> None:
    compare.compare_person_addresses = lambda a, b: MISSING
    blocking.person_address_key = lambda address: ("", "", "")  # type: ignore[attr-defined]


def no_postcode_typo() -> None:
    def level(a: tuple[str, str, str], b: tuple[str, str, str]) -> str:
        if a[0] and b[0] and a[0] != b[0] and not fields_addresses._same_postcode(a[0], b[0]):
            return DIFFERENT if a[0] and b[0] else MISSING
        return str(ORIGINAL["address_level"](a, b))

    fields_addresses._address_level = level


def old_name_keys(surname: str, given: str, years: range) -> set[str]:
    keys = ORIGINAL["name_keys"](surname, given, years)
    return {key for key in keys if not key.startswith(("name-pair:", "name3:"))}


def straight_names(a: Any, b: Any) -> tuple[str, str]:
    return (
        fields.compare_given_names(normalise_name(a.given_names), normalise_name(b.given_names)),
        fields.compare_surnames(compare.surname_of(a), compare.surname_of(b)),
    )


def old_dates(a: Any, b: Any) -> str:
    level: str = ORIGINAL["dates"](a, b)
    if level in (ONE_PART, DIFFERENT):
        birth_a, birth_b = parse_birth(a), parse_birth(b)
        if birth_a and birth_b and birth_a.exact and birth_b.exact:
            return YEAR_ONLY if birth_a.exact.year == birth_b.exact.year else DIFFERENT
    return level


def no_order() -> Any:
    params = ORIGINAL["defaults"]()
    kinds = {kind: dataclasses.replace(p, order={}) for kind, p in params.kinds.items()}
    return dataclasses.replace(params, kinds=kinds)


VARIANTS: dict[str, Callable[[], None]] = {
    "all": lambda: None,
    "no name-pair/name3 keys": lambda: setattr(blocking, "_name_keys", old_name_keys),
    "no swap scoring": lambda: setattr(compare, "compare_names", straight_names),
    "no one-letter level": lambda: setattr(fields, "one_letter_apart", lambda a, b: False),
    "old date levels": lambda: setattr(compare, "compare_dates", old_dates),
    "no term frequencies": lambda: setattr(
        ours.TermFrequencies, "from_records", classmethod(lambda cls, records: None)
    ),
    "no level order": lambda: setattr(ours, "default_parameters", no_order),
    "no person addresses": no_person_addresses,
    "no postcode typo": no_postcode_typo,
    "no place typo (2026-12-06)": lambda: setattr(
        fields_addresses, "_same_place", lambda a, b: bool(a) and a == b
    ),
    "old share of matches (2026-12-06)": learnt_with(consistent_share=False),
    "m kept from the cold start (before 2026-12-05, late)": learnt_with(learn_m=False),
    "m kept, old share": learnt_with(learn_m=False, consistent_share=False),
    "no name corroboration (name alone probable)": lambda: setattr(
        scoring, "NAME_IS_NO_PERSON", {}
    ),
    "no impossible-date typo": lambda: setattr(
        compare, "compare_unreadable_dates", lambda *args: MISSING
    ),
    "cold start without date typos": lambda: setattr(
        ours, "default_parameters", cold_start_before_date_typos
    ),
}


def main(numbers: list[int]) -> None:
    out: dict[str, Any] = {}
    for number in numbers:
        dataset = load_febrl(number, with_ssn=False)
        for name, switch in VARIANTS.items():
            restore()
            switch()
            quality = ours.quality(dataset)
            frozen = quality["frozen_defaults"]
            out.setdefault(dataset.name, {})[name] = {
                "f1": frozen["f1"],
                "f1_learnt": quality["estimated_on_set"]["f1"],
                "precision": frozen["precision"],
                "recall": frozen["recall"],
                "pc": quality["blocking"]["pair_completeness"],
            }
            print(dataset.name, name, json.dumps(out[dataset.name][name]), flush=True)
        restore()
    path = ROOT / "bench" / "results" / "stacking_ablation.json"
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1, 2, 3, 4])
