"""The action plan (uitvoeringsplan) and the policy cycle. Loaded through ``models``.

Pillars default to the five of the issue (awareness, signalling, care and shelter, approach and
barriers, cooperation and monitoring) and can be named per plan, e.g. Montfoort's own five
(seed 002_f9bb08b28be3f2cb.txt §1.2). Actions carry the planning as written and what can be read
from it (``planning.read_planning``). Policy documents are evaluated every two years (seed
004_0e82b480fca28818.txt §1.3).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_PILLARS = (
    "Bewustwording",
    "Signalering",
    "Zorg en opvang",
    "Aanpak en barrières",
    "Samenwerking en monitoring",
)


class ActionPlan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action plan")
        ordering = ["-first_year", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot be before the first.")})


class Pillar(models.Model):
    """A pillar (pijler) of a plan."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="pillars")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("pillar"), max_length=200)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="pillar_name")]

    def __str__(self) -> str:
        return self.name


class OwnerKind(models.TextChoices):
    PERSON = "person", _("Person or role")
    TEAM = "team", _("Team or department")
    ORGANISATION = "organisation", _("Organisation")


class ActionOwner(models.Model):
    """Who can own an action (wie), kept per municipality: an import naming anyone else is
    refused, so "RIEC" and "het Riec" do not become two owners."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OwnerKind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="action_owner_name")
        ]

    def __str__(self) -> str:
        return self.name


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlanAction(models.Model):
    """One action (actie) of a pillar."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"), max_length=2000)
    planning = models.CharField(_("planning"), max_length=300, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    recurring = models.BooleanField(_("recurring"), default=False)
    owners = models.ManyToManyField(ActionOwner, related_name="actions", verbose_name=_("who"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    evidence = models.TextField(_("evidence"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pillar__position", "due_on", "description"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def overdue(self) -> bool:
        open_ = self.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
        return open_ and self.due_on is not None and self.due_on < timezone.localdate()


class PolicyDocument(models.Model):
    """A policy document in force (beleidsstuk) and its evaluation, due every
    ``evaluate_every_years`` after adoption or the last evaluation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="policy_documents"
    )
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"))
    evaluate_every_years = models.PositiveSmallIntegerField(_("evaluate every (years)"), default=2)
    evaluated_on = models.DateField(_("last evaluated on"), null=True, blank=True)
    evaluation_outcome = models.TextField(
        _("outcome of the evaluation"), max_length=5000, blank=True
    )
    reminded_for = models.DateField(null=True, blank=True)  # the due date last reminded of

    class Meta:
        verbose_name = _("policy document")
        ordering = ["-adopted_on"]

    def __str__(self) -> str:
        return self.title

    @property
    def evaluation_due(self) -> dt.date:
        start = self.evaluated_on or self.adopted_on
        years = self.evaluate_every_years or 2
        try:
            return start.replace(year=start.year + years)
        except ValueError:  # 29 February
            return start.replace(year=start.year + years, day=28)

    @property
    def evaluation_overdue(self) -> bool:
        return self.evaluation_due < timezone.localdate()
