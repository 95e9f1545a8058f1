"""A restricted subject (beperking van de verwerking, AVG art. 18): while the privacy officer
handles a data subject's request, the subject stays recorded but is not shared with partners
and not matched by stacking. Lower apps ask ``is_restricted`` / ``without_restricted``; the
privacy app places and lifts a restriction through ``signals.services``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectRestriction(models.Model):
    """One subject whose processing is restricted, with the reason (no personal data)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.OneToOneField(
        "signals.SignalSubject", on_delete=models.CASCADE, related_name="restriction"
    )
    reason = models.CharField(_("reason"), max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("restriction of processing")

    def __str__(self) -> str:
        return f"restriction {self.placed_at:%Y-%m-%d}"


def restricted_ids(subjects: Iterable[Any]) -> set[Any]:
    """The ids among ``subjects`` whose processing is restricted (one query)."""
    ids = [s.pk for s in subjects]
    return set(
        SubjectRestriction.objects.filter(subject_id__in=ids).values_list("subject_id", flat=True)
    )


def without_restricted(subjects: Iterable[Any]) -> list[Any]:
    """``subjects`` less the restricted ones: what may be shared or matched."""
    subjects = list(subjects)
    restricted = restricted_ids(subjects)
    return [s for s in subjects if s.pk not in restricted]
