"""One scoring path: the same traces through the database engine (live services) and through the
memory index get the same tiers; a shared identifier never overrides a contradiction, and one
shared between traces of different kinds is a candidate with its reason, never certain."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.intake.inputs import SubjectInput
from signaalroute.matching.link import Entry, link
from signaalroute.matching.matcher import MemoryIndex
from signaalroute.matching.records import PersonRecord
from signaalroute.stacking.models import Candidate
from signaalroute.stacking.services import subject_enrich
from signaalroute.stacking.traces import entry_for

from .test_stacking_engine import report

# (kind, details) in the order they are entered.
TRACES: list[tuple[str, dict[str, Any]]] = [
    (
        "person",
        {
            "given_names": "Oksana",
            "surname": "Kovalenko",
            "date_of_birth": "12-03-1999",
            "phones": "06-12345678",
        },
    ),
    ("person", {"given_names": "Oksana", "surname": "Kovalenko", "phones": "+31 6 1234 5678"}),
    # The landlord's phone on another person's record: other name, other date of birth.
    (
        "person",
        {
            "given_names": "Pieter",
            "surname": "Bakker",
            "date_of_birth": "01-07-1961",
            "phones": "0612345678",
        },
    ),
    # An advert with the same phone: another kind of trace.
    ("online", {"urls": "https://example.nl/advertentie/991", "phones": "06 1234 5678"}),
    ("online", {"urls": "https://example.nl/advertentie/991"}),
    ("vehicle", {"plates": "12-ABC-3"}),
    ("vehicle", {"plates": "12ABC3"}),
    ("person", {"given_names": "Marek", "surname": "Nowak", "date_of_birth": "1990"}),
    ("person", {"given_names": "Marek", "surname": "Nowak", "date_of_birth": "ca. 1990"}),
    ("organisation", {"trade_names": "Uitzendbureau Snel BV", "phones": "06-12345678"}),
]


def _memory_tiers() -> dict[tuple[int, int], tuple[str, list[list[str]]]]:
    index = MemoryIndex()
    found: dict[tuple[int, int], tuple[str, list[list[str]]]] = {}
    for i, (kind, details) in enumerate(TRACES):
        for match in index.match_and_add(i, entry_for(kind, details)):
            assert match.score.tier is not None
            found[(int(match.ident), i)] = (  # type: ignore[call-overload]
                match.score.tier,
                [list(r) for r in match.score.reasons[:8]],
            )
    return found


@pytest.mark.django_db
def test_the_database_and_the_memory_path_give_the_same_tiers(personas: Any) -> None:
    signals = []
    for kind, _details in TRACES:
        subjects = [SubjectInput(kind=kind, role="other", description="gezien")]
        signals.append(
            report(
                personas,
                "alice",
                location_kind="unknown",
                postcode="",
                house_number=None,
                subjects=subjects,
            )
        )
    assert not Candidate.objects.exists()  # nothing to match on before the details
    for signal, (_kind, details) in zip(signals, TRACES, strict=True):
        subject_enrich(actor=personas["carla"], subject=signal.subjects.get(), details=details)
    position = {signal.pk: n for n, signal in enumerate(signals)}
    database = {}
    for c in Candidate.objects.select_related("trace_a", "trace_b"):
        i, j = sorted((position[c.trace_a.signal_id], position[c.trace_b.signal_id]))
        database[(i, j)] = (c.tier, c.reasons)
    memory = _memory_tiers()
    assert database == memory
    tiers = {pair: tier for pair, (tier, _reasons) in memory.items()}
    assert tiers[(0, 1)] == "certain"  # same name, same phone
    assert tiers.get((0, 2)) != "certain" and tiers.get((1, 2)) != "certain"  # the landlord
    assert tiers[(0, 3)] == tiers[(2, 3)] == "possible"  # advert and person: for the officer
    assert memory[(0, 3)][1] == [["phone", "agree"]]
    assert tiers[(3, 4)] == "certain"  # the same advert
    assert tiers[(5, 6)] == "certain"  # the same plate
    assert tiers[(7, 8)] in ("probable", "possible")
    assert tiers[(3, 9)] == "possible" and tiers.get((0, 9)) == "possible"
    assert not any(i == 5 or j == 5 for i, j in tiers if (i, j) != (5, 6))


def test_a_shared_phone_never_overrides_a_contradiction() -> None:
    phone = frozenset({"phone:+31612345678"})
    one = Entry(
        "person",
        PersonRecord(
            given_names="Oksana",
            surname="Kovalenko",
            date_of_birth="12-03-1999",
            phones=("06-12345678",),
        ),
        phone,
    )
    other = Entry(
        "person",
        PersonRecord(
            given_names="Pieter",
            surname="Bakker",
            date_of_birth="01-07-1961",
            phones=("0612345678",),
        ),
        phone,
    )
    # Not one person, but one phone: a "possible" candidate, the shared phone its first reason.
    shared = link(one, other)
    assert shared.tier == "possible" and shared.reasons[0] == ("phone", "agree")
    assert ("surname", "different") in shared.reasons or len(shared.reasons) > 1
    assert shared == link(other, one)
    stranger = Entry("person", other.record, frozenset({"phone:+31687654321"}))
    assert link(one, stranger).tier is None
    same = Entry("person", PersonRecord(surname="Kovalenko", phones=("0612345678",)), phone)
    assert link(one, same).tier == "certain"


def test_an_identifier_shared_across_kinds_is_a_possible_candidate_with_its_reason() -> None:
    person = Entry(
        "person",
        PersonRecord(surname="Kovalenko", phones=("0612345678",)),
        frozenset({"phone:+31612345678"}),
    )
    advert = Entry("online", None, frozenset({"phone:+31612345678", "url:example.nl/a/1"}))
    result = link(person, advert)
    assert (result.tier, result.reasons) == ("possible", [("phone", "agree")])
    assert link(advert, Entry("online", None, frozenset({"url:other.nl/b"}))).tier is None
    assert link(advert, Entry("online", None, frozenset({"url:example.nl/a/1"}))).tier == "certain"
