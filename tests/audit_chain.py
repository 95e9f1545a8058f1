"""Test helper: date audit entries back and re-chain them, as if they had been written then
(the triggers that keep the log append-only are switched off for it on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone

from signaalroute.audit.models import AuditEntry


@contextmanager
def triggers_off() -> Iterator[None]:
    tables = ("audit_auditentry", "audit_auditanchor")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def backdate(days: int, only: set[Any] | None = None) -> None:
    """Date the entries (all, or those with a pk in ``only``) ``days`` back; re-chain all."""
    with triggers_off():
        prev = None
        for entry in AuditEntry.objects.order_by("position"):
            if only is None or entry.pk in only:
                entry.timestamp = timezone.now() - dt.timedelta(days=days)
            if prev is not None:
                entry.prev_hash = prev
            entry.entry_hash = entry.compute_hash()
            AuditEntry.objects.filter(pk=entry.pk).update(
                timestamp=entry.timestamp, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
            )
            prev = entry.entry_hash
