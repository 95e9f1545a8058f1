"""Retention of the records that are not signals: closed care trajectories, closed approach
cases (with their interventions, Bibob assessments among them) and held signalling meetings.

What goes is what may name or point to a person: free text (goals, summaries, reasons, minutes,
decisions, actions, findings, notes, timeline texts, intervention details such as a Bibob
question and advice), the name of a case (it becomes the case's reference), and the links to the
possible victim, to signals and to stack traces. What stays is what monitoring counts — the
municipality, the dates, kinds, states, shelter types, barriers, responsibility (registration,
residence, municipalities) — so ``care_facts``, ``intervention_figures`` and
``meeting_action_figures`` give the same numbers after a run as before.

A legal hold on a signal keeps every record that links to it: the trajectory of the signal, an
approach case with the signal among its signals, a meeting that discussed the signal or such a
case. The caller runs each record in its own transaction (see ``retention.retention_run``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet

from signaalroute.accounts.models import Organisation
from signaalroute.approach.models import (
    ApproachCase,
    CaseEvent,
    CaseState,
    Finding,
    Intervention,
)
from signaalroute.care.models import (
    CareEvent,
    CareHandover,
    CareTrajectory,
    ShelterPlacement,
    TrajectoryStatus,
)
from signaalroute.meetings.models import Action, AgendaItem, Decision, Meeting, MeetingState
from signaalroute.partners.referrals.models import Referral

from .models import AnonymisedRecord

#: What a referral keeps after retention: its parties, dates and state, no text or shared data.
REFERRAL_BLANK: dict[str, Any] = {
    "purpose": "",
    "shared": {},
    "basis_details": {},
    "feedback_text": "",
    "decline_reason": "",
    "revoke_reason": "",
}

#: The kinds of record (``applies_to`` in the table) this module handles.
KINDS = ("care_trajectory", "approach_case", "meeting")


def _not_done(query: QuerySet[Any], code: str) -> QuerySet[Any]:
    done = AnonymisedRecord.objects.filter(code=code).values("object_id")
    return query.exclude(pk__in=done)


def expired_records(
    applies_to: str, code: str, municipality: Organisation, before: dt.date
) -> QuerySet[Any]:
    """The records of ``applies_to`` that ended before ``before``, not held and not done."""
    query: QuerySet[Any]
    if applies_to == "care_trajectory":
        query = CareTrajectory.objects.filter(
            municipality=municipality,
            status=TrajectoryStatus.CLOSED,
            ended_on__lt=before,
            signal__legal_hold__isnull=True,
        )
    elif applies_to == "approach_case":
        held_cases = ApproachCase.objects.filter(signals__legal_hold__isnull=False)
        query = ApproachCase.objects.filter(
            municipality=municipality, state=CaseState.CLOSED, closed_on__lt=before
        ).exclude(pk__in=held_cases.values("pk"))
    elif applies_to == "meeting":
        held = Q(items__signal__legal_hold__isnull=False) | Q(
            items__approach_case__signals__legal_hold__isnull=False
        )
        query = Meeting.objects.filter(
            municipality=municipality, state=MeetingState.HELD, held_on__lt=before
        ).exclude(pk__in=Meeting.objects.filter(held).values("pk"))
    else:
        raise ValueError(applies_to)
    return _not_done(query, code).order_by("pk")


def _care_trajectory(trajectory: CareTrajectory) -> None:
    CareTrajectory.objects.filter(pk=trajectory.pk).update(
        goals="", victim=None, version=F("version") + 1
    )
    ShelterPlacement.objects.filter(trajectory=trajectory).update(provider="")
    CareEvent.objects.filter(trajectory=trajectory).update(text="")
    CareHandover.objects.filter(trajectory=trajectory).update(decline_reason="")
    Referral.objects.filter(care_handover__trajectory=trajectory).update(**REFERRAL_BLANK)


def _approach_case(case: ApproachCase) -> None:
    ApproachCase.objects.filter(pk=case.pk).update(
        title=F("reference"),
        summary="",
        close_reason="",
        stack_trace=None,
        version=F("version") + 1,
    )
    case.signals.clear()
    Intervention.objects.filter(case=case).update(
        details={}, responsible="", decision="", outcome="", signoff_by=""
    )
    Finding.objects.filter(intervention__case=case).update(text="")
    CaseEvent.objects.filter(case=case).update(text="")


def _meeting(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(minutes="")
    AgendaItem.objects.filter(meeting=meeting).update(
        topic="", signal=None, stack_trace=None, approach_case=None
    )
    Decision.objects.filter(item__meeting=meeting).update(text="")
    Action.objects.filter(meeting=meeting).update(text="", note="", approach_case=None)


ANONYMISERS: dict[str, Any] = {
    "care_trajectory": _care_trajectory,
    "approach_case": _approach_case,
    "meeting": _meeting,
}


def anonymise_record(applies_to: str, code: str, record: Any) -> None:
    """Anonymise one record and mark it done; the caller holds the transaction."""
    ANONYMISERS[applies_to](record)
    AnonymisedRecord.objects.create(code=code, object_id=record.pk)
