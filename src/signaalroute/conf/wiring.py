"""How a lower room reaches the rooms above it without importing them: by dotted name, found
with ``import_string`` when used (core.panels, audit's actor describer, signals.hooks,
workflow.close_checks). Nothing is registered at start-up; change a room's part here."""

from __future__ import annotations

# How the audit chain describes an actor (roles and organisation as they are at the time):
# named, so that the chain at the bottom of the house imports nothing of accounts.
SIGNAALROUTE_AUDIT_ACTOR_DESCRIBER = "signaalroute.accounts.selectors.actor_snapshot"

# Which signals' digests must leave the regional hit index under the retention table (privacy's
# hit-index rule), asked by hits on every save and by the nightly rebuild.
SIGNAALROUTE_HIT_SOURCES_EXPIRED: list[str] = [
    "signaalroute.privacy.retention_index.hit_sources_expired",
]

# The sections that higher rooms add to a lower room's page (core.panels), in page order: the
# home page (accounts) shows the focal officer's acute signals and new feedback, the signal page
# (workflow) its referrals; named, so that neither page imports the rooms above it.
SIGNAALROUTE_PAGE_PANELS: dict[str, list[str]] = {
    "home": [
        "signaalroute.workflow.panels.home_acute_signals",
        "signaalroute.partners.referrals.panels.home_new_feedback",
        "signaalroute.care.panels.home_handovers",
        "signaalroute.locations.panels.home_due_controls",
    ],
    "signal": [
        "signaalroute.partners.referrals.panels.signal_referrals",
        "signaalroute.care.panels.signal_care",
        "signaalroute.approach.panels.signal_approach",
        "signaalroute.meetings.panels.signal_meetings",
    ],
    "stack": [
        "signaalroute.approach.panels.stack_approach",
        "signaalroute.meetings.panels.stack_meetings",
    ],
    "referral": ["signaalroute.care.panels.referral_care"],
    "worklist": ["signaalroute.locations.panels.home_due_controls"],
}

# Called after a party of a signal (signals.SignalSubject) is saved, in the writer's transaction
# (signals.hooks): the route proposes the signal's domain and owner again.
SIGNAALROUTE_SUBJECT_SAVED: list[str] = [
    "signaalroute.workflow.assignment_services.subject_saved",
]

# Was the care coordinator contacted about a signal (a referral or an anonymous consultation)?
# Asked by the route before closing a signal with a possible victim (workflow.close_checks).
SIGNAALROUTE_CARE_COORDINATOR_CHECKS: list[str] = [
    "signaalroute.partners.care_coordinator.care_coordinator_contacted",
]

# Called by `manage.py rotate_field_keys` (core) after it re-encrypted the encrypted fields: what
# a room keeps under keyed hashes of the field keys is filed anew (stacking's blocking keys of
# identity-document numbers). Each returns a line for the command's output.
SIGNAALROUTE_FIELD_KEYS_ROTATED: list[str] = [
    "signaalroute.stacking.reindex.traces_refile_sealed",
]

# Called after a signal or an event on its timeline is written or deleted, in the writer's
# transaction (signals.hooks): monitoring recounts the signal's municipality and quarter.
SIGNAALROUTE_SIGNAL_CHANGED: list[str] = [
    "signaalroute.monitoring.quarter_counts.signal_changed",
]
