"""E-mail notices. They never carry personal data: only that there is something, and a link."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.accounts.rules import Domain, Permission
from signaalroute.accounts.selectors import users_with_permission
from signaalroute.core.outbox import notification_queue
from signaalroute.signals.models import ReporterIdentity, Signal

from .assignments import domain_proposed, officers_of
from .models import SignalAssignment
from .rules import AssignmentDomain


def _link(route: str, *args: Any) -> str:
    """An absolute link; it carries ids at most, never personal data."""
    return settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse(route, args=args)


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


def acute_recipients(signal: Signal) -> tuple[list[User], list[User]]:
    """Who is told of an acute signal: first the focal officer(s) of its domain (both domains
    for "both", and its owner), then the other focal officers as backup (seed 004 §5.1). Away
    officers are skipped, unless nobody else is present; when no officer of the domain is
    present, the present ones are told first."""
    everyone = list(users_with_permission(signal.municipality, Permission.HANDLE_SIGNAL))
    officers = officers_of(signal.municipality)
    stored = SignalAssignment.objects.filter(signal=signal).first()
    domain = stored.domain if stored else domain_proposed(signal)
    wanted: set[str] = {Domain.SAFETY, Domain.CARE} if domain == AssignmentDomain.BOTH else {domain}
    present = [u for u in everyone if not officers.is_away(u.pk)] or everyone
    first = [
        u
        for u in present
        if officers.domain_of(u.pk) in wanted or (stored is not None and u.pk == stored.owner_id)
    ]
    backup = [u for u in present if u not in first]
    return (first, backup) if first else (backup, [])


def _addresses(users: list[User]) -> list[str]:
    return [u.email for u in users if u.email]


def notify_acute(*, signal_id: uuid.UUID) -> None:
    """An acute signal: the focal officers of its domain are told at once, the other focal
    officers of the municipality in a second message as backup. Neither carries personal data."""

    signal = Signal.objects.select_related("municipality").get(pk=signal_id)
    first, backup = acute_recipients(signal)
    link = _link("workflow:detail", signal.pk)
    with translation.override("nl"):
        subject = _("Acute signal received (%(reference)s)") % {"reference": signal.reference}
        body = _(
            "A signal with acute danger has been received in signaalroute. "
            "Log in to handle it: %(link)s\n\n"
            "If someone is in danger now, call 112."
        ) % {"link": link}
        backup_subject = _("Acute signal received (%(reference)s): you are the backup") % {
            "reference": signal.reference
        }
        backup_body = _(
            "A signal with acute danger has been received in signaalroute. The focal officer "
            "of its domain has been told first; you are told as the backup. "
            "Log in to see it: %(link)s\n\n"
            "If someone is in danger now, call 112."
        ) % {"link": link}
    if _addresses(first):
        _send(subject, body, _addresses(first), "acute", signal)
    if _addresses(backup):
        _send(backup_subject, backup_body, _addresses(backup), "acute_backup", signal)


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
