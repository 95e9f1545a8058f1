"""Writes for the two focal officers (seed 004_0e82b480fca28818.txt §5.1): proposing a signal's
domain and owner, setting them by hand, and marking oneself away or back."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import holds_in
from signaalroute.audit.services import audit_record
from signaalroute.signals.models import Signal, SignalSubject

from .assignments import assignment_proposal, may_assign, officers_of
from .errors import TransitionRefused
from .models import Absence, SignalAssignment
from .rules import AssignmentDomain


def assignment_propose(*, signal: Signal) -> SignalAssignment:
    """(Re)propose the domain and owner from the signal's subjects, unless a focal officer set
    them by hand. Runs in the caller's transaction after a signal is made or its subjects
    change; a proposal is no one's decision, so it is not audited (the hand-set one is)."""
    current = SignalAssignment.objects.select_for_update().filter(signal=signal).first()
    if current is not None and current.set_by_hand:
        return current
    domain, owner = assignment_proposal(signal)
    if current is None:
        current = SignalAssignment(signal=signal)
    elif current.domain == domain and current.owner_id == (owner.pk if owner else None):
        return current
    current.domain, current.owner = domain, owner
    current.full_clean(exclude=["signal"])
    current.save()
    return current


@transaction.atomic
def assignment_set(
    *, actor: User, signal: Signal, domain: str, owner: User | None
) -> SignalAssignment:
    """A focal officer of the municipality sets the domain and owner by hand (audited as
    ``signal.assign``); the owner must be a focal officer of that municipality."""
    if not may_assign(actor, signal):
        raise TransitionRefused()
    if domain not in {d.value for d in AssignmentDomain}:
        raise ValidationError({"domain": _("Choose safety, care or both.")})
    officers = officers_of(signal.municipality)
    if owner is not None and officers.user(owner.pk) is None:
        raise ValidationError(
            {"owner": _("Choose a focal officer of this municipality as the owner.")}
        )
    current = SignalAssignment.objects.select_for_update().filter(signal=signal).first()
    current = current or SignalAssignment(signal=signal)
    changed = [
        name
        for name, before, after in (
            ("domain", current.domain if current.pk else "", domain),
            ("owner", current.owner_id if current.pk else None, owner.pk if owner else None),
        )
        if before != after
    ]
    current.domain, current.owner, current.set_by_hand = domain, owner, True
    current.full_clean(exclude=["signal"])
    current.save()
    audit_record(
        actor=actor,
        action="signal.assign",
        obj=signal,
        organisation_id=signal.municipality_id,
        fields=[f"assignment.{name}" for name in changed] or ["assignment"],
        extra={"domain": domain},
    )
    return current


@transaction.atomic
def away_set(*, actor: User, municipality: Organisation, away: bool) -> bool:
    """A focal officer marks themselves away (``focal_officer.away``) or back
    (``focal_officer.back``) in one of their municipalities. Returns whether anything changed."""
    if not holds_in(actor, Permission.HANDLE_SIGNAL, municipality.pk):
        raise ValidationError(
            {"municipality": _("You are not a focal officer of this municipality.")}
        )
    current = Absence.objects.select_for_update().filter(user=actor, municipality=municipality)
    if away == current.exists():
        return False
    if away:
        absence = Absence(user=actor, municipality=municipality, since=timezone.now())
        absence.full_clean()
        absence.save()
    else:
        current.delete()
    audit_record(
        actor=actor,
        action="focal_officer.away" if away else "focal_officer.back",
        organisation_id=municipality.pk,
        object_type="accounts.organisation",
        object_id=str(municipality.pk),
    )
    return True


#: What the proposal reads of a subject (``assignments.domain_proposed``).
PROPOSAL_FIELDS = frozenset({"kind", "role"})


def subject_saved(*, subject: SignalSubject, fields: frozenset[str] | None = None) -> None:
    """After any write of a subject (at submit, or a focal officer accepting an identifier found
    in the text as a new party in stacking, a room below the route): propose again, unless the
    write named its fields and none is one the proposal reads (a focal officer's details of a
    party). Named in ``SIGNAALROUTE_SUBJECT_SAVED`` (signals.hooks); it runs in the writer's
    transaction."""
    if fields is not None and not PROPOSAL_FIELDS & fields:
        return
    assignment_propose(signal=subject.signal)
