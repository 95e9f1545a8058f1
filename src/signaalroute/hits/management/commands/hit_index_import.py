"""`manage.py hit_index_import FILE --region NAME`: take in another installation's export of the
regional hit/no-hit index. Replaces that installation's municipalities' imported entries; never
touches local ones; refuses an export made with another regional key id."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from signaalroute.accounts.models import Region
from signaalroute.core.problems import DomainError
from signaalroute.hits.exchange import hit_index_import


class Command(BaseCommand):
    help = "Import another installation's export of the regional hit/no-hit index."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the JSON export ('-' for stdin)")
        parser.add_argument("--region", required=True, help="the region's name here")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(name=options["region"]).first()
        if region is None:
            raise CommandError("No region has that name.")
        try:
            if options["file"] == "-":
                data = json.load(sys.stdin)
            else:
                data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the export: {type(error).__name__}.") from None
        try:
            result = hit_index_import(data, region)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        for name, count in result["imported"].items():
            self.stdout.write(f"{name}: {count} entries imported.")
        for name in result["skipped"]:
            self.stdout.write(
                self.style.WARNING(f"{name}: skipped, it has local entries in this installation.")
            )
