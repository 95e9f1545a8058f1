"""Encryption at rest of the most sensitive fields (versleuteling): authenticated encryption
(Fernet: AES-128-CBC with HMAC-SHA256, from the `cryptography` package) with keys from the
environment. `SIGNAALROUTE_FIELD_KEYS` lists one or more keys, newest first: the newest
encrypts, all decrypt, so a key can be rotated (`manage.py rotate_field_keys`) without
downtime. A value is stored as "enc1:<token>"; a value without that mark is old plaintext and is
read as it is until the migration or a rotation encrypts it."""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MARK = "enc1:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "SIGNAALROUTE_FIELD_KEYS is empty: the reporter's identity cannot be stored encrypted."
        )
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "SIGNAALROUTE_FIELD_KEYS holds a key that is not a Fernet key "
            "(32 url-safe base64 bytes; make one with `manage.py rotate_field_keys --new-key`)."
        ) from error


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.SIGNAALROUTE_FIELD_KEYS))


def encrypt(text: str) -> str:
    if not text:
        return text
    return MARK + fernet().encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    if not value or not value.startswith(MARK):
        return value
    try:
        return fernet().decrypt(value[len(MARK) :].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with SIGNAALROUTE_FIELD_KEYS: a key is missing."
        ) from error


def rotate(value: str) -> str:
    """The value encrypted with the newest key (plaintext gets encrypted too)."""
    if not value:
        return value
    if not value.startswith(MARK):
        return encrypt(value)
    return MARK + fernet().rotate(value[len(MARK) :].encode()).decode()


def new_key() -> str:
    return Fernet.generate_key().decode()
