"""Show or set a region's reading of the rule on the responsible municipality (care settings).

    manage.py care_reading                       # every region's reading
    manage.py care_reading --region "RIEC Midden-Nederland" --reading lawful_only

The region decides this once, in its covenant or care agreements (seed 000 §3.1 against seed 004
§5.4); the application manager sets it here. Audited as ``care.reading_set``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from signaalroute.accounts.models import Region
from signaalroute.audit.services import audit_record
from signaalroute.care.models import READING_SOURCES, CareSettings, Reading
from signaalroute.core.sources import cite


class Command(BaseCommand):
    help = "Show or set a region's reading of the rule on the municipality responsible for care."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="The region's name (all regions when left out).")
        parser.add_argument("--reading", choices=Reading.values, help="The reading to set.")

    def handle(self, *args: Any, **options: Any) -> None:
        regions = Region.objects.all()
        if options["region"]:
            regions = regions.filter(name=options["region"])
            if not regions.exists():
                raise CommandError(f"No region named {options['region']!r}.")
        if options["reading"]:
            if not options["region"]:
                raise CommandError("Name the region whose reading to set (--region).")
            with transaction.atomic():
                region = regions.get()
                settings, _created = CareSettings.objects.get_or_create(region=region)
                previous = settings.reading
                settings.reading = options["reading"]
                settings.full_clean()
                settings.save()
                audit_record(
                    actor=None,
                    action="care.reading_set",
                    obj=settings,
                    fields=["reading"],
                    extra={"from": previous, "to": settings.reading},
                )
        for region in regions:
            kept = CareSettings.objects.filter(region=region).first()
            reading = kept.reading if kept else Reading.EVERYONE
            source = cite(READING_SOURCES[Reading(reading)])
            self.stdout.write(f"{region.name}: {reading} ({source})")
