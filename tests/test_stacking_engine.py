"""The stacking engine against the database: traces, keys, candidates, decisions, alerts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.core.problems import EditConflict
from signaalroute.intake.inputs import SignalInput, SubjectInput
from signaalroute.intake.services import signal_submit_internal
from signaalroute.signals.models import SignalSubject
from signaalroute.stacking.engine import stack_of
from signaalroute.stacking.models import Candidate, StackAlert, StackingSettings, Trace, TraceKey
from signaalroute.stacking.services import DecisionRefused, candidate_decide, subject_enrich

from .signals import committed

pytestmark = pytest.mark.django_db


def report(personas: Any, who: str, municipality: str = "Soest", **overrides: Any) -> Any:
    data = {
        "description": "Busje haalt elke ochtend mannen op.",
        "location_kind": "address",
        "postcode": "3762 AB",
        "house_number": 12,
        "forms": ["labour"],
        "subjects": [],
    }
    data.update(overrides)
    with committed():
        return signal_submit_internal(
            reporter=personas[who],
            municipality=Organisation.objects.get(name=municipality),
            data=SignalInput(**data),
            team_coordinator=None,
        )


def test_the_same_address_written_differently_is_a_certain_candidate(personas: Any) -> None:
    first = report(personas, "alice", postcode="3762 AB", house_number=12)
    second = report(personas, "otto", postcode="3762ab", house_number=12, house_number_addition="")
    candidate = Candidate.objects.get()
    assert candidate.tier == "certain" and candidate.status == "proposed"
    traces = {candidate.trace_a.signal_id, candidate.trace_b.signal_id}
    assert traces == {first.pk, second.pk}
    assert ["address", "agree"] in candidate.reasons
    # Two signals, two sources (alice, otto), within 12 months: an alert that says why.
    alert = StackAlert.objects.get()
    assert alert.reason["rule"] == "count" and alert.reason["sources"] == 2


def test_one_reporter_twice_is_one_source_and_no_alert(personas: Any) -> None:
    report(personas, "alice")
    report(personas, "alice")
    assert Candidate.objects.count() == 1
    assert not StackAlert.objects.exists()


def test_the_rule_is_configurable_per_municipality(personas: Any) -> None:
    StackingSettings.objects.create(
        municipality=Organisation.objects.get(name="Soest"),
        min_signals=3,
        alert_on_assessment=False,
    )
    report(personas, "alice")
    report(personas, "otto")
    assert not StackAlert.objects.exists()
    report(personas, "bob")
    assert StackAlert.objects.get().reason["signals"] == 3


def test_other_municipalities_never_meet_here(personas: Any) -> None:
    report(personas, "alice", municipality="Soest")
    report(personas, "karin", municipality="Zeist")
    assert not Candidate.objects.exists()


def test_a_rejected_link_never_comes_back(personas: Any) -> None:
    first = report(personas, "alice")
    report(personas, "otto")
    candidate = Candidate.objects.get()
    candidate_decide(
        actor=personas["carla"], candidate=candidate, decision="reject", expected_version=1
    )
    # Re-indexing (e.g. after an enrichment) proposes nothing new for the pair.
    from signaalroute.stacking.engine import signal_stack_index

    signal_stack_index(signal=first)
    assert Candidate.objects.get().status == "rejected"
    assert AuditEntry.objects.filter(action="stacking.link_reject", actor_username="carla").exists()


def test_confirm_then_undo_and_stale_or_refused_decisions(personas: Any) -> None:
    report(personas, "alice")
    report(personas, "otto")
    candidate = Candidate.objects.get()
    carla = personas["carla"]
    candidate_decide(actor=carla, candidate=candidate, decision="confirm", expected_version=1)
    trace = candidate.trace_a
    assert len(stack_of(trace)) == 2
    with pytest.raises(EditConflict):
        candidate_decide(actor=carla, candidate=candidate, decision="undo", expected_version=1)
    with pytest.raises(DecisionRefused):
        candidate_decide(actor=carla, candidate=candidate, decision="confirm", expected_version=2)
    candidate_decide(actor=carla, candidate=candidate, decision="undo", expected_version=2)
    assert len(stack_of(trace)) == 1
    with pytest.raises(Candidate.DoesNotExist):  # another municipality's officer: not found
        candidate_decide(
            actor=personas["karin"], candidate=candidate, decision="confirm", expected_version=3
        )


def test_enriched_persons_meet_on_phone_and_name(personas: Any) -> None:
    person = [SubjectInput(kind="person", role="victim", description="vrouw")]
    first = report(
        personas, "alice", location_kind="unknown", postcode="", house_number=None, subjects=person
    )
    second = report(
        personas, "otto", location_kind="unknown", postcode="", house_number=None, subjects=person
    )
    assert not Candidate.objects.exists()  # nothing to match on yet
    carla = personas["carla"]
    subject_enrich(
        actor=carla,
        subject=first.subjects.get(),
        details={
            "given_names": "Oksana",
            "surname": "Kovalenko",
            "date_of_birth": "12-03-1999",
            "phones": "06-12345678",
        },
    )
    subject_enrich(
        actor=carla,
        subject=second.subjects.get(),
        details={"given_names": "Oksana", "surname": "Kovalenko", "phones": "+31 6 1234 5678"},
    )
    candidate = Candidate.objects.get()
    assert candidate.tier == "certain" and ["phone", "agree"] in candidate.reasons
    assert AuditEntry.objects.filter(action="subject.enrich").count() == 2


def test_garbage_is_kept_flagged_and_never_certain(personas: Any) -> None:
    person = [SubjectInput(kind="person", role="victim", description="man")]
    first = report(
        personas, "alice", location_kind="unknown", postcode="", house_number=None, subjects=person
    )
    subject = first.subjects.get()
    with pytest.raises(ValidationError):  # postcode is not a field of a person
        subject_enrich(actor=personas["carla"], subject=subject, details={"postcode": "1234"})
    subject_enrich(
        actor=personas["carla"],
        subject=subject,
        details={"surname": "X" * 200, "phones": "06-1234abcd", "date_of_birth": "01-01-2090"},
    )
    subject.refresh_from_db()
    assert subject.details["phones"] == ["06-1234abcd"]  # stored as given
    trace = Trace.objects.get(subject=subject)
    assert trace.flags["phones"] == "invalid" and trace.flags["date_of_birth"] == "invalid"
    assert not TraceKey.objects.filter(trace=trace, key__contains="phone").exists()
    with pytest.raises(ValidationError):
        subject_enrich(actor=personas["carla"], subject=subject, details={"surname": "Y" * 301})


def test_only_focal_officers_of_the_municipality_enrich(personas: Any) -> None:
    first = report(
        personas, "alice", subjects=[SubjectInput(kind="person", role="victim", description="x")]
    )
    for name in ("alice", "bob", "karin", "eva", "henk"):
        with pytest.raises(SignalSubject.DoesNotExist):  # not found for them
            subject_enrich(
                actor=personas[name], subject=first.subjects.get(), details={"surname": "A"}
            )


def test_functional_admin_sets_the_rule_and_bad_input_is_kept(
    personas: Any, client_for: Any
) -> None:
    henk = client_for("henk")
    assert henk.get("/beheer/stapelen/").status_code == 200
    bad = henk.post(
        "/beheer/stapelen/", {"min_signals": "1", "min_sources": "2", "window_months": "12"}
    )
    assert bad.status_code == 400 and 'value="1"' in bad.content.decode()
    assert not StackingSettings.objects.exists()
    ok = henk.post(
        "/beheer/stapelen/", {"min_signals": "3", "min_sources": "2", "window_months": "6"}
    )
    assert ok.status_code == 302
    saved = StackingSettings.objects.get()
    assert (saved.min_signals, saved.window_months, saved.alert_on_assessment) == (3, 6, False)
    assert AuditEntry.objects.filter(
        action="stacking.settings_update", actor_username="henk"
    ).exists()
    for name in ("alice", "carla", "karin", "eva", "gijs", "ida"):
        assert client_for(name).get("/beheer/stapelen/").status_code == 403, name


def test_stacking_pages_refuse_and_hide_from_others(personas: Any, client_for: Any) -> None:
    report(personas, "alice")
    report(personas, "otto")
    candidate = Candidate.objects.get()
    carla = client_for("carla")
    assert carla.get("/stapels/").status_code == 200
    assert carla.get(f"/stapels/spoor/{candidate.trace_a_id}/").status_code == 200
    for name in ("alice", "bob", "eva", "fenna", "gijs", "henk", "ida", "lotte"):
        assert client_for(name).get("/stapels/").status_code == 403, name
    karin = client_for("karin")  # a focal officer, but of Zeist: not found
    assert karin.get(f"/stapels/spoor/{candidate.trace_a_id}/").status_code == 404
    assert (
        karin.post(
            f"/stapels/koppeling/{candidate.pk}/", {"decision": "confirm", "version": 1}
        ).status_code
        == 404
    )
    assert "3762" not in karin.get("/stapels/").content.decode()
    assert Candidate.objects.get().status == "proposed"
    response = carla.post(
        f"/stapels/koppeling/{candidate.pk}/",
        {"decision": "confirm", "version": 1, "next": "https://evil.invalid/"},
    )
    assert response.status_code == 302 and response["Location"].startswith("/")


def test_too_common_keys_are_not_compared(personas: Any, monkeypatch: Any) -> None:
    import signaalroute.stacking.engine as engine

    monkeypatch.setattr(engine, "MAX_KEY_MEMBERS", 1)
    report(personas, "alice")
    report(personas, "otto")  # one earlier member: compared
    assert Candidate.objects.count() == 1
    report(personas, "bob")  # two earlier members on every key: too common, nothing proposed
    assert Candidate.objects.count() == 1


def test_open_candidates_list_certain_then_probable_then_possible(personas: Any) -> None:
    from signaalroute.stacking.selectors import open_candidates

    first = report(personas, "alice")
    second = report(personas, "otto")
    a, b = Trace.objects.get(signal=first), Trace.objects.get(signal=second)
    Candidate.objects.all().delete()
    for tier, weight in (("possible", 1.0), ("certain", 0.5), ("probable", 9.0)):
        s1 = SignalSubject.objects.create(
            signal=first, kind="person", role="other", description="x"
        )
        s2 = SignalSubject.objects.create(
            signal=second, kind="person", role="other", description="y"
        )
        t1 = Trace.objects.create(
            signal=first, subject=s1, municipality=a.municipality, kind="person"
        )
        t2 = Trace.objects.create(
            signal=second, subject=s2, municipality=b.municipality, kind="person"
        )
        Candidate.objects.create(
            trace_a=t1,
            trace_b=t2,
            municipality=a.municipality,
            tier=tier,
            weight=weight,
            probability=0.9,
        )
    tiers = [c.tier for c in open_candidates(personas["carla"])]
    assert tiers == ["certain", "probable", "possible"]


def test_a_stale_enrichment_is_refused_not_overwritten(personas: Any, client_for: Any) -> None:
    person = [SubjectInput(kind="person", role="victim", description="vrouw")]
    signal = report(personas, "alice", subjects=person)
    subject = signal.subjects.get()
    url = f"/signalen/{signal.pk}/betrokkenen/{subject.pk}/aanvullen/"
    carla, daan = client_for("carla"), client_for("daan")
    loaded = carla.get(url).context["loaded"]
    assert daan.get(url).context["loaded"] == loaded
    first = carla.post(url, {"surname": "Kovalenko", "loaded": loaded})
    assert first.status_code == 302
    second = daan.post(url, {"surname": "Kowalenko", "loaded": loaded})
    assert second.status_code == 400
    subject.refresh_from_db()
    assert subject.details == {"surname": "Kovalenko"}
