"""E-mail notices. They never carry personal data: only that there is something, and a link."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import users_with_permission
from signaalroute.core.outbox import notification_queue
from signaalroute.signals.models import ReporterIdentity, Signal


def _link(route: str, *args: Any) -> str:
    """An absolute link; it carries ids at most, never personal data."""
    return settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse(route, args=args)


def _emails(users: QuerySet[User]) -> list[str]:
    return list(users.exclude(email="").values_list("email", flat=True))


def _send(
    subject: str, body: str, recipients: list[str], event: str, signal: Signal | None = None
) -> None:
    """Through the outbox, so a mail server that is down delays the message but never loses it."""
    notification_queue(
        kind=event,
        recipients=recipients,
        subject=subject,
        body=body,
        signal_id=getattr(signal, "pk", None),
    )


def notify_acute(*, signal_id: uuid.UUID) -> None:
    """An acute signal: every focal officer of the municipality is told at once."""

    signal = Signal.objects.select_related("municipality").get(pk=signal_id)
    recipients = _emails(users_with_permission(signal.municipality, Permission.HANDLE_SIGNAL))
    with translation.override("nl"):
        subject = _("Acute signal received (%(reference)s)") % {"reference": signal.reference}
        body = _(
            "A signal with acute danger has been received in signaalroute. "
            "Log in to handle it: %(link)s\n\n"
            "If someone is in danger now, call 112."
        ) % {"link": _link("workflow:detail", signal.pk)}
    _send(subject, body, recipients, "acute", signal)


def notify_reporter_feedback(*, signal_id: uuid.UUID) -> None:
    """Step 6 for an internal reporter: there is feedback; the text itself is read after login."""

    identity = (
        ReporterIdentity.objects.select_related("user", "signal")
        .filter(signal_id=signal_id)
        .first()
    )
    if identity is None or identity.user is None or not identity.user.email:
        return
    with translation.override("nl"):
        subject = _("Feedback on your report %(reference)s") % {
            "reference": identity.signal.reference
        }
        body = _(
            "The focal officer for human trafficking has sent you feedback on your report. "
            "Log in to read it: %(link)s"
        ) % {"link": _link("intake:mine")}
    _send(subject, body, [identity.user.email], "feedback", identity.signal)
