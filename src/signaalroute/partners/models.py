"""Partners (ketenpartners): the directory, routing rules, referrals (overdrachten) with their
legal basis and the disclosure log.

Steps 4-5 of the meldroute (seed 002_f9bb08b28be3f2cb.txt annex 1); partner categories and the
data-sharing step plan (seed 004_0e82b480fca28818.txt §5.6.2).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerProfile(models.Model):
    """What a partner organisation handles and how to reach it (directory entry)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="partner_profile"
    )
    description = models.TextField(_("what this partner does"), blank=True, max_length=3000)
    handles_forms = models.JSONField(_("forms of exploitation handled"), default=list, blank=True)
    target_groups = models.CharField(_("target groups"), max_length=500, blank=True)
    thresholds = models.TextField(
        _("which signals it takes (threshold)"), blank=True, max_length=2000
    )
    phone_24_7 = models.CharField(_("24/7 telephone"), max_length=30, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    mailbox = models.EmailField(_("functional mailbox"), blank=True)
    # Roles this organisation fills in its region's routing rules, e.g. "police",
    # "labour_inspectorate_investigation", "care_coordinator" (partners/routing.py).
    routing_roles = models.JSONField(_("roles in routing"), default=list, blank=True)
    feedback_weeks = models.PositiveIntegerField(_("weeks until feedback is due"), default=4)

    class Meta:
        verbose_name = _("partner profile")

    def __str__(self) -> str:
        return f"profile {self.organisation_id}"


class PartnerContact(models.Model):
    """A named contact at a partner, with their role (e.g. 'AVIM duty officer')."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="partner_contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("partner contact")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.role


class RoutingRuleSet(models.Model):
    """A version of a region's routing rules. Exactly one version per region is active."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.CASCADE, related_name="routing_rule_sets"
    )
    version = models.PositiveIntegerField()
    rules = models.JSONField()
    active = models.BooleanField(default=False)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "version"], name="ruleset_version_unique"),
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(active=True), name="ruleset_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"rules v{self.version}"


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received by partner")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
    CLOSED = "closed", _("Closed")
    REVOKED = "revoked", _("Revoked")


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

    class Meta:
        verbose_name = _("referral")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return str(self.id)


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
