"""`manage.py audit_verify`: exit 0 when the audit chain is intact, 1 at the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from signaalroute.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at position {report.broken_position}: {report.reason}. "
                f"{report.checked} entries before it are intact."
            )
        pruned = (
            f" (positions up to {report.anchor_position} were pruned under retention; "
            "the chain verifies from their anchor)"
            if report.anchor_position
            else ""
        )
        self.stdout.write(
            f"Audit chain intact: {report.checked} entries{pruned}. Head hash: {report.head_hash}"
        )
