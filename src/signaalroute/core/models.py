from __future__ import annotations

import uuid

from django.db import models


class RateLimitHit(models.Model):
    """One counted request. `key` is a keyed hash of scope + client address, never the address;
    rows older than the window are deleted on every check, so nothing outlives the window."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key[:8]


class Notification(models.Model):
    """An outgoing e-mail in the outbox (`core.outbox`). Retried until sent; failures stay
    visible, never lost. Bodies never carry personal data: they say there is something, with a
    link.

    `signal_id` and `referral_id` say what the mail is about, as plain ids: the ground of the
    house knows no domain model, so there is no foreign key. The signal page lists a signal's
    undelivered mail by `signal_id`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=30)
    recipients = models.JSONField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    signal_id = models.UUIDField(null=True, blank=True, db_index=True)
    referral_id = models.UUIDField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.kind
