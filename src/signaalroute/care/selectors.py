"""Reads of care, always scoped by the user.

Who works on care (seed 004 §5.1, §5.2.1): a focal officer of the care domain, or one without a
domain, of the municipality that holds the trajectory; a safety officer only where the
municipality has no care officer (they back each other up). A care coordinator works in the
trajectories assigned to her organisation. Anyone else gets 404 on a trajectory's id.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Domain, Role
from signaalroute.accounts.selectors import handling_municipalities, memberships_of
from signaalroute.audit.services import audit_record
from signaalroute.core.sources import cite
from signaalroute.partners.consents.selectors import consents_of_signal
from signaalroute.partners.referrals.models import ReferralState
from signaalroute.signals.models import Signal, SubjectRole
from signaalroute.workflow.assignments import officers_of

from .models import (
    READING_SOURCES,
    CareHandover,
    CareSettings,
    CareTrajectory,
    HandoverState,
    LocalShelterPlace,
    Reading,
    ShelterPlacement,
)
from .responsibility import Responsibility, responsibility_of


def _covers_care(municipality: Organisation, domain: str) -> bool:
    """A care officer (or one without a domain) works on care; a safety officer only while the
    municipality has no care officer present (none at all, or all marked away: they back each
    other up, seed 004 §5.1)."""
    if domain in ("", Domain.CARE):
        return True
    return not any(d == Domain.CARE for _u, d in officers_of(municipality).present())


def care_municipalities(user: User) -> list[Organisation]:
    """The municipalities in which this user works on victims' care as a focal officer."""
    handled = {m.pk: m for m in handling_municipalities(user)}
    domains: dict[Any, set[str]] = {}
    for membership in memberships_of(user):
        if membership.role != Role.FOCAL_OFFICER:
            continue
        org = membership.organisation
        municipality = org if org.pk in handled else org.parent
        if municipality is not None and municipality.pk in handled:
            domains.setdefault(municipality.pk, set()).add(membership.domain)
    return [
        handled[pk]
        for pk, held in domains.items()
        if any(_covers_care(handled[pk], d) for d in held)
    ]


def care_coordination_of(user: User) -> list[Organisation]:
    """The organisations in which this user is a care coordinator (zorgcoördinator)."""
    return [m.organisation for m in memberships_of(user) if m.role == Role.CARE_COORDINATOR]


def trajectories_visible_to(user: User) -> QuerySet[CareTrajectory]:
    return CareTrajectory.objects.filter(
        Q(municipality__in=[m.pk for m in care_municipalities(user)])
        | Q(care_coordinator_org__in=[o.pk for o in care_coordination_of(user)])
    ).select_related("signal", "municipality", "care_coordinator_org", "care_coordinator")


def is_coordinator_of(user: User, trajectory: CareTrajectory) -> bool:
    return trajectory.care_coordinator_org_id in {o.pk for o in care_coordination_of(user)}


def is_officer_of(user: User, trajectory: CareTrajectory) -> bool:
    return trajectory.municipality_id in {m.pk for m in care_municipalities(user)}


def may_open_for(user: User, signal: Signal) -> bool:
    """A care officer of the signal's municipality may open a trajectory from it."""
    return signal.municipality_id in {m.pk for m in care_municipalities(user)}


def reading_of(trajectory: CareTrajectory) -> str:
    settings = CareSettings.objects.filter(region_id=trajectory.municipality.region_id).first()
    return settings.reading if settings else Reading.EVERYONE


def reading_words(trajectory: CareTrajectory) -> str:
    """The region's reading in words, with the policy document it comes from."""
    reading = Reading(reading_of(trajectory))
    return f"{reading.label} ({cite(READING_SOURCES[reading])})"


def responsibility(trajectory: CareTrajectory) -> Responsibility:
    return responsibility_of(trajectory, reading_of(trajectory))


@dataclass(frozen=True)
class VictimView:
    """What this viewer may read of the (possible) victim, and where it comes from."""

    descriptions: list[str]
    source: str  # "signal" | "referral" | "" (nothing may be shown)


def victim_view(user: User, trajectory: CareTrajectory) -> VictimView:
    """The officers of the signal's own municipality read the signal's subject; others (the
    receiving municipality, the care coordinator) only what a referral to them shared. The read
    is audited as ``care.trajectory_read``."""
    signal = trajectory.signal
    if is_officer_of(user, trajectory) and trajectory.municipality_id == signal.municipality_id:
        subjects = [trajectory.victim] if trajectory.victim else []
        view = VictimView([s.description for s in subjects], "signal")
    else:
        orgs = {o.pk for o in care_coordination_of(user)} | {
            m.pk for m in care_municipalities(user)
        }
        shared = [
            v["description"]
            for r in signal.referrals.filter(partner_id__in=orgs).exclude(state="revoked")
            for v in r.shared.get("victims", [])
        ]
        view = VictimView(sorted(set(shared)), "referral" if shared else "")
    audit_record(
        actor=user,
        action="care.trajectory_read",
        obj=trajectory,
        organisation_id=trajectory.municipality_id,
        fields=["victim"] if view.descriptions else [],
    )
    return view


def trajectory_consents(user: User, trajectory: CareTrajectory) -> list[Any]:
    """The consents recorded on the trajectory's signal (access checked by the caller)."""
    return consents_of_signal(user, trajectory.signal, access_checked=True)


def open_handovers_for(user: User) -> QuerySet[CareHandover]:
    """Handovers waiting for an answer from a municipality this user works on care for."""
    return (
        CareHandover.objects.filter(
            state=HandoverState.SENT,
            to_municipality__in=[m.pk for m in care_municipalities(user)],
        )
        .exclude(referral__state=ReferralState.REVOKED)  # the sender took it back
        .select_related("trajectory", "from_municipality", "referral")
    )


def handover_for(user: User, handover_id: Any) -> CareHandover | None:
    return (
        CareHandover.objects.filter(
            pk=handover_id, to_municipality__in=[m.pk for m in care_municipalities(user)]
        )
        .select_related("trajectory", "from_municipality", "referral", "to_municipality")
        .first()
    )


def handover_shared(user: User, handover: CareHandover) -> dict[str, Any]:
    """What the handover shared, for the receiving focal officer; the read is audited."""
    audit_record(
        actor=user,
        action="care.handover_read",
        obj=handover.trajectory,
        organisation_id=handover.to_municipality_id,
        fields=list(handover.referral.shared_fields),
    )
    return dict(handover.referral.shared)


def shelter_places_for(municipality: Organisation) -> QuerySet[LocalShelterPlace]:
    return LocalShelterPlace.objects.filter(municipality=municipality, active=True)


def shelter_places_of(user: User) -> QuerySet[LocalShelterPlace]:
    return LocalShelterPlace.objects.filter(
        municipality__in=handling_municipalities(user)
    ).select_related("municipality")


def has_victim(signal: Signal) -> bool:
    return signal.subjects.filter(role=SubjectRole.VICTIM).exists()


def waiting_days(placements: list[ShelterPlacement]) -> dict[str, float | None]:
    """Median and 90th percentile of the waiting time in days (placed minus requested)."""
    days = sorted(p.waiting_days for p in placements if p.waiting_days is not None)
    if not days:
        return {"median": None, "p90": None, "count": 0}
    p90 = days[0] if len(days) == 1 else statistics.quantiles(days, n=10, method="inclusive")[8]
    return {"median": statistics.median(days), "p90": p90, "count": len(days)}
