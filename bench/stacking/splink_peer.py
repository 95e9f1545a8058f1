"""Splink, the reference peer: the same data, comparable comparisons and blocking, on DuckDB in
memory. Splink's own defaults are kept except where this module says otherwise.

Model per data set (trained on that data set itself, as Splink is meant to be used):

* comparisons: ``NameComparison`` (Jaro-Winkler levels 0.92/0.88/0.7) on given name and
  surname, with term-frequency adjustments (as Splink's documentation recommends for names);
  ``DateOfBirthComparison`` (exact, Levenshtein ≤ 1, ≤ 1 month, ≤ 1 year, ≤ 10 years) on the
  ISO date of birth; the address: ``ExactMatch`` on postcode (term-frequency adjusted),
  ``ExactMatch`` on the house number and ``JaroWinklerAtThresholds`` on the suburb or place
  (term-frequency adjusted); ``ExactMatch`` on ``soc_sec_id`` (FEBRL with soc_sec_id), and on
  phone and e-mail (generated sets);
* prediction blocking, like ours: first two letters of the surname + birth year; first two
  letters of the surname + first letter of the given name; the exact date of birth; postcode +
  house number; and each identifier column present;
* training: ``estimate_probability_two_random_records_match`` (deterministic rule: given name,
  surname and date of birth equal, recall 0.7, as in Splink's tutorials),
  ``estimate_u_using_random_sampling(max_pairs=1e7, seed=1)``, then
  ``estimate_parameters_using_expectation_maximisation`` with two training blocking rules
  (exact date of birth; exact surname);
* a pair is predicted a match at ``threshold_match_probability=0.99``; the best F1 over every
  threshold is reported beside it.

Incremental: ``linker.inference.predict_between(earlier, new)`` for one new record against the
records that arrived before it (a DuckDB view over the full table), for a sample of inserts.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from .data import Dataset
from .ours import best_f1, blocking_figures, latency_figures, pairwise, recall_figures

THRESHOLD = 0.99
BEST_FROM = 0.01  # pairs predicted down to this probability, for the best-threshold F1
CANDIDATE_THRESHOLD = 0.5  # proposed candidates in the incremental replay (our "possible")
U_MAX_PAIRS = 1e7
SAMPLE_INSERTS = 200
SAMPLE_SEED = 5


def version() -> str:
    import splink

    return splink.__version__


def _identifier_columns(dataset: Dataset) -> list[str]:
    columns = dataset.rows[0].keys() if dataset.rows else []
    return [c for c in ("soc_sec_id", "phone", "email") if c in columns]


def _has_address(dataset: Dataset) -> bool:
    return bool(dataset.rows) and "postcode" in dataset.rows[0]


def settings(dataset: Dataset):
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    identifiers = _identifier_columns(dataset)
    address = _has_address(dataset)
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y-%m-%d"),
        *(cl.ExactMatch(column) for column in identifiers),
    ]
    if address:
        comparisons += [
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("suburb", [0.9]).configure(term_frequency_adjustments=True),
        ]
    blocking = [
        block_on("substr(surname, 1, 2)", "substr(date_of_birth, 1, 4)"),
        block_on("substr(surname, 1, 2)", "substr(given_name, 1, 1)"),
        block_on("date_of_birth"),
        *([block_on("postcode", "street_number")] if address else []),
        *(block_on(column) for column in identifiers),
    ]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def train(dataset: Dataset):
    """A DuckDB Linker on the data set's rows, trained as the module docstring says."""
    import pandas as pd
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI()
    frame = pd.DataFrame(dataset.rows)
    table = db_api.register(frame, table_name="records")
    linker = Linker(table, settings(dataset), log_level=logging.ERROR)
    started = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=1)
    for rule in (block_on("date_of_birth"), block_on("surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    return db_api, linker, time.perf_counter() - started


def quality(dataset: Dataset) -> tuple[dict[str, Any], Any, Any]:
    db_api, linker, train_seconds = train(dataset)
    started = time.perf_counter()
    predictions = linker.inference.predict(
        threshold_match_probability=BEST_FROM, warning_mode="never"
    ).as_pandas_dataframe()
    predict_seconds = time.perf_counter() - started
    predicted = set()
    weighted = []
    for left, right, p, w in zip(
        predictions["unique_id_l"],
        predictions["unique_id_r"],
        predictions["match_probability"],
        predictions["match_weight"],
        strict=True,
    ):
        # unique_id is the record's index in the data set
        i, j = int(left), int(right)
        weighted.append(((min(i, j), max(i, j)), float(w)))
        if p >= THRESHOLD:
            predicted.add((min(i, j), max(i, j)))
    blocked = linker.inference.compute_blocked_pairs_for_predict().as_pandas_dataframe()
    # join keys are the unique ids (dedupe of one table)
    blocked_set = {
        (min(int(i), int(j)), max(int(i), int(j)))
        for i, j in zip(blocked["join_key_l"], blocked["join_key_r"], strict=True)
    }
    result = pairwise(predicted, dataset.true_links) | {
        "best_threshold": best_f1(weighted, dataset.true_links),
        "train_seconds": train_seconds,
        "predict_seconds": predict_seconds,
        "blocking": blocking_figures(len(dataset.rows), sorted(blocked_set), dataset.true_links),
        "probability_two_random_records_match": linker._settings_obj._probability_two_random_records_match,
    }
    return result, db_api, linker


def replay(
    dataset: Dataset, db_api, linker, *, sample: int = SAMPLE_INSERTS, max_seconds: float = 600
) -> dict[str, Any]:
    """A sample of inserts: each sampled record is matched against the records (of the rows
    given to Splink) that arrived before it, with ``predict_between``. Latency covers
    registering the new record, blocking and scoring it, and fetching the candidates."""
    rows = dataset.rows
    rng = random.Random(SAMPLE_SEED)
    positions = sorted(rng.sample(range(1, len(rows)), min(sample, len(rows) - 1)))
    connection = db_api._con
    connection.execute(
        "create or replace table arrival as select *, row_number() over () - 1 as seq"
        " from (select * from records)"
    )
    # rows are registered in order of arrival, so seq k is rows[k]
    entity_of_row = [dataset.entities[i] for i in dataset.row_index]
    first_seen: dict[Any, int] = {}
    for k, entity in enumerate(entity_of_row):
        first_seen.setdefault(entity, k)
    latencies: list[float] = []
    hits: list[tuple[bool, bool]] = []
    columns = ", ".join(rows[0].keys())
    row_of_uid = {row["unique_id"]: k for k, row in enumerate(rows)}
    deadline = time.perf_counter() + max_seconds
    stopped = False
    for position in positions:
        if time.perf_counter() > deadline:
            stopped = True
            break
        connection.execute(
            f"create or replace view earlier_{position} as"
            f" select {columns} from arrival where seq < {position}"
        )
        earlier = db_api.register(f"earlier_{position}", table_name=f"earlier_t{position}")
        started = time.perf_counter()
        new = db_api.register([rows[position]], table_name=f"new_{position}")
        found = linker.inference.predict_between(
            earlier,
            new,
            threshold_match_probability=CANDIDATE_THRESHOLD,
            warning_mode="never",
        ).as_record_list()
        latencies.append(time.perf_counter() - started)
        entity = entity_of_row[position]
        if first_seen[entity] < position:
            found.sort(key=lambda r: -r["match_weight"])
            ranked = []
            for candidate in found:
                uid = candidate["unique_id_l"]
                if uid == rows[position]["unique_id"]:
                    uid = candidate["unique_id_r"]
                ranked.append(entity_of_row[row_of_uid[uid]])
            ranked = ranked[:5]
            hits.append((bool(ranked) and ranked[0] == entity, entity in ranked))
        connection.execute(f"drop view earlier_{position}")
    return (
        {
            "sampled_inserts": len(latencies),
            "planned_inserts": len(positions),
            "stopped_at_time_limit": stopped,
            "sample_seed": SAMPLE_SEED,
            "records_given_to_splink": len(rows),
            "candidate_threshold_match_probability": CANDIDATE_THRESHOLD,
        }
        | latency_figures(latencies)
        | recall_figures(hits)
    )
