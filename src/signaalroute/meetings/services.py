"""Every write of the meetings: one transaction, checked, audited with the actor. Only the focal
officers of the meeting's municipality prepare and run it; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import focal_officers, has_permission, memberships_of
from signaalroute.approach.models import ApproachCase, CaseKind
from signaalroute.approach.services import case_open
from signaalroute.audit.services import audit_record
from signaalroute.signals.models import Signal
from signaalroute.signals.pseudonym import pseudonymise_many
from signaalroute.stacking.models import Trace
from signaalroute.stacking.selectors import stack_for

from .errors import ItemHasDecisions, NoPlannedMeeting, NotYours
from .models import Action, AgendaItem, Decision, ItemKind, Meeting, MeetingState
from .selectors import cases_to_discuss, flagged_signals, planned_meetings, runs


def _audit(actor: User, action: str, meeting: Meeting, **extra: Any) -> None:
    audit_record(
        actor=actor, action=action, obj=meeting, organisation_id=meeting.municipality_id, **extra
    )


def _require_runner(actor: User, meeting: Meeting) -> None:
    if not runs(actor, meeting):
        raise NotYours()


def _in_region(user: User, region_id: Any) -> bool:
    return any(m.organisation.region_id == region_id for m in memberships_of(user))


def _check_table(
    municipality: Organisation,
    held_on: dt.date | None,
    chair: User | None,
    attendees: list[User],
    organisations: list[Organisation],
) -> None:
    """The meeting's date, chair and who is at the table; refused field by field."""
    errors: dict[str, Any] = {}
    if held_on is None:
        errors["held_on"] = _("Give the date of the meeting.")
    region = municipality.region_id
    strangers = [u for u in attendees if not _in_region(u, region)]
    if strangers:
        errors["attendees"] = _("Invite only people from this region.")
    elif any(not has_permission(u, Permission.ATTEND_MEETINGS) for u in attendees):
        errors["attendees"] = _("Invite only people whose role lets them attend meetings.")
    if any(o.region_id != region for o in organisations):
        errors["organisations"] = _("Choose organisations of this region.")
    officers = {u.pk for u, _d in focal_officers(municipality)}
    if chair is None:
        errors["chair"] = _("Say who chairs the meeting.")
    elif chair.pk not in officers and chair.pk not in {u.pk for u in attendees}:
        errors["chair"] = _("The chair is a focal officer of the municipality or an attendee.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_plan(
    *,
    actor: User,
    municipality: Organisation,
    kind: str,
    held_on: dt.date | None,
    chair: User | None,
    attendees: list[User] | None = None,
    organisations: list[Organisation] | None = None,
) -> Meeting:
    if not runs(actor, Meeting(municipality=municipality)):
        raise NotYours()
    attendees, organisations = list(attendees or []), list(organisations or [])
    _check_table(municipality, held_on, chair, attendees, organisations)
    assert held_on is not None and chair is not None
    meeting = Meeting(
        municipality=municipality, kind=kind, held_on=held_on, chair=chair, created_by=actor
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.organisations.set(organisations)
    _audit(actor, "meetings.meeting_plan", meeting, fields=["kind", "held_on", "attendees"])
    return meeting


MEETING_FIELDS = ("kind", "held_on", "chair", "minutes", "state")


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, values: dict[str, Any]) -> Meeting:
    """Change the date, chair, attendees, minutes or state (planned / held)."""
    _require_runner(actor, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    attendees = list(values.get("attendees", meeting.attendees.all()))
    organisations = list(values.get("organisations", meeting.organisations.all()))
    for key in MEETING_FIELDS:
        if key in values:
            value = values[key]
            setattr(meeting, key, value.strip() if isinstance(value, str) else value)
    chair = meeting.chair if meeting.chair_id else None
    _check_table(meeting.municipality, meeting.held_on, chair, attendees, organisations)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.organisations.set(organisations)
    _audit(actor, "meetings.meeting_update", meeting, fields=sorted(values))
    return meeting


def _stack_facts(actor: User, trace: Trace) -> tuple[dict[str, Any], set[Any]]:
    """What a stack shows outside the focal officer's screens: counts, forms, signs and areas,
    no names or addresses; and the ids of its traces (to see it is on the agenda already)."""
    view = stack_for(actor, trace.pk)
    facts = {"signals": len(view.signals), **pseudonymise_many(view.signals)}
    return facts, {t.pk for t in view.traces}


@transaction.atomic
def item_add(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    signal: Signal | None = None,
    trace: Trace | None = None,
    case: ApproachCase | None = None,
    topic: str = "",
    proposed: bool = False,
) -> AgendaItem:
    """Put a signal, a stack, an approach case or a topic on the meeting's agenda."""
    _require_runner(actor, meeting)
    item = AgendaItem(
        meeting=meeting, kind=kind, topic=topic.strip(), proposed=proposed, added_by=actor
    )
    on_agenda = meeting.items.all()
    if kind == ItemKind.SIGNAL and signal is not None:
        if signal.municipality_id != meeting.municipality_id:
            raise ValidationError({"reference": _("Choose a signal of this municipality.")})
        if on_agenda.filter(signal=signal).exists():
            raise ValidationError({"reference": _("This signal is on the agenda already.")})
        item.signal = signal
    elif kind == ItemKind.STACK and trace is not None:
        if trace.municipality_id != meeting.municipality_id:
            raise ValidationError({"reference": _("Choose a stack of this municipality.")})
        item.facts, trace_ids = _stack_facts(actor, trace)
        if on_agenda.filter(stack_trace_id__in=trace_ids).exists():
            raise ValidationError({"reference": _("This stack is on the agenda already.")})
        item.stack_trace = trace
    elif kind == ItemKind.CASE and case is not None:
        if case.municipality_id != meeting.municipality_id:
            raise ValidationError({"reference": _("Choose an approach case of this municipality.")})
        if on_agenda.filter(approach_case=case).exists():
            raise ValidationError({"reference": _("This case is on the agenda already.")})
        item.approach_case = case
    item.position = (on_agenda.aggregate(m=Max("position"))["m"] or 0) + 1
    item.full_clean()
    item.save()
    _audit(actor, "meetings.item_add", meeting, fields=["items"], extra={"kind": kind})
    return item


@transaction.atomic
def agenda_propose(*, actor: User, meeting: Meeting) -> list[AgendaItem]:
    """Propose the agenda: the signals flagged for the meeting and the approach cases due for
    discussion (the earlier meetings' actions open the agenda of their own accord)."""
    _require_runner(actor, meeting)
    added = [
        item_add(actor=actor, meeting=meeting, kind=ItemKind.SIGNAL, signal=s, proposed=True)
        for s in flagged_signals(actor, meeting)
    ]
    added += [
        item_add(actor=actor, meeting=meeting, kind=ItemKind.CASE, case=c, proposed=True)
        for c in cases_to_discuss(meeting)
    ]
    _audit(actor, "meetings.agenda_propose", meeting, fields=["items"], extra={"added": len(added)})
    return added


@transaction.atomic
def item_remove(*, actor: User, item: AgendaItem) -> None:
    _require_runner(actor, item.meeting)
    if item.decisions.exists():
        raise ItemHasDecisions()
    meeting = item.meeting
    item.delete()
    _audit(actor, "meetings.item_remove", meeting, fields=["items"])


@transaction.atomic
def stack_to_agenda(*, actor: User, trace: Trace, meeting: Meeting | None = None) -> AgendaItem:
    """From the stack page: put the stack on the given (or the next) planned meeting."""
    if meeting is None:
        meeting = planned_meetings(actor, trace.municipality_id).first()
    if meeting is None or meeting.state != MeetingState.PLANNED:
        raise NoPlannedMeeting()
    return item_add(actor=actor, meeting=meeting, kind=ItemKind.STACK, trace=trace)


def _may_own(meeting: Meeting, owner: User) -> bool:
    officers = {u.pk for u, _d in focal_officers(meeting.municipality)}
    at_table = set(meeting.attendees.values_list("pk", flat=True)) | {meeting.chair_id}
    return owner.pk in officers | at_table


@transaction.atomic
def decision_record(
    *,
    actor: User,
    item: AgendaItem,
    text: str,
    action: str = "",
    owner: User | None = None,
    due_on: dt.date | None = None,
    open_case: bool = False,
    case_kind: str = "",
    case_title: str = "",
) -> Decision:
    """Record a decision on an item; with an action, its owner and due date are required. A
    decision may open an approach case (`approach.services.case_open`), which the action then
    points to. Everything is checked before anything is written: nothing is half-saved."""
    meeting = item.meeting
    _require_runner(actor, meeting)
    errors: dict[str, Any] = {}
    if not text.strip():
        errors["text"] = _("Write down what was decided.")
    with_action = bool(action.strip() or owner or due_on or open_case)
    if with_action:
        if owner is None:
            errors["owner"] = _("A decision with an action needs an owner.")
        elif not _may_own(meeting, owner):
            errors["owner"] = _("The owner is at the table or a focal officer of the municipality.")
        if due_on is None:
            errors["due_on"] = _("Give the date the action is due.")
        elif due_on < meeting.held_on:
            errors["due_on"] = _("The due date cannot be before the meeting.")
        if not action.strip() and not open_case:
            errors["action"] = _("Say what is to be done.")
    if open_case:
        if case_kind not in CaseKind.values:
            errors["case_kind"] = _("Say what the approach case is about.")
        if not case_title.strip():
            errors["case_title"] = _("Name the person, location or organisation.")
    if errors:
        raise ValidationError(errors)
    decision = Decision(item=item, text=text.strip(), recorded_by=actor)
    decision.full_clean()
    decision.save()
    case = None
    if open_case:
        case = case_open(
            actor=actor,
            municipality=meeting.municipality,
            kind=case_kind,
            title=case_title,
            signals=[item.signal] if item.signal is not None else [],
            stack_trace=item.stack_trace,
        )
    if with_action:
        assert owner is not None and due_on is not None
        words = action.strip() or _("Work on approach case %(ref)s") % {
            "ref": case.reference if case else ""
        }
        todo = Action(
            meeting=meeting,
            decision=decision,
            text=words,
            owner=owner,
            due_on=due_on,
            approach_case=case,
        )
        todo.full_clean()
        todo.save()
    _audit(
        actor,
        "meetings.decision_record",
        meeting,
        fields=["decisions", "actions"] if with_action else ["decisions"],
        extra={"approach_case": case.reference} if case else None,
    )
    return decision


@transaction.atomic
def action_done(*, actor: User, action: Action, done_on: dt.date | None, note: str = "") -> Action:
    """Mark an action done, with the date and a note on what came of it."""
    _require_runner(actor, action.meeting)
    if done_on is None:
        raise ValidationError({"done_on": _("Give the date it was done.")})
    action.done_on = done_on
    action.note = note.strip()
    action.full_clean()
    action.save(update_fields=["done_on", "note"])
    _audit(actor, "meetings.action_done", action.meeting, fields=["actions"])
    return action
