"""`manage.py privacy_reminders`: remind the privacy officers of data subjects' requests due in a
week or today (daily; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from signaalroute.privacy.reminders import privacy_reminders


class Command(BaseCommand):
    help = "Queue reminders of data subjects' requests that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{privacy_reminders()} reminder(s) queued.")
