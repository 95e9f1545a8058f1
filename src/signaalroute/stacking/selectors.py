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
from signaalroute.signals.models import ExploitationForm, Signal
from signaalroute.signals.selectors import reporter_sources

from .engine import stack_of
from .models import Candidate, CandidateStatus, StackAlert, Trace

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
    trace: Trace
    traces: list[Trace]
    signals: list[Signal]
    confirmed: list[Candidate]
    proposed: list[Candidate]
    decided: list[Candidate]
    sources: int
    forms: list[str]

    @property
    def form_labels(self) -> list[str]:
        return [str(ExploitationForm(f).label) for f in self.forms if f in ExploitationForm.values]


def stack_for(user: User, trace_id: uuid.UUID) -> StackView:
    """The stack around a trace: confirmed links, and the open proposals touching it.

    Raises Trace.DoesNotExist outside the user's scope.
    """
    trace = traces_visible_to(user).select_related("signal").get(pk=trace_id)
    ids = stack_of(trace)
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
        signals.setdefault(t.signal_id, t.signal)
    ordered = sorted(signals.values(), key=lambda s: s.created_at)
    forms = sorted({f for s in ordered for f in (s.forms or [])})
    return StackView(
        trace=trace,
        traces=traces,
        signals=ordered,
        confirmed=[c for c in links if c.status == CandidateStatus.CONFIRMED],
        proposed=[c for c in links if c.status == CandidateStatus.PROPOSED],
        decided=[
            c for c in links if c.status in (CandidateStatus.REJECTED, CandidateStatus.UNDONE)
        ],
        sources=len(set(reporter_sources(ordered).values())),
        forms=forms,
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
