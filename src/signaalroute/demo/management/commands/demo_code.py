"""`manage.py demo_code alice`: the current TOTP code of a demo persona (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-step code of a demo persona."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SIGNAALROUTE_DEMO:
            raise CommandError("Only available when SIGNAALROUTE_DEMO is on.")
        device = TOTPDevice.objects.filter(user__username=options["username"], name="demo").first()
        if device is None:
            raise CommandError("No demo device for that user; run seed_demo first.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
