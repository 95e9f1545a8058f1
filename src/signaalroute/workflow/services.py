"""Every write on the route: moves between states, notes, tasks, enrichment, the meeting flag
and feedback to the reporter. Keyword-only, one transaction, audited with the actor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import EditConflict
from signaalroute.signals.hooks import signal_changed
from signaalroute.signals.models import EventKind, Signal, SignalEvent
from signaalroute.signals.services import event_add, signal_claim
from signaalroute.signals.states import OPEN_STATES, Outcome, State

from .close_checks import REASON_KEY, care_coordinator_reason_needed
from .deadlines import due_at_for
from .errors import (
    MergeTargetRequired,
    OutcomeRequired,
    ReasonRequired,
    ReferralRequired,
    TransitionRefused,
)
from .models import RouteSettings, Task
from .notifications import notify_reporter_feedback
from .rules import TRANSITIONS, referable_states
from .selectors import may_act, route_settings_for


def state_enter(*, signal: Signal, state: str, now: dt.datetime) -> None:
    """Set the state and its deadline (used at submission and by every transition)."""
    previous = signal.state
    signal.state = state
    signal.state_changed_at = now
    signal.due_at = due_at_for(
        state=state,
        acute=signal.acute,
        route_settings=route_settings_for(signal.municipality),
        now=now,
    )
    Signal.objects.filter(pk=signal.pk).update(
        state=state, state_changed_at=now, due_at=signal.due_at
    )
    signal_changed(  # update sends no post_save
        signal, fields=["state", "state_changed_at", "due_at"], previous={"state": previous}
    )


@transaction.atomic
def signal_transition(
    *,
    actor: User,
    signal: Signal,
    to: str,
    expected_version: int,
    reason: str = "",
    outcome: str = "",
    merge_target: Signal | None = None,
    no_care_coordinator_reason: str = "",
) -> Signal:
    """Make one move of the route table. Moves to a partner are refused here: they are made by
    `signal_referred`, which the referral service calls once the referral exists. Closing a
    signal with a possible victim that never reached the care coordinator needs
    `no_care_coordinator_reason` (`close_checks`), recorded on the closing event."""
    if signal.version != expected_version:
        raise EditConflict()  # the page was loaded before someone else's change
    rule = TRANSITIONS.get((State(signal.state), State(to))) if to in State.values else None
    if rule is not None and rule.by_referral:
        raise ReferralRequired()
    if rule is None or not may_act(actor, signal, rule.permission):
        raise TransitionRefused()
    if rule.reason_required and not reason.strip():
        raise ReasonRequired()
    if rule.outcome_required and outcome not in Outcome.values:
        raise OutcomeRequired()
    if rule.merge_target_required and (
        merge_target is None
        or merge_target.pk == signal.pk
        or merge_target.municipality_id != signal.municipality_id
        or merge_target.state not in OPEN_STATES
    ):
        raise MergeTargetRequired()
    data = {}
    if rule.label == "close" and care_coordinator_reason_needed(signal):
        if not no_care_coordinator_reason.strip():
            raise ValidationError(
                {
                    REASON_KEY: _(
                        "This signal names a possible victim and the care coordinator was not "
                        "involved. Say why not."
                    )
                }
            )
        data[REASON_KEY] = no_care_coordinator_reason.strip()
    signal_claim(signal=signal, expected_version=expected_version)
    _move(
        actor=actor,
        signal=signal,
        to=to,
        reason=reason,
        outcome=outcome,
        merge_target=merge_target,
        data=data,
    )
    return signal


@transaction.atomic
def signal_referred(
    *, actor: User, signal: Signal, expected_version: int, partner_name: str
) -> Signal:
    """Steps 4 and 5, called by the referral service in its transaction: the signal went to a
    partner, so it moves to "routed" and on to "awaiting feedback". While it already awaits
    feedback only the version is claimed, so a replayed or double-clicked form cannot send a
    second referral on the same page load."""
    if signal.version != expected_version:
        raise EditConflict()
    if signal.state not in referable_states(acute=signal.acute) or not may_act(
        actor, signal, Permission.HANDLE_SIGNAL
    ):
        raise TransitionRefused()
    signal_claim(signal=signal, expected_version=expected_version)
    if signal.state in (State.RECEIVED, State.TRIAGE, State.ENRICHED):
        _move(actor=actor, signal=signal, to=State.ROUTED, data={"partner_name": partner_name})
    if signal.state == State.ROUTED:
        _move(actor=actor, signal=signal, to=State.AWAITING_FEEDBACK)
    return signal


@transaction.atomic
def signal_feedback_received(*, actor: User, signal: Signal, partner_name: str) -> Signal:
    """Called by the referral service when a partner gives feedback: a signal that awaits it
    moves on to "feedback received", so the focal officer sees the answer arrive. The partner's
    answer never fails on the signal's state: in any other state nothing moves."""
    current = Signal.objects.select_for_update().get(pk=signal.pk)
    if current.state != State.AWAITING_FEEDBACK:
        return current
    signal_claim(signal=current, expected_version=current.version)
    _move(
        actor=actor, signal=current, to=State.FEEDBACK_RECEIVED, data={"partner_name": partner_name}
    )
    return current


def _move(
    *,
    actor: User,
    signal: Signal,
    to: str,
    reason: str = "",
    outcome: str = "",
    merge_target: Signal | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Enter the state, record it on the timeline and in the audit chain (version claimed)."""
    source = signal.state
    state_enter(signal=signal, state=to, now=timezone.now())
    changed = ["state"]
    if outcome:
        signal.outcome = outcome
        changed.append("outcome")
    if merge_target is not None:
        signal.merged_into = merge_target
        changed.append("merged_into")
    if len(changed) > 1:
        signal.save(update_fields=changed[1:])
    data = dict(data or {})
    if merge_target is not None:
        data["merged_into"] = merge_target.reference
    if outcome:
        data["outcome"] = outcome
    event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.TRANSITION,
        from_state=source,
        to_state=to,
        text=reason.strip(),
        data=data,
    )
    audit_record(
        actor=actor,
        action="signal.transition",
        obj=signal,
        organisation_id=signal.municipality_id,
        fields=changed,
        extra={"from": source, "to": to},
    )


def _require_handler(actor: User, signal: Signal) -> None:
    if not may_act(actor, signal, Permission.HANDLE_SIGNAL):
        raise TransitionRefused()


@transaction.atomic
def note_add(*, actor: User, signal: Signal, text: str) -> SignalEvent:
    _require_handler(actor, signal)
    if not text.strip():
        raise ValidationError({"text": _("Write a note.")})
    event = event_add(signal=signal, actor=actor, kind=EventKind.NOTE, text=text.strip())
    audit_record(
        actor=actor,
        action="signal.note",
        obj=signal,
        organisation_id=signal.municipality_id,
        fields=["note"],
    )
    return event


@transaction.atomic
def task_add(*, actor: User, signal: Signal, title: str, due_on: dt.date) -> Task:
    _require_handler(actor, signal)
    task = Task(signal=signal, title=title.strip(), due_on=due_on, created_by=actor)
    task.full_clean()
    task.save()
    event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.TASK,
        text=task.title,
        data={"due_on": due_on.isoformat()},
    )
    audit_record(
        actor=actor,
        action="signal.task_add",
        obj=task,
        organisation_id=signal.municipality_id,
        fields=["title", "due_on"],
    )
    return task


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    _require_handler(actor, task.signal)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_record(
            actor=actor,
            action="signal.task_done",
            obj=task,
            organisation_id=task.signal.municipality_id,
            fields=["done_at"],
        )
    return task


@transaction.atomic
def meeting_agenda_set(
    *, actor: User, signal: Signal, on_agenda: bool, expected_version: int
) -> Signal:
    """Step 3: put the signal on the local signalling / undermining meeting (or take it off)."""
    _require_handler(actor, signal)
    signal_claim(signal=signal, expected_version=expected_version)
    signal.on_meeting_agenda = on_agenda
    signal.save(update_fields=["on_meeting_agenda"])
    event_add(signal=signal, actor=actor, kind=EventKind.AGENDA, data={"on_agenda": on_agenda})
    audit_record(
        actor=actor,
        action="signal.meeting_agenda",
        obj=signal,
        organisation_id=signal.municipality_id,
        fields=["on_meeting_agenda"],
    )
    return signal


@transaction.atomic
def feedback_to_reporter(
    *, actor: User, signal: Signal, text: str, expected_version: int, language: str = ""
) -> SignalEvent:
    """Step 6: tell the reporter what was done (seed 002 annex 1), and record it. `language`
    is the language `text` is written in, when known (the reporter's page marks it up so)."""
    _require_handler(actor, signal)
    if not text.strip():
        raise ValidationError({"text": _("Write the message to the reporter.")})
    to_informed = TRANSITIONS.get((State(signal.state), State.REPORTER_INFORMED))
    if to_informed is not None:
        signal_transition(
            actor=actor,
            signal=signal,
            to=State.REPORTER_INFORMED,
            expected_version=expected_version,
        )
    elif signal.state not in (State.REPORTER_INFORMED, State.CLOSED):
        raise TransitionRefused()
    else:
        signal_claim(signal=signal, expected_version=expected_version)
    event = event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.FEEDBACK,
        text=text.strip(),
        data={"language": language} if language else {},
        visible_to_reporter=True,
    )
    audit_record(
        actor=actor,
        action="signal.feedback",
        obj=signal,
        organisation_id=signal.municipality_id,
        fields=["feedback"],
    )
    transaction.on_commit(lambda: notify_reporter_feedback(signal_id=signal.pk))
    return event


@transaction.atomic
def route_settings_update(
    *,
    actor: User,
    municipality: Organisation,
    team_coordinator_step_required: bool,
    deadlines: dict[str, int],
    acute_minutes: int,
) -> RouteSettings:
    settings = route_settings_for(municipality)
    settings.team_coordinator_step_required = team_coordinator_step_required
    settings.deadlines = deadlines
    settings.acute_minutes = acute_minutes
    settings.full_clean()
    settings.save()
    audit_record(
        actor=actor,
        action="route_settings.update",
        obj=settings,
        organisation_id=municipality.pk,
        fields=["team_coordinator_step_required", "deadlines", "acute_minutes"],
    )
    return settings
