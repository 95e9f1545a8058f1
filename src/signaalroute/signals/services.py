"""Writes on the Signal aggregate that every app above shares: the timeline and the version claim.

The route's moves (workflow), stacking's details and partners' referrals all go through these,
so nobody writes `Signal.version` or `SignalEvent` rows with a query of their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from signaalroute.accounts.models import User
from signaalroute.core.problems import EditConflict

from .models import Signal, SignalEvent, SignalSubject


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
