"""Every write of care: one transaction, checked, audited, on the trajectory's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import EditConflict
from signaalroute.partners.consents.models import Consent, ConsentHow
from signaalroute.partners.consents.services import consent_record, consent_withdraw
from signaalroute.partners.referrals.models import Referral
from signaalroute.signals.models import Signal, SignalSubject, SubjectRole
from signaalroute.signals.selectors import may_handle
from signaalroute.workflow.errors import TransitionRefused

from .models import (
    CareEvent,
    CareTrajectory,
    LocalShelterPlace,
    ShelterPlacement,
)
from .selectors import (
    care_coordination_of,
    is_coordinator_of,
    is_officer_of,
    may_open_for,
)


def event_add(trajectory: CareTrajectory, actor: User, text: str) -> None:
    CareEvent.objects.create(trajectory=trajectory, at=timezone.now(), actor=actor, text=text)


def audit(actor: User, action: str, trajectory: CareTrajectory, **extra: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=trajectory,
        organisation_id=trajectory.municipality_id,
        **extra,
    )


def _next_reference() -> str:
    year = timezone.localdate().year
    count = CareTrajectory.objects.filter(reference__startswith=f"ZT-{year}-").count()
    return f"ZT-{year}-{count + 1:04d}"


def _may_work(actor: User, trajectory: CareTrajectory) -> bool:
    return is_officer_of(actor, trajectory) or is_coordinator_of(actor, trajectory)


@transaction.atomic
def trajectory_open(
    *,
    actor: User,
    signal: Signal,
    victim: SignalSubject | None,
    care_coordinator_org: Organisation | None,
    referral: Referral | None = None,
) -> CareTrajectory:
    """Open a trajectory from a signal (a care officer of its municipality) or from a referral
    to the care coordinator (a care coordinator of the receiving organisation)."""
    if referral is not None:
        if referral.signal_id != signal.pk or referral.partner_id not in {
            o.pk for o in care_coordination_of(actor)
        }:
            raise TransitionRefused()
        care_coordinator_org = referral.partner
        victim = None  # the coordinator knows the person only as far as the referral shared
    elif not may_open_for(actor, signal):
        raise TransitionRefused()
    if victim is not None and (victim.signal_id != signal.pk or victim.role != SubjectRole.VICTIM):
        raise ValidationError({"victim": _("Choose a possible victim of this signal.")})
    trajectory = CareTrajectory(
        reference=_next_reference(),
        signal=signal,
        victim=victim,
        municipality=signal.municipality,
        found_in=signal.municipality,
        care_coordinator_org=care_coordinator_org,
        care_coordinator=actor if referral is not None else None,
        started_on=timezone.localdate(),
        opened_by=actor,
    )
    trajectory.full_clean()
    trajectory.save()
    audit(actor, "care.trajectory_open", trajectory, fields=["victim", "care_coordinator_org"])
    event_add(
        trajectory,
        actor,
        _("Care trajectory opened from signal %(ref)s.") % {"ref": signal.reference},
    )
    return trajectory


# What an edit may change; labels for the timeline come from the model's verbose names.
EDITABLE = (
    "registration",
    "registered_in",
    "registered_elsewhere",
    "found_in",
    "residence",
    "care_coordinator_org",
    "care_coordinator",
    "status",
    "goals",
    "provisions",
    "reflection_start",
    "reflection_end",
    "permit_applied_on",
    "permit_decided_on",
    "comensha_registered_on",
    "comensha_consent",
    "ended_on",
    "end_reason",
)
# A care coordinator works in the care itself, not in where the responsibility lies or who
# coordinates (the municipality decides those).
OFFICER_ONLY = frozenset(
    {
        "registration",
        "registered_in",
        "registered_elsewhere",
        "found_in",
        "residence",
        "care_coordinator_org",
    }
)


@transaction.atomic
def trajectory_update(
    *, actor: User, trajectory: CareTrajectory, expected_version: int, changes: dict[str, Any]
) -> CareTrajectory:
    """Change the trajectory; refused as a whole on any bad value (nothing half-saved)."""
    if not _may_work(actor, trajectory):
        raise TransitionRefused()
    allowed = set(EDITABLE) - (set() if is_officer_of(actor, trajectory) else OFFICER_ONLY)
    changes = {k: v for k, v in changes.items() if k in allowed}
    locked = CareTrajectory.objects.select_for_update().get(pk=trajectory.pk)
    if locked.version != expected_version:
        raise EditConflict()
    changed = [k for k, v in changes.items() if getattr(locked, k) != v]
    for key in changed:
        setattr(locked, key, changes[key])
    _check_comensha(locked)
    _check_coordinator(locked)
    locked.full_clean()
    if not changed:
        return locked
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    audit(actor, "care.trajectory_update", locked, fields=sorted(changed))
    names = [str(getattr(CareTrajectory._meta.get_field(k), "verbose_name", k)) for k in changed]
    event_add(locked, actor, _("Changed: %(fields)s") % {"fields": ", ".join(names)})
    return locked


def _check_comensha(trajectory: CareTrajectory) -> None:
    consent = trajectory.comensha_consent
    if consent is None:
        return
    if consent.signal_id != trajectory.signal_id or not consent.active:
        raise ValidationError(
            {"comensha_consent": _("Choose a consent of this signal that has not been withdrawn.")}
        )
    if consent.how != ConsentHow.WRITTEN:
        raise ValidationError(
            {"comensha_consent": _("A CoMensha registration needs written consent.")}
        )


def _check_coordinator(trajectory: CareTrajectory) -> None:
    person = trajectory.care_coordinator
    if person is None:
        return
    if (
        trajectory.care_coordinator_org_id is None
        or not person.memberships.filter(
            organisation_id=trajectory.care_coordinator_org_id, role="care_coordinator"
        ).exists()
    ):
        raise ValidationError(
            {"care_coordinator": _("Choose a care coordinator of the care coordination.")}
        )


@transaction.atomic
def placement_add(
    *,
    actor: User,
    trajectory: CareTrajectory,
    shelter_type: str,
    requested_on: dt.date | None,
    placed_on: dt.date | None = None,
    left_on: dt.date | None = None,
    provider: str = "",
    local_place: LocalShelterPlace | None = None,
) -> ShelterPlacement:
    if not _may_work(actor, trajectory):
        raise TransitionRefused()
    if requested_on is None:
        raise ValidationError({"requested_on": _("Give the date shelter was requested.")})
    if local_place is not None and local_place.municipality_id != trajectory.municipality_id:
        raise ValidationError({"local_place": _("Choose a shelter place of this municipality.")})
    placement = ShelterPlacement(
        trajectory=trajectory,
        shelter_type=shelter_type,
        local_place=local_place,
        provider=provider.strip(),
        requested_on=requested_on,
        placed_on=placed_on,
        left_on=left_on,
        recorded_by=actor,
    )
    placement.full_clean()
    placement.save()
    audit(actor, "care.placement_add", trajectory, fields=["placements"])
    event_add(
        trajectory,
        actor,
        _("Shelter requested on %(date)s.") % {"date": f"{requested_on:%d-%m-%Y}"},
    )
    if placed_on:
        event_add(trajectory, actor, _("Placed on %(date)s.") % {"date": f"{placed_on:%d-%m-%Y}"})
    return placement


@transaction.atomic
def placement_update(
    *, actor: User, placement: ShelterPlacement, placed_on: dt.date | None, left_on: dt.date | None
) -> ShelterPlacement:
    trajectory = placement.trajectory
    if not _may_work(actor, trajectory):
        raise TransitionRefused()
    placement = ShelterPlacement.objects.select_for_update().get(pk=placement.pk)
    placement.placed_on, placement.left_on = placed_on, left_on
    placement.full_clean()
    placement.save()
    audit(actor, "care.placement_update", trajectory, fields=["placed_on", "left_on"])
    parts = []
    if placed_on:
        parts.append(_("placed on %(date)s") % {"date": f"{placed_on:%d-%m-%Y}"})
    if left_on:
        parts.append(_("left on %(date)s") % {"date": f"{left_on:%d-%m-%Y}"})
    event_add(trajectory, actor, _("Shelter: %(what)s.") % {"what": ", ".join(parts) or "—"})
    return placement


@transaction.atomic
def shelter_place_save(
    *,
    actor: User,
    municipality: Organisation,
    place: LocalShelterPlace | None,
    values: dict[str, Any],
) -> LocalShelterPlace:
    """Add or change a local shelter place of a municipality the actor handles signals for."""
    if not may_handle(actor, municipality.pk):
        raise TransitionRefused()
    place = place or LocalShelterPlace(municipality=municipality)
    if place.municipality_id != municipality.pk:
        raise TransitionRefused()
    for key, value in values.items():
        setattr(place, key, value)
    place.full_clean()
    place.save()
    audit_record(
        actor=actor,
        action="care.shelter_place_save",
        obj=place,
        organisation_id=municipality.pk,
        fields=sorted(values),
    )
    return place


@transaction.atomic
def trajectory_consent_record(
    *,
    actor: User,
    trajectory: CareTrajectory,
    given_by: str,
    given_on: dt.date | None,
    scope: str,
    how: str,
) -> Consent:
    """A consent of the victim, recorded in the trajectory; the sharing gate reads it."""
    if not _may_work(actor, trajectory):
        raise TransitionRefused()
    consent = consent_record(
        actor=actor,
        signal=trajectory.signal,
        subject=trajectory.victim,
        given_by=given_by,
        given_on=given_on,
        scope=scope,
        how=how,
        access_checked=True,
    )
    event_add(trajectory, actor, _("Consent recorded for: %(scope)s") % {"scope": consent.scope})
    return consent


@transaction.atomic
def trajectory_consent_withdraw(
    *,
    actor: User,
    trajectory: CareTrajectory,
    consent: Consent,
    withdrawn_on: dt.date | None,
    note: str,
) -> Consent:
    if not _may_work(actor, trajectory) or consent.signal_id != trajectory.signal_id:
        raise TransitionRefused()
    consent = consent_withdraw(
        actor=actor, consent=consent, withdrawn_on=withdrawn_on, note=note, access_checked=True
    )
    event_add(trajectory, actor, _("Consent withdrawn: nothing more is shared on it."))
    return consent
