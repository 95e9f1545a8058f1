"""The partner directory (sociale kaart): what each partner handles, its threshold, how to reach
it, and its contacts (seed 003_7eb11e2830c5e158.txt §6.4; seed 004_0e82b480fca28818.txt §5.6)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalroute.partners.referrals.sharing import PROFILE_LABELS, NamedProfile


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
    # The region's own sharing rules for this organisation (partners/referrals/sharing.py);
    # blank: the rules of its category.
    sharing_profile = models.CharField(
        _("sharing rules"),
        max_length=30,
        blank=True,
        # The responsible municipality's profile belongs to municipalities, never to a partner.
        choices=[
            (p.value, PROFILE_LABELS[p])
            for p in NamedProfile
            if p != NamedProfile.RESPONSIBLE_MUNICIPALITY
        ],
    )

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
