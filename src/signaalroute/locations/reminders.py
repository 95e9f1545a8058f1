"""The daily job (`manage.py location_controls`): tell the focal officers of a municipality
which planned controls of risk locations are due within two weeks or overdue. One e-mail per
municipality per run with counts and a link, no names or addresses; a schedule is reminded of at
most once per due period (``ControlSchedule.reminded_for`` holds the due date it was reminded
of), so running the job again sends nothing new."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import users_with_permission
from signaalroute.audit.services import audit_record
from signaalroute.core.outbox import notification_queue

from .models import ControlSchedule

AHEAD = dt.timedelta(days=14)


def _link() -> str:
    return settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse("locations:list") + "?te_laat=1"


def location_controls(today: dt.date | None = None) -> int:
    """Queue the reminders due today; returns how many municipalities got one."""
    today = today or timezone.localdate()
    waiting: dict[object, list[ControlSchedule]] = defaultdict(list)
    for schedule in ControlSchedule.objects.filter(location__active=True).select_related(
        "location"
    ):
        due = schedule.next_due
        if due - today <= AHEAD and schedule.reminded_for != due:
            waiting[schedule.location.municipality_id].append(schedule)
    sent = 0
    for municipality in Organisation.objects.filter(pk__in=list(waiting)).order_by("name"):
        schedules = waiting[municipality.pk]
        overdue = sum(1 for s in schedules if s.next_due < today)
        soon = len(schedules) - overdue
        recipients = list(
            users_with_permission(municipality, Permission.HANDLE_SIGNAL)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        with translation.override("nl"), transaction.atomic():
            notification_queue(
                kind="location_controls",
                recipients=recipients,
                subject=_("Controls of risk locations due"),
                body=ngettext(
                    "%(n)s planned control of a risk location is due "
                    "(%(late)s overdue, %(soon)s within two weeks). Plan it and record it when "
                    "done: %(link)s",
                    "%(n)s planned controls of risk locations are due "
                    "(%(late)s overdue, %(soon)s within two weeks). Plan them and record them "
                    "when done: %(link)s",
                    len(schedules),
                )
                % {"n": len(schedules), "late": overdue, "soon": soon, "link": _link()},
            )
            for schedule in schedules:
                ControlSchedule.objects.filter(pk=schedule.pk).update(
                    reminded_for=schedule.next_due
                )
            audit_record(
                actor=None,
                action="location.reminder",
                object_type="accounts.organisation",
                object_id=str(municipality.pk),
                organisation_id=municipality.pk,
                extra={"due": len(schedules), "overdue": overdue},
            )
        sent += 1
    return sent
