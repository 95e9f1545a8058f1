"""The regional key of the hit/no-hit index: HMAC-SHA256 with ``SIGNAALROUTE_HIT_KEY`` (shared
out of band by the municipalities of a region, labelled ``SIGNAALROUTE_HIT_KEY_ID``) over
``"<kind>:<normalised value>"``."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_BYTES = 32


KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,40}")


@dataclass(frozen=True)
class HitKey:
    key_id: str
    secret: bytes


def decode_key(text: str) -> bytes:
    """The key's bytes from hex or base64 text; :class:`ValueError` when it is neither."""
    text = text.strip()
    if re.fullmatch(r"(?:[0-9a-fA-F]{2})+", text):
        return bytes.fromhex(text)
    try:
        return base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("neither hex nor base64") from None


def hit_key() -> HitKey | None:
    """The regional key from the settings; None when the check is off (no key set)."""
    text = str(getattr(settings, "SIGNAALROUTE_HIT_KEY", "") or "").strip()
    key_id = str(getattr(settings, "SIGNAALROUTE_HIT_KEY_ID", "") or "").strip()
    if not text:
        return None
    try:
        secret = decode_key(text)
    except ValueError:
        raise ImproperlyConfigured("SIGNAALROUTE_HIT_KEY must be hex or base64.") from None
    if len(secret) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(f"SIGNAALROUTE_HIT_KEY must be at least {MIN_KEY_BYTES} bytes.")
    if not KEY_ID_PATTERN.fullmatch(key_id):
        raise ImproperlyConfigured(
            "SIGNAALROUTE_HIT_KEY_ID must be set (1-40 letters, digits, '.', '_' or '-')."
        )
    return HitKey(key_id, secret)


def hit_digest(key: HitKey, kind: str, value: str) -> str:
    """HMAC-SHA256 over ``"<kind>:<normalised value>"``, hex."""
    return hmac.new(key.secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
