"""`manage.py hit_index_rebuild`: recompute the local entries of the regional hit/no-hit index
from the traces, and drop every entry under another key id (after a key rotation).

Run it nightly from a timer, and once after upgrading to the per-signal index (it fills the
index's sources). It lives in `stacking` because it reads the traces; the index is `hits`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.audit.services import audit_record
from signaalroute.hits.keys import hit_key
from signaalroute.hits.services import HitIndexNotConfigured, hit_index_drop_other_keys
from signaalroute.stacking.derived import hit_index_rebuild_from_traces


class Command(BaseCommand):
    help = "Rebuild the regional hit/no-hit index from the traces (all municipalities or one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--municipality", help="only this municipality (its name)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        if options["municipality"]:
            municipalities = municipalities.filter(name=options["municipality"])
            if municipalities.count() != 1:
                raise CommandError("No single municipality has that name.")
        entries = removed = 0
        try:
            # The rebuild and its audit entry in one transaction.
            with transaction.atomic():
                for municipality in municipalities.order_by("pk"):
                    wanted, gone = hit_index_rebuild_from_traces(municipality)
                    entries += wanted
                    removed += gone
                if not options["municipality"]:
                    removed += hit_index_drop_other_keys()
                key = hit_key()
                audit_record(
                    actor=None,
                    action="stacking.hit_rebuild",
                    object_type="stacking.hitentry",
                    extra={
                        "key_id": key.key_id if key else "",
                        "entries": entries,
                        "removed": removed,
                    },
                )
        except HitIndexNotConfigured as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"Hit index rebuilt: {entries} local entries, {removed} removed.")
