"""The audit trail: append-only, hash-chained (each entry hashes its content and the previous hash)."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Outcome(models.TextChoices):
    SUCCESS = "success", _("succeeded")
    DENIED = "denied", _("denied")
    FAILED = "failed", _("failed")


class AuditEntry(models.Model):
    """One thing that happened. Holds field *names*, never personal-data values."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    position = models.PositiveBigIntegerField(unique=True)
    timestamp = models.DateTimeField(db_index=True)
    actor_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_roles = models.CharField(max_length=300, blank=True)
    organisation_id = models.UUIDField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=100, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    fields = models.JSONField(default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    client_address = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-position"]
        verbose_name = _("audit entry")

    def __str__(self) -> str:
        return f"#{self.position} {self.action}"

    def content(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "position": self.position,
            "timestamp": self.timestamp.isoformat(timespec="microseconds"),
            "actor_id": str(self.actor_id) if self.actor_id else "",
            "actor_username": self.actor_username,
            "actor_roles": self.actor_roles,
            "organisation_id": str(self.organisation_id) if self.organisation_id else "",
            "action": self.action,
            "outcome": self.outcome,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "fields": list(self.fields),
            "extra": self.extra,
            "request_id": self.request_id,
            "client_address": self.client_address,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.content(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditAnchor(models.Model):
    """Where the chain starts after its oldest entries were pruned under the retention table:
    the position and hash of the last entry removed. The first remaining entry's ``prev_hash``
    is this hash, so the chain verifies from here (``verify.verify_chain``); the ``audit.prune``
    entry each pruning appends repeats both, so an anchor the chain does not confirm fails.
    Append-only like the entries (on PostgreSQL by trigger)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    position = models.PositiveBigIntegerField(unique=True)  # the last position removed
    entry_hash = models.CharField(max_length=64)  # that entry's hash
    removed = models.PositiveIntegerField()  # entries removed by this batch
    before = models.DateTimeField()  # the entries removed were older than this
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-position"]

    def __str__(self) -> str:
        return f"anchor #{self.position}"
