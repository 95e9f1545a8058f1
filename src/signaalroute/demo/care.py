"""Demo care: local shelter places, two live trajectories made through the services (one with a
specialised placement, written consent and a CoMensha registration; one whose victim is
registered in Zeist, handed over and waiting for karin's answer), and earlier trajectories with
shelter so the figures have waiting times. Fictitious, made once."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.care.handovers import trajectory_handover
from signaalroute.care.models import (
    CareSettings,
    CareTrajectory,
    Reading,
    Registration,
    Residence,
    ShelterPlacement,
    TrajectoryStatus,
)
from signaalroute.care.services import (
    placement_add,
    shelter_place_save,
    trajectory_consent_record,
    trajectory_open,
    trajectory_update,
)
from signaalroute.intake.inputs import SignalInput, SubjectInput
from signaalroute.intake.services import signal_submit_internal
from signaalroute.partners.referrals.services import referral_send
from signaalroute.signals.models import Signal, SubjectRole
from signaalroute.signals.states import Outcome, State
from signaalroute.workflow.services import signal_transition

from .history import PREFIX


def _municipality(name: str) -> Organisation:
    return Organisation.objects.get(name=name, kind=OrganisationKind.MUNICIPALITY)


def _victim_signal(users: dict[str, Any], description: str, victim: str) -> Signal:
    signal = signal_submit_internal(
        reporter=users["alice"],
        municipality=_municipality("Soest"),
        data=SignalInput(
            description=description,
            location_kind="unknown",
            capacity="social_team",
            forms=["sexual"],
            subjects=[SubjectInput(kind="person", role="victim", description=victim)],
        ),
    )
    signal_transition(
        actor=users["daan"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    signal.refresh_from_db()
    return signal


def _update(actor: Any, trajectory: CareTrajectory, **changes: Any) -> CareTrajectory:
    trajectory.refresh_from_db()
    return trajectory_update(
        actor=actor, trajectory=trajectory, expected_version=trajectory.version, changes=changes
    )


def build_demo_care(users: dict[str, Any]) -> int:
    """Returns how many live trajectories were made (0 when they exist). The timelines are
    written in Dutch, as a focal officer's own actions would be."""
    if CareTrajectory.objects.exists():
        return 0
    with translation.override("nl"):
        return _build(users)


def _build(users: dict[str, Any]) -> int:
    soest, zeist = _municipality("Soest"), _municipality("Zeist")
    daan, eva, karin = users["daan"], users["eva"], users["karin"]
    CareSettings.objects.get_or_create(region=soest.region, defaults={"reading": Reading.EVERYONE})
    shelter_place_save(
        actor=daan,
        municipality=soest,
        place=None,
        values={
            "name": "Crisisplek Soest (demo)",
            "shelter_type": "local",
            "capacity": 2,
            "contact": "zorg@soest.demo.invalid, 035 000 00 00",
            "notes": "Via het Sociaal Team, ook 's avonds.",
            "active": True,
        },
    )
    shelter_place_save(
        actor=karin,
        municipality=zeist,
        place=None,
        values={
            "name": "Noodbed Zeist (demo)",
            "shelter_type": "local",
            "capacity": 1,
            "contact": "meldpunt@zeist.demo.invalid",
            "notes": "",
            "active": True,
        },
    )
    care = Organisation.objects.get(name__startswith="Zorgcoördinatie")
    today = timezone.localdate()

    # 1. Placed in specialised shelter after two weeks' waiting, with written consent.
    signal = _victim_signal(
        users,
        "Via het Sociaal Team: een jonge vrouw vertelt dat ze moet werken om een schuld af te "
        "lossen en niet weg durft.",
        "Vrouw, ca. 23 jaar, spreekt Roemeens (demo)",
    )
    referral_send(
        actor=users["carla"],
        signal=signal,
        partner=care,
        purpose="Zij heeft nu geen veilige slaapplek; graag opvang regelen.",
        basis="vital_interest",
        details={"vital_reason": "Geen veilige slaapplek en niet in staat zelf hulp te vragen."},
        expected_version=signal.version,
    )
    first = trajectory_open(
        actor=daan,
        signal=signal,
        victim=signal.subjects.get(role=SubjectRole.VICTIM),
        care_coordinator_org=care,
    )
    written = trajectory_consent_record(
        actor=eva,
        trajectory=first,
        given_by="Het slachtoffer",
        given_on=today - dt.timedelta(days=10),
        scope="Registratie bij CoMensha en bemiddeling naar opvang",
        how="written",
    )
    _update(
        daan,
        first,
        registration=Registration.NOT_REGISTERED,
        residence=Residence.TEMPORARY,
        care_coordinator=eva,
        status=TrajectoryStatus.ACTIVE,
        goals="Veilige opvang; schuld in kaart; aangifte overwegen in de bedenktijd.",
        provisions=["wmo_shelter", "wmo_support"],
        reflection_start=today - dt.timedelta(days=8),
        comensha_registered_on=today - dt.timedelta(days=7),
        comensha_consent=written,
    )
    placement_add(
        actor=eva,
        trajectory=first,
        shelter_type="specialised",
        provider="COSM-plek Utrecht (demo)",
        requested_on=today - dt.timedelta(days=20),
        placed_on=today - dt.timedelta(days=6),
    )

    # 2. Found in Soest, registered in Zeist: handed over, waiting for Zeist's answer.
    other = _victim_signal(
        users,
        "Bij de huisarts: een man zegt dat zijn werkgever zijn loon en paspoort inhoudt.",
        "Man, ca. 35 jaar (demo)",
    )
    second = trajectory_open(
        actor=daan,
        signal=other,
        victim=other.subjects.get(role=SubjectRole.VICTIM),
        care_coordinator_org=care,
    )
    second = _update(
        daan,
        second,
        registration=Registration.REGISTERED,
        registered_in=zeist,
        found_in=soest,
        residence=Residence.LAWFUL,
    )
    trajectory_handover(
        actor=daan,
        trajectory=second,
        purpose="Ingeschreven in Zeist; graag daar de zorg en opvang oppakken.",
        basis="statutory_task",
        details={"article": "art. 2.3.5 Wmo 2015"},
    )
    _earlier(daan, care)
    return 2


def _earlier(actor: Any, care: Organisation) -> None:
    """Trajectories behind earlier, handled signals where care started: shelter with waiting
    times of a few days to six weeks, so the figures show a median and a 90th percentile."""
    rng = random.Random(15)  # noqa: S311 - demo data, not security
    year = timezone.localdate().year
    signals = Signal.objects.filter(
        reference__startswith=PREFIX,
        outcome=Outcome.CARE_STARTED,
        created_at__year__gte=year - 1,
        municipality__name__in=["Soest", "Zeist"],
    ).order_by("reference")
    types = ["specialised", "multi_problem", "regional", "local", "youth"]
    today = timezone.localdate()
    with transaction.atomic():
        for number, signal in enumerate(signals, start=1):
            opened = timezone.localtime(signal.created_at).date() + dt.timedelta(days=3)
            trajectory = CareTrajectory.objects.create(
                reference=f"ZT-HIS-{number:04d}",
                signal=signal,
                municipality=signal.municipality,
                registration=rng.choice(
                    [Registration.REGISTERED, Registration.NOT_REGISTERED, Registration.UNKNOWN]
                ),
                registered_in=signal.municipality,
                found_in=signal.municipality,
                residence=rng.choice([Residence.LAWFUL, Residence.TEMPORARY, Residence.NONE]),
                care_coordinator_org=care,
                status=TrajectoryStatus.CLOSED,
                started_on=opened,
                ended_on=min(opened + dt.timedelta(days=rng.randint(40, 200)), today),
                end_reason=rng.choice(["goals_reached", "declined_help", "lost_contact"]),
                opened_by=actor,
            )
            if trajectory.registration != Registration.REGISTERED:
                CareTrajectory.objects.filter(pk=trajectory.pk).update(registered_in=None)
            requested = opened + dt.timedelta(days=rng.randint(0, 5))
            ShelterPlacement.objects.create(
                trajectory=trajectory,
                shelter_type=rng.choice(types),
                requested_on=requested,
                placed_on=requested + dt.timedelta(days=rng.choice([1, 2, 5, 9, 14, 21, 42])),
                recorded_by=actor,
            )
