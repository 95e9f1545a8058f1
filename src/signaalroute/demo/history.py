"""Five years of earlier, handled signals for the demo's figures: enough for Soest and Zeist to
show trends, few enough in Montfoort that its figures read "< 5". Deterministic (seeded), made
in bulk (they passed the route long ago: their timeline holds the moves, not the texts), and
only once. The group Soest + Zeist shares a policy (seed 001_1cc0d1ead85ea8c6.txt §1 has four
municipalities of one police base team do so); every municipality gets the reference figures
the policy documents cite."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.monitoring.models import MunicipalityGroup
from signaalroute.monitoring.quarter_counts import rebuild
from signaalroute.monitoring.services import reference_figures_prefill
from signaalroute.signals.classification import load_classification
from signaalroute.signals.models import (
    Capacity,
    Channel,
    EventKind,
    ExploitationForm,
    ReporterIdentity,
    Signal,
    SignalEvent,
)
from signaalroute.signals.states import Outcome, State

# Unlike a real reference (SR- and groups of four), so the check below never meets one.
PREFIX = "SR-HIS-"
PER_YEAR = {"Soest": 48, "Zeist": 36, "Montfoort": 3}
YEARS = 5
DESCRIPTIONS = (
    "Melding over slechte huisvesting van werknemers (afgehandeld).",
    "Zorgen over een minderjarige die 's nachts wordt opgehaald (afgehandeld).",
    "Signaal over een bedrijf dat lonen inhoudt (afgehandeld).",
    "Signaal over een woning met veel wisselende bewoners (afgehandeld).",
)
FORMS = [f for f in ExploitationForm.values if f != "unknown"]
ROUTE = (State.TRIAGE, State.ENRICHED, State.ROUTED, State.REPORTER_INFORMED, State.CLOSED)


def build_demo_history() -> int:
    """Create the earlier signals once; returns how many were made."""
    if Signal.objects.filter(reference__startswith=PREFIX).exists():
        return 0
    made = 0
    with transaction.atomic():
        _group_and_references()
        rng = random.Random(2026)  # noqa: S311 - demo data, not security
        lists = load_classification()
        groups = [e.code for e in lists.vulnerable_groups]
        sectors = [e.code for e in lists.sectors]
        this_year = timezone.localdate().year
        for name, per_year in PER_YEAR.items():
            municipality = Organisation.objects.get(name=name, kind=OrganisationKind.MUNICIPALITY)
            for year in range(this_year - YEARS + 1, this_year + 1):
                count = round(per_year * rng.uniform(0.7, 1.3)) if per_year > 5 else per_year
                for _n in range(count):
                    made += 1
                    _one(rng, municipality, year, made, groups, sectors)
        # Written around the hooks (a came-in moment set afterwards, events in bulk): count the
        # figures' quarters again, as `manage.py monitoring_recount` would.
        rebuild(
            Organisation.objects.filter(
                name__in=PER_YEAR, kind=OrganisationKind.MUNICIPALITY
            ).values_list("pk", flat=True)
        )
    return made


def _group_and_references() -> None:
    soest = Organisation.objects.get(name="Soest", kind=OrganisationKind.MUNICIPALITY)
    zeist = Organisation.objects.get(name="Zeist", kind=OrganisationKind.MUNICIPALITY)
    group, _created = MunicipalityGroup.objects.get_or_create(
        region=soest.region, name="Heuvelrug (Soest en Zeist)"
    )
    group.members.add(soest, zeist)
    for municipality in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY):
        reference_figures_prefill(actor=None, municipality=municipality)


def _one(
    rng: random.Random,
    municipality: Organisation,
    year: int,
    number: int,
    groups: list[str],
    sectors: list[str],
) -> None:
    now = timezone.now()
    start = dt.datetime(year, 1, 1, 9, tzinfo=timezone.get_current_timezone())
    latest = min(now - dt.timedelta(days=40), start + dt.timedelta(days=364))
    if latest <= start:
        return
    came_in = start + dt.timedelta(seconds=rng.uniform(0, (latest - start).total_seconds()))
    forms = rng.sample(FORMS[:4], k=1) if rng.random() < 0.85 else []
    labour = "labour" in forms
    signal = Signal.objects.create(
        reference=f"{PREFIX}{number:05d}",
        municipality=municipality,
        channel=rng.choice([Channel.INTERNAL] * 5 + [Channel.PHONE, Channel.PUBLIC, Channel.MMA]),
        state=State.CLOSED,
        state_changed_at=came_in,
        description=rng.choice(DESCRIPTIONS),
        capacity=rng.choice(
            [Capacity.FRONT_DESK, Capacity.ENFORCEMENT, Capacity.SOCIAL_TEAM, Capacity.RESIDENT]
        ),
        forms=forms,
        vulnerable_groups=rng.sample(groups[:6], k=1) if rng.random() < 0.7 else [],
        sector=rng.choice(sectors[:7]) if labour and rng.random() < 0.8 else "",
        migration=rng.choice(["yes", "no", "unknown"]),
        classification_version="1",
        outcome=rng.choice(
            [Outcome.REFERRED, Outcome.CARE_STARTED, Outcome.NO_TRAFFICKING, Outcome.INSUFFICIENT]
        ),
    )
    Signal.objects.filter(pk=signal.pk).update(created_at=came_in)
    ReporterIdentity.objects.create(signal=signal, anonymous=True)
    at, before = came_in, State.RECEIVED
    events = []
    for state in ROUTE:
        at += dt.timedelta(days=rng.uniform(0.3, 9))
        events.append(
            SignalEvent(
                signal=signal,
                at=min(at, now),
                kind=EventKind.TRANSITION,
                from_state=before,
                to_state=state,
            )
        )
        before = state
    SignalEvent.objects.bulk_create(events)
    Signal.objects.filter(pk=signal.pk).update(state_changed_at=min(at, now))
