"""`manage.py policy_reminders`: remind the focal and policy officers of policy evaluations
that fall due within a month (run daily from cron, like `referral_reminders`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from signaalroute.monitoring.reminders import evaluation_reminders


class Command(BaseCommand):
    help = "Queue reminders of policy evaluations due within a month."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = evaluation_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
