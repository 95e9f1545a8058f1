"""`manage.py rotate_field_keys`: encrypt every encrypted field again with the newest key of
SIGNAALROUTE_FIELD_KEYS (after putting a new key first; the old one can go once this ran), the
encrypted keys of JSON fields included (a subject's identity-document number), then let the
rooms above re-file what they keep under keyed hashes of the field keys
(``SIGNAALROUTE_FIELD_KEYS_ROTATED``, conf/wiring.py: stacking's blocking keys of documents).
Run it again after removing the old key, so no keyed hash made with that key is left.
`--new-key` prints a fresh key and changes nothing."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction
from django.utils.module_loading import import_string

from signaalroute.core.crypto import new_key
from signaalroute.core.fields import EncryptedKeysJSONField, EncryptedTextField

BATCH = 200


def _rows(model: type[models.Model]) -> tuple[list[str], models.QuerySet[Any]]:
    """The encrypted fields of a model, and the rows that may hold a value in them."""
    texts, objects = [], []
    for field in model._meta.get_fields():
        if isinstance(field, EncryptedTextField):
            texts.append(field.name)
        elif isinstance(field, EncryptedKeysJSONField):
            objects.append(field)
    rows = model._base_manager.all()
    if objects and not texts:  # only the rows that hold an encrypted key
        rows = rows.filter(
            reduce(
                or_,
                (models.Q(**{f"{f.name}__has_any_keys": list(f.encrypted_keys)}) for f in objects),
            )
        )
    return texts + [f.name for f in objects], rows


class Command(BaseCommand):
    help = "Re-encrypt the encrypted fields with the newest key, or print a new key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", action="store_true", help="print a fresh key and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        for model in apps.get_models():
            fields, rows = _rows(model)
            if not fields:
                continue
            ids = list(rows.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                with transaction.atomic():
                    batch = model._base_manager.select_for_update().filter(
                        pk__in=ids[start : start + BATCH]
                    )
                    for row in batch:  # read with any key, written with the newest
                        model._base_manager.filter(pk=row.pk).update(
                            **{name: getattr(row, name) for name in fields}
                        )
            self.stdout.write(f"{model._meta.label}: {len(ids)} re-encrypted")
        for path in getattr(settings, "SIGNAALROUTE_FIELD_KEYS_ROTATED", ()):
            self.stdout.write(import_string(path)())
