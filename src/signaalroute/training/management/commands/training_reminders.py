"""`manage.py training_reminders`: remind of untrained new colleagues, trainings running out and
awareness items coming up (weekly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from signaalroute.training.reminders import training_reminders


class Command(BaseCommand):
    help = "Queue reminders of training due and awareness items coming up."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{training_reminders()} reminder(s) queued.")
