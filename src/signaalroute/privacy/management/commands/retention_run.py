"""`manage.py retention_run [--dry-run]`: apply the retention table in every municipality
(daily): signals, their attachments' files and hit-index digests, closed care trajectories,
closed approach cases and held meetings; then, once for the installation, the audit log. Each
record (for the audit log: each batch) in its own transaction; a broken-off run goes on where it
stopped; one municipality's failure does not stop the next one's run."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.privacy.retention import installation_retention_run, retention_run

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Anonymise what the retention table says has expired (or count it with --dry-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        for municipality in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY):
            try:
                records = retention_run(
                    actor=None, municipality=municipality, dry_run=options["dry_run"]
                )
            except Exception:  # the next municipality still gets its run
                logger.exception("retention run failed", extra={"code": "municipality"})
                continue
            for record in records:
                self.stdout.write(f"{municipality.name}: {record.code} {record.count}")
        try:
            whole = installation_retention_run(dry_run=options["dry_run"])
        except Exception:
            logger.exception("retention run failed", extra={"code": "installation"})
            return
        for record in whole:
            self.stdout.write(f"installation: {record.code} {record.count}")
