"""`manage.py seed_demo`: load the demo region and personas (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from signaalroute.accounts.rules import ROLE_LABELS
from signaalroute.demo.approach import build_demo_approach
from signaalroute.demo.care import build_demo_care
from signaalroute.demo.decided_links import build_demo_decided_links
from signaalroute.demo.history import build_demo_history
from signaalroute.demo.locations import build_demo_locations
from signaalroute.demo.meetings import build_demo_meetings
from signaalroute.demo.monitoring import build_demo_monitoring
from signaalroute.demo.namesakes import build_demo_namesakes
from signaalroute.demo.partners import build_demo_partners
from signaalroute.demo.personas import DEMO_PASSWORD, PERSONAS, build_demo
from signaalroute.demo.requests import build_demo_requests
from signaalroute.demo.signals import build_demo_signals
from signaalroute.demo.training import build_demo_training


class Command(BaseCommand):
    help = "Create or refresh the demo region, organisations and personas."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SIGNAALROUTE_DEMO:
            raise CommandError("Demo data is only loaded when SIGNAALROUTE_DEMO is on.")
        users = build_demo()
        build_demo_partners()
        made = build_demo_signals(users)
        made += build_demo_namesakes(users)
        earlier = build_demo_history()
        build_demo_decided_links(users)
        build_demo_training(users)
        build_demo_monitoring(users)
        build_demo_care(users)
        build_demo_requests(users)
        build_demo_locations(users)
        build_demo_approach(users)
        build_demo_meetings(users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded ({made} new demo signals, {earlier} earlier handled ones)."
            )
        )
        self.stdout.write(f"Password for every persona: {DEMO_PASSWORD}")
        self.stdout.write("Second step: `make demo-code PERSONA=<name>` prints the current code.")
        for persona in PERSONAS:
            label = str(ROLE_LABELS[persona.role])
            self.stdout.write(f"  {persona.username:<6} {label} — {persona.organisation}")
