"""What only the ways in keep: the public reporter's receipt and advice questions.

The signal itself lives in `signaalroute.signals`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalroute.signals.models import Signal


class PublicReceipt(models.Model):
    """The receipt of a public report: a code to quote and a secret only the reporter has."""

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="receipt")
    code = models.CharField(max_length=20, unique=True)
    secret_hash = models.CharField(max_length=128)
    failed_attempts = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.code


class AdviceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CONVERTED = "converted", _("Turned into a signal")


class AdviceQuestion(models.Model):
    """An advice question (adviesvraag) to the focal officer (seed 000_a1f13d5d9f6634fb.txt §2.6)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="advice_questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    question = models.TextField(_("question"), max_length=5000)
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=AdviceStatus.choices, default=AdviceStatus.OPEN
    )
    signal = models.OneToOneField(
        Signal, on_delete=models.SET_NULL, null=True, blank=True, related_name="advice_question"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("advice question")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.id)
