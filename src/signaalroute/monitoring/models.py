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
