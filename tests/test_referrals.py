"""Referrals (overdrachten): lawful sharing by profile, preview, disclosure log, the partner's
answers, revoking, reminders and escalation, and what a partner can and cannot reach."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from signaalroute.audit.models import AuditEntry
from signaalroute.core.models import Notification
from signaalroute.core.problems import EditConflict
from signaalroute.partners.referrals.answers import (
    referral_accept,
    referral_answer,
    referral_decline,
    referral_feedback,
)
from signaalroute.partners.referrals.models import Disclosure, Referral
from signaalroute.partners.referrals.notices import referral_reminders_run
from signaalroute.partners.referrals.selectors import ReferralSteps, referral_steps
from signaalroute.partners.referrals.services import referral_revoke, referral_send
from signaalroute.partners.referrals.sharing import (
    FIELD_KEYS,
    NON_PERSONAL,
    SHARING_TABLE,
    Basis,
)
from signaalroute.signals.states import State
from signaalroute.workflow.errors import TransitionRefused
from signaalroute.workflow.services import feedback_to_reporter, signal_transition

from .referrals import org, send
from .signals import internal_signal

pytestmark = pytest.mark.django_db

VICTIM_TEXT = "Vrouw, ca. 25 jaar"
DESCRIPTION_WORD = "paspoort"


@pytest.fixture
def signal(personas: Any) -> Any:
    signal = internal_signal(personas, via_bob=False)
    signal_transition(
        actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    return signal


def test_police_on_statutory_task_gets_the_signal_and_it_is_logged(
    personas: Any, signal: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        referral = send(
            personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3 Politiewet 2012"
        )
    assert referral.shared["description"].startswith("Vrouw aan de balie")
    assert referral.shared["victims"][0]["description"] == VICTIM_TEXT
    assert "reporter" not in referral.shared and "Alice" not in str(referral.shared)
    signal.refresh_from_db()
    assert signal.state == State.AWAITING_FEEDBACK
    disclosure = Disclosure.objects.get()
    assert disclosure.recipient == org("Politie") and disclosure.basis == "statutory_task"
    assert "victims" in disclosure.fields and disclosure.subject_ids
    assert AuditEntry.objects.filter(action="referral.send", actor_username="carla").exists()
    # The partner is told there is something; the mail carries no personal data.
    assert mail.outbox and all(
        DESCRIPTION_WORD not in m.body and VICTIM_TEXT not in m.body for m in mail.outbox
    )
    assert referral.feedback_due_on == timezone.localdate() + dt.timedelta(weeks=4)


def test_care_coordinator_without_basis_for_personal_data_gets_none(
    personas: Any, signal: Any, client_for: Any
) -> None:
    """Seed 004 §5.6.2: no personal data to the care coordinator unless vital interest."""
    referral = send(personas, signal, "Zorgcoördinatie", Basis.ANONYMOUS_CONSULTATION)
    assert set(referral.shared_fields) <= NON_PERSONAL
    for leaked in ("description", "location", "subjects"):
        assert leaked not in referral.shared
    eva = client_for("eva")
    page = eva.get(f"/partner/overdrachten/{referral.pk}/").content.decode()
    assert DESCRIPTION_WORD not in page and VICTIM_TEXT not in page and "3762" not in page
    assert "Seksuele uitbuiting" in page
    api = eva.get(f"/api/v1/referrals/{referral.pk}")
    assert api.status_code == 200 and api.json()["id"] == str(referral.pk)
    body = api.content.decode()
    assert DESCRIPTION_WORD not in body and "25 jaar" not in body and "3762" not in body
    with pytest.raises(ValidationError):
        send(personas, signal, "Zorgcoördinatie", Basis.STATUTORY_TASK, article="x")


def test_vital_interest_needs_its_reason(personas: Any, signal: Any) -> None:
    with pytest.raises(ValidationError) as error:
        send(personas, signal, "Zorgcoördinatie", Basis.VITAL_INTEREST)
    assert "vital_reason" in error.value.message_dict
    referral = send(
        personas,
        signal,
        "Zorgcoördinatie",
        Basis.VITAL_INTEREST,
        vital_reason="Minderjarig, geen onderdak",
    )
    assert "description" in referral.shared


def test_consent_without_a_recorded_consent_is_refused_and_nothing_is_written(
    personas: Any, signal: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        send(personas, signal, "Huisartsenpraktijk", Basis.CONSENT)
    assert "consent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        send(personas, signal, "Huisartsenpraktijk", Basis.CONSENT, consent="not-an-id")
    assert "consent" in error.value.message_dict
    assert not Referral.objects.exists() and not Disclosure.objects.exists()
    signal.refresh_from_db()
    assert signal.state == State.TRIAGE


def test_every_profile_is_within_the_known_fields_and_never_the_reporter() -> None:
    for rows in SHARING_TABLE.values():
        for rule in rows.values():
            assert "reporter" not in rule.fields
            assert rule.fields <= FIELD_KEYS
            assert str(rule.reason).strip() and rule.source


def test_partner_sees_only_its_own_referrals(personas: Any, signal: Any, client_for: Any) -> None:
    to_police = send(
        personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3 Politiewet 2012"
    )
    to_care = send(personas, signal, "Zorgcoördinatie", Basis.ANONYMOUS_CONSULTATION)
    fenna, eva = client_for("fenna"), client_for("eva")
    listing = fenna.get("/partner/overdrachten/").context["referrals"]
    assert list(listing) == [to_police]
    assert fenna.get(f"/partner/overdrachten/{to_care.pk}/").status_code == 404
    assert fenna.get(f"/partner/overdrachten/{uuid.uuid4()}/").status_code == 404
    assert eva.get(f"/partner/overdrachten/{to_police.pk}/").status_code == 404
    # Partners do not reach the signal, its attachments or its reporter.
    for url in (
        f"/signalen/{signal.pk}/",
        f"/signalen/{signal.pk}/melder/",
        f"/signalen/{signal.pk}/overdracht/",
    ):
        assert fenna.get(url).status_code in (403, 404)


def test_partner_accepts_and_gives_feedback_on_the_timeline(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(
        personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3 Politiewet 2012"
    )
    fenna = client_for("fenna")
    fenna.get(f"/partner/overdrachten/{referral.pk}/")
    referral.refresh_from_db()
    assert referral.state == "received"
    assert (
        fenna.post(
            f"/partner/overdrachten/{referral.pk}/",
            {"version": referral.version, "action": "accept"},
        ).status_code
        == 302
    )
    referral.refresh_from_db()
    response = fenna.post(
        f"/partner/overdrachten/{referral.pk}/",
        {
            "version": referral.version,
            "action": "feedback",
            "kind": "investigation",
            "text": "Onderzoek gestart.",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == "feedback_given"
    event = signal.events.get(kind="partner_feedback")
    assert "Onderzoek gestart." in event.text and event.actor == personas["fenna"]


def test_decline_needs_a_reason_and_leaves_a_rerouting_hint(personas: Any, signal: Any) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    with pytest.raises(ValidationError):
        referral_decline(
            actor=personas["fenna"],
            referral=referral,
            reason=" ",
            expected_version=referral.version,
        )
    referral_decline(
        actor=personas["fenna"],
        referral=referral,
        reason="Geen opsporingsindicatie",
        expected_version=referral.version,
    )
    signal.refresh_from_db()
    assert signal.state == State.AWAITING_FEEDBACK
    assert signal.events.filter(kind="partner_feedback", data__declined=True).exists()


def test_concurrent_accept_and_decline_resolve_to_one_outcome(personas: Any, signal: Any) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    version = referral.version
    referral_accept(actor=personas["fenna"], referral=referral, expected_version=version)
    stale = Referral.objects.get(pk=referral.pk)
    stale.state, stale.version = "sent", version  # the other contact's page, loaded earlier
    with pytest.raises((EditConflict, TransitionRefused)):
        referral_decline(
            actor=personas["fenna"], referral=stale, reason="x", expected_version=version
        )
    assert Referral.objects.get(pk=referral.pk).state == "accepted"


def test_revoked_referral_is_gone_for_the_partner(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    carla = client_for("carla")
    url = f"/overdrachten/{referral.pk}/intrekken/"
    # Revoking asks for confirmation and a reason; without a reason nothing happens.
    confirm = carla.get(url).content.decode()
    assert "Ja, overdracht intrekken" in confirm and "Reden van intrekken" in confirm
    refused = carla.post(url, {"version": referral.version, "reason": " "})
    assert (
        refused.status_code == 400
        and "Geef de reden van het intrekken." in refused.content.decode()
    )
    referral.refresh_from_db()
    assert referral.state != "revoked"
    done = carla.post(url, {"version": referral.version, "reason": "Verkeerde partner gekozen"})
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.state == "revoked" and referral.shared == {}
    assert referral.revoke_reason == "Verkeerde partner gekozen"
    assert signal.events.filter(text__contains="Verkeerde partner gekozen").exists()
    fenna = client_for("fenna")
    assert fenna.get(f"/partner/overdrachten/{referral.pk}/").status_code == 404
    assert not fenna.get("/partner/overdrachten/").context["referrals"]
    api = fenna.get("/api/v1/referrals")
    assert api.status_code == 200 and api.json()["count"] == 0


def test_only_the_partner_answers_and_only_the_sender_revokes(personas: Any, signal: Any) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    with pytest.raises(TransitionRefused):
        referral_accept(
            actor=personas["carla"], referral=referral, expected_version=referral.version
        )
    with pytest.raises(TransitionRefused):
        referral_accept(actor=personas["eva"], referral=referral, expected_version=referral.version)
    with pytest.raises(TransitionRefused):
        referral_revoke(
            actor=personas["fenna"],
            referral=referral,
            reason="x",
            expected_version=referral.version,
        )
    with pytest.raises(TransitionRefused):
        referral_revoke(
            actor=personas["karin"],
            referral=referral,
            reason="x",
            expected_version=referral.version,
        )


def test_karin_cannot_refer_soest_signals(personas: Any, signal: Any, client_for: Any) -> None:
    with pytest.raises(TransitionRefused):
        referral_send(
            actor=personas["karin"],
            signal=signal,
            partner=org("Politie"),
            purpose="x",
            basis=Basis.STATUTORY_TASK,
            details={"article": "x"},
            expected_version=signal.version,
        )
    assert client_for("karin").get(f"/signalen/{signal.pk}/overdracht/").status_code == 404


def test_preview_shows_exactly_what_will_be_shared_and_sends_nothing(
    personas: Any, signal: Any, client_for: Any
) -> None:
    carla = client_for("carla")
    payload = {
        "partner": str(org("Zorgcoördinatie").pk),
        "basis": "anonymous_consultation",
        "purpose": "Anoniem sparren",
        "version": signal.version,
        "action": "preview",
    }
    response = carla.post(f"/signalen/{signal.pk}/overdracht/", payload)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert "description" not in preview and preview["forms"] == ["Seksuele uitbuiting"]
    assert not Referral.objects.exists()
    token = response.context["preview_token"]
    # Sending without having seen the preview, or with a forged token, only shows the preview.
    carla.post(f"/signalen/{signal.pk}/overdracht/", dict(payload, action="send"))
    carla.post(f"/signalen/{signal.pk}/overdracht/", dict(payload, action="send", previewed="1"))
    assert not Referral.objects.exists()
    # A different basis than the one previewed is not sent either.
    changed = dict(
        payload, basis="statutory_task", article="art. 3", action="send", previewed=token
    )
    carla.post(f"/signalen/{signal.pk}/overdracht/", changed)
    assert not Referral.objects.exists()
    response = carla.post(
        f"/signalen/{signal.pk}/overdracht/", dict(payload, action="send", previewed=token)
    )
    assert response.status_code == 302 and Referral.objects.count() == 1
    # The same form again (a double click or a replay) sends nothing more.
    again = carla.post(
        f"/signalen/{signal.pk}/overdracht/", dict(payload, action="send", previewed=token)
    )
    assert again.status_code == 200 and Referral.objects.count() == 1


def test_reminder_then_escalation_to_the_chain_director(
    personas: Any, signal: Any, django_capture_on_commit_callbacks: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    due = referral.feedback_due_on
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert referral_reminders_run(today=due) == (0, 0)
        assert referral_reminders_run(today=due + dt.timedelta(days=1)) == (1, 0)
        assert referral_reminders_run(today=due + dt.timedelta(days=2)) == (0, 0)
        assert referral_reminders_run(today=due + dt.timedelta(days=9)) == (0, 1)
        assert referral_reminders_run(today=due + dt.timedelta(days=10)) == (0, 0)
    kinds = list(Notification.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds[-2:] == ["referral_reminder", "referral_escalation"]
    escalation = Notification.objects.get(kind="referral_escalation")
    assert escalation.recipients == ["lotte@demo.signaalroute.invalid"]
    assert signal.events.filter(data__escalated=True).exists()


def test_feedback_after_a_reminder_stops_the_escalation(personas: Any, signal: Any) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    referral_reminders_run(today=referral.feedback_due_on + dt.timedelta(days=1))
    referral.refresh_from_db()
    referral_accept(actor=personas["fenna"], referral=referral, expected_version=referral.version)
    referral.refresh_from_db()
    referral_feedback(
        actor=personas["fenna"],
        referral=referral,
        kind="control",
        text="",
        expected_version=referral.version,
    )
    assert referral_reminders_run(today=referral.feedback_due_on + dt.timedelta(days=30)) == (0, 0)


def test_undeliverable_notice_is_kept_retried_and_shown(
    personas: Any,
    signal: Any,
    client_for: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EMAIL_BACKEND = "tests.broken_mail.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    note = Notification.objects.get(kind="referral_new")
    assert (
        note.sent_at is None and note.attempts == 1 and note.last_error == "ConnectionRefusedError"
    )
    page = client_for("carla").get(f"/signalen/{signal.pk}/")
    assert list(page.context["undelivered"]) == [note]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from signaalroute.core.outbox import outbox_deliver_due

    assert outbox_deliver_due(now=timezone.now() + dt.timedelta(hours=1)) == (1, 0)
    note.refresh_from_db()
    assert note.sent_at is not None


def test_figures_per_partner(personas: Any, signal: Any, client_for: Any) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    referral_accept(actor=personas["fenna"], referral=referral, expected_version=referral.version)
    referral.refresh_from_db()
    referral_feedback(
        actor=personas["fenna"],
        referral=referral,
        kind="investigation",
        text="",
        expected_version=referral.version,
    )
    figures = client_for("gijs").get("/overdrachten/cijfers/").context["figures"]
    police = next(f for f in figures if f.partner.startswith("Politie"))
    assert police.sent == 1 and police.with_feedback == 1 and police.feedback_rate == 1.0
    assert client_for("fenna").get("/overdrachten/cijfers/").status_code == 403


def test_disclosure_log_per_data_subject(personas: Any, signal: Any, client_for: Any) -> None:
    send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    send(personas, signal, "Zorgcoördinatie", Basis.ANONYMOUS_CONSULTATION)
    for reader in ("pim", "ida"):  # the privacy officer, and the auditor
        client = client_for(reader)
        results = client.post("/privacy/verstrekkingen/", {"q": "ca. 25 jaar"}).context["results"]
        assert client.get("/privacy/verstrekkingen/").context["results"] is None
        # Only the police referral carried the subjects; the anonymous consultation did not.
        assert [d.recipient.name for d in results] == [org("Politie").name], reader
    assert client_for("carla").get("/privacy/verstrekkingen/").status_code == 403
    assert client_for("gijs").get("/privacy/verstrekkingen/").status_code == 403


def test_the_chain_director_sees_only_referrals_to_her_own_organisation(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    lotte = client_for("lotte")
    assert lotte.get(f"/partner/overdrachten/{referral.pk}/").status_code == 404
    assert lotte.get("/api/v1/referrals").json()["count"] == 0
    assert lotte.get(f"/api/v1/referrals/{referral.pk}").status_code == 404
    with pytest.raises(TransitionRefused):
        referral_accept(
            actor=personas["lotte"], referral=referral, expected_version=referral.version
        )
    referral.refresh_from_db()
    assert referral.state == "sent"


def test_the_api_list_carries_no_content_and_reading_one_is_audited(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    fenna = client_for("fenna")
    listing = fenna.get("/api/v1/referrals")
    assert listing.json()["count"] == 1
    assert (
        DESCRIPTION_WORD not in listing.content.decode()
        and "shared" not in listing.json()["results"][0]
    )
    assert not AuditEntry.objects.filter(action="referral.read").exists()
    one = fenna.get(f"/api/v1/referrals/{referral.pk}")
    assert DESCRIPTION_WORD in one.content.decode()
    assert AuditEntry.objects.filter(action="referral.read", actor_username="fenna").exists()


def test_a_partner_administrator_cannot_change_the_region_or_other_partners(personas: Any) -> None:
    from signaalroute.accounts.models import Membership, User
    from signaalroute.partners.directory.services import (
        DirectoryEditRefused,
        partner_profile_update,
    )
    from signaalroute.partners.routing.selectors import default_rules
    from signaalroute.partners.routing.services import RoutingRefused, ruleset_publish

    admin = User.objects.create_user(username="politiebeheer", password="x" * 16)
    Membership.objects.create(user=admin, organisation=org("Politie"), role="functional_admin")
    with pytest.raises(RoutingRefused):
        ruleset_publish(actor=admin, region=org("Politie").region, rules=default_rules(), note="x")
    with pytest.raises(DirectoryEditRefused):
        partner_profile_update(
            actor=admin,
            organisation=org("Nederlandse Arbeidsinspectie — opsporing"),
            mailbox="attacker@example.org",
        )


def test_what_each_side_may_do_next_comes_from_the_referral_route(
    personas: Any, signal: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    fenna, carla, karin = personas["fenna"], personas["carla"], personas["karin"]
    assert referral_steps(fenna, referral) == ReferralSteps(accept=True, decline=True)
    assert referral_steps(carla, referral) == ReferralSteps(revoke=True, change_basis=True)
    assert referral_steps(karin, referral) == ReferralSteps()  # another municipality: nothing
    referral = referral_answer(
        actor=fenna, referral=referral, answer="accept", expected_version=referral.version
    )
    assert referral_steps(fenna, referral) == ReferralSteps(feedback=True)
    referral = referral_answer(
        actor=fenna,
        referral=referral,
        answer="feedback",
        kind="investigation",
        expected_version=referral.version,
    )
    assert referral_steps(carla, referral) == ReferralSteps(close=True)


def test_an_unknown_answer_is_refused_and_changes_nothing(personas: Any, signal: Any) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    with pytest.raises(ValidationError) as refused:
        referral_answer(
            actor=personas["fenna"], referral=referral, answer="ignore", expected_version=1
        )
    assert "action" in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.state == "sent"


def test_partners_and_the_timeline_read_the_basis_and_fields_in_words(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    portal = client_for("fenna").get(f"/partner/overdrachten/{referral.pk}/").content.decode()
    assert "Wettelijke taak" in portal and "statutory_task" not in portal
    page = client_for("carla").get(f"/signalen/{signal.pk}/").content.decode()
    assert "Wat is er gezien (vrije tekst)" in page  # a shared field by its label
    assert "statutory_task" not in page and "description, " not in page


def test_a_refused_basis_says_on_which_bases_this_partner_can_receive(
    personas: Any, signal: Any, client_for: Any
) -> None:
    carla = client_for("carla")
    page = carla.post(
        f"/signalen/{signal.pk}/overdracht/",
        {
            "partner": str(org("Politie").pk),
            "basis": "anonymous_consultation",
            "purpose": "x",
            "version": signal.version,
            "action": "preview",
        },
    )
    # The police may receive on anonymous consultation; a supervisor-only basis is refused:
    inspectie = org("Nederlandse Arbeidsinspectie — toezicht")
    refused = carla.post(
        f"/signalen/{signal.pk}/overdracht/",
        {
            "partner": str(inspectie.pk),
            "basis": "vital_interest",
            "vital_reason": "x",
            "purpose": "x",
            "version": signal.version,
            "action": "preview",
        },
    ).content.decode()
    assert page.status_code == 200
    assert "Deze partner kan ontvangen op:" in refused and "Wettelijke taak" in refused
    assert not Referral.objects.exists()


def test_what_a_basis_or_an_answer_needs_is_never_labelled_optional(
    personas: Any, signal: Any, client_for: Any
) -> None:
    form = client_for("carla").get(f"/signalen/{signal.pk}/overdracht/").content.decode()
    assert "nodig bij: Wettelijke taak" in form
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    portal = client_for("fenna").get(f"/partner/overdrachten/{referral.pk}/").content.decode()
    assert "nodig om af te wijzen" in portal
    assert "Verstuurd door" in portal and "Carla Bakker" in portal
    assert signal.reference in portal


def test_a_partners_feedback_arrives_on_the_worklist(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3")
    fenna = personas["fenna"]
    referral = referral_answer(
        actor=fenna, referral=referral, answer="accept", expected_version=referral.version
    )
    signal.refresh_from_db()
    assert signal.state == State.AWAITING_FEEDBACK
    referral_answer(
        actor=fenna,
        referral=referral,
        answer="feedback",
        kind="investigation",
        text="Onderzoek gestart.",
        expected_version=referral.version,
    )
    signal.refresh_from_db()
    assert signal.state == State.FEEDBACK_RECEIVED
    worklist = client_for("carla").get("/werkvoorraad/", {"weergave": "gemeente"}).content.decode()
    assert signal.reference in worklist and "Terugkoppeling ontvangen" in worklist
    # Step 6 follows from there.
    feedback_to_reporter(
        actor=personas["carla"],
        signal=signal,
        text="Dank u, er is iets mee gedaan.",
        expected_version=signal.version,
    )
    signal.refresh_from_db()
    assert signal.state == State.REPORTER_INFORMED
