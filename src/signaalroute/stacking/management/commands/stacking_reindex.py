"""`manage.py stacking_reindex [--municipality NAME] [--match]`: re-file the traces under the
blocking keys the matching library makes now (see `stacking/reindex.py`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.stacking.reindex import traces_reindex


class Command(BaseCommand):
    help = "Recompute the blocking keys of existing traces; with --match, propose new candidates."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--municipality", help="only this municipality (its name)")
        parser.add_argument(
            "--match",
            action="store_true",
            help="then propose the candidates the new keys find (decided pairs stay as they are)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["municipality"]:
            found = Organisation.objects.filter(
                kind=OrganisationKind.MUNICIPALITY, name=options["municipality"]
            )
            if found.count() != 1:
                raise CommandError("No single municipality has that name.")
            municipality = found.get()
        result = traces_reindex(
            municipality_id=municipality.pk if municipality else None, match=options["match"]
        )
        self.stdout.write(
            f"{result.traces} traces read, {result.changed} re-filed "
            f"(+{result.keys_added} / -{result.keys_removed} keys), "
            f"{result.candidates} new candidates."
        )
