"""Learning from the data at hand (matching.learn), the changes of 2026-12-06: the share of
matches among compared pairs counted without the blocking evidence twice, the guards of EM for
m, and a place name with a typo when the postcode is mistyped. No Django."""

from __future__ import annotations

import random
from dataclasses import replace

from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.fields_addresses import compare_person_addresses as address_level
from signaalroute.matching.learn import LEVELS_OF, estimate_population
from signaalroute.matching.learn_m import learn_m_by_em
from signaalroute.matching.records import AddressRecord, PersonRecord
from signaalroute.matching.scoring import default_parameters


def test_a_place_with_a_typo_reads_a_mistyped_postcode_as_the_same_address() -> None:
    home = [AddressRecord(postcode="3811 AB", house_number="12", place="Amersfoort")]
    typed = AddressRecord(postcode="3181AB", house_number="12", place="Amersfort")
    assert address_level(home, [typed]) == "exact"
    # another number, or a short place name one letter off (Ede and Epe are two towns): no
    assert address_level(home, [replace(typed, house_number="14")]) == "different"
    ede = [AddressRecord(postcode="6711 AB", house_number="3", place="Ede")]
    assert address_level(
        ede, [AddressRecord(postcode="6171AB", house_number="3", place="Epe")]
    ) == ("different")
    # a place two letters off is another place
    other = AddressRecord(postcode="3181AB", house_number="12", place="Amersfrot")
    assert address_level(home, [replace(other, place="Amesrfrot")]) == "different"


def _colliding_population(seed: int) -> tuple[list[PersonRecord], set[tuple[int, int]]]:
    """Many different people with few names (half without a date of birth), and a copy of
    one in five: compared non-matches agree on names far more often than random pairs."""
    rng = random.Random(seed)  # noqa: S311 - test data, not cryptography
    given = ["Jan", "Anna", "Piotr", "Maria", "Ion", "Elena", "Ahmed", "Fatima"]
    surnames = ["Jansen", "Nowak", "Popescu", "Yilmaz", "Bakker", "Kowalski", "Ionescu"]
    records: list[PersonRecord] = []
    entity: list[int] = []
    for n in range(600):
        dob = f"{rng.randrange(1, 28):02d}-{rng.randrange(1, 13):02d}-{rng.randrange(1960, 2005)}"
        person = PersonRecord(
            given_names=rng.choice(given),
            surname=rng.choice(surnames),
            date_of_birth=dob if rng.random() < 0.5 else None,
        )
        records.append(person)
        entity.append(n)
        if rng.random() < 0.2:
            records.append(replace(person, date_of_birth=None))
            entity.append(n)
    links = {
        (i, j)
        for i in range(len(records))
        for j in range(i + 1, len(records))
        if entity[i] == entity[j]
    }
    return records, links


def test_the_share_of_matches_is_not_overstated_by_names_that_brought_the_pair_together() -> None:
    records, links = _colliding_population(seed=5)
    pairs = blocked_pairs(records)
    true_share = len(links & set(pairs)) / len(pairs)
    base = default_parameters()
    new, _found = estimate_population(records, pairs, base)
    old, _found = estimate_population(records, pairs, base, consistent_share=False)
    new_share, old_share = new.kinds["person"].prior, old.kinds["person"].prior
    assert new_share < old_share
    assert abs(new_share - true_share) < abs(old_share - true_share)


def test_em_for_m_keeps_the_old_m_of_a_field_whose_weights_would_turn() -> None:
    base = default_parameters().kinds["person"]
    levels = LEVELS_OF["person"]
    # Pairs brought together by their date of birth that agree on surname and address but
    # whose given names differ: a family, which EM would read as one person writing their
    # given name differently each time.
    family = {"given_names": "different", "surname": "exact", "address": "exact"}
    stranger = {"given_names": "different", "surname": "different", "address": "different"}
    vectors = [family] * 20_000 + [stranger] * 3000
    m, used = learn_m_by_em(
        "person", vectors, [(list(range(len(vectors))), {"date_of_birth"})], base, base.u, levels
    )
    assert used == 1
    assert m["given_names"] == base.m["given_names"]  # differing would count for a match: kept


def test_em_for_m_leaves_out_a_session_whose_matches_are_everything() -> None:
    base = default_parameters().kinds["person"]
    levels = LEVELS_OF["person"]
    vectors = [{"given_names": "exact", "surname": "exact", "address": "exact"}] * 500
    m, used = learn_m_by_em(
        "person", vectors, [(list(range(500)), {"date_of_birth"})], base, base.u, levels
    )
    assert used == 0
    scale = sum(v for k, v in base.m["surname"].items() if k != "missing")
    assert abs(m["surname"]["exact"] - base.m["surname"]["exact"] / scale) < 1e-9


def test_em_for_m_on_a_population_moves_towards_its_variations_within_its_guards() -> None:
    # Copies whose date of birth is replaced entirely (a false document, a guess): EM makes a
    # different date weaker evidence against a match than the cold start, and every name and
    # date still counts the right way.
    rng = random.Random(9)  # noqa: S311 - test data, not cryptography
    records: list[PersonRecord] = []
    for n in range(400):
        person = PersonRecord(
            given_names=f"Voornaam{n % 97}",
            surname=f"Achternaam{n}",
            date_of_birth=f"{rng.randrange(1, 28):02d}-05-{rng.randrange(1950, 2005)}",
            addresses=(AddressRecord(postcode=f"{1000 + n}AB", house_number=str(n % 50 + 1)),),
        )
        records.append(person)
        if n % 2 == 0:
            records.append(replace(person, date_of_birth=f"0{rng.randrange(1, 9)}-11-1971"))
    pairs = blocked_pairs(records)
    base = default_parameters()
    learnt, _found = estimate_population(records, pairs, base, learn_m=True)
    weights = learnt.kinds["person"].level_weights
    assert (
        weights["date_of_birth"]["different"]
        > base.kinds["person"].level_weights["date_of_birth"]["different"]
    )
    for name in ("given_names", "surname", "date_of_birth"):
        assert weights[name]["exact"] > 0 > weights[name]["different"]


def test_confirmed_links_count_as_matches_for_m_and_rejected_ones_are_left_out() -> None:
    """The focal officers' decisions are labels: a confirmed link counts as one matched pair in
    every field; a rejected one is not read by EM (it is known to be no match)."""
    base = default_parameters().kinds["person"]
    levels = LEVELS_OF["person"]
    vectors = [{"given_names": "exact", "surname": "exact", "address": "different"}] * 50
    sessions = [(list(range(len(vectors))), {"date_of_birth"})]
    without, _used = learn_m_by_em("person", vectors, sessions, base, base.u, levels)
    # forty people confirmed whose date of birth was written one digit off
    typo = {"given_names": "exact", "surname": "exact", "date_of_birth": "typo"}
    labelled, _used = learn_m_by_em(
        "person", vectors, sessions, base, base.u, levels, labelled=[typo] * 40
    )
    assert labelled["date_of_birth"]["typo"] > without["date_of_birth"]["typo"]
    assert labelled["date_of_birth"]["exact"] < without["date_of_birth"]["exact"]
    # estimate_population: decided pairs by index; the counts are kept for the administrator
    records, links = _colliding_population(seed=5)
    pairs = blocked_pairs(records)
    true_pairs = sorted(links & set(pairs))[:30]
    false_pairs = [pair for pair in pairs if pair not in links][:30]
    decided = [(a, b, True) for a, b in true_pairs] + [(a, b, False) for a, b in false_pairs]
    plain, plain_found = estimate_population(records, pairs, default_parameters())
    taught, found = estimate_population(records, pairs, default_parameters(), decided=decided)
    assert (found["person"].labelled_matches, found["person"].known_non_matches) == (30, 30)
    assert found["person"].blocked_pairs == plain_found["person"].blocked_pairs - 30
    assert taught.kinds["person"].m != plain.kinds["person"].m
