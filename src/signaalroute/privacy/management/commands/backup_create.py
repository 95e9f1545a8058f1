"""`manage.py backup_create --to DIR`: dump the database, archive MEDIA_ROOT and write a
manifest into the new directory DIR. The keys (SECRET_KEY, SIGNAALROUTE_FIELD_KEYS) are never
written; see docs/operations.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalroute.privacy.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new directory (without the keys)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(target=options["to"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Backup written to {result.directory}: {manifest['engine']}, "
            f"{sum(manifest['row_counts'].values())} rows in {len(manifest['row_counts'])} "
            f"tables, files: {len(manifest['files'])}. Not included: "
            f"{', '.join(manifest['not_included'])} (keep them in the secret store)."
        )
