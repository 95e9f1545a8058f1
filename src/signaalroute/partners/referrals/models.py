"""Referrals (overdrachten) on a legal basis and the disclosure log (verstrekkingenlog).

Steps 4-5 of the meldroute (seed 002_f9bb08b28be3f2cb.txt annex 1); partner categories and the
data-sharing step plan (seed 004_0e82b480fca28818.txt §5.6.2).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import OrganisationKind

from .sharing import basis_label, field_labels


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received by partner")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
    CLOSED = "closed", _("Closed")
    REVOKED = "revoked", _("Revoked")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def to_partners(self) -> ReferralQuerySet:
        """Referrals to chain partners, without the care handovers to another municipality
        (care.handovers): those are answered in care, not fed back, so the partners' reminders
        and feedback figures leave them out."""
        return self.exclude(partner__kind=OrganisationKind.MUNICIPALITY)


class Referral(models.Model):
    """A hand-over (overdracht) of a signal to a partner, on a recorded legal basis.

    `shared` is the snapshot of exactly what the partner may see, frozen when sent and built by
    partners.sharing from the sharing profile; it is emptied when the referral is revoked.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey("signals.Signal", on_delete=models.PROTECT, related_name="referrals")
    partner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(_("purpose"), max_length=2000)
    basis = models.CharField(_("legal basis"), max_length=30)
    basis_details = models.JSONField(default=dict, blank=True)
    # On the basis "consent": the recorded consent it rests on (partners.consents).
    consent = models.ForeignKey(
        "partners.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_fields = models.JSONField(default=list)
    shared = models.JSONField(default=dict)
    state = models.CharField(
        max_length=20, choices=ReferralState.choices, default=ReferralState.SENT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, max_length=2000)
    feedback_due_on = models.DateField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    feedback_kind = models.CharField(max_length=30, blank=True)
    feedback_text = models.TextField(blank=True, max_length=5000)
    feedback_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True, max_length=2000)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def basis_label(self) -> str:
        """The legal basis in words (never its code) for partners' and officers' pages."""
        return basis_label(self.basis)

    @property
    def shared_field_labels(self) -> list[str]:
        return field_labels(self.shared_fields)


class Disclosure(models.Model):
    """The disclosure log: who shared which fields of which signal with whom, on what basis.

    Append-only in intent (no service updates or deletes it); listed per data subject for an
    access request (AVG art. 15) through `subject_ids`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.PROTECT, related_name="disclosures"
    )
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="disclosures")
    fields = models.JSONField()
    basis = models.CharField(max_length=30)
    subject_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def basis_label(self) -> str:
        return basis_label(self.basis)

    @property
    def field_labels(self) -> list[str]:
        return field_labels(self.fields)
