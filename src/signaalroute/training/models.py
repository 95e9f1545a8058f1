"""Training and awareness (training en bewustwording): trained, aware staff are the first
condition for signals to exist at all (seed 000_a1f13d5d9f6634fb.txt §1.2-1.3, seed
001_1cc0d1ead85ea8c6.txt §4.1.2, seed 004_0e82b480fca28818.txt §5.2.2).

Who must be trained is a target per municipality, linked to one of its teams, with a renewal
interval of one or two years; a training records its date, provider, kind and who attended;
the awareness calendar holds recurring items and what was done for each.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

RENEWAL_CHOICES = [(1, _("Every year")), (2, _("Every two years"))]


class TrainingTarget(models.Model):
    """A group of employees that must be trained (doelgroep), e.g. the front desk."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="training_targets"
    )
    name = models.CharField(_("name"), max_length=200)
    team = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    renewal_years = models.PositiveSmallIntegerField(
        _("renew every"), choices=RENEWAL_CHOICES, default=1
    )
    source = models.CharField(max_length=200, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="training_target_name")
        ]

    def __str__(self) -> str:
        return self.name


class TrainingKind(models.TextChoices):
    BASIC = "basic", _("Basic training")
    REFRESHER = "refresher", _("Refresher")
    LVB = "lvb_module", _("Module on mild intellectual disability (social and youth teams)")
    FOCAL = "focal_officer", _("Focal-officer training")


class Training(models.Model):
    """A training given, and who attended (deelnemers)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="trainings"
    )
    held_on = models.DateField(_("date"))
    provider = models.CharField(_("provider"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    title = models.CharField(_("title or subject"), max_length=300, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="trainings", verbose_name=_("attended")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class AwarenessItem(models.Model):
    """A recurring item of the awareness calendar (bewustwordingskalender), e.g. the European
    day against trafficking on 18 October; ``times_per_year`` spreads it over the year from
    ``month``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="awareness_items"
    )
    title = models.CharField(_("what"), max_length=300)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    times_per_year = models.PositiveSmallIntegerField(
        _("times a year"), default=1, choices=[(n, str(n)) for n in (1, 2, 3, 4, 6, 12)]
    )
    source = models.CharField(max_length=200, blank=True)
    reminded_for = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["month", "day", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.day and self.month:
            try:
                dt.date(2024, self.month, self.day)  # a leap year: 29 February exists
            except ValueError as error:
                raise ValidationError(
                    {"day": _("This day does not exist in that month.")}
                ) from error

    def dates_in(self, year: int) -> list[dt.date]:
        step = 12 // (self.times_per_year or 1)
        out = []
        for n in range(self.times_per_year or 1):
            month = (self.month - 1 + n * step) % 12 + 1
            day = min(self.day or 1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
            out.append(dt.date(year, month, day))
        return sorted(out)


class AwarenessAction(models.Model):
    """What was done for an item (e.g. "bericht op intranet geplaatst")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AwarenessItem, on_delete=models.CASCADE, related_name="actions")
    done_on = models.DateField(_("done on"))
    what = models.TextField(_("what was done"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-done_on"]

    def __str__(self) -> str:
        return f"{self.item} {self.done_on}"
