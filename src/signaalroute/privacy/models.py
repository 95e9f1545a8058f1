"""The processing register as a municipality's privacy officer keeps it: the product's own
description (``data/register.json``) with the officer's corrections per processing."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessingEntry(models.Model):
    """A municipality's version of one processing (verwerking) of the register."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=40)
    values = models.JSONField(default=dict)  # field -> text, only what differs from the product
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("processing")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="processing_entry_code")
        ]

    def __str__(self) -> str:
        return self.code
