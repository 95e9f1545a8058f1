"""Reads of the meetings, scoped by the user: the focal officers of a municipality see all its
meetings; everyone else who may attend meetings (partner contacts, care coordinators, chain
directors, focal officers of other municipalities) sees only the meetings they attend. Any
other meeting id is "not found"."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import (
    handling_municipalities,
    has_permission,
    users_with_permission,
)
from signaalroute.approach.models import ApproachCase
from signaalroute.approach.selectors import cases_due_for_discussion
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import signals_visible_to

from .models import Action, AgendaItem, Meeting, MeetingState


def meetings_run_by(user: User) -> QuerySet[Meeting]:
    """The meetings this user prepares and runs: those of the municipalities they handle."""
    return Meeting.objects.filter(municipality__in=handling_municipalities(user))


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    if not has_permission(user, Permission.ATTEND_MEETINGS):
        return Meeting.objects.none()
    condition = Q(municipality__in=handling_municipalities(user)) | Q(attendees=user)
    ids = Meeting.objects.filter(condition).values("pk")
    return Meeting.objects.filter(pk__in=ids).select_related("municipality", "chair")


def runs(user: User, meeting: Meeting) -> bool:
    """Whether ``user`` is a focal officer of the meeting's municipality (sees it in full)."""
    return handling_municipalities(user).filter(pk=meeting.municipality_id).exists()


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The last meeting of the same type in the same municipality before this one."""
    return (
        Meeting.objects.filter(
            municipality_id=meeting.municipality_id,
            kind=meeting.kind,
            held_on__lt=meeting.held_on,
        )
        .exclude(pk=meeting.pk)
        .order_by("-held_on", "-created_at")
        .first()
    )


def earlier_actions(meeting: Meeting) -> list[Action]:
    """What the meeting opens with: every action of the previous meeting (done or not) and the
    actions of meetings before that which are still open (seed 003 §1.9: tables that lead to
    nothing are the region's complaint)."""
    previous = previous_meeting(meeting)
    if previous is None:
        return []
    condition = Q(meeting=previous) | Q(
        meeting__municipality_id=meeting.municipality_id,
        meeting__kind=meeting.kind,
        meeting__held_on__lt=previous.held_on,
        done_on__isnull=True,
    )
    return list(
        Action.objects.filter(condition)
        .select_related("owner", "meeting", "approach_case")
        .order_by("meeting__held_on", "due_on")
    )


def flagged_signals(user: User, meeting: Meeting) -> QuerySet[Signal]:
    """Signals a focal officer flagged for the meeting (``Signal.on_meeting_agenda``) that are
    not on any meeting's agenda yet."""
    taken = AgendaItem.objects.filter(
        meeting__municipality_id=meeting.municipality_id, signal__isnull=False
    ).values("signal_id")
    return (
        signals_visible_to(user)
        .filter(municipality_id=meeting.municipality_id, on_meeting_agenda=True)
        .exclude(pk__in=taken)
        .order_by("created_at")
    )


def cases_to_discuss(meeting: Meeting) -> list[ApproachCase]:
    """Approach cases due for discussion on the meeting's date, not yet on its agenda."""
    taken = set(meeting.items.filter(approach_case__isnull=False).values_list("approach_case_id"))
    return [
        c
        for c in cases_due_for_discussion([meeting.municipality_id], meeting.held_on)
        if (c.pk,) not in taken
    ]


def planned_meetings(user: User, municipality_id: Any) -> QuerySet[Meeting]:
    """The coming meetings of a municipality this user runs, the next first."""
    return (
        meetings_run_by(user)
        .filter(municipality_id=municipality_id, state=MeetingState.PLANNED)
        .order_by("held_on", "created_at")
    )


def signal_agenda_items(user: User, signal: Signal) -> list[AgendaItem]:
    """The agenda items on this signal, for its page (the focal officers only)."""
    return list(
        AgendaItem.objects.filter(meeting__in=meetings_run_by(user), signal=signal)
        .select_related("meeting")
        .order_by("-meeting__held_on")
    )


def stack_agenda_items(user: User, trace_ids: Iterable[Any]) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting__in=meetings_run_by(user), stack_trace_id__in=trace_ids)
        .select_related("meeting")
        .order_by("-meeting__held_on")
    )


def attendee_choices(municipality: Organisation) -> QuerySet[User]:
    """Who can sit at the table: active users of the region who may attend meetings."""
    orgs = Organisation.objects.filter(region_id=municipality.region_id)
    ids: set[Any] = set()
    for org in orgs:
        holders = users_with_permission(org, Permission.ATTEND_MEETINGS)
        ids |= set(holders.values_list("pk", flat=True))
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def organisation_choices(municipality: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region_id=municipality.region_id).order_by("kind", "name")


def meeting_action_figures(municipality_ids: Iterable[uuid.UUID], year: int) -> dict[str, int]:
    """For monitoring: the actions of the municipalities' meetings due in ``year``, how many
    were done on time, done late, and how many are still open."""
    rows = list(
        Action.objects.filter(
            meeting__municipality_id__in=list(municipality_ids), due_on__year=year
        ).values_list("due_on", "done_on")
    )
    on_time = sum(1 for due, done in rows if done is not None and done <= due)
    late = sum(1 for due, done in rows if done is not None and done > due)
    return {
        "due": len(rows),
        "done_on_time": on_time,
        "done_late": late,
        "open": len(rows) - on_time - late,
    }


def is_overdue(action: Action, today: dt.date) -> bool:
    return action.done_on is None and action.due_on < today
