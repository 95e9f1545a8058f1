"""A text field stored encrypted (``core.crypto``): the application reads and writes plain
text, the database holds only "enc1:<token>". Not for fields that are searched or filtered in
the database: ciphertext cannot be compared."""

from __future__ import annotations

from typing import Any

from django.db import models

from .crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    description = "Text stored encrypted"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if isinstance(value, str) else value
