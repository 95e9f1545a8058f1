"""Reads for the route: who may act on a signal, the worklist, the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import (
    handling_municipalities,
    has_permission,
    municipalities_where,
)
from signaalroute.audit.services import audit_record
from signaalroute.signals.models import Signal, SignalSubject
from signaalroute.signals.selectors import signal_summaries
from signaalroute.signals.states import OPEN_STATES, State
from signaalroute.stacking.selectors import stack_marks

from .assignments import RowAssignment, row_assignments, view_condition
from .close_checks import care_coordinator_reason_needed
from .models import RouteSettings
from .rules import INFORMED_STATES, TRANSITIONS, Transition, referable_states


def route_settings_for(municipality: Organisation) -> RouteSettings:
    settings, _created = RouteSettings.objects.get_or_create(municipality=municipality)
    return settings


def may_act(user: User, signal: Signal, permission: Permission) -> bool:
    """The one check behind every move on a signal."""
    if permission == Permission.FORWARD_SIGNAL:
        return signal.team_coordinator_id == user.pk and has_permission(user, permission)
    return municipalities_where(user, permission).filter(pk=signal.municipality_id).exists()


def allowed_transitions(user: User, signal: Signal) -> list[tuple[State, Transition]]:
    """The plain moves this user can make now (moves made by a referral are not among them)."""
    return [
        (to, rule)
        for (source, to), rule in TRANSITIONS.items()
        if source == signal.state
        and not rule.by_referral
        and may_act(user, signal, rule.permission)
    ]


@dataclass(frozen=True)
class NextSteps:
    """What the signal page offers this user now; templates ask this instead of deciding."""

    transitions: list[tuple[State, Transition]]  # plain moves, each with its own form
    can_refer: bool  # "Refer to a partner" (step 4): a referral on a legal basis
    can_inform: bool  # feedback to the reporter (step 6)
    # Closing asks why the care coordinator was not involved (`close_checks`).
    close_needs_care_reason: bool = False


# Moves with a form of their own on the page rather than a transition button.
_OWN_FORM = frozenset({"inform_reporter"})


def next_steps(user: User, signal: Signal) -> NextSteps:
    moves = allowed_transitions(user, signal)
    handles = may_act(user, signal, Permission.HANDLE_SIGNAL)
    return NextSteps(
        transitions=[(to, rule) for to, rule in moves if rule.label not in _OWN_FORM],
        can_refer=handles and signal.state in referable_states(acute=signal.acute),
        can_inform=any(rule.label == "inform_reporter" for _to, rule in moves)
        or (handles and signal.state in INFORMED_STATES),
        close_needs_care_reason=any(rule.label == "close" for _to, rule in moves)
        and care_coordinator_reason_needed(signal),
    )


@dataclass(frozen=True)
class WorklistFilters:
    state: str = ""
    form: str = ""
    channel: str = ""
    overdue: bool = False
    acute: bool = False
    municipality: Any = ""
    search: str = ""
    sort: str = "due"
    include_closed: bool = False
    view: str = ""  # `assignments.WorklistView`; empty: the whole municipality


SORTS = {
    "due": ["-acute", "due_at", "created_at"],
    "newest": ["-acute", "-created_at"],
    "oldest": ["-acute", "created_at"],
}


# Counted in a subquery: a count over the join would count only the subjects a search matched.
_SUBJECT_COUNT = Coalesce(
    Subquery(
        SignalSubject.objects.filter(signal=OuterRef("pk"))
        .order_by()
        .values("signal")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    ),
    0,
)


def worklist_for(user: User, filters: WorklistFilters) -> QuerySet[Signal]:
    """The focal officer's worklist: signals of their municipalities, acute ones first."""
    municipalities = handling_municipalities(user)
    signals = (
        Signal.objects.filter(municipality__in=municipalities)
        .select_related("municipality")
        .annotate(subject_count=_SUBJECT_COUNT)
    )
    if filters.view:
        signals = signals.filter(view_condition(user, filters.view, list(municipalities)))
    if not filters.include_closed and not filters.state:
        signals = signals.filter(state__in=OPEN_STATES - {State.WITH_TEAM_COORDINATOR})
    if filters.state:
        signals = signals.filter(state=filters.state)
    if filters.form:
        signals = (
            signals.filter(forms__contains=filters.form)
            if _json_contains()
            else signals.filter(forms__icontains=f'"{filters.form}"')
        )
    if filters.channel:
        signals = signals.filter(channel=filters.channel)
    if filters.overdue:
        signals = signals.filter(due_at__lt=timezone.now())
    if filters.acute:
        signals = signals.filter(acute=True)
    if filters.municipality:
        signals = signals.filter(municipality_id=filters.municipality)
    if filters.search:
        term = filters.search.strip()
        signals = signals.filter(
            Q(reference__icontains=term)
            | Q(description__icontains=term)
            | Q(postcode__iexact=term.replace(" ", "").upper())
            | Q(place_description__icontains=term)
            | Q(subjects__description__icontains=term)
        ).distinct()
    return signals.order_by(*SORTS.get(filters.sort, SORTS["due"]))


def open_acute_signals(user: User) -> QuerySet[Signal]:
    """The focal officer's open acute signals (the top of the home page): the worklist's acute
    filter, so both always agree."""
    return worklist_for(user, WorklistFilters(acute=True))


@dataclass(frozen=True)
class WorklistRow:
    """One line of the worklist: the signal and what the list says of it besides its fields."""

    signal: Signal
    summary: str  # the start of its own text, the reporter masked (`signal_summaries`)
    subjects: int  # the number of people, places and organisations involved
    in_stack: bool  # one of its traces is linked into a stack
    stack_alert: bool  # a stacking alert about it has not been seen yet
    new_feedback: bool  # a partner's feedback arrived and awaits the officer (step 5 → 6)
    assignment: RowAssignment  # domain and who handles it now (seed 004 §5.1)


def worklist_rows(user: User, signals: list[Signal]) -> list[WorklistRow]:
    """The rows of one worklist page, in a fixed number of queries however many rows there are
    (subjects are counted by `worklist_for`'s annotation). The summaries are the start of each
    signal's description, which may name people: shown only to the focal officers who handle
    these signals, and the read is audited once per page as ``signal.worklist_read`` (the field
    and the references, never the text)."""
    handled = set(handling_municipalities(user).values_list("pk", flat=True))
    signals = [s for s in signals if s.municipality_id in handled]
    if not signals:
        return []
    summaries = signal_summaries(signals)
    marks = stack_marks(user, [s.pk for s in signals])
    assignments = row_assignments(signals)
    audit_record(
        actor=user,
        action="signal.worklist_read",
        fields=["description"],
        extra={"references": [s.reference for s in signals]},
    )
    return [
        WorklistRow(
            signal=s,
            summary=summaries[s.pk],
            subjects=_subject_count(s),
            in_stack=marks[s.pk].in_stack,
            stack_alert=marks[s.pk].unseen_alert,
            new_feedback=s.state == State.FEEDBACK_RECEIVED,
            assignment=assignments[s.pk],
        )
        for s in signals
    ]


def _subject_count(signal: Signal) -> int:
    counted = getattr(signal, "subject_count", None)  # annotated by worklist_for
    return signal.subjects.count() if counted is None else int(counted)


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def worklist_counts(user: User) -> dict[str, int]:
    signals = Signal.objects.filter(
        municipality__in=handling_municipalities(user),
        state__in=OPEN_STATES - {State.WITH_TEAM_COORDINATOR},
    )
    totals = signals.aggregate(
        open=Count("pk"),
        acute=Count("pk", filter=Q(acute=True)),
        overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
    )
    return {key: value or 0 for key, value in totals.items()}


def coordinator_inbox(user: User) -> QuerySet[Signal]:
    """Step 1: the signals a reporter brought to this team coordinator."""
    if not has_permission(user, Permission.FORWARD_SIGNAL):
        return Signal.objects.none()
    return Signal.objects.filter(team_coordinator=user).order_by("-acute", "-created_at")


def enrichment_candidates(user: User, signal: Signal, query: str) -> QuerySet[Signal]:
    """Step 3 (verrijken): earlier signals of the same municipality that mention the query."""
    term = query.strip()
    postcode = term.replace(" ", "").upper()
    return (
        Signal.objects.filter(
            municipality=signal.municipality,
            municipality__in=handling_municipalities(user),
        )
        .exclude(pk=signal.pk)
        .filter(
            Q(reference__iexact=term)
            | Q(description__icontains=term)
            | Q(postcode=postcode)
            | Q(place_description__icontains=term)
            | Q(online_location__icontains=term)
            | Q(subjects__description__icontains=term)
        )
        .distinct()
        .order_by("-created_at")[:25]
    )


def enrichment_search(user: User, signal: Signal, query: str) -> list[Signal]:
    """`enrichment_candidates`, with the search audited as ``signal.enrichment_search`` (the
    fields searched, never the query: it is often a name or an address)."""
    found = list(enrichment_candidates(user, signal, query))
    audit_record(
        actor=user,
        action="signal.enrichment_search",
        obj=signal,
        organisation_id=signal.municipality_id,
        fields=["description", "subjects", "address"],
    )
    return found
