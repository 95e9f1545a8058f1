"""`manage.py location_controls`: remind the focal officers of controls of risk locations due
within two weeks or overdue (daily; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from signaalroute.locations.reminders import location_controls


class Command(BaseCommand):
    help = "Queue reminders of controls of risk locations that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{location_controls()} reminder(s) queued.")
