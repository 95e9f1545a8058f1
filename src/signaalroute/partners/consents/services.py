"""Recording and withdrawing consent. A withdrawal stops sharing on that consent at once: no new
referral can rest on it, and the open referrals that rest on it are revoked, so the partner no
longer reads what was shared (AVG art. 7(3): what was shared before stays lawful)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.audit.services import audit_record
from signaalroute.partners.consents.models import Consent
from signaalroute.partners.referrals.models import Referral, ReferralState
from signaalroute.partners.referrals.rules import OPEN_FOR_FEEDBACK
from signaalroute.signals.models import EventKind, Signal, SignalSubject
from signaalroute.signals.selectors import may_handle
from signaalroute.signals.services import event_add
from signaalroute.workflow.errors import TransitionRefused


@transaction.atomic
def consent_record(
    *,
    actor: User,
    signal: Signal,
    given_by: str,
    given_on: dt.date | None,
    scope: str,
    how: str,
    subject: SignalSubject | None = None,
    access_checked: bool = False,
) -> Consent:
    """Record a consent. A focal officer of the signal's municipality may; the care app passes
    `access_checked` after checking the trajectory is this person's to work in."""
    if not access_checked and not may_handle(actor, signal.municipality_id):
        raise TransitionRefused()
    if given_on is None:
        raise ValidationError({"given_on": _("Say when consent was given.")})
    consent = Consent(
        signal=signal,
        subject=subject,
        given_by=given_by.strip(),
        given_on=given_on,
        scope=scope.strip(),
        how=how,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action="consent.record",
        obj=consent,
        organisation_id=signal.municipality_id,
        fields=["given_by", "given_on", "scope", "how"],
    )
    event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.NOTE,
        text=_("Consent recorded (%(how)s, %(date)s) for: %(scope)s")
        % {"how": consent.get_how_display(), "date": given_on.isoformat(), "scope": consent.scope},
        data={"consent": str(consent.pk)},
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    actor: User,
    consent: Consent,
    withdrawn_on: dt.date | None,
    note: str,
    access_checked: bool = False,
) -> Consent:
    """Record that consent was withdrawn; the open referrals resting on it are revoked now."""
    signal = consent.signal
    if not access_checked and not may_handle(actor, signal.municipality_id):
        raise TransitionRefused()
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This consent was withdrawn already.")})
    if withdrawn_on is None:
        raise ValidationError({"withdrawn_on": _("Say when consent was withdrawn.")})
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_note = note.strip()
    consent.withdrawn_recorded_by = actor
    consent.full_clean()
    consent.save()
    revoked = _revoke_resting_on(consent)
    audit_record(
        actor=actor,
        action="consent.withdraw",
        obj=consent,
        organisation_id=signal.municipality_id,
        fields=["withdrawn_on", "withdrawal_note"],
        extra={"referrals_revoked": [str(pk) for pk in revoked]},
    )
    event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.NOTE,
        text=_("Consent withdrawn on %(date)s; referrals resting on it revoked: %(count)s")
        % {"date": withdrawn_on.isoformat(), "count": len(revoked)},
        data={"consent": str(consent.pk), "withdrawn": True},
    )
    return consent


def _revoke_resting_on(consent: Consent) -> list[Any]:
    """Revoke every open referral on the basis "consent" that points to this consent."""
    open_ones = Referral.objects.select_for_update().filter(
        consent=consent, basis="consent", state__in=OPEN_FOR_FEEDBACK
    )
    pks = list(open_ones.values_list("pk", flat=True))
    if pks:
        Referral.objects.filter(pk__in=pks).update(
            state=ReferralState.REVOKED,
            revoked_at=timezone.now(),
            revoke_reason=_("The person concerned withdrew consent."),
            shared={},
            version=F("version") + 1,
        )
    return pks
