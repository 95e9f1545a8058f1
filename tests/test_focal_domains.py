"""Two focal officers, two domains (seed 004 §5.1, §5.2.1): a signal's domain and owner are
proposed from its subjects and can be set by hand; an officer can be away, and their signals go
to the other domain's officer; the worklist's views; acute alerts to the domain first; and
"always the care coordinator" when a signal with a possible victim is closed (seed 002 annex 1
step 4)."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.intake.inputs import SubjectInput
from signaalroute.intake.services import signal_submit_internal
from signaalroute.partners.care_coordinator import care_coordinator_contacted
from signaalroute.partners.referrals.services import referral_send
from signaalroute.signals.services import subject_add
from signaalroute.signals.states import State
from signaalroute.workflow.assignment_services import assignment_set, away_set
from signaalroute.workflow.assignments import assignment_for
from signaalroute.workflow.close_checks import (
    care_coordinator_reason_needed,
    closed_without_care_coordinator,
    closed_without_care_coordinator_by_municipality,
)
from signaalroute.workflow.models import Absence, SignalAssignment
from signaalroute.workflow.notifications import notify_acute
from signaalroute.workflow.rules import domain_for_subjects
from signaalroute.workflow.selectors import WorklistFilters, worklist_for
from signaalroute.workflow.services import feedback_to_reporter, signal_transition

from .signals import internal_signal, signal_data, soest

VICTIM = [SubjectInput(kind="person", role="victim", description="Vrouw, ca. 25 jaar")]
PLACE = [SubjectInput(kind="address", role="other", description="Dorpsstraat 12")]


def _care(personas: Any, **overrides: Any) -> Any:
    return internal_signal(personas, via_bob=False, subjects=VICTIM, **overrides)


def _safety(personas: Any, **overrides: Any) -> Any:
    return internal_signal(personas, via_bob=False, subjects=PLACE, **overrides)


def _assignment(signal: Any) -> SignalAssignment:
    return SignalAssignment.objects.select_related("owner").get(signal=signal)


# --- 1. The domain and owner, proposed ---------------------------------------------------------


@pytest.mark.parametrize(
    ("subjects", "domain"),
    [
        ([("person", "victim")], "care"),
        ([("person", "perpetrator")], "safety"),
        ([("address", "other")], "safety"),
        ([("organisation", "other")], "safety"),
        ([("vehicle", "witness")], "safety"),
        ([("online", "other")], "safety"),
        ([("person", "victim"), ("organisation", "perpetrator")], "both"),
        ([("person", "witness")], "both"),
        ([], "both"),
    ],
)
def test_the_domain_follows_the_subjects(subjects: list[tuple[str, str]], domain: str) -> None:
    assert domain_for_subjects(subjects) == domain


def test_a_new_signal_gets_a_proposed_domain_and_owner(personas: Any) -> None:
    care, safety = _care(personas), _safety(personas)
    neither = internal_signal(personas, via_bob=False, subjects=[])
    assert (_assignment(care).domain, _assignment(care).owner.username) == ("care", "daan")
    assert (_assignment(safety).domain, _assignment(safety).owner.username) == ("safety", "carla")
    assert (_assignment(neither).domain, _assignment(neither).owner.username) == ("both", "carla")
    assert not _assignment(care).set_by_hand


def test_a_municipality_with_one_officer_gives_them_every_domain(personas: Any) -> None:
    zeist = Organisation.objects.get(name="Zeist")
    signal = signal_submit_internal(
        reporter=personas["karin"], municipality=zeist, data=signal_data(subjects=VICTIM)
    )
    assert (_assignment(signal).domain, _assignment(signal).owner.username) == ("care", "karin")


def test_a_subject_added_later_proposes_again_until_set_by_hand(personas: Any) -> None:
    signal = _care(personas)
    subject_add(signal=signal, kind="organisation", role="perpetrator", description="Salon")
    assert (_assignment(signal).domain, _assignment(signal).owner.username) == ("both", "carla")
    assignment_set(actor=personas["daan"], signal=signal, domain="care", owner=personas["daan"])
    subject_add(signal=signal, kind="vehicle", role="other", description="Busje")
    assert (_assignment(signal).domain, _assignment(signal).owner.username) == ("care", "daan")
    assert _assignment(signal).set_by_hand


def test_the_data_migration_proposes_for_signals_without_one(personas: Any) -> None:
    care, safety = _care(personas), _safety(personas)
    SignalAssignment.objects.filter(signal__in=[care, safety]).delete()
    migration = importlib.import_module(
        "signaalroute.workflow.migrations.0005_assignments_proposed"
    )
    migration.propose(apps, None)
    assert (_assignment(care).domain, _assignment(care).owner.username) == ("care", "daan")
    assert (_assignment(safety).domain, _assignment(safety).owner.username) == ("safety", "carla")


# --- Setting it by hand on the signal page ------------------------------------------------------


def test_a_focal_officer_sets_domain_and_owner_on_the_signal_page(
    personas: Any, client_for: Any
) -> None:
    signal = _care(personas)
    daan = client_for("daan")
    page = daan.get(f"/signalen/{signal.pk}/").content.decode()
    assert 'data-testid="assignment"' in page and 'name="owner"' in page
    response = daan.post(
        f"/signalen/{signal.pk}/toewijzing/",
        {"domain": "both", "owner": str(personas["carla"].pk)},
    )
    assert response.status_code == 302
    stored = _assignment(signal)
    assert (stored.domain, stored.owner.username, stored.set_by_hand) == ("both", "carla", True)
    entry = AuditEntry.objects.filter(action="signal.assign").latest("position")
    assert entry.actor_username == "daan" and entry.object_id == str(signal.pk)
    assert set(entry.fields) == {"assignment.domain", "assignment.owner"}


def test_the_owner_must_be_a_focal_officer_of_the_municipality(
    personas: Any, client_for: Any
) -> None:
    signal = _care(personas)
    carla = client_for("carla")
    for data, field in (
        ({"domain": "care", "owner": str(personas["karin"].pk)}, "owner"),  # Zeist's officer
        ({"domain": "care", "owner": str(personas["alice"].pk)}, "owner"),  # not an officer
        ({"domain": "everything", "owner": ""}, "domain"),
    ):
        response = carla.post(f"/signalen/{signal.pk}/toewijzing/", data)
        assert response.status_code == 400
        assert field in response.context["assignment_form"].errors
        assert 'id="toewijzing" open' in response.content.decode()
    stored = _assignment(signal)
    assert (stored.domain, stored.owner.username, stored.set_by_hand) == ("care", "daan", False)
    assert not AuditEntry.objects.filter(action="signal.assign").exists()
    with pytest.raises(ValidationError) as refused:
        assignment_set(actor=personas["carla"], signal=signal, domain="care", owner=personas["bob"])
    assert "owner" in refused.value.message_dict


def test_other_people_cannot_set_the_assignment(personas: Any, client_for: Any) -> None:
    signal = _care(personas)
    url = f"/signalen/{signal.pk}/toewijzing/"
    data = {"domain": "safety", "owner": str(personas["karin"].pk)}
    assert client_for("karin").post(url, data).status_code == 404  # another municipality
    for name in ("alice", "bob", "gijs", "eva"):
        assert client_for(name).post(url, data).status_code in (403, 404), name
    assert not _assignment(signal).set_by_hand


# --- 2. Away, and 3. the worklist's views -------------------------------------------------------


def _refs(user: Any, view: str) -> set[str]:
    return {s.reference for s in worklist_for(user, WorklistFilters(view=view))}


def test_mine_domain_and_whole_municipality(personas: Any) -> None:
    care, safety = _care(personas), _safety(personas)
    neither = internal_signal(personas, via_bob=False, subjects=[])
    carla, daan, karin = personas["carla"], personas["daan"], personas["karin"]
    assert _refs(carla, "mijn") >= {safety.reference, neither.reference}
    assert care.reference not in _refs(carla, "mijn")
    assert care.reference in _refs(daan, "mijn")
    assert not {safety.reference, neither.reference} & _refs(daan, "mijn")
    # My domain: mine or both.
    assert {care.reference, neither.reference} <= _refs(daan, "domein")
    assert safety.reference not in _refs(daan, "domein")
    # Both officers still see every signal of the municipality.
    for user in (carla, daan):
        assert {care.reference, safety.reference, neither.reference} <= _refs(user, "gemeente")
    for view in ("mijn", "domein", "gemeente"):
        assert not {care.reference, safety.reference} & _refs(karin, view)


def test_an_away_officers_signals_go_to_the_other_domain(personas: Any, client_for: Any) -> None:
    care, safety = _care(personas), _safety(personas)
    carla, daan = personas["carla"], personas["daan"]
    response = client_for("daan").post(
        "/werkvoorraad/afwezig/", {"municipality": str(soest().pk), "away": "1"}
    )
    assert response.status_code == 302
    assert Absence.objects.filter(user=daan, municipality=soest()).exists()
    assert AuditEntry.objects.filter(action="focal_officer.away", actor_username="daan").exists()
    # carla now handles daan's care signal, in "mine" and "my domain".
    assert {care.reference, safety.reference} <= _refs(carla, "mijn")
    assert care.reference in _refs(carla, "domein")
    assert care.reference not in _refs(daan, "mijn")
    view = assignment_for(carla, care)
    assert view.owner == daan and view.owner_away and view.handled_by == carla
    worklist = client_for("carla").get("/werkvoorraad/").content.decode()
    assert care.reference in worklist and "Carla Bakker" in worklist
    # Back again.
    client_for("daan").post(
        "/werkvoorraad/afwezig/", {"municipality": str(soest().pk), "away": "0"}
    )
    assert not Absence.objects.exists()
    assert AuditEntry.objects.filter(action="focal_officer.back", actor_username="daan").exists()
    assert care.reference not in _refs(carla, "mijn")


def test_when_both_are_away_each_keeps_their_own(personas: Any) -> None:
    care = _care(personas)
    away_set(actor=personas["carla"], municipality=soest(), away=True)
    away_set(actor=personas["daan"], municipality=soest(), away=True)
    assert care.reference in _refs(personas["daan"], "mijn")


def test_away_is_refused_elsewhere_and_on_bad_input(personas: Any, client_for: Any) -> None:
    karin = client_for("karin")
    response = karin.post("/werkvoorraad/afwezig/", {"municipality": str(soest().pk), "away": "1"})
    assert response.status_code == 404
    for name in ("alice", "gijs", "eva"):
        refused = client_for(name).post(
            "/werkvoorraad/afwezig/", {"municipality": str(soest().pk), "away": "1"}
        )
        assert refused.status_code in (403, 404), name
    response = client_for("carla").post(
        "/werkvoorraad/afwezig/", {"municipality": "not-an-id", "away": "1"}, follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Absence.objects.exists()
    with pytest.raises(ValidationError):
        away_set(actor=personas["alice"], municipality=soest(), away=True)


def test_the_worklist_shows_views_domain_and_owner(personas: Any, client_for: Any) -> None:
    care = _care(personas)
    page = client_for("daan").get("/werkvoorraad/")
    html = page.content.decode()
    assert page.context["view"] == "mijn"  # a focal officer with a domain starts at their own
    assert 'href="?weergave=mijn" aria-current="page"' in html
    assert 'href="?weergave=gemeente"' in html and 'data-testid="away-form"' in html
    row = next(r for r in page.context["rows"] if r.signal.pk == care.pk)
    assert row.assignment.handled_by == "Daan Visser" and not row.assignment.stand_in
    assert 'data-testid="row-domain"' in html and "Daan Visser" in html


# --- 4. Acute alerts ----------------------------------------------------------------------------


def _acute_mail(personas: Any, django_capture_on_commit_callbacks: Any) -> tuple[Any, Any]:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signal = _care(personas, acute=True)
    return signal, {tuple(m.to): m for m in mail.outbox}


def _nl(text: str, **values: str) -> str:
    with translation.override("nl"):
        return _(text) % values


def test_an_acute_care_signal_tells_the_care_officer_first(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    signal, sent = _acute_mail(personas, django_capture_on_commit_callbacks)
    daan, carla = (
        sent[("daan@demo.signaalroute.invalid",)],
        sent[("carla@demo.signaalroute.invalid",)],
    )
    assert daan.subject == _nl("Acute signal received (%(reference)s)", reference=signal.reference)
    assert carla.subject == _nl(
        "Acute signal received (%(reference)s): you are the backup", reference=signal.reference
    )
    for message in (daan, carla):
        assert signal.description[:20] not in message.body and "Vrouw" not in message.body


def test_an_away_officer_is_skipped_unless_nobody_else_is_there(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    away_set(actor=personas["daan"], municipality=soest(), away=True)
    signal, sent = _acute_mail(personas, django_capture_on_commit_callbacks)
    assert list(sent) == [("carla@demo.signaalroute.invalid",)]
    assert sent[("carla@demo.signaalroute.invalid",)].subject == _nl(
        "Acute signal received (%(reference)s)", reference=signal.reference
    )
    away_set(actor=personas["carla"], municipality=soest(), away=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify_acute(signal_id=signal.pk)
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("carla@demo.signaalroute.invalid",),
        ("daan@demo.signaalroute.invalid",),
    ]


# --- 5. Always the care coordinator -------------------------------------------------------------


def _close_data(signal: Any, **fields: str) -> dict[str, Any]:
    to = State.CLOSED
    data = {"transition_to": to, f"t-{to}-to": to, f"t-{to}-version": signal.version}
    data.update({f"t-{to}-{k}": v for k, v in fields.items()})
    return data


def _in_triage(personas: Any, signal: Any) -> Any:
    signal_transition(
        actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    signal.refresh_from_db()
    return signal


REASON_FIELD = 'name="t-closed-no_care_coordinator_reason"'


def test_the_hook_is_registered_by_the_partners_app() -> None:
    from django.conf import settings
    from django.utils.module_loading import import_string

    named = [import_string(p) for p in settings.SIGNAALROUTE_CARE_COORDINATOR_CHECKS]
    assert care_coordinator_contacted in named


def test_closing_a_victims_signal_without_the_care_coordinator_asks_why(
    personas: Any, client_for: Any
) -> None:
    signal = _in_triage(personas, _care(personas))
    carla = client_for("carla")
    assert REASON_FIELD in carla.get(f"/signalen/{signal.pk}/").content.decode()
    url = f"/signalen/{signal.pk}/stap/"
    response = carla.post(url, _close_data(signal, reason="Dubbel", outcome="other"))
    assert response.status_code == 400
    form = next(a["form"] for a in response.context["actions"] if a["to"] == State.CLOSED)
    assert list(form.errors) == ["no_care_coordinator_reason"]
    signal.refresh_from_db()
    assert signal.state == State.TRIAGE and signal.events.count() == 2  # nothing half-saved
    reason = "Slachtoffer is al in zorg bij Veilig Thuis."
    response = carla.post(
        url,
        _close_data(signal, reason="Dubbel", outcome="other", no_care_coordinator_reason=reason),
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    closing = signal.events.get(to_state=State.CLOSED)
    assert signal.state == State.CLOSED and closing.data["no_care_coordinator_reason"] == reason
    assert reason in carla.get(f"/signalen/{signal.pk}/").content.decode()
    now = timezone.now()
    ids = [soest().pk]
    assert closed_without_care_coordinator(ids, now - dt.timedelta(hours=1), now) == 1
    assert closed_without_care_coordinator_by_municipality(
        ids, now - dt.timedelta(hours=1), now
    ) == {soest().pk: 1}
    assert (
        closed_without_care_coordinator(ids, now - dt.timedelta(days=2), now - dt.timedelta(1)) == 0
    )
    zeist = Organisation.objects.get(name="Zeist").pk
    assert closed_without_care_coordinator([zeist], now - dt.timedelta(hours=1), now) == 0


def test_no_reason_is_asked_without_a_victim_or_after_the_care_coordinator(
    personas: Any, client_for: Any
) -> None:
    safety = _in_triage(personas, _safety(personas))
    assert not care_coordinator_reason_needed(safety)
    assert REASON_FIELD not in client_for("carla").get(f"/signalen/{safety.pk}/").content.decode()
    care = _in_triage(personas, _care(personas))
    assert care_coordinator_reason_needed(care)
    referral_send(
        actor=personas["daan"],
        signal=care,
        partner=Organisation.objects.get(name__startswith="Zorgcoördinatie"),
        purpose="Anoniem sparren over passende hulp.",
        basis="anonymous_consultation",
        details={},
        expected_version=care.version,
    )
    care.refresh_from_db()
    assert not care_coordinator_reason_needed(care)
    feedback_to_reporter(
        actor=personas["daan"], signal=care, text="Dank u.", expected_version=care.version
    )
    care.refresh_from_db()
    signal_transition(
        actor=personas["daan"],
        signal=care,
        to=State.CLOSED,
        expected_version=care.version,
        outcome="referred",
    )
    assert care.events.get(to_state=State.CLOSED).data.get("no_care_coordinator_reason") is None
    now = timezone.now()
    assert closed_without_care_coordinator([soest().pk], now - dt.timedelta(hours=1), now) == 0


def test_details_of_a_party_do_not_propose_the_owner_again(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proposal reads a party's kind and role: a focal officer's details of it (stacking's
    enrichment) leave it alone, a changed role proposes again."""
    from signaalroute.signals.services import subject_details_set
    from signaalroute.workflow import assignment_services

    signal = _care(personas)
    subject = signal.subjects.first()
    assert subject is not None
    proposed: list[Any] = []
    original = assignment_services.assignment_propose
    monkeypatch.setattr(
        assignment_services,
        "assignment_propose",
        lambda *, signal: proposed.append(signal) or original(signal=signal),
    )
    subject_details_set(subject=subject, details={"given_names": "Elena", "surname": "Popescu"})
    assert proposed == []
    subject.role = "other"
    subject.save(update_fields=["role"])
    assert [s.pk for s in proposed] == [signal.pk]
