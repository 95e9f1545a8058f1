"""Routing rules per region, kept as versioned data (which partner to advise when)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
