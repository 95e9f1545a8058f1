"""The reminder that a policy document is due for evaluation (seed 004_0e82b480fca28818.txt
§1.3: every two years), to the focal and policy officers of the municipality, a month ahead and
once per due date. The notice names the document's title and date only; no personal data."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import users_with_permission
from signaalroute.audit.services import audit_record
from signaalroute.core.outbox import notification_queue

from .models import PolicyDocument

AHEAD = dt.timedelta(days=31)


def evaluation_reminders(today: dt.date | None = None) -> int:
    """Queue the reminders that are due; returns how many documents were reminded of."""
    today = today or timezone.localdate()
    sent = 0
    for document in PolicyDocument.objects.select_related("municipality"):
        due = document.evaluation_due
        if due - today > AHEAD or document.reminded_for == due:
            continue
        users = users_with_permission(document.municipality, Permission.WRITE_REPORTS)
        recipients = list(users.exclude(email="").values_list("email", flat=True))
        link = settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse("monitoring:policies")
        with translation.override("nl"), transaction.atomic():
            notification_queue(
                kind="policy_evaluation",
                recipients=recipients,
                subject=_("Policy evaluation due on %(date)s") % {"date": due.strftime("%d-%m-%Y")},
                body=_(
                    "The policy document “%(title)s” is due for evaluation on %(date)s. "
                    "Record the evaluation and its outcome: %(link)s"
                )
                % {"title": document.title, "date": due.strftime("%d-%m-%Y"), "link": link},
            )
            document.reminded_for = due
            document.save(update_fields=["reminded_for"])
            audit_record(
                actor=None,
                action="monitoring.policy_reminder",
                obj=document,
                organisation_id=document.municipality_id,
                extra={"due": due.isoformat(), "recipients": len(recipients)},
            )
        sent += 1
    return sent
