"""E-mail notices about referrals (new, reminder, escalation) and the reminder run. Notices carry
no personal data: only that there is something, with a link."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import users_with_permission
from signaalroute.audit.services import audit_record
from signaalroute.core.outbox import notification_queue
from signaalroute.partners.directory.models import PartnerProfile
from signaalroute.partners.referrals.models import Referral
from signaalroute.partners.referrals.rules import ESCALATE_AFTER_DAYS, OPEN_FOR_FEEDBACK
from signaalroute.signals.models import EventKind
from signaalroute.signals.services import event_add


def _partner_recipients(referral: Referral) -> list[str]:
    profile = PartnerProfile.objects.filter(organisation=referral.partner).first()
    contacts = list(
        users_with_permission(referral.partner, Permission.HANDLE_REFERRAL)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return ([profile.mailbox] if profile and profile.mailbox else []) + contacts


def notify_partner(referral: Referral, *, kind: str) -> None:
    from django.conf import settings
    from django.urls import reverse

    link = settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse("partners:portal")
    with translation.override("nl"):
        if kind == "referral_new":
            subject = _("New referral in signaalroute")
            body = _(
                "A municipality has sent your organisation a referral. Log in to read it: %(link)s"
            ) % {"link": link}
        elif kind == "referral_updated":
            subject = _("A referral in signaalroute was changed")
            body = _(
                "A municipality changed the legal basis of a referral to your organisation, and "
                "with it what you can read. Log in to read it: %(link)s"
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


def referral_reminders_run(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind partners whose feedback is overdue; escalate to the chain director after
    ESCALATE_AFTER_DAYS more days. Returns (reminded, escalated). Idempotent per day."""
    today = today or timezone.localdate()
    reminded = escalated = 0
    # A care handover to another municipality is answered in the care app, not by a partner.
    overdue = Referral.objects.to_partners().filter(
        state__in=OPEN_FOR_FEEDBACK, feedback_due_on__lt=today
    )
    for referral in overdue.select_related("signal__municipality__region", "partner"):
        with transaction.atomic():
            # Conditional updates: of two runs at once, or an answer given meanwhile, only one
            # outcome counts; nothing is sent twice or after the feedback came in.
            still_open = Referral.objects.filter(pk=referral.pk, state__in=OPEN_FOR_FEEDBACK)
            if referral.reminders_sent == 0:
                if not still_open.filter(reminders_sent=0).update(reminders_sent=1):
                    continue
                notify_partner(referral, kind="referral_reminder")
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
