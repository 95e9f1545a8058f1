"""Referrals (overdrachten), the partner's side: opening (the first read marks it received),
accepting, declining with a reason and giving feedback, which lands on the signal's timeline
and moves its route on. The portal and the API both answer through ``referral_answer``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import EditConflict
from signaalroute.partners.referrals.models import Referral
from signaalroute.partners.referrals.moves import referral_move
from signaalroute.partners.referrals.rules import FEEDBACK_KINDS, R
from signaalroute.partners.referrals.selectors import referral_sides
from signaalroute.signals.models import EventKind
from signaalroute.signals.services import event_add
from signaalroute.workflow.errors import TransitionRefused
from signaalroute.workflow.services import signal_feedback_received


@transaction.atomic
def referral_open(*, actor: User, referral: Referral) -> Referral:
    """The partner opens it: the first time marks it received. Every read is audited."""
    audit_record(
        actor=actor,
        action="referral.read",
        obj=referral,
        organisation_id=referral.signal.municipality_id,
        fields=list(referral.shared_fields),
    )
    if referral.state == R.SENT and "partner" in referral_sides(actor, referral):
        try:
            return referral_move(
                actor=actor,
                referral=referral,
                to=R.RECEIVED,
                expected_version=referral.version,
                received_at=timezone.now(),
            )
        except (EditConflict, TransitionRefused):
            # Two first opens at once: the other one marked it received; just show it.
            referral.refresh_from_db()
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, expected_version: int) -> Referral:
    return referral_move(
        actor=actor,
        referral=referral,
        to=R.ACCEPTED,
        expected_version=expected_version,
        decided_at=timezone.now(),
    )


@transaction.atomic
def referral_decline(
    *, actor: User, referral: Referral, reason: str, expected_version: int
) -> Referral:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    referral = referral_move(
        actor=actor,
        referral=referral,
        to=R.DECLINED,
        expected_version=expected_version,
        decided_at=timezone.now(),
        decline_reason=reason.strip(),
    )
    event_add(
        signal=referral.signal,
        actor=actor,
        kind=EventKind.PARTNER_FEEDBACK,
        text=_("Declined by %(partner)s: %(reason)s. Choose another partner for this signal.")
        % {"partner": referral.partner.name, "reason": referral.decline_reason},
        data={"referral": str(referral.pk), "declined": True},
    )
    return referral


@transaction.atomic
def referral_feedback(
    *, actor: User, referral: Referral, kind: str, text: str, expected_version: int
) -> Referral:
    """Step 5: the partner says what was done; it lands on the signal's timeline."""
    if kind not in FEEDBACK_KINDS:
        raise ValidationError({"kind": _("Choose what was done.")})
    if kind == "no_action" and not text.strip():
        raise ValidationError({"text": _("Say why no action was taken.")})
    referral = referral_move(
        actor=actor,
        referral=referral,
        to=R.FEEDBACK_GIVEN,
        expected_version=expected_version,
        feedback_kind=kind,
        feedback_text=text.strip(),
        feedback_at=timezone.now(),
    )
    event_add(
        signal=referral.signal,
        actor=actor,
        kind=EventKind.PARTNER_FEEDBACK,
        text=f"{FEEDBACK_KINDS[kind]}. {referral.feedback_text}".strip(),
        data={"referral": str(referral.pk), "partner_name": referral.partner.name, "kind": kind},
    )
    signal_feedback_received(
        actor=actor, signal=referral.signal, partner_name=referral.partner.name
    )
    return referral


# A partner's answers, by name: the portal and the API both call `referral_answer`.
ANSWERS = ("accept", "decline", "feedback")


def referral_answer(
    *,
    actor: User,
    referral: Referral,
    answer: str,
    expected_version: int,
    reason: str = "",
    kind: str = "",
    text: str = "",
) -> Referral:
    """The partner answers: accept, decline (with a reason) or give feedback (a kind, and a text
    where the kind needs one). The one entry for the portal and the API."""
    if answer == "accept":
        return referral_accept(actor=actor, referral=referral, expected_version=expected_version)
    if answer == "decline":
        return referral_decline(
            actor=actor, referral=referral, reason=reason, expected_version=expected_version
        )
    if answer == "feedback":
        return referral_feedback(
            actor=actor, referral=referral, kind=kind, text=text, expected_version=expected_version
        )
    raise ValidationError({"action": _("Choose accept, decline or feedback.")})
