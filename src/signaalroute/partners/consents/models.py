"""Consent records (toestemming): who consented to what, when and how, and its withdrawal.

The sharing gate reads them: a referral on the basis "consent" points to one record of the
signal that is not withdrawn (seed 004_0e82b480fca28818.txt §5.6.2). A CoMensha registration
refers to the victim's written consent (seed 000_a1f13d5d9f6634fb.txt §2.3).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentHow(models.TextChoices):
    VERBAL = "verbal", _("Verbally")
    WRITTEN = "written", _("In writing (signed)")
    DIGITAL = "digital", _("Digitally (e-mail or form)")


class Consent(models.Model):
    """The consent of a person concerned (usually the possible victim) to share for a scope."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey("signals.Signal", on_delete=models.PROTECT, related_name="consents")
    subject = models.ForeignKey(
        "signals.SignalSubject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person concerned"),
    )
    given_by = models.CharField(_("who gave consent"), max_length=200)
    given_on = models.DateField(_("when (date)"))
    scope = models.CharField(_("for what (scope)"), max_length=500)
    how = models.CharField(_("how"), max_length=10, choices=ConsentHow.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.CharField(_("how it was withdrawn"), max_length=500, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        verbose_name = _("consent")

    def __str__(self) -> str:
        return str(self.id)  # never who gave it: str() ends up in logs

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.given_by.strip():
            errors["given_by"] = _("Say who gave consent.")
        if not self.scope.strip():
            errors["scope"] = _("Say what the consent is for.")
        today = timezone.localdate()
        if self.given_on and self.given_on > today:
            errors["given_on"] = _("Consent cannot be given on a date in the future.")
        if self.withdrawn_on:
            if self.given_on and self.withdrawn_on < self.given_on:
                errors["withdrawn_on"] = _("Consent cannot be withdrawn before it was given.")
            elif self.withdrawn_on > today:
                errors["withdrawn_on"] = _("A withdrawal cannot be on a date in the future.")
        if self.subject_id and self.subject and self.subject.signal_id != self.signal_id:
            errors["subject"] = _("Choose a person of this signal.")
        if errors:
            raise ValidationError(errors)
