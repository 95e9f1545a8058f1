"""`manage.py backup_restore --from DIR [--replace]`: restore a backup made by `backup_create`
into the configured database and MEDIA_ROOT, then verify row counts, files, attachments, the
encrypted fields and the audit chain. Exits non-zero on any mismatch; see docs/operations.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalroute.privacy.backup import BackupError
from signaalroute.privacy.restore import backup_restore, migrations_pending


class Command(BaseCommand):
    help = "Restore a backup into the configured database and MEDIA_ROOT, then verify it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that is not empty; files in MEDIA_ROOT are moved aside",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            problems, aside = backup_restore(source=options["source"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        if aside is not None:
            self.stdout.write(f"The files that were in MEDIA_ROOT are now in {aside}.")
        if problems:
            raise CommandError(
                f"Restored, but the verification found {len(problems)} problem(s):\n  "
                + "\n  ".join(problems)
            )
        self.stdout.write(
            "Restored and verified: row counts, files, attachments, encrypted fields and the "
            "audit chain match the backup."
        )
        pending = migrations_pending()
        if pending:
            self.stdout.write(f"The backup is from an older version: run migrate ({pending}).")
