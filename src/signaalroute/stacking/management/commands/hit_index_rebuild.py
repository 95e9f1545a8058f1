"""`manage.py hit_index_rebuild`: recompute the local entries of the regional hit/no-hit index
from the traces, and drop every entry under another key id (after a key rotation)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.audit.services import audit_record
from signaalroute.stacking.hitindex import HitIndexNotConfigured, hit_index_rebuild, hit_key


class Command(BaseCommand):
    help = "Rebuild the regional hit/no-hit index from the traces (all municipalities or one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--municipality", help="only this municipality (its name)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["municipality"]:
            found = Organisation.objects.filter(
                kind=OrganisationKind.MUNICIPALITY, name=options["municipality"]
            )
            if found.count() != 1:
                raise CommandError("No single municipality has that name.")
            municipality = found.get()
        try:
            # The rebuild and its audit entry in one transaction.
            with transaction.atomic():
                counts = hit_index_rebuild(municipality)
                key = hit_key()
                audit_record(
                    actor=None,
                    action="stacking.hit_rebuild",
                    object_type="stacking.hitentry",
                    extra={"key_id": key.key_id if key else "", **counts},
                )
        except HitIndexNotConfigured as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            f"Hit index rebuilt: {counts['entries']} local entries, {counts['removed']} removed."
        )
