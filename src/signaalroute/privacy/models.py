"""The privacy officer's records: the processing register's corrections per processing, the
retention settings, legal holds and destruction records, and data subjects' requests."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalroute.core.fields import EncryptedTextField


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
    """One run of one rule (vernietigingsverklaring): how many records, when, by which rule.
    Without a municipality for a rule that is one for the installation (the audit log)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
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


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (art. 15)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    ERASURE = "erasure", _("Erasure (art. 17)")
    RESTRICTION = "restriction", _("Restriction (art. 18)")


class RequestState(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


class DataSubjectRequest(models.Model):
    """A data subject's request (verzoek van een betrokkene, AVG art. 15-18), answered within
    a month of receipt (art. 12(3)); the search terms that identify the person are encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=RequestKind.choices)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due on"))
    extension_reason = models.CharField(_("reason for the extension"), max_length=500, blank=True)
    # How the person showed who they are (e.g. "in person at the desk, passport shown"): never
    # a document number.
    identified_how = models.CharField(_("how the person identified themselves"), max_length=300)
    # Encrypted at rest (core.fields): the terms that find the person's records.
    name = EncryptedTextField(_("name"), max_length=200)
    date_of_birth = EncryptedTextField(_("date of birth"), max_length=20, blank=True)
    identifiers = EncryptedTextField(_("other identifiers"), max_length=1000, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.RECEIVED
    )
    refusal_reason = models.CharField(_("reason for refusal"), max_length=1000, blank=True)
    handled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # The due date the reminders were sent for (a week ahead, on the day): each once.
    reminded_ahead_for = models.DateField(null=True, blank=True)
    reminded_due_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data subject's request")
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.received_on:%Y-%m-%d}"  # never the name

    @property
    def is_open(self) -> bool:
        return self.state in (RequestState.RECEIVED, RequestState.IN_PROGRESS)

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_on < today
