"""The Fellegi-Sunter scorer, its estimation, and the storage-free matching step."""

from __future__ import annotations

import datetime as dt
import math

from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.estimate import estimate
from signaalroute.matching.matcher import MemoryIndex
from signaalroute.matching.records import AddressRecord, PersonRecord
from signaalroute.matching.scoring import KIND_OF, default_parameters, probability, score
from signaalroute.matching.synthetic import generate

OKSANA = PersonRecord(
    given_names="Oksana", surname="Kovalenko", date_of_birth=dt.date(1999, 3, 12), gender="v"
)


def test_the_shipped_parameters_cover_every_kind_and_are_probabilities() -> None:
    params = default_parameters()
    assert set(params.kinds) == {"person", "address", "organisation"}
    assert 0 < params.possible < params.probable < 1
    for kind in params.kinds.values():
        assert 0 < kind.prior < 1
        for field, levels in kind.m.items():
            for level, m in levels.items():
                if level != "missing":
                    assert 0 < m <= 1 and 0 < kind.u[field][level] <= 1


def test_score_is_symmetric_and_missing_adds_nothing() -> None:
    other = PersonRecord(given_names="O.", surname="Kovalenko", date_of_birth="1999")
    assert score(OKSANA, other).weight == score(other, OKSANA).weight
    bare = PersonRecord(surname="Kovalenko")
    with_empty = PersonRecord(surname="Kovalenko", phones=(), emails=())
    assert score(OKSANA, bare).weight == score(OKSANA, with_empty).weight


def test_tiers_follow_the_evidence() -> None:
    same = PersonRecord(
        given_names="Oksana", surname="Kovalenko", date_of_birth=dt.date(1999, 3, 12)
    )
    swapped = PersonRecord(
        given_names="Oksana", surname="Kovalenko", date_of_birth=dt.date(1999, 12, 3)
    )
    stranger = PersonRecord(given_names="Jan", surname="Jansen", date_of_birth=dt.date(1970, 1, 1))
    assert score(OKSANA, same).tier == "probable"
    assert score(OKSANA, swapped).probability > 0.5
    assert score(OKSANA, stranger).tier is None
    address = AddressRecord(postcode="3762 AB", house_number=12)
    written_differently = AddressRecord(postcode="3762ab", house_number="12")
    assert score(address, written_differently).tier == "certain"
    # A shared phone between plainly different people is not "certain".
    a = PersonRecord(surname="Jansen", date_of_birth=dt.date(1970, 1, 1), phones=("0612345678",))
    b = PersonRecord(surname="Kaya", date_of_birth=dt.date(1990, 5, 5), phones=("0612345678",))
    assert score(a, b).tier != "certain"


def test_probability_is_bounded() -> None:
    assert probability(1000) == 1.0 and probability(-1000) == 0.0
    assert abs(probability(0) - 0.5) < 1e-9


def test_estimation_recovers_the_share_of_matches_roughly() -> None:
    rows = list(generate(1500, seed=11, kinds=("address",)))
    records = [r for r, _e in rows]
    entities = [e for _r, e in rows]
    pairs = blocked_pairs(records)
    truth = sum(entities[i] == entities[j] for i, j in pairs) / len(pairs)
    params = estimate(records, pairs, random_pairs=3000)
    assert abs(params.kinds["address"].prior - truth) < 0.15


def test_incremental_matching_finds_earlier_records_of_the_same_entity() -> None:
    index = MemoryIndex()
    first_of: dict[int, int] = {}
    hits = total = 0
    for n, (record, entity) in enumerate(generate(1200, seed=3)):
        found = index.match_and_add(n, record)
        if entity in first_of:
            total += 1
            hits += any(match.ident == first_of[entity] for match in found[:5])
        else:
            first_of[entity] = n
        assert all(KIND_OF[type(index.record(m.ident))] == KIND_OF[type(record)] for m in found)
    assert total > 100 and hits / total > 0.8


def test_engine_helpers_never_crash_on_empty_or_huge_fields() -> None:
    from signaalroute.stacking.traces import DETAIL_FIELDS, flags_for, record_for, trace_keys

    for kind, names in DETAIL_FIELDS.items():
        for value in ("", "x" * 100_000, "06-1234abcd\n" * 50, "🙂" * 500, "\x00"):
            details = dict.fromkeys(names, value)
            trace_keys(kind, details)
            flags_for(kind, details)
            record = record_for(kind, details)
            if record is not None:
                score(record, record)
        assert trace_keys(kind, {}) == set()


def test_no_level_weighs_more_than_a_stronger_one() -> None:
    from signaalroute.matching.scoring import LEVEL_ORDER

    params = default_parameters()
    for kind, fields in LEVEL_ORDER.items():
        weights = params.kinds[kind].level_weights
        for field, chains in fields.items():
            for chain in chains:
                found = [weights[field][level] for level in chain]
                assert found == sorted(found, reverse=True), (kind, field, chain, found)


def test_level_order_caps_a_weaker_level_at_the_stronger_one() -> None:
    from signaalroute.matching.scoring import KindParameters

    kind = KindParameters(
        prior=0.5,
        m={"surname": {"exact": 0.5, "similar": 0.5, "missing": 1.0}},
        u={"surname": {"exact": 0.1, "similar": 0.01, "missing": 1.0}},
        order={"surname": (("exact", "similar"),)},
    )
    assert kind.level_weights["surname"]["similar"] == kind.level_weights["surname"]["exact"]
    uncapped = KindParameters(prior=0.5, m=kind.m, u=kind.u)
    assert uncapped.level_weights["surname"]["similar"] > uncapped.level_weights["surname"]["exact"]


def test_two_full_dates_in_the_same_year_count_against_a_match() -> None:
    params = default_parameters().kinds["person"]
    assert params.field_weight("date_of_birth", "different") < 0
    a = PersonRecord(given_names="Jan", surname="Jansen", date_of_birth=dt.date(1990, 5, 17))
    b = PersonRecord(given_names="Jan", surname="Jansen", date_of_birth=dt.date(1990, 11, 3))
    c = PersonRecord(given_names="Jan", surname="Jansen", date_of_birth=dt.date(1985, 5, 17))
    assert score(a, b).weight < score(a, c).weight  # a replaced year agrees on day and month


def test_common_names_weigh_less_than_rare_ones() -> None:
    from signaalroute.matching.frequencies import TermFrequencies

    common = PersonRecord(given_names="Jan", surname="Jansen")
    rare = PersonRecord(given_names="Jan", surname="Zwartkruis")
    others = [PersonRecord(given_names="Piet", surname="Jansen") for _ in range(3000)] + [
        PersonRecord(given_names="Kees", surname=f"Naam{'abcdefghij'[i % 10]}{i // 10}")
        for i in range(3000)
    ]
    frequencies = TermFrequencies.from_records([*others, common, common, rare, rare])
    params = default_parameters().with_frequencies(frequencies)
    assert score(common, common, params).weight < score(rare, rare, params).weight
    without = default_parameters()
    assert score(common, common, without).weight == score(rare, rare, without).weight
    # a rare name is capped: at most a few bits per name above the average exact match
    from signaalroute.matching.frequencies import TF_FIELDS, TF_MAX_BONUS

    bonus = len(TF_FIELDS) * TF_MAX_BONUS
    assert score(rare, rare, params).weight <= score(rare, rare, without).weight + bonus
    # a small index says little: barely any adjustment
    few = TermFrequencies.from_records([common, common, rare])
    small = default_parameters().with_frequencies(few)
    assert abs(score(common, common, small).weight - score(common, common).weight) < 1


def test_another_house_letter_is_at_most_possible_and_no_probability_shows_as_one() -> None:
    from signaalroute.matching.scoring import MAX_PROBABILITY

    twelve = AddressRecord(postcode="3762 AB", house_number=12, street="Torenstraat", place="Soest")
    twelve_a = AddressRecord(
        postcode="3762 AB", house_number=12, house_letter="a", street="Torenstraat", place="Soest"
    )
    found = score(twelve, twelve_a)
    assert found.tier in ("possible", None)
    assert found.probability <= MAX_PROBABILITY
    same = AddressRecord(postcode="3762AB", house_number="12", street="Torenstraat")
    assert score(twelve, same).tier == "certain"  # certain by rule: the full address agrees
    person = PersonRecord(
        given_names="Oksana", surname="Kovalenko", date_of_birth=dt.date(1999, 3, 12), gender="v"
    )
    result = score(OKSANA, person)
    assert result.tier == "probable" and result.probability == MAX_PROBABILITY


def test_an_initial_weighs_less_than_a_written_out_name() -> None:
    from signaalroute.matching.estimate import initial_agreement

    weights = default_parameters().kinds["person"].level_weights["given_names"]
    assert weights["initials"] < weights["similar"] < weights["exact"]
    jans = [PersonRecord(given_names="Jan")] * 3 + [PersonRecord(given_names="Piet")]
    assert initial_agreement(jans) == (3 / 4) ** 2 + (1 / 4) ** 2
    assert initial_agreement([AddressRecord(postcode="3762AB")]) == 1.0
    records = [record for record, _entity in generate(400, seed=3)]
    estimated = estimate(records, blocked_pairs(records)).kinds["person"]
    cap = -math.log2(initial_agreement(records))
    assert estimated.level_weights["given_names"]["initials"] <= cap + 1e-9


def test_a_stated_birth_year_that_agrees_still_counts_for_a_match() -> None:
    full = PersonRecord(given_names="Jan", surname="Jansen", date_of_birth=dt.date(1990, 5, 17))
    year = PersonRecord(given_names="Jan", surname="Jansen", date_of_birth="1990")
    bare = PersonRecord(given_names="Jan", surname="Jansen")
    assert score(full, year).weight > score(full, bare).weight
    other_day = PersonRecord(given_names="Jan", surname="Jansen", date_of_birth="03-11-1990")
    assert score(full, other_day).weight < score(full, bare).weight


def test_a_name_alone_is_at_most_possible() -> None:
    from signaalroute.matching.scoring import HELD_PROBABILITY

    """Namesakes: two persons who share a rare name and nothing else are not stacked as
    "probable"; a date of birth, an address or a phone that agrees, even in part, is."""
    rare = PersonRecord(given_names="Oksana", surname="Kovalenko")
    seen = PersonRecord(
        given_names="Oksana",
        surname="Kovalenko",
        addresses=(AddressRecord(postcode="3762AB", house_number=12),),
    )
    found = score(rare, rare)
    # held by the rule although the model says more: shown as undecided, ranked by weight
    assert found.tier == "possible" and found.probability == HELD_PROBABILITY
    assert probability(found.weight) >= default_parameters().probable
    assert score(rare, seen).tier == "possible"  # an address on one side only
    assert score(seen, seen).tier == "probable"
    assert score(OKSANA, OKSANA).tier == "probable"
    # a birth year or an age estimate is a range many namesakes share: no corroboration
    year = PersonRecord(given_names="Oksana", surname="Kovalenko", date_of_birth="1999")
    assert score(OKSANA, year).tier == "possible"
    typo = PersonRecord(given_names="Oksana", surname="Kovalenko", date_of_birth="12-03-1990")
    assert score(OKSANA, typo).tier == "probable"  # one digit off in the year
    impossible = PersonRecord(given_names="Oksana", surname="Kovalenko", date_of_birth="32-03-1999")
    assert score(OKSANA, impossible).tier == "probable"  # day 32: a typo of 12
    with_phone = PersonRecord(given_names="O.", surname="Kovalenko", phones=("0612345678",))
    assert score(with_phone, with_phone).tier == "certain"
    # a gender that agrees corroborates nothing
    assert (
        score(
            PersonRecord(given_names="Oksana", surname="Kovalenko", gender="v"),
            PersonRecord(given_names="Oksana", surname="Kovalenko", gender="v"),
        ).tier
        == "possible"
    )


def test_the_same_digits_with_other_letters_are_another_street() -> None:
    twelve = AddressRecord(postcode="3762 AB", house_number=12, place="Soest")
    neighbour = AddressRecord(postcode="3762 AC", house_number=12, place="Soest")
    digits_only = AddressRecord(postcode="3762", house_number=12)
    assert score(twelve, neighbour).tier in ("possible", None)
    assert score(twelve, digits_only).tier in ("probable", "possible")
    assert score(twelve, digits_only).weight > score(twelve, neighbour).weight


def test_generated_copies_carry_date_typos_and_the_cold_start_counts_them_for_a_match() -> None:
    """The records the frozen parameters come from mistype dates as people do (one digit,
    two transposed, sometimes into a date that is no date), so a date one digit off weighs
    for a match, and less than the exact date."""
    from signaalroute.matching.compare import compare
    from signaalroute.matching.fields import TYPO

    rows = list(generate(3000, seed=5))
    persons: dict[object, list[PersonRecord]] = {}
    for record, entity in rows:
        if isinstance(record, PersonRecord):
            persons.setdefault(entity, []).append(record)
    typos = sum(
        compare(copies[0], other)["date_of_birth"] == TYPO
        for copies in persons.values()
        for other in copies[1:]
    )
    assert typos >= 10
    weights = default_parameters().kinds["person"].level_weights["date_of_birth"]
    assert 0 < weights["typo"] < weights["exact"]


def test_a_shared_phone_never_outweighs_a_plainly_different_surname() -> None:
    """Several victims give the phone or e-mail of the one who exploits them: with the
    surname or the date of birth plainly different, the shared value is a reason shown with
    a "possible" pair, never a probable or certain link."""
    a = PersonRecord(given_names="Mohamed", surname="Hendriks", phones=("0612345678",))
    b = PersonRecord(given_names="Mohamed", surname="Kaya", phones=("06-12345678",))
    found = score(a, b)
    assert found.tier == "possible" and ("phone", "agree") in found.reasons
    mail_a = PersonRecord(given_names="Ana", surname="Popescu", emails=("ana7@mail.invalid",))
    mail_b = PersonRecord(given_names="Ana", surname="Dobre", emails=("ana7@mail.invalid",))
    assert score(mail_a, mail_b).tier in ("possible", None)
    same = PersonRecord(given_names="M.", surname="Hendriks", phones=("0612345678",))
    assert score(a, same).tier == "certain"


def test_a_partly_agreeing_date_corroborates_a_name_only_where_the_model_counts_it() -> None:
    import dataclasses

    a = PersonRecord(given_names="Oksana", surname="Kovalenko", date_of_birth="12-03-1999")
    b = PersonRecord(given_names="Oksana", surname="Kovalenko", date_of_birth="12-03-1985")
    base = default_parameters()
    person = base.kinds["person"]

    def with_one_part(m: float, u: float) -> object:
        dates_m = dict(person.m["date_of_birth"], **{"one-part": m})
        dates_u = dict(person.u["date_of_birth"], **{"one-part": u})
        kind = dataclasses.replace(
            person,
            m=dict(person.m, date_of_birth=dates_m),
            u=dict(person.u, date_of_birth=dates_u),
            prior=0.5,
        )
        return dataclasses.replace(base, kinds=dict(base.kinds, person=kind))

    assert score(a, b, with_one_part(0.05, 0.001)).tier == "probable"  # evidence for
    assert score(a, b, with_one_part(0.001, 0.05)).tier == "possible"  # evidence against
