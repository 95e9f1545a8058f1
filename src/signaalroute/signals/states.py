"""The states of the reporting route (meldroute), seed 002_f9bb08b28be3f2cb.txt annex 1."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    WITH_TEAM_COORDINATOR = "with_team_coordinator", _("With team coordinator")  # step 1
    RECEIVED = "received", _("Received")  # step 2: in the focal officer's inbox
    TRIAGE = "triage", _("Triage")  # step 2: the focal officer is assessing it
    ENRICHED = "enriched", _("Enriched")  # step 3: own records checked (verrijkt)
    ROUTED = "routed", _("Routed")  # step 4: passed to a partner (doorgezet)
    AWAITING_FEEDBACK = "awaiting_feedback", _("Awaiting feedback")  # step 5
    FEEDBACK_RECEIVED = "feedback_received", _("Feedback received")  # step 5 answered
    REPORTER_INFORMED = "reporter_informed", _("Reporter informed")  # step 6
    CLOSED = "closed", _("Closed")
    PARKED = "parked", _("Parked for stacking")  # a soft signal kept to stack with later ones
    MERGED = "merged", _("Merged")


OPEN_STATES = frozenset(State) - {State.CLOSED, State.MERGED}


class Outcome(models.TextChoices):
    """How a closed signal ended; counted in the yearly report (seed 002_f9bb08b28be3f2cb.txt §3.5)."""

    REFERRED = "referred", _("Referred to a partner")
    CARE_STARTED = "care_started", _("Care started")
    INVESTIGATION = "investigation", _("Investigation started")
    CONTROL = "control", _("Municipal control or measure")
    NO_TRAFFICKING = "no_trafficking", _("No indication of trafficking")
    # Seed 001_1cc0d1ead85ea8c6.txt §1.2 and seed 003_7eb11e2830c5e158.txt §7.7.
    SMUGGLING = "smuggling", _("Smuggling, not trafficking")
    INSUFFICIENT = "insufficient", _("Not enough information")
    OTHER = "other", _("Other")


# What a reporter outside the municipality may know of the state (receipt-code page): no detail.
PUBLIC_STATUS = {
    State.WITH_TEAM_COORDINATOR: _("Received"),
    State.RECEIVED: _("Received"),
    State.TRIAGE: _("Being handled"),
    State.ENRICHED: _("Being handled"),
    State.ROUTED: _("Being handled"),
    State.AWAITING_FEEDBACK: _("Being handled"),
    State.FEEDBACK_RECEIVED: _("Being handled"),
    State.PARKED: _("Being handled"),
    State.REPORTER_INFORMED: _("Being handled"),  # "handled" only once it is closed
    State.CLOSED: _("Handled"),
    State.MERGED: _("Being handled"),
}
