"""Retention of closed care trajectories, closed approach cases (Bibob assessments among their
interventions) and held signalling meetings: what expired is anonymised, what is fresh or held
stays, the figures give the same counts before and after, a rule without months destroys
nothing, a dry run changes nothing, every rule leaves its destruction record, and a run broken
off halfway leaves every record whole and goes on where it stopped."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command

from signaalroute.accounts.models import Organisation
from signaalroute.approach.models import ApproachCase, CaseEvent, Finding, Intervention
from signaalroute.approach.selectors import intervention_figures
from signaalroute.approach.services import case_open, finding_record, intervention_add
from signaalroute.audit.models import AuditEntry
from signaalroute.care.figures import care_facts
from signaalroute.care.models import CareEvent, CareTrajectory, ShelterPlacement
from signaalroute.care.services import placement_add, trajectory_open
from signaalroute.meetings.models import Action, AgendaItem, Decision, ItemKind, Meeting
from signaalroute.meetings.selectors import meeting_action_figures
from signaalroute.meetings.services import decision_record, item_add, meeting_plan
from signaalroute.privacy import retention_records
from signaalroute.privacy.models import (
    AnonymisedRecord,
    DestructionRecord,
    LegalHold,
    RetentionSetting,
)
from signaalroute.privacy.retention import retention_run
from signaalroute.signals.models import SubjectRole

from .signals import internal_signal, soest

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
LONG_AGO = TODAY - dt.timedelta(days=3 * 365)
LAST_MONTH = TODAY - dt.timedelta(days=30)
RULES = ("care_trajectory_closed", "approach_case_closed", "meeting_held")
NAME = "Mevrouw Jansen"


def _months(**rules: int) -> None:
    for code, months in rules.items():
        RetentionSetting.objects.update_or_create(
            municipality=soest(), code=code, defaults={"months": months}
        )


def _all_rules(months: int = 12) -> None:
    _months(**dict.fromkeys(RULES, months))


# --- The world: one record of each kind, closed or held on ``ended`` ------------------------


def _trajectory(personas: Any, ended: dt.date) -> CareTrajectory:
    signal = internal_signal(personas, via_bob=False)
    t = trajectory_open(
        actor=personas["daan"],
        signal=signal,
        victim=signal.subjects.get(role=SubjectRole.VICTIM),
        care_coordinator_org=None,
    )
    placement_add(
        actor=personas["daan"],
        trajectory=t,
        shelter_type="specialised",
        requested_on=ended - dt.timedelta(days=60),
        placed_on=ended - dt.timedelta(days=50),
        provider="Opvang De Haven",
    )
    CareTrajectory.objects.filter(pk=t.pk).update(
        goals=f"Veilig wonen voor {NAME}",
        status="closed",
        started_on=ended - dt.timedelta(days=90),
        ended_on=ended,
        end_reason="goals_reached",
    )
    CareEvent.objects.filter(trajectory=t).update(text=f"Gesprek met {NAME}")
    return CareTrajectory.objects.get(pk=t.pk)


def _case(personas: Any, closed: dt.date) -> ApproachCase:
    signal = internal_signal(personas, via_bob=False)
    case = case_open(
        actor=personas["carla"],
        municipality=soest(),
        kind="person",
        title=f"{NAME}, Dorpsstraat 12",
        summary=f"{NAME} laat mensen werken zonder contract.",
        signals=[signal],
    )
    values = {"responsible": "Team Vergunningen", "planned_on": closed - dt.timedelta(days=20)}
    intervention_add(
        actor=personas["carla"],
        case=case,
        kind="bibob",
        values={**values, "permit": "Exploitatievergunning", "question": f"Toets {NAME}"},
    )
    police = Organisation.objects.get(name__startswith="Politie")
    control = intervention_add(
        actor=personas["carla"],
        case=case,
        kind="integral_control",
        values={**values, "checklist": ["x"]},
        partners=[police],
    )
    finding_record(
        actor=personas["carla"], intervention=control, partner=police, text=f"{NAME} aanwezig."
    )
    ApproachCase.objects.filter(pk=case.pk).update(
        state="closed", closed_on=closed, close_reason=f"{NAME} is verhuisd."
    )
    return ApproachCase.objects.get(pk=case.pk)


def _meeting(personas: Any, held: dt.date) -> Meeting:
    carla = personas["carla"]
    meeting = meeting_plan(
        actor=carla,
        municipality=soest(),
        kind="local_signalling",
        held_on=TODAY,
        chair=carla,
        attendees=[personas["fenna"]],
    )
    signal = internal_signal(personas, via_bob=False)
    item = item_add(actor=carla, meeting=meeting, kind=ItemKind.SIGNAL, signal=signal)
    topic = item_add(actor=carla, meeting=meeting, kind=ItemKind.TOPIC, topic=f"Zorgen om {NAME}")
    decision_record(
        actor=carla,
        item=topic,
        text=f"{NAME} uitnodigen.",
        action=f"Bel {NAME}",
        owner=carla,
        due_on=TODAY + dt.timedelta(days=10),
    )
    decision_record(actor=carla, item=item, text="Besproken.")
    Meeting.objects.filter(pk=meeting.pk).update(
        held_on=held, state="held", minutes=f"{NAME} is besproken."
    )
    Action.objects.filter(meeting=meeting).update(
        due_on=held + dt.timedelta(days=10), done_on=held + dt.timedelta(days=12), note=NAME
    )
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def world(personas: Any) -> dict[str, Any]:
    return {
        "old_trajectory": _trajectory(personas, LONG_AGO),
        "fresh_trajectory": _trajectory(personas, LAST_MONTH),
        "old_case": _case(personas, LONG_AGO),
        "fresh_case": _case(personas, LAST_MONTH),
        "old_meeting": _meeting(personas, LONG_AGO),
        "fresh_meeting": _meeting(personas, LAST_MONTH),
    }


def _figures() -> tuple[Any, ...]:
    ids = [soest().pk]
    facts = care_facts(ids, dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    years = range(LONG_AGO.year, TODAY.year + 1)
    return (
        sorted(facts.trajectories),
        sorted(facts.placements, key=str),
        [sorted(intervention_figures(ids, y).items()) for y in years],
        [meeting_action_figures(ids, y) for y in years],
    )


# --- The tests --------------------------------------------------------------------------------


def _names_anyone(value: Any) -> bool:
    return NAME in str(value)


def test_each_rule_anonymises_what_expired_and_keeps_the_figures(world: dict[str, Any]) -> None:
    before = _figures()
    _all_rules()
    records = {r.code: r for r in retention_run(actor=None, municipality=soest(), dry_run=False)}
    assert {code: records[code].count for code in RULES} == dict.fromkeys(RULES, 1)
    assert _figures() == before

    old = CareTrajectory.objects.get(pk=world["old_trajectory"].pk)
    assert old.goals == "" and old.victim is None
    assert (old.status, old.end_reason, old.started_on) == (
        "closed",
        "goals_reached",
        world["old_trajectory"].started_on,
    )
    assert not any(_names_anyone(e.text) for e in CareEvent.objects.filter(trajectory=old))
    placement = ShelterPlacement.objects.get(trajectory=old)
    assert placement.provider == "" and placement.shelter_type == "specialised"
    fresh = CareTrajectory.objects.get(pk=world["fresh_trajectory"].pk)
    assert NAME in fresh.goals and fresh.victim is not None

    case = ApproachCase.objects.get(pk=world["old_case"].pk)
    assert (case.title, case.summary, case.close_reason) == (case.reference, "", "")
    assert not case.signals.exists()
    kept = Intervention.objects.filter(case=case)
    assert sorted(kept.values_list("kind", "barrier", "state")) == [
        ("bibob", "work", "planned"),
        ("integral_control", "work", "planned"),
    ]
    assert all(i.details == {} and i.responsible == "" for i in kept)
    assert not Finding.objects.filter(intervention__case=case).exclude(text="").exists()
    assert not CaseEvent.objects.filter(case=case).exclude(text="").exists()
    fresh_case = ApproachCase.objects.get(pk=world["fresh_case"].pk)
    assert NAME in fresh_case.title and fresh_case.signals.exists()

    meeting = Meeting.objects.get(pk=world["old_meeting"].pk)
    assert meeting.minutes == "" and meeting.held_on == LONG_AGO
    items = AgendaItem.objects.filter(meeting=meeting)
    assert {i.kind for i in items} == {ItemKind.SIGNAL, ItemKind.TOPIC}
    assert all(i.topic == "" and i.signal_id is None for i in items)
    assert not Decision.objects.filter(item__meeting=meeting).exclude(text="").exists()
    action = Action.objects.get(meeting=meeting)
    assert (action.text, action.note, action.done_on) == ("", "", LONG_AGO + dt.timedelta(days=12))
    fresh_meeting = Meeting.objects.get(pk=world["fresh_meeting"].pk)
    assert NAME in fresh_meeting.minutes

    again = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert {r.code: r.count for r in again if r.code in RULES} == dict.fromkeys(RULES, 0)
    assert AuditEntry.objects.filter(action="privacy.retention_run").count() >= 6


def test_a_rule_without_months_destroys_nothing(world: dict[str, Any]) -> None:
    _months(meeting_held=12)
    records = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert [r.code for r in records if r.code in RULES] == ["meeting_held"]  # no months: no run
    assert NAME in CareTrajectory.objects.get(pk=world["old_trajectory"].pk).goals
    assert NAME in ApproachCase.objects.get(pk=world["old_case"].pk).summary
    assert Meeting.objects.get(pk=world["old_meeting"].pk).minutes == ""


def test_the_dry_run_changes_nothing_and_the_page_shows_the_counts(
    world: dict[str, Any], client_for: Any
) -> None:
    _all_rules()
    pim = client_for("pim")
    page = pim.get("/privacy/bewaartermijnen/").content.decode()
    for code in RULES:
        assert f'data-testid="rule-{code}"' in page
    assert pim.post("/privacy/bewaartermijnen/", {"what": "dry_run"}).status_code == 302
    dry = DestructionRecord.objects.filter(dry_run=True, code__in=RULES)
    assert sorted(dry.values_list("code", "count")) == sorted((code, 1) for code in RULES)
    assert not AnonymisedRecord.objects.exists()
    assert NAME in CareTrajectory.objects.get(pk=world["old_trajectory"].pk).goals
    assert NAME in ApproachCase.objects.get(pk=world["old_case"].pk).title
    assert NAME in Meeting.objects.get(pk=world["old_meeting"].pk).minutes
    page = pim.get("/privacy/bewaartermijnen/").content.decode()
    assert "Afgesloten zorgtrajecten, met hun opvang, overdrachten en tijdlijn (12" in page
    asked = pim.post("/privacy/bewaartermijnen/", {"what": "run"}).content.decode()
    assert "Afgesloten aanpakdossiers, met hun interventies (ook Bibob-toetsen)" in asked
    assert NAME in Meeting.objects.get(pk=world["old_meeting"].pk).minutes  # not yet confirmed


def test_a_legal_hold_on_the_signal_keeps_its_records(personas: Any, world: dict[str, Any]) -> None:
    trajectory, case = world["old_trajectory"], world["old_case"]
    meeting = world["old_meeting"]
    for signal in (
        trajectory.signal,
        case.signals.get(),
        AgendaItem.objects.get(meeting=meeting, kind=ItemKind.SIGNAL).signal,
    ):
        LegalHold.objects.create(
            signal=signal, reason="Lopende strafzaak", placed_by=personas["pim"]
        )
    _all_rules()
    records = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert {r.code: r.count for r in records if r.code in RULES} == dict.fromkeys(RULES, 0)
    assert NAME in CareTrajectory.objects.get(pk=trajectory.pk).goals
    assert NAME in ApproachCase.objects.get(pk=case.pk).title
    assert NAME in Meeting.objects.get(pk=meeting.pk).minutes


def test_an_interrupted_run_leaves_every_record_whole_and_goes_on(
    personas: Any, world: dict[str, Any]
) -> None:
    second = _trajectory(personas, LONG_AGO)
    real = retention_records.ANONYMISERS["care_trajectory"]
    calls: list[Any] = []

    def broken_off(trajectory: CareTrajectory) -> None:
        real(trajectory)  # the writes are made ...
        calls.append(trajectory.pk)
        if len(calls) == 2:
            raise KeyboardInterrupt  # ... and then the process is stopped

    _months(care_trajectory_closed=12)
    with (
        mock.patch.dict(retention_records.ANONYMISERS, {"care_trajectory": broken_off}),
        pytest.raises(KeyboardInterrupt),
    ):
        retention_run(actor=None, municipality=soest(), dry_run=False)
    done, stopped = calls
    assert CareTrajectory.objects.get(pk=done).goals == ""
    whole = CareTrajectory.objects.get(pk=stopped)
    assert NAME in whole.goals and whole.victim is not None  # rolled back as a whole
    assert CareEvent.objects.filter(trajectory=whole, text__contains=NAME).exists()
    assert ShelterPlacement.objects.get(trajectory=whole).provider
    assert list(AnonymisedRecord.objects.values_list("object_id", flat=True)) == [done]

    [record] = [
        r
        for r in retention_run(actor=None, municipality=soest(), dry_run=False)
        if r.code == "care_trajectory_closed"
    ]
    assert record.count == 1  # the next run goes on where it stopped, nothing twice
    assert CareTrajectory.objects.get(pk=stopped).goals == ""
    assert {second.pk, world["old_trajectory"].pk} == {done, stopped}


def test_a_record_that_fails_is_skipped_and_the_rest_goes_on(
    personas: Any, world: dict[str, Any]
) -> None:
    second = _case(personas, LONG_AGO)
    real = retention_records.ANONYMISERS["approach_case"]

    def fails_for_the_second(case: ApproachCase) -> None:
        real(case)
        if case.pk == second.pk:
            raise RuntimeError("disk full")

    _months(approach_case_closed=12)
    with mock.patch.dict(retention_records.ANONYMISERS, {"approach_case": fails_for_the_second}):
        records = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert [r.count for r in records if r.code == "approach_case_closed"] == [1]
    assert ApproachCase.objects.get(pk=world["old_case"].pk).summary == ""
    kept = ApproachCase.objects.get(pk=second.pk)
    assert NAME in kept.summary and kept.signals.exists()  # whole, tried again next run


def test_the_scheduled_command_counts_the_new_rules(world: dict[str, Any]) -> None:
    _all_rules()
    out = io.StringIO()
    call_command("retention_run", "--dry-run", stdout=out)
    for code in RULES:
        assert f"{soest().name}: {code} 1" in out.getvalue()
    assert NAME in Meeting.objects.get(pk=world["old_meeting"].pk).minutes
