"""The route as a table: guarded moves, reasons, deadlines, conflicts, feedback to the reporter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.core.problems import EditConflict
from signaalroute.partners.referrals.services import referral_send
from signaalroute.signals.states import State
from signaalroute.workflow.deadlines import add_working_days
from signaalroute.workflow.errors import (
    MergeTargetRequired,
    OutcomeRequired,
    ReasonRequired,
    ReferralRequired,
    TransitionRefused,
)
from signaalroute.workflow.rules import TRANSITIONS
from signaalroute.workflow.services import feedback_to_reporter, signal_transition

from .signals import internal_signal

pytestmark = pytest.mark.django_db


def _post_transition(client: Any, signal: Any, to: str, **fields: Any) -> Any:
    data = {"transition_to": to, f"t-{to}-to": to, f"t-{to}-version": signal.version}
    data.update({f"t-{to}-{k}": v for k, v in fields.items()})
    return client.post(f"/signalen/{signal.pk}/stap/", data)


def _dutch(message: Any) -> str:
    from django.utils.html import escape
    from django.utils.translation import override

    with override("nl"):
        return escape(str(message))


def _police() -> Organisation:
    return Organisation.objects.get(name__startswith="Politie")


def test_the_six_steps_through_the_ui(
    client_for: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    signal = internal_signal(personas)
    bob, carla = client_for("bob"), client_for("carla")
    # Step 1 → 2: bob forwards.
    assert (
        _post_transition(bob, signal, "received", reason="Besproken met Alice").status_code == 302
    )
    signal.refresh_from_db()
    assert signal.state == State.RECEIVED
    for to, extra in [
        ("triage", {}),
        ("enriched", {"reason": "Adres komt voor in eerder signaal"}),
    ]:
        response = _post_transition(carla, signal, to, **extra)
        assert response.status_code == 302, (to, response.content.decode()[:500])
        signal.refresh_from_db()
        assert signal.state == to
    # Steps 4 and 5: only a referral on a legal basis takes the signal to a partner.
    referral = {
        "partner": str(_police().pk),
        "basis": "statutory_task",
        "article": "Art. 3 Politiewet 2012",
        "purpose": "Onderzoek naar uitbuiting",
        "version": signal.version,
    }
    url = f"/signalen/{signal.pk}/overdracht/"
    preview = carla.post(url, dict(referral, action="preview"))
    token = preview.context["preview_token"]
    response = carla.post(url, dict(referral, action="send", previewed=token))
    assert response.status_code == 302, response.content.decode()[:500]
    signal.refresh_from_db()
    assert signal.state == State.AWAITING_FEEDBACK
    assert signal.referrals.get().partner == _police()
    # Step 6: feedback to the reporter.
    with django_capture_on_commit_callbacks(execute=True):
        response = carla.post(
            f"/signalen/{signal.pk}/terugkoppeling/",
            {"version": signal.version, "template": "routed"},
        )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.state == State.REPORTER_INFORMED
    assert [m.to for m in mail.outbox] == [["alice@demo.signaalroute.invalid"]]
    assert (
        "Politie" not in mail.outbox[0].body and signal.description[:10] not in mail.outbox[0].body
    )
    mine = client_for("alice").get(f"/mijn-meldingen/{signal.pk}/").content.decode()
    from signaalroute.workflow.feedback import FEEDBACK_TEMPLATES

    assert _dutch(FEEDBACK_TEMPLATES["routed"][1])[:40] in mine
    assert "Politie" not in mine  # no partner details for the reporter
    # Close with an outcome (the signal names a possible victim and went to the police only, so
    # closing asks why the care coordinator was not involved).
    closing = _post_transition(
        carla,
        signal,
        "closed",
        outcome="referred",
        no_care_coordinator_reason="Politie heeft de zorg opgepakt.",
    )
    assert closing.status_code == 302
    signal.refresh_from_db()
    assert signal.state == State.CLOSED and signal.outcome == "referred"
    kinds = list(signal.events.values_list("kind", flat=True))
    assert kinds.count("transition") == 7 and "feedback" in kinds and kinds[0] == "submitted"
    assert "referral" in kinds


def test_an_acute_signal_goes_to_the_police_straight_from_the_inbox(personas: Any) -> None:
    """Seed 000 §2.3: acute danger, no detour through an assessment first."""
    acute = internal_signal(personas, via_bob=False, acute=True)
    assert acute.state == State.RECEIVED
    referral = referral_send(
        actor=personas["carla"],
        signal=acute,
        partner=_police(),
        purpose="Acuut: direct beoordelen",
        basis="statutory_task",
        details={"article": "Art. 3 Politiewet 2012"},
        expected_version=acute.version,
    )
    acute.refresh_from_db()
    assert acute.state == State.AWAITING_FEEDBACK and referral.partner == _police()
    # A signal that is not acute still starts with an assessment.
    calm = internal_signal(personas, via_bob=False)
    with pytest.raises(TransitionRefused):
        referral_send(
            actor=personas["carla"],
            signal=calm,
            partner=_police(),
            purpose="Beoordelen",
            basis="statutory_task",
            details={"article": "Art. 3 Politiewet 2012"},
            expected_version=calm.version,
        )


def test_a_move_says_what_happened(client_for: Any, personas: Any) -> None:
    signal = internal_signal(personas)
    bob = client_for("bob")
    response = _post_transition(bob, signal, "received", reason="Besproken")
    assert response.status_code == 302
    page = bob.get(response["Location"]).content.decode()
    assert "Doorgestuurd naar de aandachtsfunctionaris." in page


def test_the_old_route_move_is_refused_in_dutch_and_nothing_moves(
    client_for: Any, personas: Any
) -> None:
    """A bookmarked or replayed form of the removed "route" step gets a clear refusal, not a 500."""
    signal = internal_signal(personas, via_bob=False)
    carla = client_for("carla")
    assert _post_transition(carla, signal, "triage").status_code == 302
    signal.refresh_from_db()
    response = _post_transition(carla, signal, "routed", partner=str(_police().pk))
    assert response.status_code == 409
    assert _dutch(ReferralRequired().message) in response.content.decode()
    signal.refresh_from_db()
    assert signal.state == State.TRIAGE and not signal.referrals.exists()


def test_the_route_table_has_no_plain_move_to_a_partner() -> None:
    into_routed = [rule for (_s, to), rule in TRANSITIONS.items() if to == State.ROUTED]
    assert into_routed and all(rule.by_referral for rule in into_routed)


def test_signals_routed_before_referrals_get_a_timeline_note(personas: Any) -> None:
    import importlib

    from django.apps import apps

    from signaalroute.signals.models import SignalEvent

    migration = importlib.import_module("signaalroute.partners.migrations.0004_legacy_routes")
    legacy = internal_signal(personas, via_bob=False)
    SignalEvent.objects.create(
        signal=legacy,
        at=timezone.now(),
        kind="transition",
        from_state="triage",
        to_state="routed",
        data={"partner_id": str(_police().pk), "partner_name": _police().name},
    )
    migration.note_legacy_routes(apps, None)
    note = legacy.events.get(kind="note")
    assert _police().name in note.text and note.data == {"legacy_route": True}
    assert not legacy.referrals.exists()


def test_every_transition_is_audited_with_the_actor(personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    signal_transition(
        actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    entry = AuditEntry.objects.get(action="signal.transition")
    assert entry.actor_username == "carla" and entry.extra == {"from": "received", "to": "triage"}


@pytest.mark.parametrize(
    ("persona", "to"),
    [
        ("alice", State.TRIAGE),
        ("bob", State.TRIAGE),
        ("karin", State.TRIAGE),
        ("eva", State.TRIAGE),
        ("gijs", State.TRIAGE),
    ],
)
def test_wrong_role_is_refused(personas: Any, persona: str, to: State) -> None:
    signal = internal_signal(personas, via_bob=False)
    with pytest.raises(TransitionRefused):
        signal_transition(
            actor=personas[persona], signal=signal, to=to, expected_version=signal.version
        )
    signal.refresh_from_db()
    assert signal.state == State.RECEIVED


def test_only_the_chosen_coordinator_forwards(personas: Any) -> None:
    from signaalroute.accounts.models import Membership, User

    other = User.objects.create_user(username="tc2", password="x" * 16)
    Membership.objects.create(
        user=other,
        organisation=personas["bob"].memberships.get().organisation,
        role="team_coordinator",
    )
    signal = internal_signal(personas)
    with pytest.raises(TransitionRefused):
        signal_transition(
            actor=other, signal=signal, to=State.RECEIVED, expected_version=signal.version
        )


def test_invalid_transition_is_refused_with_a_dutch_message(client_for: Any, personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    response = _post_transition(
        client_for("carla"), signal, "closed", outcome="referred", reason="x"
    )
    assert response.status_code == 409
    assert _dutch(TransitionRefused().message) in response.content.decode()
    signal.refresh_from_db()
    assert signal.state == State.RECEIVED


@pytest.mark.parametrize(
    ("to", "kwargs", "error"),
    [
        (State.ENRICHED, {}, ReasonRequired),
        (State.PARKED, {"reason": "  "}, ReasonRequired),
        (State.ROUTED, {}, ReferralRequired),
        (State.CLOSED, {"reason": "geen"}, OutcomeRequired),
        (State.MERGED, {}, MergeTargetRequired),
    ],
)
def test_what_a_move_needs(personas: Any, to: State, kwargs: dict[str, Any], error: type) -> None:
    signal = internal_signal(personas, via_bob=False)
    signal_transition(
        actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    with pytest.raises(error):
        signal_transition(
            actor=personas["carla"], signal=signal, to=to, expected_version=signal.version, **kwargs
        )


def test_merge_into_another_signal_of_the_same_municipality(personas: Any) -> None:
    first, second = (
        internal_signal(personas, via_bob=False),
        internal_signal(personas, via_bob=False),
    )
    signal_transition(
        actor=personas["carla"],
        signal=second,
        to=State.MERGED,
        expected_version=second.version,
        merge_target=first,
    )
    second.refresh_from_db()
    assert second.state == State.MERGED and second.merged_into == first
    with pytest.raises(MergeTargetRequired):
        signal_transition(
            actor=personas["carla"],
            signal=first,
            to=State.MERGED,
            expected_version=first.version,
            merge_target=first,
        )


def test_park_and_reopen(personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    carla = personas["carla"]
    signal_transition(actor=carla, signal=signal, to=State.TRIAGE, expected_version=signal.version)
    signal_transition(
        actor=carla,
        signal=signal,
        to=State.PARKED,
        expected_version=signal.version,
        reason="Zacht signaal, bewaren",
    )
    signal_transition(
        actor=carla,
        signal=signal,
        to=State.TRIAGE,
        expected_version=signal.version,
        reason="Tweede signaal op hetzelfde adres",
    )
    assert signal.state == State.TRIAGE


def test_two_focal_officers_at_once_the_second_gets_a_conflict(
    client_for: Any, personas: Any
) -> None:
    signal = internal_signal(personas, via_bob=False)
    stale_version = signal.version
    carla, daan = client_for("carla"), client_for("daan")
    assert _post_transition(carla, signal, "triage").status_code == 302
    signal.version = stale_version  # daan's page was loaded before carla's change
    response = _post_transition(daan, signal, "triage")
    assert response.status_code == 409
    assert _dutch(EditConflict().message) in response.content.decode()
    signal.refresh_from_db()
    with pytest.raises(EditConflict):
        feedback_to_reporter(
            actor=personas["daan"], signal=signal, text="x", expected_version=stale_version
        )
    assert signal.events.filter(kind="transition").count() == 1


def test_deadlines_in_working_days() -> None:
    friday = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))
    assert add_working_days(friday, 2).date() == dt.date(2026, 11, 24)
    assert add_working_days(friday, 1).weekday() == 0


def test_overdue_signals_are_marked_and_filtered(client_for: Any, personas: Any) -> None:
    late, fresh = internal_signal(personas, via_bob=False), internal_signal(personas, via_bob=False)
    type(late).objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    carla = client_for("carla")
    page = carla.get("/werkvoorraad/", {"overdue": "on", "weergave": "gemeente"})
    refs = [s.reference for s in page.context["page"].object_list]
    assert refs == [late.reference]
    assert page.context["counts"]["overdue"] == 1
    assert fresh.reference not in refs


def test_worklist_puts_acute_first_and_filters(client_for: Any, personas: Any) -> None:
    normal = internal_signal(personas, via_bob=False)
    acute = internal_signal(personas, via_bob=False, acute=True, forms=["labour"])
    carla = client_for("carla")
    everything = {"weergave": "gemeente"}  # not only carla's own (these are care signals)
    refs = [
        s.reference for s in carla.get("/werkvoorraad/", everything).context["page"].object_list
    ]
    assert refs[0] == acute.reference and normal.reference in refs
    labour = [
        s.reference
        for s in carla.get("/werkvoorraad/", {"form": "labour", **everything})
        .context["page"]
        .object_list
    ]
    assert labour == [acute.reference]
    search = [
        s.reference
        for s in carla.get("/werkvoorraad/", {"q": "3762 AB", **everything})
        .context["page"]
        .object_list
    ]
    assert set(search) == {acute.reference, normal.reference}
    partial = carla.get("/werkvoorraad/", everything, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and acute.reference.encode() in partial.content


def test_karin_sees_nothing_of_soest(client_for: Any, personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    karin = client_for("karin")
    worklist = karin.get("/werkvoorraad/", {"weergave": "gemeente"}).content.decode()
    assert signal.reference not in worklist
    for url in (f"/signalen/{signal.pk}/", f"/signalen/{signal.pk}/melder/"):
        assert karin.get(url).status_code == 404
    response = _post_transition(karin, signal, "triage")
    assert response.status_code == 404


def test_enrichment_search_finds_earlier_signals_and_is_audited(
    client_for: Any, personas: Any
) -> None:
    earlier = internal_signal(personas, via_bob=False, description="Eerder: busje bij de loods")
    signal = internal_signal(personas, via_bob=False)
    page = client_for("carla").get(f"/signalen/{signal.pk}/", {"q": "3762AB"})
    assert list(page.context["candidates"]) == [earlier]
    assert AuditEntry.objects.filter(
        action="signal.enrichment_search", actor_username="carla"
    ).exists()


def test_notes_tasks_and_agenda(client_for: Any, personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    carla = client_for("carla")
    assert (
        carla.post(f"/signalen/{signal.pk}/notitie/", {"text": "Gebeld met wijkagent"}).status_code
        == 302
    )
    empty = carla.post(f"/signalen/{signal.pk}/notitie/", {"text": ""})
    assert empty.status_code == 400
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert (
        carla.post(
            f"/signalen/{signal.pk}/taak/", {"title": "NLA terugbellen", "due_on": tomorrow}
        ).status_code
        == 302
    )
    task = signal.tasks.get()
    carla.post(f"/signalen/{signal.pk}/taak/{task.pk}/klaar/")
    task.refresh_from_db()
    assert task.done_at is not None
    carla.post(f"/signalen/{signal.pk}/overleg/", {"version": signal.version, "on_agenda": "on"})
    signal.refresh_from_db()
    assert signal.on_meeting_agenda


def test_route_settings_change_the_deadlines(client_for: Any, personas: Any) -> None:
    henk = client_for("henk")
    page = henk.get("/beheer/meldroute/")
    data = dict(page.context["form"].initial.items())
    data.update(
        {"deadline_received": 1, "acute_minutes": 30, "team_coordinator_step_required": "on"}
    )
    assert henk.post("/beheer/meldroute/", data).status_code == 302
    signal = internal_signal(personas, via_bob=True, acute=True)
    assert (signal.due_at - signal.state_changed_at).total_seconds() == 30 * 60
    bad = dict(data, deadline_received=0)
    assert henk.post("/beheer/meldroute/", bad).status_code == 200


def test_transition_table_is_consistent() -> None:
    for (source, to), rule in TRANSITIONS.items():
        assert source != to
        assert rule.label
    reachable = {to for (_s, to) in TRANSITIONS}
    assert {State.RECEIVED, State.CLOSED, State.MERGED, State.PARKED} <= reachable
