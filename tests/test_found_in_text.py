"""What the reporter already wrote is used: identifiers in a signal's free text become proposals
for the focal officer, count for stacking and the regional check at once, and are accepted as
subject details or dismissed through audited services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from signaalroute.audit.models import AuditEntry
from signaalroute.core.problems import EditConflict
from signaalroute.hits.models import HitEntry
from signaalroute.hits.services import hit_query
from signaalroute.intake.inputs import ReporterInput, SubjectInput
from signaalroute.intake.services import reporter_addition, signal_submit_public
from signaalroute.stacking.models import (
    Candidate,
    FoundIdentifier,
    FoundStatus,
    Trace,
)
from signaalroute.stacking.services import (
    FoundRefused,
    candidate_decide,
    found_decide,
    subject_enrich,
)

from .signals import committed, internal_signal, signal_data, soest

pytestmark = pytest.mark.django_db

TEXT = "Een man haalt haar elke avond op. Hij belt steeds vanaf 06-12345678."


def _zeist_hears(personas: Any, phone: str = "+31 6 1234 5678") -> list[str]:
    return hit_query(actor=personas["karin"], kind="phone", values={"phone": phone})


@pytest.fixture
def soest_signal(personas: Any) -> Any:
    with committed():
        return internal_signal(personas, via_bob=False, description=TEXT)


def test_a_phone_number_in_the_text_is_proposed_and_known_to_the_region_at_once(
    personas: Any, soest_signal: Any
) -> None:
    found = FoundIdentifier.objects.get(signal=soest_signal)
    assert (found.kind, found.value, found.text, found.status) == (
        "phone",
        "+31612345678",
        "06-12345678",
        FoundStatus.OPEN,
    )
    trace = Trace.objects.get(found=found)
    assert trace.kind == "online" and trace.record == {"phones": ["06-12345678"]}
    assert HitEntry.objects.filter(municipality=soest(), kind="phone").exists()
    assert _zeist_hears(personas) == ["Soest"]
    assert _zeist_hears(personas, "06-87654321") == []


def test_no_proposal_without_identifiers(personas: Any) -> None:
    with committed():
        signal = internal_signal(personas, via_bob=False)  # a postcode only as the location
    assert not FoundIdentifier.objects.filter(signal=signal).exists()


def test_molenstraat_7b_and_molenstr_7_b_meet(personas: Any) -> None:
    with committed():
        one = internal_signal(
            personas, via_bob=False, description="Veel mannen in Molenstraat 7B, elke nacht."
        )
        other = internal_signal(
            personas,
            via_bob=False,
            location_kind="unknown",
            postcode="",
            house_number=None,
            description="Matrassen op zolder bij molenstr. 7-b gezien.",
        )
    a = Trace.objects.get(signal=one, found__isnull=False)
    b = Trace.objects.get(signal=other, found__isnull=False)
    assert a.kind == b.kind == "address"
    link = Candidate.objects.get(trace_a__in=[a, b], trace_b__in=[a, b])
    assert link.tier in ("certain", "probable")


def test_carla_accepts_it_as_a_new_involved_party(personas: Any, soest_signal: Any) -> None:
    found = FoundIdentifier.objects.get(signal=soest_signal)
    with committed():
        found_decide(actor=personas["carla"], found=found, decision="accept", expected_version=1)
    found.refresh_from_db()
    assert found.status == FoundStatus.ACCEPTED and found.decided_by == personas["carla"]
    subject = soest_signal.subjects.get(kind="online")
    assert subject.details == {"phones": ["06-12345678"]}
    assert not Trace.objects.filter(found=found).exists()  # the subject's trace holds it now
    assert _zeist_hears(personas) == ["Soest"]
    actions = set(
        AuditEntry.objects.filter(actor_username="carla").values_list("action", flat=True)
    )
    assert {"stacking.found_accept", "subject.add", "subject.enrich"} <= actions
    entry = AuditEntry.objects.get(action="stacking.found_accept")
    assert "12345678" not in str(entry.extra) and entry.extra["kind"] == "phone"


def test_carla_adds_it_to_the_person_it_belongs_to(personas: Any, soest_signal: Any) -> None:
    person = soest_signal.subjects.get(kind="person")
    subject_enrich(actor=personas["carla"], subject=person, details={"surname": "Ionescu"})
    found = FoundIdentifier.objects.get(signal=soest_signal)
    found_decide(
        actor=personas["carla"],
        found=found,
        decision="accept",
        expected_version=1,
        subject=person,
    )
    person.refresh_from_db()
    assert person.details == {"surname": "Ionescu", "phones": ["06-12345678"]}
    assert soest_signal.subjects.count() == 1


def test_an_address_cannot_go_to_a_person_nor_overwrite_another(personas: Any) -> None:
    with committed():
        signal = internal_signal(
            personas,
            via_bob=False,
            description="Zij slaapt op Molenstraat 7B.",
            subjects=[
                SubjectInput(kind="person", role="victim", description="vrouw"),
                SubjectInput(kind="address", role="other", description="pand"),
            ],
        )
    found = FoundIdentifier.objects.get(signal=signal)
    person = signal.subjects.get(kind="person")
    with pytest.raises(ValidationError):
        found_decide(
            actor=personas["carla"], found=found, decision="accept", expected_version=1,
            subject=person,
        )  # fmt: skip
    place = signal.subjects.get(kind="address")
    subject_enrich(actor=personas["carla"], subject=place, details={"street": "Kerkstraat"})
    with pytest.raises(ValidationError):
        found_decide(
            actor=personas["carla"], found=found, decision="accept", expected_version=1,
            subject=place,
        )  # fmt: skip
    found.refresh_from_db()
    assert found.status == FoundStatus.OPEN  # nothing half-saved


def test_a_dismissed_value_leaves_the_index_and_never_returns(
    personas: Any, soest_signal: Any
) -> None:
    found = FoundIdentifier.objects.get(signal=soest_signal)
    with committed():
        found_decide(actor=personas["carla"], found=found, decision="dismiss", expected_version=1)
    assert not Trace.objects.filter(found=found).exists()
    assert _zeist_hears(personas) == []
    person = soest_signal.subjects.get()
    with committed():
        subject_enrich(actor=personas["carla"], subject=person, details={"surname": "Ionescu"})
    assert list(
        FoundIdentifier.objects.filter(signal=soest_signal).values_list("status", flat=True)
    ) == [FoundStatus.DISMISSED]
    assert _zeist_hears(personas) == []


def test_a_decision_is_made_once_and_on_the_version_seen(personas: Any, soest_signal: Any) -> None:
    found = FoundIdentifier.objects.get(signal=soest_signal)
    with pytest.raises(EditConflict):
        found_decide(actor=personas["carla"], found=found, decision="dismiss", expected_version=7)
    found_decide(actor=personas["carla"], found=found, decision="dismiss", expected_version=1)
    with pytest.raises(FoundRefused):
        found_decide(actor=personas["carla"], found=found, decision="accept", expected_version=2)


def test_another_municipality_cannot_decide(personas: Any, soest_signal: Any) -> None:
    found = FoundIdentifier.objects.get(signal=soest_signal)
    with pytest.raises(FoundIdentifier.DoesNotExist):
        found_decide(actor=personas["karin"], found=found, decision="dismiss", expected_version=1)


def test_values_held_elsewhere_and_the_reporters_own_are_not_proposed(personas: Any) -> None:
    with committed():
        submitted = signal_submit_public(
            municipality=soest(),
            data=signal_data(
                description=(
                    "Pand 3762 AB 12, busje AB-12-CD. Bel mij terug op 06-87654321 of "
                    "mail melder@example.org."
                ),
                capacity="resident",
            ),
            reporter=ReporterInput(name="Els", phone="06 87654321", email="Melder@Example.org"),
            submission_key=__import__("uuid").uuid4(),
        )
    assert submitted is not None
    found = FoundIdentifier.objects.filter(signal=submitted.signal)
    # The address is the signal's own location; the phone and e-mail are the reporter's.
    assert list(found.values_list("kind", "value")) == [("plate", "AB12CD")]
    assert _zeist_hears(personas, "06-87654321") == []


def test_what_the_reporter_adds_later_is_read_too(personas: Any, soest_signal: Any) -> None:
    with committed():
        reporter_addition(
            signal=soest_signal,
            text="Hij heeft ook een tweede nummer: +31 6 8765 4321.",
            user=personas["alice"],
        )
    values = set(FoundIdentifier.objects.filter(signal=soest_signal).values_list("value", "source"))
    assert values == {("+31612345678", "description"), ("+31687654321", "addition")}
    assert _zeist_hears(personas, "0687654321") == ["Soest"]


# --- the page and its URL ----------------------------------------------------------------------


def test_carla_sees_the_proposal_on_the_signal_page(client_for: Any, soest_signal: Any) -> None:
    response = client_for("carla").get(f"/signalen/{soest_signal.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Gevonden in de tekst" in content and "06-12345678" in content
    read = AuditEntry.objects.filter(action="signal.read", actor_username="carla").last()
    assert read is not None and "description" in read.fields


def test_carla_accepts_through_the_page(client_for: Any, soest_signal: Any) -> None:
    found = FoundIdentifier.objects.get(signal=soest_signal)
    url = f"/signalen/{soest_signal.pk}/gevonden/{found.pk}/"
    response = client_for("carla").post(url, {"decision": "accept", "version": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/signalen/{soest_signal.pk}/"
    found.refresh_from_db()
    assert found.status == FoundStatus.ACCEPTED


@pytest.mark.parametrize(("persona", "status"), [("karin", 404), ("bob", 403), ("alice", 403)])
def test_others_are_refused_the_decision(
    client_for: Any, soest_signal: Any, persona: str, status: int
) -> None:
    found = FoundIdentifier.objects.get(signal=soest_signal)
    url = f"/signalen/{soest_signal.pk}/gevonden/{found.pk}/"
    response = client_for(persona).post(url, {"decision": "dismiss", "version": "1"})
    assert response.status_code == status
    found.refresh_from_db()
    assert found.status == FoundStatus.OPEN


def test_a_proposal_of_another_signal_is_not_found(
    client_for: Any, personas: Any, soest_signal: Any
) -> None:
    other = internal_signal(personas, via_bob=False)
    found = FoundIdentifier.objects.get(signal=soest_signal)
    url = f"/signalen/{other.pk}/gevonden/{found.pk}/"
    assert client_for("carla").post(url, {"decision": "dismiss", "version": "1"}).status_code == 404


def test_a_link_decided_on_the_proposal_survives_its_acceptance(
    personas: Any, soest_signal: Any
) -> None:
    with committed():
        other = internal_signal(personas, via_bob=False, description="Zelfde nummer: 0612345678.")
    found = FoundIdentifier.objects.get(signal=soest_signal)
    theirs = FoundIdentifier.objects.get(signal=other)
    link = Candidate.objects.get(
        trace_a__found__in=[found, theirs], trace_b__found__in=[found, theirs]
    )
    assert link.tier == "certain"
    candidate_decide(
        actor=personas["carla"], candidate=link, decision="confirm", expected_version=1
    )
    found_decide(actor=personas["carla"], found=found, decision="accept", expected_version=1)
    link.refresh_from_db()  # the proposal's trace became the new involved party's trace
    assert link.status == "confirmed"
    subject_trace = Trace.objects.get(subject=soest_signal.subjects.get(kind="online"))
    assert subject_trace.pk in (link.trace_a_id, link.trace_b_id)
    # Into an existing party: the decided link moves to that party's trace.
    person = other.subjects.get(kind="person")
    found_decide(
        actor=personas["carla"], found=theirs, decision="accept", expected_version=1,
        subject=person,
    )  # fmt: skip
    link.refresh_from_db()
    person_trace = Trace.objects.get(subject=person)
    assert {link.trace_a_id, link.trace_b_id} == {subject_trace.pk, person_trace.pk}
    assert link.status == "confirmed"


def test_the_party_whose_description_holds_the_value_is_offered_first(personas: Any) -> None:
    """An address written in a party's own description goes to that party by default; a phone in
    the free text is not put on the possible victim by default."""
    from signaalroute.stacking.selectors import signal_found

    with committed():
        signal = internal_signal(
            personas,
            via_bob=False,
            description=TEXT,
            subjects=[
                SubjectInput(kind="person", role="victim", description="Vrouw, ca. 25 jaar"),
                SubjectInput(kind="address", role="other", description="Molenstraat 7B, Soest"),
            ],
        )
    rows = {row.found.kind: row for row in signal_found(personas["carla"], signal) or []}
    place = signal.subjects.get(kind="address")
    assert rows["address"].preferred == place.pk
    assert rows["phone"].preferred is None
    page = _carla_page(personas, signal)
    assert f'value="{place.pk}" selected' in page


def _carla_page(personas: Any, signal: Any) -> str:
    from django.test import Client

    from .conftest import login_client

    return login_client(Client(), personas["carla"]).get(f"/signalen/{signal.pk}/").content.decode()
