"""Referrals (overdrachten), the sender's side: sending on a legal basis, sharing on another
basis, revoking and closing. The partner's answers are in ``answers.py``. Every write is
audited in its transaction; the signal's route moves through workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.audit.services import audit_record
from signaalroute.partners.consents.models import Consent
from signaalroute.partners.consents.selectors import consent_for_sharing
from signaalroute.partners.directory.models import PartnerProfile
from signaalroute.partners.referrals.models import Disclosure, Referral
from signaalroute.partners.referrals.moves import referral_claim, referral_move
from signaalroute.partners.referrals.notices import notify_partner
from signaalroute.partners.referrals.rules import (
    OPEN_FOR_FEEDBACK,
    R,
)
from signaalroute.partners.referrals.selectors import referral_sides
from signaalroute.partners.referrals.sharing import (
    Basis,
    allowed_bases,
    allowed_fields,
    basis_label,
    field_labels,
    missing_proof,
    sharing_profile_of,
)
from signaalroute.partners.referrals.snapshot import build_shared, shared_subject_ids
from signaalroute.signals.models import EventKind, Signal
from signaalroute.signals.selectors import may_handle
from signaalroute.signals.services import event_add
from signaalroute.workflow.errors import TransitionRefused
from signaalroute.workflow.services import signal_referred


def _validate_send(
    *,
    actor: User,
    signal: Signal,
    partner: Organisation,
    basis: str,
    details: dict[str, str],
    purpose: str,
) -> frozenset[str]:
    if not may_handle(actor, signal.municipality_id):
        raise TransitionRefused()
    errors: dict[str, Any] = {}
    if (
        partner.kind != OrganisationKind.PARTNER
        or partner.region_id != signal.municipality.region_id
    ):
        errors["partner"] = _("Choose a partner of the region.")
    if basis not in {b.value for b in Basis}:
        errors["basis"] = _("Choose the legal basis.")
    if not purpose.strip():
        errors["purpose"] = _("Describe the purpose: what should the partner do with this?")
    if errors:
        raise ValidationError(errors)
    profile = sharing_profile_of(partner)
    fields = allowed_fields(profile, basis)
    if not fields:
        possible = [basis_label(b) for b in allowed_bases(profile)]
        raise ValidationError(
            {
                "basis": _(
                    "With this partner nothing may be shared on this basis. "
                    "This partner can receive on: %(bases)s."
                )
                % {"bases": "; ".join(possible) or "—"}
            }
        )
    missing = missing_proof(basis, details)
    if missing:
        raise ValidationError(
            {
                key: _("This basis needs this information before anything is shared.")
                for key in missing
            }
        )
    _consent_for(signal, basis, details)
    return fields


def _consent_for(
    signal: Signal, basis: str, details: dict[str, str], *, lock: bool = False
) -> Consent | None:
    """On the basis "consent": the recorded, not withdrawn consent of this signal it rests on."""
    if basis != Basis.CONSENT:
        return None
    consent = consent_for_sharing(signal, details.get("consent", ""), lock=lock)
    if consent is None:
        raise ValidationError(
            {
                "consent": _(
                    "Choose a recorded consent of this signal that has not been withdrawn. "
                    "Record the consent on the signal first."
                )
            }
        )
    return consent


def referral_preview(
    *,
    actor: User,
    signal: Signal,
    partner: Organisation,
    basis: str,
    details: dict[str, str],
    purpose: str,
) -> dict[str, Any]:
    """Exactly what the partner would see, without sending anything."""
    fields = _validate_send(
        actor=actor, signal=signal, partner=partner, basis=basis, details=details, purpose=purpose
    )
    return build_shared(signal, fields)


@transaction.atomic
def referral_send(
    *,
    actor: User,
    signal: Signal,
    partner: Organisation,
    purpose: str,
    basis: str,
    details: dict[str, str],
    expected_version: int,
) -> Referral:
    """Step 4 and 5: hand over what the basis allows, and ask for feedback by a due date."""
    fields = _validate_send(
        actor=actor, signal=signal, partner=partner, basis=basis, details=details, purpose=purpose
    )
    if Referral.objects.filter(
        signal=signal, partner=partner, state__in=(R.SENT, R.RECEIVED, R.ACCEPTED)
    ).exists():
        raise ValidationError(
            {
                "partner": _(
                    "This partner already has an open referral of this signal. To share more "
                    'on another basis, choose "Change the basis" on that referral above.'
                )
            }
        )
    # The route moves on (routed → awaiting feedback), or, while it awaits feedback already, the
    # version is claimed: a stale or replayed form gives EditConflict and sends nothing.
    signal_referred(
        actor=actor, signal=signal, expected_version=expected_version, partner_name=partner.name
    )
    now = timezone.now()
    profile = PartnerProfile.objects.filter(organisation=partner).first()
    weeks = profile.feedback_weeks if profile else 4
    referral = Referral(
        signal=signal,
        partner=partner,
        sent_by=actor,
        purpose=purpose.strip(),
        basis=basis,
        basis_details=_proof_kept(details),
        consent=_consent_for(signal, basis, details, lock=True),
        shared_fields=sorted(fields),
        shared=build_shared(signal, fields),
        sent_at=now,
        feedback_due_on=timezone.localdate() + dt.timedelta(weeks=weeks),
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
        extra={},
        notice="referral_new",
    )
    return referral


def _proof_kept(details: dict[str, str]) -> dict[str, str]:
    """The proof of the basis as kept with the referral: the given values, stripped."""
    return {k: str(v).strip() for k, v in details.items() if str(v).strip()}


def _disclose(
    *,
    actor: User,
    referral: Referral,
    fields: frozenset[str],
    at: dt.datetime,
    text: str,
    action: str,
    extra: dict[str, Any],
    notice: str | None,
) -> None:
    """What every disclosure writes, in the caller's transaction: the disclosure log, the
    signal's timeline (with the basis and fields in words), the audit entry, the partner's
    notice (without personal data)."""
    signal, partner, basis = referral.signal, referral.partner, referral.basis
    Disclosure.objects.create(
        at=at,
        actor=actor,
        recipient=partner,
        signal=signal,
        referral=referral,
        fields=sorted(fields),
        basis=basis,
        subject_ids=shared_subject_ids(signal, fields),
    )
    event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.REFERRAL,
        text=text,
        data={
            "referral": str(referral.pk),
            "partner_name": partner.name,
            "basis": basis,
            "fields": sorted(fields),
            # The timeline shows these words (workflow knows no sharing profiles).
            "basis_label": _in_dutch(basis_label, basis),
            "field_labels": _in_dutch(field_labels, fields),
        },
    )
    audit_record(
        actor=actor,
        action=action,
        obj=referral,
        organisation_id=signal.municipality_id,
        fields=sorted(fields),
        extra={**extra, "basis": basis, "partner": str(partner.pk)},
    )
    if notice:
        notify_partner(referral, kind=notice)


@transaction.atomic
def referral_revoke(
    *, actor: User, referral: Referral, reason: str, expected_version: int
) -> Referral:
    """The sender takes it back, with the reason: the partner no longer sees any of the data."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking.")})
    referral = referral_move(
        actor=actor,
        referral=referral,
        to=R.REVOKED,
        expected_version=expected_version,
        revoked_at=timezone.now(),
        revoke_reason=reason.strip(),
        shared={},
    )
    event_add(
        signal=referral.signal,
        actor=actor,
        kind=EventKind.REFERRAL,
        text=_("Referral to %(partner)s revoked: %(reason)s")
        % {"partner": referral.partner.name, "reason": referral.revoke_reason},
        data={"referral": str(referral.pk), "revoked": True},
    )
    return referral


def _basis_change_fields(
    *, actor: User, referral: Referral, basis: str, details: dict[str, str]
) -> frozenset[str]:
    if referral.state not in OPEN_FOR_FEEDBACK or "sender" not in referral_sides(actor, referral):
        raise TransitionRefused()
    if basis == referral.basis:
        raise ValidationError({"basis": _("Choose another basis than the current one.")})
    return _validate_send(
        actor=actor,
        signal=referral.signal,
        partner=referral.partner,
        basis=basis,
        details=details,
        purpose=referral.purpose,
    )


def referral_basis_preview(
    *, actor: User, referral: Referral, basis: str, details: dict[str, str]
) -> dict[str, Any]:
    """What the partner would see on the new basis, without changing anything."""
    fields = _basis_change_fields(actor=actor, referral=referral, basis=basis, details=details)
    return build_shared(referral.signal, fields)


@transaction.atomic
def referral_basis_change(
    *,
    actor: User,
    referral: Referral,
    basis: str,
    details: dict[str, str],
    expected_version: int,
) -> Referral:
    """Share on another basis while the referral stays open: e.g. an anonymous consultation
    becomes a referral with personal data when vital interest arises. The partner keeps the
    same referral; what it sees is rebuilt for the new basis, and the disclosure is logged."""
    fields = _basis_change_fields(actor=actor, referral=referral, basis=basis, details=details)
    signal = referral.signal
    previous = referral.basis
    now = timezone.now()
    referral_claim(
        referral,
        expected_version=expected_version,
        basis=basis,
        basis_details=_proof_kept(details),
        consent=_consent_for(signal, basis, details, lock=True),
        shared_fields=sorted(fields),
        shared=build_shared(signal, fields),
    )
    _disclose(
        actor=actor,
        referral=referral,
        fields=fields,
        at=now,
        text=_("Basis of the referral to %(partner)s changed to: %(basis)s")
        % {"partner": referral.partner.name, "basis": basis_label(basis)},
        action="referral.basis_change",
        extra={"from": previous},
        notice="referral_updated",
    )
    return referral


@transaction.atomic
def referral_close(*, actor: User, referral: Referral, expected_version: int) -> Referral:
    return referral_move(
        actor=actor, referral=referral, to=R.CLOSED, expected_version=expected_version
    )


def _in_dutch(words: Any, value: Any) -> Any:
    with translation.override("nl"):
        return words(value)
