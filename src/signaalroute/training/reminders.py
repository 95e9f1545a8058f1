"""Reminders (weekly, `manage.py training_reminders`): to the team coordinator and the focal
officers when a group has new colleagues not trained yet or trainings running out (at most once
a month per group), and to the focal officers two weeks before an awareness item. Counts and a
link only: no names in e-mail."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import users_with_permission
from signaalroute.audit.services import audit_record
from signaalroute.core.outbox import notification_queue

from .models import AwarenessItem, TrainingTarget
from .selectors import calendar, coverage

AGAIN_AFTER = dt.timedelta(days=30)
AHEAD = dt.timedelta(days=14)


def _emails(organisation: Organisation, permission: Permission) -> list[str]:
    users = users_with_permission(organisation, permission).exclude(email="")
    return list(users.values_list("email", flat=True))


def _link(route: str) -> str:
    return settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse(route)


def training_reminders(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    municipalities = Organisation.objects.filter(
        Q(training_targets__isnull=False) | Q(awareness_items__isnull=False)
    ).distinct()
    for municipality in municipalities:
        for row in coverage(municipality, today):
            target = row.target
            waiting = len(row.new_untrained) + len(row.expired) + len(row.due_soon)
            if not waiting or (target.reminded_on and today - target.reminded_on < AGAIN_AFTER):
                continue
            recipients = _emails(municipality, Permission.HANDLE_SIGNAL)
            if target.team is not None:
                recipients += _emails(target.team, Permission.FORWARD_SIGNAL)
            with translation.override("nl"), transaction.atomic():
                notification_queue(
                    kind="training",
                    recipients=recipients,
                    subject=_("Training due: %(group)s") % {"group": target.name},
                    body=_(
                        "%(group)s: %(new)s new colleague(s) not trained yet, %(due)s training(s) "
                        "running out or run out. See who and plan a training: %(link)s"
                    )
                    % {
                        "group": target.name,
                        "new": len(row.new_untrained),
                        "due": len(row.expired) + len(row.due_soon),
                        "link": _link("training:overview"),
                    },
                )
                TrainingTarget.objects.filter(pk=target.pk).update(reminded_on=today)
                audit_record(
                    actor=None,
                    action="training.reminder",
                    obj=target,
                    organisation_id=municipality.pk,
                )
            sent += 1
        for line in calendar(municipality, today):
            if line.next_on - today > AHEAD or line.item.reminded_for == line.next_on:
                continue
            with translation.override("nl"), transaction.atomic():
                notification_queue(
                    kind="awareness",
                    recipients=_emails(municipality, Permission.HANDLE_SIGNAL),
                    subject=_("Awareness calendar: %(what)s on %(date)s")
                    % {"what": line.item.title, "date": line.next_on.strftime("%d-%m-%Y")},
                    body=_("On %(date)s: %(what)s. Record what was done: %(link)s")
                    % {
                        "what": line.item.title,
                        "date": line.next_on.strftime("%d-%m-%Y"),
                        "link": _link("training:calendar"),
                    },
                )
                AwarenessItem.objects.filter(pk=line.item.pk).update(reminded_for=line.next_on)
                audit_record(
                    actor=None,
                    action="training.reminder",
                    obj=line.item,
                    organisation_id=municipality.pk,
                )
            sent += 1
    return sent
