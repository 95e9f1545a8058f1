"""Learning the matching parameters from the data at hand: the pure estimate (matching.learn),
the versions an installation keeps (stacking.learning), the engine reading the version in use,
and what the functional administrator sees."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.intake.inputs import SubjectInput
from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.compare import compare
from signaalroute.matching.learn import (
    PRIOR_CEILING,
    estimate_population,
    is_sure_match,
    sanity_problems,
)
from signaalroute.matching.records import AddressRecord, PersonRecord
from signaalroute.matching.scoring import default_parameters
from signaalroute.matching.synthetic import generate
from signaalroute.stacking import learning
from signaalroute.stacking.learning import (
    frequency_token,
    matching_model_learn,
    model_in_use,
    parameters_in_use,
)
from signaalroute.stacking.models import Candidate, MatchingModel, MatchingModelStatus
from signaalroute.stacking.services import subject_enrich

from .test_stacking_engine import report


def _persons(n: int, seed: int) -> list[PersonRecord]:
    return [r for r, _e in generate(n, seed=seed, kinds=("person",)) if isinstance(r, PersonRecord)]


def test_u_m_and_the_share_of_matches_are_learnt() -> None:
    records = _persons(1500, seed=41)
    base = default_parameters()
    learnt, found = estimate_population(records, blocked_pairs(records), base)
    person, estimate = learnt.kinds["person"], found["person"]
    assert estimate.learnt and estimate.records == len(records)
    assert person.m != {field: base.kinds["person"].m[field] for field in person.m}
    for field in ("given_names", "surname", "date_of_birth"):  # agreeing still counts for
        weights = person.level_weights[field]
        assert weights["exact"] > 0 > weights["different"]
    kept, _found = estimate_population(records, blocked_pairs(records), base, learn_m=False)
    assert kept.kinds["person"].m == {
        field: base.kinds["person"].m[field] for field in kept.kinds["person"].m
    }
    assert person.u != base.kinds["person"].u  # how often strangers agree: this population's
    assert estimate.prior_floor <= person.prior <= PRIOR_CEILING
    # The floor is the share of compared pairs a deterministic rule calls a match.
    vectors = [compare(records[a], records[b]) for a, b in blocked_pairs(records)]
    sure = sum(is_sure_match("person", v) for v in vectors)
    assert estimate.sure_pairs == sure and sure > 0


def test_a_population_with_no_repeats_is_held_at_the_floor_not_zero() -> None:
    # Every person once: EM drives λ down; the guard keeps it at its minimum, never 0.
    records = [
        PersonRecord(given_names=f"Naam{chr(97 + i % 26)}{i}", surname=f"Achternaam{i}")
        for i in range(120)
    ]
    pairs = [(i, i + 1) for i in range(0, 118, 2)]
    learnt, found = estimate_population(records, pairs, default_parameters())
    assert learnt.kinds["person"].prior > 0
    assert found["person"].learnt


def test_too_few_records_keep_the_model_learnt_from() -> None:
    records = _persons(60, seed=3)[:20]
    base = default_parameters()
    learnt, found = estimate_population(records, blocked_pairs(records), base)
    assert not found["person"].learnt
    assert learnt.kinds["person"] == base.kinds["person"]


def test_the_sanity_check_names_turned_weights_and_a_jump() -> None:
    records = _persons(1500, seed=42)
    base = default_parameters()
    learnt, found = estimate_population(records, blocked_pairs(records), base)
    assert sanity_problems(learnt, base, found) == []
    # An agreeing surname that counts against a match: u as high as m.
    person = learnt.kinds["person"]
    u = {**person.u, "surname": {**person.u["surname"], "exact": 0.99, "different": 0.001}}
    turned = replace(learnt, kinds={**learnt.kinds, "person": replace(person, u=u)})
    codes = {(p.code, p.field) for p in sanity_problems(turned, base, found)}
    assert ("exact_against", "surname") in codes and ("different_for", "surname") in codes
    # A share of matches at its floor: far fewer pairs would be probable at once.
    jumped = replace(learnt, kinds={**learnt.kinds, "person": replace(person, prior=1e-6)})
    shifts = [p for p in sanity_problems(jumped, base, found) if p.code == "shift"]
    assert shifts and shifts[0].after < shifts[0].before / 2
    assert not [p for p in sanity_problems(jumped, base, found, shift=False) if p.code == "shift"]


def test_persons_seen_at_one_address_are_evidence_not_proof() -> None:
    params = default_parameters()
    at = (AddressRecord(postcode="3762 AB", house_number="12"),)
    weights = params.kinds["person"].level_weights["address"]
    assert weights["exact"] > 0 > weights["different"]
    # Two different people at one address (a house of labour migrants) stay apart.
    a = PersonRecord(given_names="Marek", surname="Nowak", addresses=at)
    b = PersonRecord(given_names="Ion", surname="Popescu", addresses=at)
    from signaalroute.matching.scoring import score

    assert score(a, b, params).tier is None
    # Two victims named in signals about one house: one name in common is not one person.
    maria = PersonRecord(given_names="Maria", surname="Popescu", addresses=at)
    other = PersonRecord(given_names="Maria", surname="Ionescu", addresses=at)
    sister = PersonRecord(given_names="Elena", surname="Popescu", addresses=at)
    assert score(maria, other, params).tier in (None, "possible")
    assert score(maria, sister, params).tier in (None, "possible")


# --- The installation's versions -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_version_is_learnt_used_and_replaced(personas: Any) -> None:
    soest = Organisation.objects.get(name="Soest")
    assert model_in_use(soest.pk) is None
    assert parameters_in_use(soest.pk) is default_parameters()
    records = _persons(1200, seed=8)
    first = matching_model_learn(municipality=soest, records=records, actor=personas["henk"])
    assert first is not None and first.status == MatchingModelStatus.ACTIVE and first.version == 1
    in_use = parameters_in_use(soest.pk)
    assert in_use.kinds["person"].prior == pytest.approx(first.basis["person"]["prior"])
    assert in_use.frequencies is not None and in_use.frequencies.persons == len(records)
    # No names are stored: the frequency table holds keyed tokens only.
    stored = MatchingModel.objects.get(pk=first.pk).frequencies
    surname = records[0].surname.lower()
    assert surname not in str(stored) and frequency_token(surname) in stored["surname"]
    assert AuditEntry.objects.filter(action="stacking.model_learn", object_id=str(first.pk))
    second = matching_model_learn(municipality=soest, records=records)
    assert second is not None and second.version == 2
    first.refresh_from_db()
    assert first.status == MatchingModelStatus.SUPERSEDED
    assert model_in_use(soest.pk) == second
    # Zeist has learnt nothing: it keeps the cold start.
    zeist = Organisation.objects.get(name="Zeist")
    assert parameters_in_use(zeist.pk) is default_parameters()


@pytest.mark.django_db
def test_a_version_that_fails_the_check_is_kept_but_not_used(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    soest = Organisation.objects.get(name="Soest")
    records = _persons(1200, seed=9)
    good = matching_model_learn(municipality=soest, records=records)
    from signaalroute.matching.learn import SanityProblem

    monkeypatch.setattr(
        learning,
        "sanity_problems",
        lambda *a, **k: [SanityProblem("shift", "person", before=0.1, after=0.5)],
    )
    bad = matching_model_learn(municipality=soest, records=records)
    assert bad is not None and bad.status == MatchingModelStatus.REJECTED
    assert model_in_use(soest.pk) == good
    with translation.override("nl"):
        overview = learning.model_overview(soest)
    texts = {m.version: problems for m, problems in overview.history}
    assert "10.0%" in texts[2][0] or "10,0%" in texts[2][0]


@pytest.mark.django_db
def test_the_engine_matches_with_the_version_in_use(personas: Any) -> None:
    """Two signals naming one person (same name and date of birth) are probable with the cold
    start; a version whose share of matches is tiny makes the same pair only possible."""
    soest = Organisation.objects.get(name="Soest")
    base = default_parameters()
    sceptical = replace(
        base, kinds={**base.kinds, "person": replace(base.kinds["person"], prior=1e-6)}
    )
    MatchingModel.objects.create(
        municipality=soest,
        version=1,
        status=MatchingModelStatus.ACTIVE,
        parameters=sceptical.as_json(),
    )
    person = [SubjectInput(kind="person", role="victim", description="vrouw")]
    first = report(personas, "alice", subjects=person)
    second = report(personas, "otto", subjects=person, postcode="3768 CD", house_number=3)
    details = {"given_names": "Oksana", "surname": "Kovalenko", "date_of_birth": "12-03-1999"}
    for signal in (first, second):
        subject_enrich(actor=personas["carla"], subject=signal.subjects.get(), details=details)
    person_links = [c for c in Candidate.objects.all() if c.trace_a.kind == "person"]
    assert person_links and all(c.tier == "possible" for c in person_links)


@pytest.mark.django_db
def test_the_command_learns_per_municipality_and_says_so(personas: Any) -> None:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("stacking_learn", "--municipality", "Soest", stdout=out, stderr=err)
    assert "Soest: not learnt (too few traces)" in out.getvalue()
    with pytest.raises(Exception, match="no municipality named"):
        call_command("stacking_learn", "--municipality", "Nergenshuizen")


@pytest.mark.django_db
def test_the_administrator_sees_the_model_in_use(personas: Any, client_for: Any) -> None:
    henk = client_for("henk")
    page = henk.get("/beheer/stapelen/").content.decode()
    assert "meegeleverde startwaarden" in page
    soest = Organisation.objects.get(name="Soest")
    matching_model_learn(municipality=soest, records=_persons(1200, seed=10))
    page = henk.get("/beheer/stapelen/").content.decode()
    assert "Versie 1" in page and "Achternaam" in page and "in gebruik" in page


def test_a_person_address_is_read_loosely() -> None:
    from signaalroute.matching.fields_addresses import compare_person_addresses as level

    home = [AddressRecord(postcode="3762 AB", house_number="12", place="Soest")]
    assert level(home, [AddressRecord(postcode="3762ab", house_number="12-b")]) == "exact"
    typo = AddressRecord(postcode="3726AB", house_number="12", place="Soest")
    assert level(home, [typo]) == "exact"  # the digits mistyped, same number and place
    assert level(home, [AddressRecord(postcode="3726AB", house_number="12")]) == "different"
    neighbour = AddressRecord(postcode="3762AC", house_number="12", place="Soest")
    assert level(home, [neighbour]) == "different"  # another street
    assert level(home, [AddressRecord(postcode="3726AB", house_number="14")]) == "different"
    assert level(home, [AddressRecord(postcode="3762", house_number="3")]) == "area"
    assert level(home, [AddressRecord(place="soest", house_number="12")]) == "exact"
    assert level(home, [AddressRecord(place="Zeist")]) == "different"
    assert level(home, []) == "missing"
    assert level([AddressRecord(house_number="12")], home) == "missing"


def test_the_normalisers_cache_can_be_emptied() -> None:
    from signaalroute.matching.normalise import clear_normalise_caches, normalise_name

    first = normalise_name("Олена Коваленко")
    assert normalise_name("Олена Коваленко") is first  # remembered
    clear_normalise_caches()
    again = normalise_name("Олена Коваленко")
    assert again == first and again is not first
    assert normalise_name(["not", "hashable"]).flag == "invalid"  # normalised uncached


@pytest.mark.django_db
def test_the_officers_decisions_are_the_labels_learning_reads(
    personas: Any, client_for: Any
) -> None:
    """Confirmed links are labelled matches, rejected ones known non-matches, as index pairs
    into the scope's records; the administrator reads how many a version learnt from."""
    from signaalroute.stacking.learning import scope_records
    from signaalroute.stacking.services import candidate_decide

    person = [SubjectInput(kind="person", role="victim", description="vrouw")]
    names = [("Oksana", "Kovalenko"), ("Oksana", "Kovalenko"), ("Maria", "Ionescu")]
    made = []
    for n, (given, surname) in enumerate(names * 2):
        signal = report(
            personas,
            ("alice", "otto")[n % 2],
            subjects=person,
            postcode=f"37{60 + n} AB",
            house_number=n + 1,
        )
        details = {"given_names": given, "surname": surname, "date_of_birth": "12-03-1999"}
        subject_enrich(actor=personas["carla"], subject=signal.subjects.get(), details=details)
        made.append(signal)
    proposals = list(Candidate.objects.filter(trace_a__kind="person").order_by("weight"))
    assert len(proposals) >= 2
    confirm, reject = proposals[-1], proposals[0]
    for candidate, decision in ((confirm, "confirm"), (reject, "reject")):
        candidate_decide(
            actor=personas["carla"],
            candidate=candidate,
            decision=decision,
            expected_version=candidate.version,
        )
    soest = Organisation.objects.get(name="Soest")
    records, signals, decided = scope_records(soest, None)
    assert len(records) == len(signals) and len(decided) == 2
    assert sorted(flag for _a, _b, flag in decided) == [False, True]
    # the pairs point at the two traces' records
    by_flag = {flag: (a, b) for a, b, flag in decided}
    a, b = by_flag[True]
    assert {records[a].surname, records[b].surname} == {confirm.trace_a.record["surname"]}
    # what a version learnt from is shown to the functional administrator
    MatchingModel.objects.create(
        municipality=soest,
        version=1,
        status=MatchingModelStatus.ACTIVE,
        parameters=default_parameters().as_json(),
        basis={"person": {"labelled_matches": 1, "known_non_matches": 1}},
    )
    page = client_for("henk").get("/beheer/stapelen/").content.decode()
    assert "1 bevestigde koppelingen als voorbeeld van één persoon" in page
