"""Encryption at rest of the most sensitive fields (versleuteling): authenticated encryption
(Fernet: AES-128-CBC with HMAC-SHA256, from the `cryptography` package) with keys from the
environment. `SIGNAALROUTE_FIELD_KEYS` lists one or more keys, newest first: the newest
encrypts, all decrypt, so a key can be rotated (`manage.py rotate_field_keys`) without
downtime. A value is stored as "enc1:<token>"; a value without that mark is old plaintext and is
read as it is until the migration or a rotation encrypts it.

Whole text fields use ``core.fields.EncryptedTextField``; single keys of a JSON object (an
identity-document number among a subject's details) ``encrypt_keys``/``decrypt_keys``, through
``core.fields.EncryptedKeysJSONField``. A value that must still be found by equality (a
stacking blocking key) is stored as ``keyed_hashes``: HMAC-SHA256 under a key derived from each
field key, never as text."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MARK = "enc1:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "SIGNAALROUTE_FIELD_KEYS is empty: the reporter's identity and identity-document "
            "numbers cannot be stored encrypted."
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


def encrypt_keys(data: Any, keys: Iterable[str]) -> Any:
    """A copy of the JSON object ``data`` with the text under ``keys`` encrypted (a list of
    texts item by item); other keys, and anything that is not an object, as they are. A value
    that is encrypted already is left alone, so encrypting twice does no harm."""
    if not isinstance(data, dict) or not any(k in data for k in keys):
        return data
    return {k: _each(v, _encrypt_once) if k in keys else v for k, v in data.items()}


def decrypt_keys(data: Any, keys: Iterable[str]) -> Any:
    """A copy of the JSON object ``data`` with the values under ``keys`` decrypted."""
    if not isinstance(data, dict) or not any(k in data for k in keys):
        return data
    return {k: _each(v, decrypt) if k in keys else v for k, v in data.items()}


def _encrypt_once(text: str) -> str:
    """Encrypt, unless the text is a token these keys made already. Text that merely starts
    with the mark (someone typed "enc1:…") is encrypted like any other: stored as it is, it
    would be taken for a token that no key opens."""
    if text.startswith(MARK):
        try:
            fernet().decrypt(text[len(MARK) :].encode())
        except InvalidToken:
            return encrypt(text)
        return text
    return encrypt(text)


def _each(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [change(v) if isinstance(v, str) else v for v in value]
    return value


@cache
def _hash_keys(keys: tuple[str, ...]) -> tuple[bytes, ...]:
    _fernet(keys)  # the same checks, the same message when a key is missing or malformed
    return tuple(
        hmac.new(base64.urlsafe_b64decode(key), b"signaalroute keyed hash v1", "sha256").digest()
        for key in keys
    )


def keyed_hashes(text: str) -> tuple[str, ...]:
    """HMAC-SHA256 of ``text`` under a key derived from each field key, newest first (hex, 128
    bits): the value can be looked up by equality without being stored. While a rotation lists
    two keys a value has two hashes, so values filed under either key still meet."""
    return tuple(
        hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()[:32]
        for secret in _hash_keys(tuple(settings.SIGNAALROUTE_FIELD_KEYS))
    )
