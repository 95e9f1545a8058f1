"""Handing a victim's care over to the responsible municipality (overdracht van zorg): sent as a
lawful referral (partners.referrals.handover), answered by a focal officer of the receiving
municipality; on acceptance the trajectory moves there."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.partners.referrals.handover import handover_answer, handover_send
from signaalroute.workflow.errors import TransitionRefused

from .models import CareHandover, CareTrajectory, HandoverState
from .notices import notify_handover
from .selectors import is_officer_of, responsibility
from .services import audit, event_add


@transaction.atomic
def trajectory_handover(
    *, actor: User, trajectory: CareTrajectory, purpose: str, basis: str, details: dict[str, str]
) -> CareHandover:
    """Hand the care over to the responsible municipality, through a lawful referral."""
    if not is_officer_of(actor, trajectory):
        raise TransitionRefused()
    if trajectory.municipality_id != trajectory.signal.municipality_id:
        raise ValidationError(
            {"basis": _("This trajectory was handed over to you; it cannot be handed on here.")}
        )
    target = responsibility(trajectory).municipality
    if target is None or target.pk == trajectory.municipality_id:
        raise ValidationError(
            {
                "basis": _(
                    "Only a trajectory for which another municipality of the region is "
                    "responsible can be handed over."
                )
            }
        )
    if (
        trajectory.handovers.filter(state=HandoverState.SENT)
        .exclude(referral__state="revoked")
        .exists()
    ):
        raise ValidationError({"basis": _("A handover is already waiting for an answer.")})
    referral = handover_send(
        actor=actor,
        signal=trajectory.signal,
        municipality=target,
        purpose=purpose,
        basis=basis,
        details=details,
    )
    handover = CareHandover.objects.create(
        trajectory=trajectory,
        to_municipality=target,
        from_municipality=trajectory.municipality,
        referral=referral,
        sent_at=referral.sent_at,
    )
    audit(actor, "care.handover_send", trajectory, extra={"to": str(target.pk)})
    event_add(trajectory, actor, _("Handover of care sent to %(m)s.") % {"m": target.name})
    notify_handover(handover)
    return handover


@transaction.atomic
def handover_decide(
    *, actor: User, handover: CareHandover, accept: bool, reason: str
) -> CareHandover:
    """The receiving municipality's focal officer accepts (the trajectory moves to it) or
    declines with a reason (it stays where it was)."""
    handover = CareHandover.objects.select_for_update().get(pk=handover.pk)
    if handover.state != HandoverState.SENT or handover.referral.state == "revoked":
        raise ValidationError({"reason": _("This handover has been answered already.")})
    handover_answer(
        actor=actor,
        referral=handover.referral,
        accept=accept,
        reason=reason,
        expected_version=handover.referral.version,
    )
    handover.state = HandoverState.ACCEPTED if accept else HandoverState.DECLINED
    handover.decided_at = timezone.now()
    handover.decided_by = actor
    handover.decline_reason = "" if accept else reason.strip()
    handover.save()
    trajectory = handover.trajectory
    if accept:
        CareTrajectory.objects.filter(pk=trajectory.pk).update(
            municipality=handover.to_municipality, version=F("version") + 1
        )
        trajectory.refresh_from_db()
        text = _("%(m)s accepted the handover and holds the trajectory now.")
    else:
        text = _("%(m)s declined the handover: %(reason)s")
    audit(actor, "care.handover_answer", trajectory, extra={"accepted": accept})
    event_add(
        trajectory, actor, text % {"m": handover.to_municipality.name, "reason": reason.strip()}
    )
    return handover
