"""The approach (aanpak): approach cases (aanpakdossiers) on a possible perpetrator, a location or
an organisation, and the interventions the municipality uses against them, each tagged with the
barrier it raises (seed 001_1cc0d1ead85ea8c6.txt §4.1.3; the location route of seed
000_a1f13d5d9f6634fb.txt §2.4; Midden-Delfland's integral controls, seed 004_0e82b480fca28818.txt
§5.5). Care data never enters a case: a case links signals and shows their perpetrators, places
and organisations, never their possible victims or care trajectories.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import catalogue


class CaseKind(models.TextChoices):
    PERSON = "person", _("A possible perpetrator")
    LOCATION = "location", _("A location")
    ORGANISATION = "organisation", _("An organisation or business")


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ApproachCase(models.Model):
    """An approach case (aanpakdossier), owned by a focal officer of the safety domain."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="approach_cases"
    )
    kind = models.CharField(_("about"), max_length=20, choices=CaseKind.choices)
    title = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    signals = models.ManyToManyField(
        "signals.Signal", related_name="approach_cases", blank=True, verbose_name=_("signals")
    )
    # The stack it came from: a trace of it (a stack is the traces linked to one another).
    stack_trace = models.ForeignKey(
        "stacking.Trace", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The risk location it is about (the location route, seed 000 §2.4), when registered.
    risk_location = models.ForeignKey(
        "locations.RiskLocation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approach_cases",
        verbose_name=_("risk location"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), max_length=2000, blank=True)
    next_discussion_on = models.DateField(
        _("next discussion in the signalling meeting"), null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["state", "-opened_on"]
        verbose_name = _("approach case")

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.title.strip():
            errors["title"] = _("Name the person, location or organisation.")
        if self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot close before it was opened.")
        if self.state == CaseState.CLOSED and not (self.closed_on and self.close_reason.strip()):
            errors["close_reason"] = _("Give the date and the reason for closing.")
        if errors:
            raise ValidationError(errors)


class InterventionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Intervention(models.Model):
    """One instrument used in a case (interventie), of a kind from the catalogue, with its own
    fields (``details``), the barrier it raises, the decision, who is responsible, dates and the
    outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(ApproachCase, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(_("intervention"), max_length=30)
    barrier = models.CharField(_("barrier"), max_length=20)
    details = models.JSONField(default=dict, blank=True)
    responsible = models.CharField(_("responsible party"), max_length=200)
    partners = models.ManyToManyField(
        "accounts.Organisation", related_name="+", blank=True, verbose_name=_("partners")
    )
    checklist = models.JSONField(_("signs seen"), default=list, blank=True)
    planned_on = models.DateField(_("planned on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    signoff_by = models.CharField(_("privacy officer's sign-off by"), max_length=200, blank=True)
    signoff_on = models.DateField(_("signed off on"), null=True, blank=True)
    decision = models.TextField(_("decision"), max_length=5000, blank=True)
    outcome = models.TextField(_("outcome"), max_length=5000, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=InterventionState.choices,
        default=InterventionState.PLANNED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["planned_on", "created_at"]
        verbose_name = _("intervention")

    def __str__(self) -> str:
        return f"{self.kind} {self.planned_on}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        kind = catalogue().kind(self.kind)
        if kind is None:
            raise ValidationError({"kind": _("Choose an intervention from the catalogue.")})
        if self.barrier not in {b.code for b in catalogue().barriers}:
            errors["barrier"] = _("Choose the barrier it raises.")
        for f in kind.fields:
            if f.required and not str(self.details.get(f.key, "")).strip():
                errors[f.key] = _("This intervention needs this.")
        if not self.responsible.strip():
            errors["responsible"] = _("Say who is responsible.")
        if self.state == InterventionState.DONE and not self.done_on:
            errors["done_on"] = _("Give the date it was done.")
        if kind.period:
            if not self.starts_on:
                errors["starts_on"] = _("Give the start.")
            if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
                errors["ends_on"] = _("The end cannot come before the start.")
        if kind.signoff and self.state == InterventionState.DONE:
            if not (self.signoff_by.strip() and self.signoff_on):
                errors["signoff_on"] = _(
                    "The privacy officer signs off before the check: record who and when."
                )
            elif self.done_on and self.signoff_on > self.done_on:
                errors["signoff_on"] = _("The sign-off must come before the check.")
        if errors:
            raise ValidationError(errors)


class Finding(models.Model):
    """What one partner found at an integral control (bevinding per partner)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="findings"
    )
    partner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("findings"), max_length=5000)

    class Meta:
        ordering = ["partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "partner"], name="finding_per_partner")
        ]

    def __str__(self) -> str:
        return f"finding {self.partner_id}"


class CaseEvent(models.Model):
    """One line of a case's timeline; `text` may name the perpetrator or the place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(ApproachCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=5000)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"case event {self.at:%Y-%m-%d}"
