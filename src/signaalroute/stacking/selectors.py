"""Reads of stacking, always scoped: only focal officers (HANDLE_SIGNAL) of a municipality see
its traces, candidates, stacks and alerts. Anything outside the scope is "not found"."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from signaalroute.accounts.models import User
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.audit.services import audit_record
from signaalroute.signals.models import ExploitationForm, Signal, SignalSubject, SubjectKind
from signaalroute.signals.selectors import may_handle
from signaalroute.signals.states import State

from .alerts import StackFigures, settings_for, stack_figures, stack_reason
from .assessment import Assessment, assess
from .engine import stack_links, stack_of
from .found import LIST_FIELD, found_trace_kind
from .models import (
    Candidate,
    CandidateStatus,
    FoundIdentifier,
    FoundKind,
    FoundStatus,
    StackAlert,
    Trace,
)
from .traces import DETAIL_FIELDS

# Certain first, then probable, then possible (not alphabetical).
TIER_ORDER = Case(
    When(tier="certain", then=Value(0)),
    When(tier="probable", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def traces_visible_to(user: User) -> QuerySet[Trace]:
    return Trace.objects.filter(municipality__in=handling_municipalities(user))


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    return Candidate.objects.filter(municipality__in=handling_municipalities(user))


def open_candidates(user: User) -> QuerySet[Candidate]:
    return (
        candidates_visible_to(user)
        .filter(status=CandidateStatus.PROPOSED)
        .select_related("trace_a__signal", "trace_b__signal")
        .order_by(TIER_ORDER, "-weight")
    )


def alerts_for(user: User, *, unseen_only: bool = False) -> QuerySet[StackAlert]:
    alerts = StackAlert.objects.filter(
        municipality__in=handling_municipalities(user)
    ).select_related("trace__signal")
    return alerts.filter(seen_at__isnull=True) if unseen_only else alerts


def unseen_alert_count(user: User) -> int:
    return alerts_for(user, unseen_only=True).count()


@dataclass(frozen=True)
class StackView:
    """The stack around a trace as the focal officer sees it: the same stack the stacking alert
    counts (confirmed links and proposed certain/probable ones), with the traces reached only
    through a proposal marked, and the counts, the banner's reason and the indicator assessment
    worked out once over the same signals."""

    trace: Trace
    traces: list[Trace]
    pending: frozenset[Any]  # ids of traces in the stack only through a link still to decide
    signals: list[Signal]  # the stack's signals, oldest first (merged duplicates left out)
    confirmed: list[Candidate]
    proposed: list[Candidate]
    decided: list[Candidate]
    figures: StackFigures
    reason: dict[str, Any] | None  # why it makes a stacking alert now, or None
    assessment: Assessment
    forms: list[str]  # forms of exploitation, in words


def stack_for(user: User, trace_id: uuid.UUID) -> StackView:
    """The stack around a trace: its links, and the open proposals touching it.

    Raises Trace.DoesNotExist outside the user's scope.
    """
    trace = traces_visible_to(user).select_related("signal").get(pk=trace_id)
    ids = stack_of(trace, include_proposed=True)
    settled = stack_of(trace)
    scope = handling_municipalities(user)
    traces = list(
        Trace.objects.filter(pk__in=ids, municipality__in=scope)
        .select_related("signal", "subject")
        .order_by("signal__created_at")
    )
    touching = Q(trace_a_id__in=ids) | Q(trace_b_id__in=ids)
    links = list(
        Candidate.objects.filter(touching, municipality__in=scope)
        .select_related("trace_a__signal", "trace_b__signal", "decided_by")
        .order_by("-weight")
    )
    signals: dict[Any, Signal] = {}
    for t in traces:
        if t.signal.state != State.MERGED:
            signals.setdefault(t.signal_id, t.signal)
    ordered = sorted(signals.values(), key=lambda s: s.created_at)
    rule = settings_for(trace.municipality_id)
    figures = stack_figures(ordered, rule)
    assessment = assess(ordered)
    codes = {f for s in ordered for f in (s.forms or [])}
    return StackView(
        trace=trace,
        traces=traces,
        pending=frozenset(t.pk for t in traces if t.pk not in settled),
        signals=ordered,
        confirmed=[c for c in links if c.status == CandidateStatus.CONFIRMED],
        proposed=[c for c in links if c.status == CandidateStatus.PROPOSED],
        decided=[
            c for c in links if c.status in (CandidateStatus.REJECTED, CandidateStatus.UNDONE)
        ],
        figures=figures,
        reason=stack_reason(
            ordered,
            rule,
            kind=trace.kind,
            figures=figures,
            possible_victim=assessment.possible_victim,
        ),
        assessment=assessment,
        forms=sorted(str(ExploitationForm(f).label) for f in codes if f in ExploitationForm.values),
    )


def stack_for_reading(user: User, trace_id: uuid.UUID) -> StackView:
    """`stack_for`, with the read of the stack's signals audited as ``stacking.stack_view``."""
    view = stack_for(user, trace_id)
    audit_record(
        actor=user,
        action="stacking.stack_view",
        obj=view.trace,
        organisation_id=view.trace.municipality_id,
        fields=["signals", "subjects", "indicators"],
        extra={"signals": len(view.signals)},
    )
    return view


def signal_traces(user: User, signal: Signal) -> list[dict[str, Any]] | None:
    """For the signal page: its traces with open proposals; None when the user may not see
    stacking for this signal (e.g. a team coordinator)."""
    if not handling_municipalities(user).filter(pk=signal.municipality_id).exists():
        return None
    traces = list(Trace.objects.filter(signal=signal).select_related("subject"))
    ids = [t.pk for t in traces]
    # The open proposals of all the signal's traces in one query, not one per trace.
    open_counts: dict[Any, int] = {}
    pairs = Candidate.objects.filter(
        Q(trace_a_id__in=ids) | Q(trace_b_id__in=ids), status=CandidateStatus.PROPOSED
    ).values_list("trace_a_id", "trace_b_id")
    for a, b in pairs:
        for side in {a, b} & set(ids):
            open_counts[side] = open_counts.get(side, 0) + 1
    return [
        {"trace": t, "open": open_counts.get(t.pk, 0), "linked": len(stack_of(t)) - 1}
        for t in traces
    ]


@dataclass(frozen=True)
class StackMark:
    """What the worklist marks on a signal: it is in a stack, and a stacking alert about it has
    not been seen yet."""

    in_stack: bool = False
    unseen_alert: bool = False


def stack_marks(user: User, signal_ids: list[Any]) -> dict[Any, StackMark]:
    """The stack marks of a page of signals, in two queries whatever the number of rows. A
    signal is in a stack when one of its traces has a link that makes a stack
    (`engine.stack_links`); its alert is unseen when a stacking alert that has not been marked
    seen sits on one of its traces (an alert sits on the signal whose arrival made the stack add
    up). Signals outside the user's municipalities get no mark."""
    scope = handling_municipalities(user)
    stacked: set[Any] = set()
    pairs = Candidate.objects.filter(
        stack_links(),
        Q(trace_a__signal_id__in=signal_ids) | Q(trace_b__signal_id__in=signal_ids),
        municipality__in=scope,
    ).values_list("trace_a__signal_id", "trace_b__signal_id")
    for a, b in pairs:
        stacked |= {a, b}
    alerted = set(
        StackAlert.objects.filter(
            trace__signal_id__in=signal_ids, municipality__in=scope, seen_at__isnull=True
        ).values_list("trace__signal_id", flat=True)
    )
    return {pk: StackMark(in_stack=pk in stacked, unseen_alert=pk in alerted) for pk in signal_ids}


def found_visible_to(user: User) -> QuerySet[FoundIdentifier]:
    """Identifiers found in the text of the signals the user handles (focal officers only)."""
    return FoundIdentifier.objects.filter(signal__municipality__in=handling_municipalities(user))


def found_targets(found: FoundIdentifier, subjects: list[SignalSubject]) -> list[SignalSubject]:
    """The signal's subjects whose details can hold this identifier (a phone number: a person,
    an organisation or an online trace; an address: an address)."""
    if found.kind in LIST_FIELD:
        field = LIST_FIELD[found.kind]
        return [s for s in subjects if field in DETAIL_FIELDS.get(s.kind, ())]
    if found.kind == FoundKind.KVK:
        return [s for s in subjects if "kvk" in DETAIL_FIELDS.get(s.kind, ())]
    return [s for s in subjects if s.kind == found_trace_kind(found.kind)]


@dataclass(frozen=True)
class FoundRow:
    found: FoundIdentifier
    targets: list[SignalSubject]  # existing subjects that can hold it
    new_kind: str  # the kind of a new subject, when added as one

    @property
    def preferred(self) -> Any:
        """The subject offered first: the one whose own description holds the value (it was
        found there); otherwise none, so a phone in the free text is not put on the victim."""
        text = self.found.text.casefold()
        for subject in self.targets:
            if text and text in (subject.description or "").casefold():
                return subject.pk
        return None

    @property
    def new_kind_label(self) -> str:
        return str(SubjectKind(self.new_kind).label)


def signal_found(user: User, signal: Signal) -> list[FoundRow] | None:
    """For the signal page (read after ``signal_for_reading`` audited the signal's text and
    subjects, of which these are a part): the open proposals found in the text, each with the
    subjects it can be added to; None when the user does not handle the signal."""
    if not may_handle(user, signal.municipality_id):
        return None
    subjects = list(signal.subjects.all())
    return [
        FoundRow(found=f, targets=found_targets(f, subjects), new_kind=found_trace_kind(f.kind))
        for f in FoundIdentifier.objects.filter(signal=signal, status=FoundStatus.OPEN)
    ]
