"""`manage.py hit_index_export --region NAME --output FILE`: the region's local hit/no-hit
entries (municipality, kind, keyed hash; no values, no record ids) as JSON for the other
installations of the region. The file is confidential: with the regional key it can be tested."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from signaalroute.accounts.models import Region
from signaalroute.hits.exchange import hit_index_export
from signaalroute.hits.services import HitIndexNotConfigured


class Command(BaseCommand):
    help = "Export the local entries of the regional hit/no-hit index as JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--region", required=True, help="the region's name")
        parser.add_argument("--output", required=True, help="file to write ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(name=options["region"]).first()
        if region is None:
            raise CommandError("No region has that name.")
        try:
            data = hit_index_export(region)
        except HitIndexNotConfigured as error:
            raise CommandError(str(error.message)) from None
        text = json.dumps(data, ensure_ascii=False, indent=1)
        if options["output"] == "-":
            self.stdout.write(text)
            return
        path = Path(options["output"])
        # Readable by the owner only: the file is confidential.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stderr.write(f"{len(data['entries'])} entries written to {path}.")
