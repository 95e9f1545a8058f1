"""A small fixed-window rate limit in the database (no cache server needed)."""

from __future__ import annotations

import datetime as dt
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import RateLimitHit


def _key(scope: str, client: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{scope}|{client}".encode(), "sha256").hexdigest()


@transaction.atomic
def rate_limit_hit(*, scope: str, client: str, limit: int, window: dt.timedelta) -> bool:
    """Count one request; False when the client is over the limit for this scope."""
    now = timezone.now()
    RateLimitHit.objects.filter(at__lt=now - window).delete()
    key = _key(scope, client)
    if RateLimitHit.objects.filter(key=key).count() >= limit:
        return False
    RateLimitHit.objects.create(key=key, at=now)
    return True
