"""Referrals (overdrachten): sending on a legal basis, the partner's answers, revoking,
feedback due dates, reminders and escalation. Every write audited in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalroute.accounts.models import OrganisationKind
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import own_partner_organisations, users_with_permission
from signaalroute.audit.services import audit_record
from signaalroute.core.outbox import notification_queue
from signaalroute.core.problems import EditConflict
from signaalroute.signals.models import EventKind
from signaalroute.signals.selectors import may_handle
from signaalroute.signals.services import event_add
from signaalroute.workflow.errors import TransitionRefused
from signaalroute.workflow.services import signal_referred

from .models import Disclosure, PartnerProfile, Referral, ReferralState
from .sharing import Basis, allowed_fields, build_shared, missing_proof

R = ReferralState

# Who moves a referral where: "partner" = a contact of the receiving organisation,
# "sender" = a focal officer of the signal's municipality.
REFERRAL_TRANSITIONS: dict[tuple[str, str], str] = {
    (R.SENT, R.RECEIVED): "partner",
    (R.SENT, R.ACCEPTED): "partner",
    (R.RECEIVED, R.ACCEPTED): "partner",
    (R.SENT, R.DECLINED): "partner",
    (R.RECEIVED, R.DECLINED): "partner",
    (R.ACCEPTED, R.FEEDBACK_GIVEN): "partner",
    (R.FEEDBACK_GIVEN, R.CLOSED): "sender",
    (R.DECLINED, R.CLOSED): "sender",
    (R.SENT, R.REVOKED): "sender",
    (R.RECEIVED, R.REVOKED): "sender",
    (R.ACCEPTED, R.REVOKED): "sender",
}

FEEDBACK_KINDS: dict[str, Any] = {
    "investigation": translation.gettext_lazy("Investigation started"),
    "control": translation.gettext_lazy("Control carried out"),
    "care": translation.gettext_lazy("Care started"),
    # Seed 000 §2.3: a victim who wants no help while concerns persist goes to the RIEC through
    # the chain director; the routing rule "help-refused-riec" reads this answer.
    "help_refused": translation.gettext_lazy("The person does not want help or shelter"),
    "referred_on": translation.gettext_lazy("Referred on"),
    "no_action": translation.gettext_lazy("No action (with the reason)"),
}
# After the due date a reminder goes out; this many days later the chain director is told.
ESCALATE_AFTER_DAYS = 7


def _side(actor: Any, referral: Referral) -> set[str]:
    sides = set()
    if (
        own_partner_organisations(actor, Permission.HANDLE_REFERRAL)
        .filter(pk=referral.partner_id)
        .exists()
    ):
        sides.add("partner")
    if may_handle(actor, referral.signal.municipality_id):
        sides.add("sender")
    return sides


def _move(
    *, actor: Any, referral: Referral, to: str, expected_version: int, **changes: Any
) -> Referral:
    """Optimistic, race-safe state change: of two concurrent answers exactly one wins."""
    who = REFERRAL_TRANSITIONS.get((referral.state, to))
    if who is None or who not in _side(actor, referral):
        raise TransitionRefused()
    updated = Referral.objects.filter(
        pk=referral.pk, version=expected_version, state=referral.state
    ).update(state=to, version=F("version") + 1, **changes)
    if not updated:
        raise EditConflict()
    source = referral.state
    referral.refresh_from_db()
    audit_record(
        actor=actor,
        action="referral.transition",
        obj=referral,
        organisation_id=referral.signal.municipality_id,
        fields=["state", *changes.keys()],
        extra={"from": source, "to": to},
    )
    return referral


def _validate_send(
    *, actor: Any, signal: Any, partner: Any, basis: str, details: dict[str, str], purpose: str
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
    missing = missing_proof(basis, details)
    if missing:
        raise ValidationError(
            {
                key: _("This basis needs this information before anything is shared.")
                for key in missing
            }
        )
    fields = allowed_fields(partner.category, basis)
    if not fields:
        raise ValidationError(
            {
                "basis": _(
                    "With this kind of partner nothing may be shared on this basis. Choose another basis."
                )
            }
        )
    return fields


def referral_preview(
    *, actor: Any, signal: Any, partner: Any, basis: str, details: dict[str, str], purpose: str
) -> dict[str, Any]:
    """Exactly what the partner would see, without sending anything."""
    fields = _validate_send(
        actor=actor, signal=signal, partner=partner, basis=basis, details=details, purpose=purpose
    )
    return build_shared(signal, fields)


@transaction.atomic
def referral_send(
    *,
    actor: Any,
    signal: Any,
    partner: Any,
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
            {"partner": _("This partner already has an open referral of this signal.")}
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
        basis_details={k: str(v).strip() for k, v in details.items() if str(v).strip()},
        shared_fields=sorted(fields),
        shared=build_shared(signal, fields),
        sent_at=now,
        feedback_due_on=timezone.localdate() + dt.timedelta(weeks=weeks),
    )
    referral.full_clean()
    referral.save()
    subject_ids = [str(s.pk) for s in signal.subjects.all()] if "subjects" in fields else []
    Disclosure.objects.create(
        at=now,
        actor=actor,
        recipient=partner,
        signal=signal,
        referral=referral,
        fields=sorted(fields),
        basis=basis,
        subject_ids=subject_ids,
    )
    event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.REFERRAL,
        text=referral.purpose,
        data={"partner_name": partner.name, "basis": basis, "fields": sorted(fields)},
    )
    audit_record(
        actor=actor,
        action="referral.send",
        obj=referral,
        organisation_id=signal.municipality_id,
        fields=sorted(fields),
        extra={"basis": basis, "partner": str(partner.pk)},
    )
    _notify_partner(referral, kind="referral_new")
    return referral


def _partner_recipients(referral: Referral) -> list[str]:
    profile = PartnerProfile.objects.filter(organisation=referral.partner).first()
    contacts = list(
        users_with_permission(referral.partner, Permission.HANDLE_REFERRAL)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return ([profile.mailbox] if profile and profile.mailbox else []) + contacts


def _notify_partner(referral: Referral, *, kind: str) -> None:
    from django.conf import settings
    from django.urls import reverse

    link = settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse("partners:portal")
    with translation.override("nl"):
        if kind == "referral_new":
            subject = _("New referral in signaalroute")
            body = _(
                "A municipality has sent your organisation a referral. Log in to read it: %(link)s"
            ) % {"link": link}
        else:
            subject = _("Reminder: feedback on a referral")
            body = _(
                "Feedback on a referral to your organisation is overdue. Log in to give it: %(link)s"
            ) % {"link": link}
    notification_queue(
        kind=kind,
        recipients=_partner_recipients(referral),
        subject=subject,
        body=body,
        signal_id=referral.signal_id,
        referral_id=referral.pk,
    )


@transaction.atomic
def referral_open(*, actor: Any, referral: Referral) -> Referral:
    """The partner opens it: the first time marks it received. Every read is audited."""
    audit_record(
        actor=actor,
        action="referral.read",
        obj=referral,
        organisation_id=referral.signal.municipality_id,
        fields=list(referral.shared_fields),
    )
    if referral.state == R.SENT and "partner" in _side(actor, referral):
        try:
            return _move(
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
def referral_accept(*, actor: Any, referral: Referral, expected_version: int) -> Referral:
    return _move(
        actor=actor,
        referral=referral,
        to=R.ACCEPTED,
        expected_version=expected_version,
        decided_at=timezone.now(),
    )


@transaction.atomic
def referral_decline(
    *, actor: Any, referral: Referral, reason: str, expected_version: int
) -> Referral:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    referral = _move(
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
    *, actor: Any, referral: Referral, kind: str, text: str, expected_version: int
) -> Referral:
    """Step 5: the partner says what was done; it lands on the signal's timeline."""
    if kind not in FEEDBACK_KINDS:
        raise ValidationError({"kind": _("Choose what was done.")})
    if kind == "no_action" and not text.strip():
        raise ValidationError({"text": _("Say why no action was taken.")})
    referral = _move(
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
    return referral


@transaction.atomic
def referral_revoke(*, actor: Any, referral: Referral, expected_version: int) -> Referral:
    """The sender takes it back: the partner no longer sees any of the data."""
    referral = _move(
        actor=actor,
        referral=referral,
        to=R.REVOKED,
        expected_version=expected_version,
        revoked_at=timezone.now(),
        shared={},
    )
    event_add(
        signal=referral.signal,
        actor=actor,
        kind=EventKind.REFERRAL,
        text=_("Referral to %(partner)s revoked.") % {"partner": referral.partner.name},
        data={"referral": str(referral.pk), "revoked": True},
    )
    return referral


@transaction.atomic
def referral_close(*, actor: Any, referral: Referral, expected_version: int) -> Referral:
    return _move(actor=actor, referral=referral, to=R.CLOSED, expected_version=expected_version)


OPEN_FOR_FEEDBACK = (R.SENT, R.RECEIVED, R.ACCEPTED)


def referral_reminders_run(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind partners whose feedback is overdue; escalate to the chain director after
    ESCALATE_AFTER_DAYS more days. Returns (reminded, escalated). Idempotent per day."""
    today = today or timezone.localdate()
    reminded = escalated = 0
    overdue = Referral.objects.filter(state__in=OPEN_FOR_FEEDBACK, feedback_due_on__lt=today)
    for referral in overdue.select_related("signal__municipality__region", "partner"):
        with transaction.atomic():
            # Conditional updates: of two runs at once, or an answer given meanwhile, only one
            # outcome counts; nothing is sent twice or after the feedback came in.
            still_open = Referral.objects.filter(pk=referral.pk, state__in=OPEN_FOR_FEEDBACK)
            if referral.reminders_sent == 0:
                if not still_open.filter(reminders_sent=0).update(reminders_sent=1):
                    continue
                _notify_partner(referral, kind="referral_reminder")
                audit_record(
                    actor=None,
                    action="referral.reminder",
                    obj=referral,
                    organisation_id=referral.signal.municipality_id,
                )
                reminded += 1
            elif (
                referral.escalated_at is None
                and referral.feedback_due_on + dt.timedelta(days=ESCALATE_AFTER_DAYS) < today
            ):
                if not still_open.filter(escalated_at__isnull=True).update(
                    escalated_at=timezone.now()
                ):
                    continue
                _escalate(referral)
                escalated += 1
    return reminded, escalated


def _escalate(referral: Referral) -> None:
    from django.conf import settings
    from django.urls import reverse

    # Those who oversee the region's signals (the chain director) hear of it.
    directors = list(
        users_with_permission(referral.signal.municipality, Permission.VIEW_REGION_SIGNALS)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    link = settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse("partners:figures")
    with translation.override("nl"):
        subject = _("Escalation: feedback on a referral is overdue twice")
        body = _(
            "A partner has not given feedback on a referral after a reminder. "
            "See the feedback figures: %(link)s"
        ) % {"link": link}
        event_add(
            signal=referral.signal,
            actor=None,
            kind=EventKind.REFERRAL,
            text=_("Feedback of %(partner)s overdue twice: escalated to the chain director.")
            % {"partner": referral.partner.name},
            data={"referral": str(referral.pk), "escalated": True},
        )
    notification_queue(
        kind="referral_escalation",
        recipients=directors,
        subject=subject,
        body=body,
        signal_id=referral.signal_id,
        referral_id=referral.pk,
    )
    audit_record(
        actor=None,
        action="referral.escalate",
        obj=referral,
        organisation_id=referral.signal.municipality_id,
    )
