"""The reporting route as data: which transitions exist, who may make them, what they need,
and how long a signal may stay in a state.

Steps follow seed 002_f9bb08b28be3f2cb.txt annex 1 (six-step internal reporting route); parking
soft signals to stack them follows seed 003_7eb11e2830c5e158.txt §8.1 (signals are not stacked).
Change the route here; the services, views and tests read this table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.rules import Domain, Permission
from signaalroute.signals.states import State

S = State


@dataclass(frozen=True)
class Transition:
    permission: Permission
    reason_required: bool = False
    outcome_required: bool = False
    merge_target_required: bool = False
    # Made only by sending a referral (partners), never as a plain move: a signal reaches a
    # partner on a legal basis, with a disclosure and a feedback date (seed
    # 004_0e82b480fca28818.txt §5.6.2; seed 002_f9bb08b28be3f2cb.txt annex 1 step 5).
    by_referral: bool = False
    label: str = ""


FO = Permission.HANDLE_SIGNAL
TC = Permission.FORWARD_SIGNAL

TRANSITIONS: dict[tuple[State, State], Transition] = {
    # Step 1 → 2: the team coordinator forwards to the focal officer.
    (S.WITH_TEAM_COORDINATOR, S.RECEIVED): Transition(TC, label="forward"),
    # Step 2: the focal officer takes it up.
    (S.RECEIVED, S.TRIAGE): Transition(FO, label="start_triage"),
    # Step 3: enrichment with the municipality's own records.
    (S.TRIAGE, S.ENRICHED): Transition(FO, reason_required=True, label="enrich"),
    # Step 4: hand-over to a partner, only by a referral. An acute signal goes to the police
    # straight from the inbox, without first starting an assessment (seed
    # 000_a1f13d5d9f6634fb.txt §2.3): `ACUTE_REFERABLE_STATES` below.
    (S.RECEIVED, S.ROUTED): Transition(FO, by_referral=True, label="refer"),
    (S.TRIAGE, S.ROUTED): Transition(FO, by_referral=True, label="refer"),
    (S.ENRICHED, S.ROUTED): Transition(FO, by_referral=True, label="refer"),
    # Step 5: feedback asked of the partner (the referral asks it with a due date).
    (S.ROUTED, S.AWAITING_FEEDBACK): Transition(FO, by_referral=True, label="request_feedback"),
    # Step 5 answered: a partner's feedback arrives (the referral service makes this move, so
    # the focal officer sees it on the worklist).
    (S.AWAITING_FEEDBACK, S.FEEDBACK_RECEIVED): Transition(
        FO, by_referral=True, label="feedback_received"
    ),
    # Step 6: the reporter is told what was done (the feedback service makes this move).
    (S.FEEDBACK_RECEIVED, S.REPORTER_INFORMED): Transition(FO, label="inform_reporter"),
    (S.AWAITING_FEEDBACK, S.REPORTER_INFORMED): Transition(FO, label="inform_reporter"),
    (S.ROUTED, S.REPORTER_INFORMED): Transition(FO, label="inform_reporter"),
    (S.ENRICHED, S.REPORTER_INFORMED): Transition(FO, label="inform_reporter"),
    (S.TRIAGE, S.REPORTER_INFORMED): Transition(FO, label="inform_reporter"),
    # Closing, always with an outcome.
    (S.REPORTER_INFORMED, S.CLOSED): Transition(FO, outcome_required=True, label="close"),
    (S.TRIAGE, S.CLOSED): Transition(
        FO, reason_required=True, outcome_required=True, label="close"
    ),
    (S.ENRICHED, S.CLOSED): Transition(
        FO, reason_required=True, outcome_required=True, label="close"
    ),
    (S.FEEDBACK_RECEIVED, S.CLOSED): Transition(
        FO, reason_required=True, outcome_required=True, label="close"
    ),
    # Parking a soft signal to stack with later ones, and taking it up again.
    (S.TRIAGE, S.PARKED): Transition(FO, reason_required=True, label="park"),
    (S.ENRICHED, S.PARKED): Transition(FO, reason_required=True, label="park"),
    (S.PARKED, S.TRIAGE): Transition(FO, reason_required=True, label="reopen"),
    # Merging a duplicate into another signal.
    (S.RECEIVED, S.MERGED): Transition(FO, merge_target_required=True, label="merge"),
    (S.TRIAGE, S.MERGED): Transition(FO, merge_target_required=True, label="merge"),
    (S.PARKED, S.MERGED): Transition(FO, merge_target_required=True, label="merge"),
}

# Where a (further) referral may be sent from. From triage or enrichment it moves the signal to
# "routed" and on to "awaiting feedback"; while awaiting feedback another partner can be added.
REFERABLE_STATES = frozenset(
    {S.TRIAGE, S.ENRICHED, S.ROUTED, S.AWAITING_FEEDBACK, S.FEEDBACK_RECEIVED}
)
# An acute signal may also be referred from the inbox (received).
ACUTE_REFERABLE_STATES = REFERABLE_STATES | {S.RECEIVED}


def referable_states(*, acute: bool) -> frozenset[State]:
    """Where a referral may be sent from, for an acute signal or another."""
    return ACUTE_REFERABLE_STATES if acute else REFERABLE_STATES


# Where feedback to the reporter (step 6) can be given or given again.
INFORMED_STATES = frozenset({S.REPORTER_INFORMED, S.CLOSED})

# Default deadlines, in working days after entering the state; a municipality can change them
# (workflow.RouteSettings). An acute signal must be picked up within ACUTE_MINUTES.
DEFAULT_DEADLINE_WORKING_DAYS: dict[State, int] = {
    S.WITH_TEAM_COORDINATOR: 2,
    S.RECEIVED: 2,
    S.TRIAGE: 5,
    S.ENRICHED: 5,
    S.ROUTED: 5,
    S.AWAITING_FEEDBACK: 20,
    S.FEEDBACK_RECEIVED: 5,  # tell the reporter what was done
    S.REPORTER_INFORMED: 10,
}
DEFAULT_ACUTE_MINUTES = 60

# What the officer is told after each kind of move: what happened, in words.
DONE_MESSAGES: dict[str, Any] = {
    "forward": _("Forwarded to the focal officer."),
    "start_triage": _("Assessment started."),
    "enrich": _("Enrichment recorded."),
    "request_feedback": _("The signal now awaits the partner's feedback."),
    "inform_reporter": _("Marked: the reporter has been informed."),
    "close": _("Signal closed."),
    "park": _("Signal parked, to be stacked with later signals."),
    "reopen": _("Signal taken up again."),
    "merge": _("Signal merged into the other one."),
}

# The button text for each kind of move, shown on the detail page.
ACTION_LABELS: dict[str, Any] = {
    "forward": _("Forward to the focal officer"),
    "start_triage": _("Start triage"),
    "enrich": _("Record enrichment"),
    "refer": _("Refer to a partner"),
    "request_feedback": _("Ask the partner for feedback"),
    "inform_reporter": _("Mark the reporter as informed"),
    "close": _("Close"),
    "park": _("Park for stacking"),
    "reopen": _("Take up again"),
    "merge": _("Merge into another signal"),
}


# --- Two focal officers, two domains (seed 004_0e82b480fca28818.txt §5.1, §5.2.1) ---------------
# A municipality has a focal officer for safety (perpetrators, places, organisations) and one for
# care (victims). A signal's domain is proposed from its subjects: a possible victim asks for
# care; a possible perpetrator, or a place, organisation, vehicle or online trace, for safety;
# both, or neither (no subjects, only witnesses), for both. For "both" the safety officer owns it.
class AssignmentDomain(StrEnum):
    SAFETY = "safety"
    CARE = "care"
    BOTH = "both"


ASSIGNMENT_DOMAIN_LABELS: dict[str, Any] = {
    AssignmentDomain.SAFETY: _("Safety"),
    AssignmentDomain.CARE: _("Care"),
    AssignmentDomain.BOTH: _("Safety and care"),
}
CARE_ROLES = frozenset({"victim"})
SAFETY_ROLES = frozenset({"perpetrator"})
SAFETY_KINDS = frozenset({"address", "organisation", "vehicle", "online"})
# Who owns a signal of each domain when nobody chose by hand: the officer of this domain.
OWNER_DOMAIN = {
    AssignmentDomain.SAFETY: Domain.SAFETY,
    AssignmentDomain.CARE: Domain.CARE,
    AssignmentDomain.BOTH: Domain.SAFETY,
}


def domain_for_subjects(subjects: Iterable[tuple[str, str]]) -> AssignmentDomain:
    """The proposed domain for subjects given as (kind, role) pairs."""
    care = safety = False
    for kind, role in subjects:
        care = care or role in CARE_ROLES
        safety = safety or role in SAFETY_ROLES or kind in SAFETY_KINDS
    if care and not safety:
        return AssignmentDomain.CARE
    if safety and not care:
        return AssignmentDomain.SAFETY
    return AssignmentDomain.BOTH
