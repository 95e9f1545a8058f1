"""Checks and defaults for the keys the settings read (the regional hit key, the field keys)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from django.core.exceptions import ImproperlyConfigured


def hit_key_checked(text: str, key_id: str) -> str:
    """The regional hit key, refused at start-up when malformed (not at the first signal)."""

    if not text:
        return text
    try:
        if re.fullmatch(r"(?:[0-9a-fA-F]{2})+", text):
            raw = bytes.fromhex(text)
        else:
            raw = base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) < 32 or not re.fullmatch(r"[A-Za-z0-9._-]{1,40}", key_id):
        raise ImproperlyConfigured(
            "SIGNAALROUTE_HIT_KEY must be hex or base64 of at least 32 bytes, and "
            "SIGNAALROUTE_HIT_KEY_ID a label of 1-40 letters, digits, '.', '_' or '-'."
        )
    return text


def derived_field_key(secret: str) -> str:
    """A field key made from SECRET_KEY, for development, the demo and the tests only."""
    return base64.urlsafe_b64encode(
        hashlib.sha256(f"field-key:{secret}".encode()).digest()
    ).decode()
