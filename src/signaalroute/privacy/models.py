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


class RetentionSetting(models.Model):
    """A municipality's own months for a rule of the retention table (null: destroy nothing)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=40)
    months = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="retention_setting_code")
        ]

    def __str__(self) -> str:
        return self.code


class LegalHold(models.Model):
    """A signal that must not be destroyed (juridische blokkade), e.g. for a court case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.OneToOneField(
        "signals.Signal", on_delete=models.CASCADE, related_name="legal_hold"
    )
    reason = models.CharField(_("reason"), max_length=300)
    placed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"hold {self.placed_at:%Y-%m-%d}"


class Anonymised(models.Model):
    """What a retention rule did to a record, so it is done once (and counted)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["signal", "code"], name="anonymised_once")]

    def __str__(self) -> str:
        return self.code


class AnonymisedRecord(models.Model):
    """What a retention rule did to a record that is not a signal (a care trajectory, an
    approach case, a meeting), by its id, so it is done once. No link: it names no one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=40)
    object_id = models.UUIDField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["object_id", "code"], name="anonymised_record_once")
        ]

    def __str__(self) -> str:
        return self.code


class DestructionRecord(models.Model):
    """One run of one rule (vernietigingsverklaring): how many records, when, by which rule."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=40)
    rule = models.CharField(max_length=300)
    months = models.PositiveIntegerField()
    count = models.PositiveIntegerField()
    dry_run = models.BooleanField()
    run_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"{self.code} {self.run_at:%Y-%m-%d}"
