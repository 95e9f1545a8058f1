"""Monitoring and accountability (monitoring en verantwoording): groups of municipalities that
share a policy, and the reference figures the yearly report sets the own figures against.

Seeds: the yearly report to the council (002_f9bb08b28be3f2cb.txt §3.5), the figures set against
national and regional ones (001_1cc0d1ead85ea8c6.txt §3; 004_0e82b480fca28818.txt §1 and §4.2).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalityGroup(models.Model):
    """Municipalities that share one policy and count together (beleidsgroep), e.g. the four of
    one police base team (seed 001_1cc0d1ead85ea8c6.txt §1)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        "accounts.Organisation", related_name="monitoring_groups", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("group of municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="monitoring_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class ReferenceFigure(models.Model):
    """A published figure the own figures are set against (referentiecijfer), kept by the
    functional administrator of a municipality. ``key`` marks a figure that came with the
    product (from a policy document), so filling in again adds only what is missing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="reference_figures"
    )
    key = models.CharField(max_length=60, blank=True)
    figure = models.CharField(_("figure"), max_length=300)
    value_low = models.PositiveIntegerField(_("value"))
    value_high = models.PositiveIntegerField(
        _("upper value of a range"), null=True, blank=True, help_text=_("Only for an estimate.")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.CharField(_("area"), max_length=200)
    source = models.CharField(_("source"), max_length=500)
    source_url = models.URLField(_("link to the source"), blank=True)
    cited_in = models.CharField(_("cited in"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reference figure")
        ordering = ["-year", "area", "figure"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"],
                condition=~models.Q(key=""),
                name="monitoring_reference_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure} ({self.year})"

    def clean(self) -> None:
        if self.value_high is not None and self.value_high < self.value_low:
            raise ValidationError({"value_high": _("The upper value cannot be below the value.")})
        if self.year is not None and not 1990 <= self.year <= 2100:
            raise ValidationError({"year": _("Enter a year between 1990 and 2100.")})

    @property
    def value_text(self) -> str:
        low = f"{self.value_low:,}".replace(",", ".")
        if self.value_high is None:
            return low
        return f"{low}\u2013{self.value_high:,}".replace(",", ".")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class YearlyReport(models.Model):
    """The yearly report (jaarrapportage) of a municipality or a group, for the council (seed
    002_f9bb08b28be3f2cb.txt §3.5; seed 004_0e82b480fca28818.txt §1.3). The policy officer
    writes the narrative; the figures come from the dashboard, always suppressed. Once final,
    the PDF is kept with its hash, and the data it was made from, so it can be made again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        MunicipalityGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    narrative = models.JSONField(default=dict, blank=True)  # section code -> plain text
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)  # what the final PDF was made from
    pdf = models.BinaryField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("yearly report")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False, group__isnull=True)
                | models.Q(municipality__isnull=True, group__isnull=False),
                name="monitoring_report_one_area",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=models.Q(group__isnull=True),
                name="monitoring_report_municipality_year",
            ),
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=models.Q(municipality__isnull=True),
                name="monitoring_report_group_year",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.year}"

    @property
    def area_name(self) -> str:
        return (
            self.municipality.name if self.municipality else (self.group.name if self.group else "")
        )

    @property
    def area_key(self) -> str:
        return f"m-{self.municipality_id}" if self.municipality_id else f"g-{self.group_id}"


from .plan_models import (  # noqa: E402 - the action plan's models, kept in a module of their own
    ActionOwner,
    ActionPlan,
    ActionStatus,
    OwnerKind,
    Pillar,
    PlanAction,
    PolicyDocument,
)

__all__ = [
    "ActionOwner",
    "ActionPlan",
    "ActionStatus",
    "MunicipalityGroup",
    "OwnerKind",
    "Pillar",
    "PlanAction",
    "PolicyDocument",
    "ReferenceFigure",
    "ReportState",
    "YearlyReport",
]


class QuarterCount(models.Model):
    """What the figures count of one municipality's signals that came in in one quarter (local
    time), kept by the writes (``monitoring.quarter_counts``): every write that can change a
    count recounts its municipality and quarter in the writer's transaction, so a dashboard adds
    up these rows instead of counting the region's signals. ``manage.py monitoring_recount``
    counts them all again (nightly) and says whether any differed.

    Merged signals (duplicates) are left out, as in every figure."""

    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    quarter = models.DateField()  # its first day: 1 January, 1 April, 1 July or 1 October
    signals = models.PositiveIntegerField(default=0)
    # Per dimension (dimensions.DIMENSIONS, and "step": reached that step of the route) the
    # signals per category: {"form": {"labour": 3, "none": 1}, "step": {"triage": 4}, ...}.
    counts = models.JSONField(default=dict)
    # Per step of the route, the seconds from coming in to the first arrival, sorted: one for
    # each signal that reached the step (the lead times' median and 90th percentile).
    seconds = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "quarter"], name="monitoring_quarter_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.quarter}"
