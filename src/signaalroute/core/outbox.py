"""The outbox: every notification e-mail is stored first, then delivered and retried.

An undeliverable e-mail is never lost silently: it stays in the outbox with its error, is
retried with back-off by `manage.py deliver_notifications` (run it from a timer, see
docs/configuration.md), and shows on the signal page for the focal officer.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def notification_queue(
    *,
    kind: str,
    recipients: list[str],
    subject: str,
    body: str,
    signal_id: uuid.UUID | None = None,
    referral_id: uuid.UUID | None = None,
) -> Notification | None:
    """Store a notification and try to deliver it right after the transaction commits."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return None
    note = Notification.objects.create(
        kind=kind,
        recipients=recipients,
        subject=subject,
        body=body,
        signal_id=signal_id,
        referral_id=referral_id,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: notification_deliver(note_id=note.pk))
    return note


# Notices whose body holds a secret (an activation link): emptied once delivered.
SECRET_KINDS = frozenset({"invitation"})


def notification_deliver(*, note_id: uuid.UUID) -> bool:
    note = Notification.objects.filter(pk=note_id, sent_at__isnull=True).first()
    if note is None:
        return True
    now = timezone.now()
    try:
        send_mail(note.subject, note.body, settings.DEFAULT_FROM_EMAIL, note.recipients)
    except Exception as error:  # any failure of the mail server: retry later
        note.attempts += 1
        note.last_error = type(error).__name__[:200]
        note.next_attempt_at = (
            now + dt.timedelta(minutes=5 * 2 ** min(note.attempts, 6))
            if note.attempts < MAX_ATTEMPTS
            else None
        )
        note.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        logger.warning(
            "notification not delivered", extra={"event": note.kind, "code": note.last_error}
        )
        return False
    note.attempts += 1
    note.sent_at = now
    note.next_attempt_at = None
    fields = ["attempts", "sent_at", "next_attempt_at"]
    if note.kind in SECRET_KINDS:  # a one-time link must not outlive its delivery
        note.body = ""
        fields.append("body")
    note.save(update_fields=fields)
    return True


def undelivered_for_signal(signal_id: uuid.UUID) -> QuerySet[Notification]:
    """Mail about this signal that failed at least once and is not sent yet (signal page)."""
    return Notification.objects.filter(signal_id=signal_id, sent_at__isnull=True, attempts__gt=0)


def outbox_deliver_due(now: dt.datetime | None = None) -> tuple[int, int]:
    """Deliver every notification whose next attempt is due. Returns (sent, failed)."""
    now = now or timezone.now()
    due = Notification.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
    sent = failed = 0
    for note_id in due.values_list("pk", flat=True):
        if notification_deliver(note_id=note_id):
            sent += 1
        else:
            failed += 1
    return sent, failed
