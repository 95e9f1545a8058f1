"""The daily job (`manage.py privacy_reminders`): tell the privacy officers of a municipality
which data subjects' requests are due in a week or today. One e-mail per municipality per run
with counts and a link, never a name; each request is reminded of once a week ahead and once on
its due date (``reminded_ahead_for`` / ``reminded_due_for`` hold the due date reminded of), so
running the job again sends nothing new. An extended deadline is reminded of again."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import users_with_permission
from signaalroute.audit.services import audit_record
from signaalroute.core.outbox import notification_queue

from .models import DataSubjectRequest, RequestState

AHEAD = dt.timedelta(days=7)


def _link() -> str:
    return settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse("privacy:requests")


def privacy_reminders(today: dt.date | None = None) -> int:
    """Queue the reminders due today; returns how many municipalities got one."""
    today = today or timezone.localdate()
    ahead: dict[object, list[DataSubjectRequest]] = defaultdict(list)
    due: dict[object, list[DataSubjectRequest]] = defaultdict(list)
    open_ = DataSubjectRequest.objects.filter(
        state__in=(RequestState.RECEIVED, RequestState.IN_PROGRESS), due_on__lte=today + AHEAD
    )
    for r in open_:
        if r.due_on <= today:
            if r.reminded_due_for != r.due_on:
                due[r.municipality_id].append(r)
        elif r.reminded_ahead_for != r.due_on:
            ahead[r.municipality_id].append(r)
    sent = 0
    for municipality in Organisation.objects.filter(pk__in={*ahead, *due}).order_by("name"):
        soon, now = ahead[municipality.pk], due[municipality.pk]
        recipients = list(
            users_with_permission(municipality, Permission.KEEP_PROCESSING_REGISTER)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        with translation.override("nl"), transaction.atomic():
            notification_queue(
                kind="privacy_requests",
                recipients=recipients,
                subject=_("Data subjects' requests due"),
                body=_(
                    "Requests of data subjects to answer: %(now)s due today or overdue, "
                    "%(soon)s due within a week. See %(link)s"
                )
                % {"now": len(now), "soon": len(soon), "link": _link()},
            )
            for r in soon:
                DataSubjectRequest.objects.filter(pk=r.pk).update(reminded_ahead_for=r.due_on)
            for r in now:
                DataSubjectRequest.objects.filter(pk=r.pk).update(
                    reminded_due_for=r.due_on, reminded_ahead_for=r.due_on
                )
            audit_record(
                actor=None,
                action="privacy.dsr_reminder",
                object_type="accounts.organisation",
                object_id=str(municipality.pk),
                organisation_id=municipality.pk,
                extra={"due": len(now), "soon": len(soon)},
            )
        sent += 1
    return sent
