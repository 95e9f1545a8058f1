"""Writes on the Signal aggregate that every app above shares: the timeline and the version claim.

The route's moves (workflow), stacking's details and partners' referrals all go through these,
so nobody writes `Signal.version` or `SignalEvent` rows with a query of their own.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import holds_in
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import EditConflict

from .models import Signal, SignalEvent, SignalSubject
from .restrictions import SubjectRestriction


def event_add(
    *,
    signal: Signal,
    actor: User | None,
    kind: str,
    text: str = "",
    from_state: str = "",
    to_state: str = "",
    data: dict[str, Any] | None = None,
    visible_to_reporter: bool = False,
) -> SignalEvent:
    """Add one line to the signal's timeline (in the caller's transaction)."""
    event = SignalEvent(
        signal=signal,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        text=text,
        from_state=from_state,
        to_state=to_state,
        data=data or {},
        visible_to_reporter=visible_to_reporter,
    )
    event.full_clean()
    event.save()
    return event


def signal_claim(*, signal: Signal, expected_version: int) -> None:
    """Optimistic lock: bump the version only if nobody else did since the page was loaded.

    Raises EditConflict when the stored version is no longer `expected_version`.
    """
    updated = Signal.objects.filter(pk=signal.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise EditConflict()
    signal.version = expected_version + 1


def subject_add(
    *,
    signal: Signal,
    kind: str,
    role: str,
    description: str,
    details: dict[str, Any] | None = None,
) -> SignalSubject:
    """Add a subject to the signal (in the caller's transaction). Callers check who may, clean
    the details and audit (intake at submit, stacking when a found identifier is accepted)."""
    subject = SignalSubject(
        signal=signal,
        kind=kind,
        role=role,
        description=description.strip()[:1000],
        details=details or {},
    )
    subject.full_clean()
    subject.save()
    return subject


def subject_details_set(*, subject: SignalSubject, details: dict[str, Any]) -> list[str]:
    """Store a subject's structured details as given (in the caller's transaction, which holds
    the row locked) and return the names of the fields that changed; nothing is written when
    none did. Callers check who may, clean the values and audit (stacking.subject_enrich)."""
    before = subject.details or {}
    changed = sorted(k for k in set(details) | set(before) if details.get(k) != before.get(k))
    if changed:
        subject.details = details
        subject.save(update_fields=["details"])
    return changed


@transaction.atomic
def subject_restrict(*, actor: User, subject: SignalSubject, reason: str) -> SubjectRestriction:
    """Restrict the processing of a subject (AVG art. 18): kept, not shared, not matched. The
    caller re-indexes the signal (stacking) in the same transaction."""
    if not holds_in(actor, Permission.KEEP_PROCESSING_REGISTER, subject.signal.municipality_id):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the restriction.")})
    restriction, _created = SubjectRestriction.objects.get_or_create(
        subject=subject, defaults={"reason": reason.strip()[:300], "placed_by": actor}
    )
    audit_record(
        actor=actor,
        action="subject.restrict",
        obj=subject,
        organisation_id=subject.signal.municipality_id,
    )
    return restriction


@transaction.atomic
def subject_restriction_lift(*, actor: User, subject: SignalSubject) -> None:
    """End a restriction: the subject is shared and matched again (after the caller's restack)."""
    if not holds_in(actor, Permission.KEEP_PROCESSING_REGISTER, subject.signal.municipality_id):
        raise PermissionDenied
    SubjectRestriction.objects.filter(subject=subject).delete()
    audit_record(
        actor=actor,
        action="subject.restriction_lift",
        obj=subject,
        organisation_id=subject.signal.municipality_id,
    )
