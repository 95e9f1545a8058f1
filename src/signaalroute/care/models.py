"""Victim care (zorg): care trajectories (zorgtrajecten) with the responsible municipality,
shelter and its waiting time, the dates the municipality tracks, handovers to the responsible
municipality, and the local shelter places the focal officers know.

The municipality is legally and financially responsible for the care of victims (Wmo 2015,
Jeugdwet; seed 000_a1f13d5d9f6634fb.txt §3.1, seed 004_0e82b480fca28818.txt §5.4); a standard
process for safe shelter is a goal (seed 001_1cc0d1ead85ea8c6.txt §4.1.4); gaps, waiting times and
a registered address that differs from where the victim lives are named failures (seed
003_7eb11e2830c5e158.txt §6.6-6.7).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    READING_SOURCES,
    EndReason,
    HandoverState,
    Reading,
    Registration,
    Residence,
    TrajectoryStatus,
)
from .lists import care_lists

__all__ = [
    "READING_SOURCES",
    "CareEvent",
    "CareHandover",
    "CareSettings",
    "CareTrajectory",
    "EndReason",
    "HandoverState",
    "LocalShelterPlace",
    "Reading",
    "Registration",
    "Residence",
    "ShelterPlacement",
    "TrajectoryStatus",
]


class CareSettings(models.Model):
    """A region's care settings (zorginstellingen)."""

    region = models.OneToOneField(
        "accounts.Region", on_delete=models.CASCADE, related_name="care_settings"
    )
    reading = models.CharField(
        _("who the rule on the responsible municipality covers"),
        max_length=20,
        choices=Reading.choices,
        default=Reading.EVERYONE,
    )

    class Meta:
        verbose_name = _("care settings")

    def __str__(self) -> str:
        return f"care settings {self.region_id}"


class CareTrajectory(models.Model):
    """A care trajectory (zorgtraject) for one (possible) victim of one signal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.PROTECT, related_name="care_trajectories"
    )
    victim = models.ForeignKey(
        "signals.SignalSubject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible victim"),
    )
    # The municipality that holds the trajectory now (the signal's, until a handover is accepted).
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="care_trajectories"
    )
    registration = models.CharField(
        _("registration in the BRP"),
        max_length=20,
        choices=Registration.choices,
        default=Registration.UNKNOWN,
    )
    registered_in = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered in"),
    )
    registered_elsewhere = models.CharField(
        _("registered in a municipality outside the region"), max_length=100, blank=True
    )
    found_in = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("found in"),
    )
    residence = models.CharField(
        _("residence status"), max_length=20, choices=Residence.choices, default=Residence.UNKNOWN
    )
    care_coordinator_org = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_trajectories",
        verbose_name=_("care coordination"),
    )
    care_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("care coordinator"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectoryStatus.choices, default=TrajectoryStatus.OPEN
    )
    goals = models.TextField(_("goals"), max_length=5000, blank=True)
    provisions = models.JSONField(_("provisions granted"), default=list, blank=True)
    reflection_start = models.DateField(_("reflection period from"), null=True, blank=True)
    reflection_end = models.DateField(_("reflection period until"), null=True, blank=True)
    permit_applied_on = models.DateField(
        _("residence permit for victims applied for on"), null=True, blank=True
    )
    permit_decided_on = models.DateField(_("decision on the permit on"), null=True, blank=True)
    comensha_registered_on = models.DateField(
        _("registered with CoMensha on"), null=True, blank=True
    )
    comensha_consent = models.ForeignKey(
        "partners.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written consent for the CoMensha registration"),
    )
    started_on = models.DateField(_("opened on"))
    ended_on = models.DateField(_("closed on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=EndReason.choices, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "reference"]
        verbose_name = _("care trajectory")

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.registration == Registration.REGISTERED:
            if not self.registered_in_id and not self.registered_elsewhere.strip():
                errors["registered_in"] = _("Say in which municipality the person is registered.")
        elif self.registered_in_id or self.registered_elsewhere.strip():
            errors["registration"] = _(
                "A municipality of registration is given: choose 'Registered in the BRP'."
            )
        _order(
            errors,
            "reflection_end",
            self.reflection_start,
            self.reflection_end,
            _("The reflection period cannot end before it starts."),
        )
        _order(
            errors,
            "permit_decided_on",
            self.permit_applied_on,
            self.permit_decided_on,
            _("A decision cannot come before the application."),
        )
        _order(
            errors,
            "ended_on",
            self.started_on,
            self.ended_on,
            _("A trajectory cannot close before it was opened."),
        )
        if self.status == TrajectoryStatus.CLOSED and not (self.ended_on and self.end_reason):
            errors["end_reason"] = _("Give the date and the reason for closing.")
        if self.status != TrajectoryStatus.CLOSED and (self.ended_on or self.end_reason):
            errors["status"] = _("Only a closed trajectory has an end date and reason.")
        if self.comensha_registered_on and not self.comensha_consent_id:
            errors["comensha_consent"] = _(
                "A CoMensha registration needs the victim's written consent: choose it."
            )
        unknown = set(self.provisions) - care_lists().codes("provisions")
        if unknown:
            errors["provisions"] = _("Unknown provision.")
        if errors:
            raise ValidationError(errors)


def _order(errors: dict[str, Any], field: str, first: Any, then: Any, message: Any) -> None:
    if first and then and then < first:
        errors[field] = message


class LocalShelterPlace(models.Model):
    """A shelter place the municipality's focal officers know (seed 004 §5.1)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="shelter_places"
    )
    name = models.CharField(_("name"), max_length=200)
    shelter_type = models.CharField(_("type of shelter"), max_length=30)
    capacity = models.PositiveSmallIntegerField(_("places"))
    contact = models.CharField(_("contact"), max_length=300)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("local shelter place")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.shelter_type not in care_lists().codes("shelter_types"):
            raise ValidationError({"shelter_type": _("Choose the type of shelter.")})
        if self.capacity is not None and self.capacity < 1:
            raise ValidationError({"capacity": _("A shelter place has at least one place.")})


class ShelterPlacement(models.Model):
    """Shelter (opvang) asked for, given and left: the waiting time is placed minus requested."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trajectory = models.ForeignKey(
        CareTrajectory, on_delete=models.CASCADE, related_name="placements"
    )
    shelter_type = models.CharField(_("type of shelter"), max_length=30)
    local_place = models.ForeignKey(
        LocalShelterPlace,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local shelter place"),
    )
    provider = models.CharField(_("shelter provider"), max_length=200, blank=True)
    requested_on = models.DateField(_("requested on"))
    placed_on = models.DateField(_("placed on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requested_on"]
        verbose_name = _("shelter placement")

    def __str__(self) -> str:
        return str(self.id)

    @property
    def waiting_days(self) -> int | None:
        if self.placed_on is None:
            return None
        return (self.placed_on - self.requested_on).days

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.shelter_type not in care_lists().codes("shelter_types"):
            errors["shelter_type"] = _("Choose the type of shelter.")
        _order(
            errors,
            "placed_on",
            self.requested_on,
            self.placed_on,
            _("A placement cannot come before its request."),
        )
        if self.left_on and not self.placed_on:
            errors["left_on"] = _("Give the placement date before the date of leaving.")
        _order(
            errors,
            "left_on",
            self.placed_on,
            self.left_on,
            _("Leaving cannot come before the placement."),
        )
        if errors:
            raise ValidationError(errors)


class CareHandover(models.Model):
    """A handover (overdracht van zorg) to the responsible municipality, through a lawful
    referral (partners) so the disclosure log holds it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trajectory = models.ForeignKey(
        CareTrajectory, on_delete=models.CASCADE, related_name="handovers"
    )
    to_municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    from_municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    referral = models.OneToOneField(
        "partners.Referral", on_delete=models.PROTECT, related_name="care_handover"
    )
    state = models.CharField(
        max_length=10, choices=HandoverState.choices, default=HandoverState.SENT
    )
    sent_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def state_label(self) -> str:
        """The state in words; a handover whose referral the sender revoked says so."""
        if self.state == HandoverState.SENT and self.referral.state == "revoked":
            return str(_("Taken back by the sender"))
        return str(self.get_state_display())


class CareEvent(models.Model):
    """One line of a trajectory's timeline (tijdlijn); `text` may name the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trajectory = models.ForeignKey(CareTrajectory, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=5000)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"care event {self.at:%Y-%m-%d}"
