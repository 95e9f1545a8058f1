"""`manage.py seed_demo`: load the demo region and personas (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from signaalroute.accounts.demo import DEMO_PASSWORD, PERSONAS, build_demo
from signaalroute.accounts.rules import ROLE_LABELS


class Command(BaseCommand):
    help = "Create or refresh the demo region, organisations and personas."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SIGNAALROUTE_DEMO:
            raise CommandError("Demo data is only loaded when SIGNAALROUTE_DEMO is on.")
        users = build_demo()
        from signaalroute.intake.demo import build_demo_signals
        from signaalroute.partners.demo import build_demo_partners

        build_demo_partners()
        made = build_demo_signals(users)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({made} new demo signals)."))
        self.stdout.write(f"Password for every persona: {DEMO_PASSWORD}")
        self.stdout.write("Second step: `make demo-code PERSONA=<name>` prints the current code.")
        for persona in PERSONAS:
            label = str(ROLE_LABELS[persona.role])
            self.stdout.write(f"  {persona.username:<6} {label} — {persona.organisation}")
