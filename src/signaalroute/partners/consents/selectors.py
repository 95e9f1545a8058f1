"""Reads of consent records: the focal officers of the signal's municipality see them; the care
app shows them in a trajectory after its own access check."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from signaalroute.accounts.models import User
from signaalroute.partners.consents.models import Consent
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import may_handle


def consents_of_signal(
    user: User, signal: Signal, *, access_checked: bool = False
) -> list[Consent]:
    """The signal's consents, newest first; empty for who may not handle the signal (unless the
    caller checked access itself, as the care trajectory does)."""
    if not access_checked and not may_handle(user, signal.municipality_id):
        return []
    return list(Consent.objects.filter(signal=signal).select_related("subject", "recorded_by"))


def active_consents(signal: Signal) -> QuerySet[Consent]:
    """What a referral on the basis "consent" can point to: not withdrawn."""
    return Consent.objects.filter(signal=signal, withdrawn_on__isnull=True)


def consent_for_sharing(signal: Signal, consent_id: str, *, lock: bool = False) -> Consent | None:
    """The sharing gate's question: is this an active consent of this signal? With `lock` (in
    the sending transaction) the row stays locked, so a withdrawal waits until the referral is
    saved and then revokes it too."""
    try:
        key = uuid.UUID(str(consent_id))
    except ValueError:
        return None
    consents = active_consents(signal)
    if lock:
        consents = consents.select_for_update()
    return consents.filter(pk=key).first()


def consent_of_signal(signal: Signal, consent_id: uuid.UUID) -> Consent | None:
    return Consent.objects.filter(signal=signal, pk=consent_id).first()
