"""`manage.py referral_reminders`: remind overdue partners, escalate twice-overdue ones (daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from signaalroute.partners.referrals.notices import referral_reminders_run


class Command(BaseCommand):
    help = "Send feedback reminders for overdue referrals and escalate to the chain director."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded, escalated = referral_reminders_run()
        self.stdout.write(f"reminded {reminded}, escalated {escalated}")
