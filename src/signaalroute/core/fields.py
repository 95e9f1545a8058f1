"""Fields stored encrypted (``core.crypto``): the application reads and writes plain text,
the database holds only "enc1:<token>" — a whole text field, or the values under some keys of
a JSON object. Not for values that are searched or filtered in the database: ciphertext cannot
be compared (a value that must be found by equality is filed under ``crypto.keyed_hashes``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from .crypto import MARK, decrypt, decrypt_keys, encrypt, encrypt_keys


class EncryptedTextField(models.TextField):
    description = "Text stored encrypted"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if isinstance(value, str) else value


class EncryptedKeysJSONField(models.JSONField):
    """A JSON object whose values under ``encrypted_keys`` are stored encrypted (e.g. the
    identity-document number among a subject's details); the other keys stay plain JSON, so
    they can still be read and queried in the database. A lookup on an encrypted key
    (``details__id_document_number=…``) finds nothing: look such a value up by keyed hash."""

    description = "JSON object with some values stored encrypted"

    def __init__(self, *args: Any, encrypted_keys: Iterable[str] = (), **kwargs: Any) -> None:
        self.encrypted_keys = tuple(encrypted_keys)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["encrypted_keys"] = self.encrypted_keys
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        value = super().from_db_value(value, expression, connection)
        if isinstance(value, str) and value.startswith(MARK):  # one key read (details__key)
            return decrypt(value)
        return decrypt_keys(value, self.encrypted_keys)

    def get_prep_value(self, value: Any) -> Any:
        return super().get_prep_value(encrypt_keys(value, self.encrypted_keys))
