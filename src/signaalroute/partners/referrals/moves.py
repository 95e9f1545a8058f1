"""A referral's move along its own route (``rules.REFERRAL_TRANSITIONS``), for the sender's and
the partner's services alike."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from signaalroute.accounts.models import User
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import EditConflict
from signaalroute.partners.referrals.models import Referral
from signaalroute.partners.referrals.rules import REFERRAL_TRANSITIONS
from signaalroute.partners.referrals.selectors import referral_sides
from signaalroute.workflow.errors import TransitionRefused


def referral_claim(referral: Referral, *, expected_version: int, **changes: Any) -> Referral:
    """Write `changes` only if nobody changed the referral since `expected_version` was read
    (same version, same state), and count the version up; else EditConflict. The caller
    audits."""
    updated = Referral.objects.filter(
        pk=referral.pk, version=expected_version, state=referral.state
    ).update(version=F("version") + 1, **changes)
    if not updated:
        raise EditConflict()
    referral.refresh_from_db()
    return referral


def referral_move(
    *, actor: User, referral: Referral, to: str, expected_version: int, **changes: Any
) -> Referral:
    """Optimistic, race-safe state change: of two concurrent answers exactly one wins."""
    who = REFERRAL_TRANSITIONS.get((referral.state, to))
    if who is None or who not in referral_sides(actor, referral):
        raise TransitionRefused()
    source = referral.state
    referral_claim(referral, expected_version=expected_version, state=to, **changes)
    audit_record(
        actor=actor,
        action="referral.transition",
        obj=referral,
        organisation_id=referral.signal.municipality_id,
        fields=["state", *changes.keys()],
        extra={"from": source, "to": to},
    )
    return referral
