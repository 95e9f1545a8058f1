from __future__ import annotations

from django.db import models


class RateLimitHit(models.Model):
    """One counted request. `key` is a keyed hash of scope + client address, never the address;
    rows older than the window are deleted on every check, so nothing outlives the window."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key[:8]
