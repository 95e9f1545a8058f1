"""A care handover (overdracht van zorg) to the municipality responsible for a victim: a lawful
referral like any other — the sharing table's profile "municipality", the disclosure log, the
signal's timeline — answered by a focal officer of the receiving municipality, who accepts or
declines with a reason. The care app orchestrates it (``care.services``); the signal's route does
not move."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.audit.services import audit_record
from signaalroute.partners.referrals.models import Referral, ReferralState
from signaalroute.partners.referrals.moves import referral_claim
from signaalroute.partners.referrals.services import _consent_for, _disclose, _proof_kept
from signaalroute.partners.referrals.sharing import (
    allowed_bases,
    allowed_fields,
    basis_label,
    missing_proof,
    sharing_profile_of,
)
from signaalroute.partners.referrals.snapshot import build_shared
from signaalroute.signals.models import EventKind, Signal
from signaalroute.signals.selectors import may_handle
from signaalroute.signals.services import event_add
from signaalroute.workflow.errors import TransitionRefused

# The receiving municipality answers within this time (a handover is not a partner's feedback).
ANSWER_WITHIN = dt.timedelta(weeks=2)


def _fields(
    *, signal: Signal, municipality: Organisation, basis: str, details: dict[str, str]
) -> frozenset[str]:
    errors = {}
    if (
        municipality.kind != OrganisationKind.MUNICIPALITY
        or municipality.region_id != signal.municipality.region_id
        or municipality.pk == signal.municipality_id
    ):
        errors["municipality"] = _("Choose another municipality of the region.")
    if errors:
        raise ValidationError(errors)
    profile = sharing_profile_of(municipality)
    fields = allowed_fields(profile, basis)
    if not fields:
        raise ValidationError(
            {
                "basis": _("Nothing may be shared on this basis. Possible: %(bases)s.")
                % {"bases": "; ".join(basis_label(b) for b in allowed_bases(profile))}
            }
        )
    missing = missing_proof(basis, details)
    if missing:
        raise ValidationError(
            {k: _("This basis needs this information before anything is shared.") for k in missing}
        )
    _consent_for(signal, basis, details)
    return fields


@transaction.atomic
def handover_send(
    *,
    actor: User,
    signal: Signal,
    municipality: Organisation,
    purpose: str,
    basis: str,
    details: dict[str, str],
) -> Referral:
    """Send the care of a victim of `signal` to `municipality`, on a basis the sharing table
    allows. The caller (care) has checked the actor works in the trajectory."""
    if not may_handle(actor, signal.municipality_id):
        raise TransitionRefused()
    if not purpose.strip():
        raise ValidationError({"purpose": _("Describe why this municipality should take over.")})
    fields = _fields(signal=signal, municipality=municipality, basis=basis, details=details)
    now = timezone.now()
    referral = Referral(
        signal=signal,
        partner=municipality,
        sent_by=actor,
        purpose=purpose.strip(),
        basis=basis,
        basis_details=_proof_kept(details),
        consent=_consent_for(signal, basis, details, lock=True),
        shared_fields=sorted(fields),
        shared=build_shared(signal, fields),
        sent_at=now,
        feedback_due_on=(now + ANSWER_WITHIN).date(),
    )
    referral.full_clean()
    referral.save()
    _disclose(
        actor=actor,
        referral=referral,
        fields=fields,
        at=now,
        text=referral.purpose,
        action="referral.send",
        extra={"handover": True},
        notice=None,  # the care app tells the receiving focal officers
    )
    return referral


@transaction.atomic
def handover_answer(
    *, actor: User, referral: Referral, accept: bool, reason: str, expected_version: int
) -> Referral:
    """A focal officer of the receiving municipality accepts, or declines with a reason."""
    if referral.partner.kind != OrganisationKind.MUNICIPALITY or not may_handle(
        actor, referral.partner_id
    ):
        raise TransitionRefused()
    if referral.state not in (ReferralState.SENT, ReferralState.RECEIVED):
        raise ValidationError({"answer": _("This handover has been answered already.")})
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    to = ReferralState.ACCEPTED if accept else ReferralState.DECLINED
    source = referral.state
    referral_claim(
        referral,
        expected_version=expected_version,
        state=to,
        decided_at=timezone.now(),
        decline_reason="" if accept else reason.strip(),
    )
    audit_record(
        actor=actor,
        action="referral.transition",
        obj=referral,
        organisation_id=referral.signal.municipality_id,
        fields=["state", "decided_at", "decline_reason"],
        extra={"from": source, "to": to, "handover": True},
    )
    event_add(
        signal=referral.signal,
        actor=actor,
        kind=EventKind.REFERRAL,
        text=(
            _("%(municipality)s accepted the handover of care.")
            if accept
            else _("%(municipality)s declined the handover of care: %(reason)s")
        )
        % {"municipality": referral.partner.name, "reason": reason.strip()},
        data={"referral": str(referral.pk), "handover": to},
    )
    return referral
