"""`manage.py monitoring_recount`: count every municipality's signals per quarter again (the
counts the dashboard adds up, kept by the writes: monitoring.quarter_counts) and report any
quarter whose kept counts differed. Run nightly; after a bulk load or a fix by hand, run it once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.monitoring.quarter_counts import rebuild


class Command(BaseCommand):
    help = "Count the signals per municipality and quarter again; report what differed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="only this municipality (its name)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = None
        if options["municipality"]:
            found = Organisation.objects.filter(
                kind=OrganisationKind.MUNICIPALITY, name=options["municipality"]
            ).values_list("pk", flat=True)
            if not found:
                raise CommandError(f"No municipality named {options['municipality']!r}.")
            municipalities = list(found)
        names = dict(Organisation.objects.values_list("pk", "name"))
        differed = rebuild(municipalities)
        for municipality, quarter in differed:
            q = (quarter.month - 1) // 3 + 1
            self.stderr.write(
                f"differed: {names.get(municipality, municipality)} {quarter.year}-Q{q}"
            )
        self.stdout.write(f"counted again; {len(differed)} quarter(s) differed.")
