"""`manage.py rotate_field_keys`: encrypt every encrypted field again with the newest key of
SIGNAALROUTE_FIELD_KEYS (after putting a new key first; the old one can go once this ran).
`--new-key` prints a fresh key and changes nothing."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from signaalroute.core.crypto import new_key
from signaalroute.core.fields import EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt the encrypted fields with the newest key, or print a new key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", action="store_true", help="print a fresh key and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        for model in apps.get_models():
            fields = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            done = 0
            for row in model._default_manager.all().iterator():
                with transaction.atomic():
                    row.save(update_fields=fields)  # read with any key, written with the newest
                done += 1
            self.stdout.write(f"{model._meta.label}: {done} re-encrypted")
