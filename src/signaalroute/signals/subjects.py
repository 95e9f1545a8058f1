"""The parties of a signal (betrokkenen): the persons, places, organisations, vehicles and online
traces it is about, each with the structured details a focal officer adds for stacking; the
identity-document number among them is stored encrypted (``SECRET_DETAILS``). Imported by
``models.py``, so ``signals.models.SignalSubject`` is where it always was."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalroute.core.fields import EncryptedKeysJSONField


class SubjectKind(models.TextChoices):
    PERSON = "person", _("Person")
    ADDRESS = "address", _("Address or place")
    ORGANISATION = "organisation", _("Organisation or business")
    VEHICLE = "vehicle", _("Vehicle")
    ONLINE = "online", _("Online trace (advert, phone number, profile)")


class SubjectRole(models.TextChoices):
    VICTIM = "victim", _("Possible victim")
    PERPETRATOR = "perpetrator", _("Possible perpetrator")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")


# The details of a subject stored encrypted (core.fields.EncryptedKeysJSONField): the
# identity-document number. A national identification number (BSN) has no field of its own;
# should one ever be added to the details, its key belongs here. The stacking trace's copy of
# the details (stacking.Trace.record) is encrypted under the same keys.
SECRET_DETAILS: tuple[str, ...] = ("id_document_number",)


class SignalSubject(models.Model):
    """A person, place or organisation involved (a simple list; stacking makes them rich)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(_("kind"), max_length=20, choices=SubjectKind.choices)
    role = models.CharField(_("role"), max_length=20, choices=SubjectRole.choices)
    description = models.CharField(_("description"), max_length=1000)
    # Structured fields a focal officer adds for stacking (stacking.traces.DETAIL_FIELDS), kept
    # as given; the normalised form lives in the stacking index, never instead of this. The
    # SECRET_DETAILS are stored encrypted (read and written as plain text).
    details = EncryptedKeysJSONField(
        _("details"), default=dict, blank=True, encrypted_keys=SECRET_DETAILS
    )

    class Meta:
        db_table = "intake_signalsubject"
        verbose_name = _("involved party")
        ordering = ["kind", "description"]

    def __str__(self) -> str:
        return f"{self.kind}/{self.role}"
