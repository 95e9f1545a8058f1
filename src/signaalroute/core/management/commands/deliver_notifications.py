"""`manage.py deliver_notifications`: deliver or retry queued e-mails (run every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from signaalroute.core.outbox import outbox_deliver_due


class Command(BaseCommand):
    help = "Deliver queued notification e-mails whose next attempt is due."

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = outbox_deliver_due()
        self.stdout.write(f"delivered {sent}, failed {failed}")
