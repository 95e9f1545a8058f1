"""The route's timeline, tasks and each municipality's route settings."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalroute.signals.models import State

from .rules import (
    ASSIGNMENT_DOMAIN_LABELS,
    DEFAULT_ACUTE_MINUTES,
    DEFAULT_DEADLINE_WORKING_DAYS,
    AssignmentDomain,
)


class RouteSettings(models.Model):
    """Per municipality: is step 1 (team coordinator) required, and the deadlines per state."""

    municipality = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="route_settings"
    )
    team_coordinator_step_required = models.BooleanField(
        _("step 1 (team coordinator) required"),
        default=False,
        help_text=_("When on, an employee must choose a team coordinator when reporting."),
    )
    deadlines = models.JSONField(
        _("deadlines in working days per state"),
        default=dict,
        blank=True,
        help_text=_("Overrides of the default deadlines; states not named keep the default."),
    )
    acute_minutes = models.PositiveIntegerField(
        _("minutes to pick up an acute signal"), default=DEFAULT_ACUTE_MINUTES
    )

    class Meta:
        verbose_name = _("route settings")

    def __str__(self) -> str:
        return f"route settings {self.municipality_id}"

    def clean(self) -> None:
        for state, days in self.deadlines.items():
            if state not in State.values or not isinstance(days, int) or not 0 < days <= 365:
                raise ValidationError(
                    {"deadlines": _("Each deadline is a whole number of working days (1-365).")}
                )

    def working_days_for(self, state: str) -> int | None:
        if state in self.deadlines:
            return int(self.deadlines[state])
        return DEFAULT_DEADLINE_WORKING_DAYS.get(State(state))


class Task(models.Model):
    """A to-do on a signal with a due date (e.g. 'call NLA back')."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    due_on = models.DateField(_("due date"))
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on"]

    def __str__(self) -> str:
        return str(self.id)


class SignalAssignment(models.Model):
    """Toewijzing: the domain a signal belongs to (safety, care or both) and the focal officer
    who owns it (seed 004_0e82b480fca28818.txt §5.1). Proposed from the signal's subjects until
    a focal officer sets it by hand (`set_by_hand`); after that it is never proposed again."""

    signal = models.OneToOneField(
        "signals.Signal", on_delete=models.CASCADE, related_name="assignment"
    )
    domain = models.CharField(
        _("domain"),
        max_length=10,
        choices=[(str(d), label) for d, label in ASSIGNMENT_DOMAIN_LABELS.items()],
        default=str(AssignmentDomain.BOTH),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    set_by_hand = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assignment")

    def __str__(self) -> str:
        return f"assignment {self.signal_id}"


class Absence(models.Model):
    """Afwezigheid: a focal officer marked themselves away in a municipality. While away, the
    signals they own go to a focal officer of the other domain (see `assignments`); marking
    oneself back deletes the row (the audit chain keeps the history)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateTimeField(_("away since"))

    class Meta:
        verbose_name = _("absence")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="absence_unique_user")
        ]

    def __str__(self) -> str:
        return f"absence {self.user_id}"
