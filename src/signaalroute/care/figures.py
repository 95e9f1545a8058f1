"""What care gives monitoring to count: facts without persons (which municipality, which day,
which kind), never a name or a free text. Monitoring adds them up and suppresses small numbers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from signaalroute.partners.consents.models import Consent

from .models import CareSettings, CareTrajectory, Reading, ShelterPlacement
from .responsibility import responsibility_of


@dataclass(frozen=True)
class CareFacts:
    # (holding municipality, opened on, responsible: "own" | "other" | "unknown")
    trajectories: list[tuple[uuid.UUID, dt.date, str]]
    # (municipality, shelter type, requested on, placed on)
    placements: list[tuple[uuid.UUID, str, dt.date, dt.date | None]]
    comensha: list[tuple[uuid.UUID, dt.date | None]]  # registrations with CoMensha
    withdrawn: list[tuple[uuid.UUID, dt.date | None]]  # consents withdrawn (signal's municipality)


def care_facts(municipalities: Iterable[uuid.UUID], start: dt.date, end: dt.date) -> CareFacts:
    """Facts of the trajectories held by ``municipalities`` in [start, end)."""
    ids = list(municipalities)
    readings = {s.region_id: s.reading for s in CareSettings.objects.all()}
    held = CareTrajectory.objects.filter(municipality_id__in=ids).select_related(
        "municipality", "registered_in", "found_in"
    )
    trajectories = []
    for t in held.filter(started_on__gte=start, started_on__lt=end):
        answer = responsibility_of(t, readings.get(t.municipality.region_id, Reading.EVERYONE))
        if answer.municipality is not None:
            kind = "own" if answer.municipality.pk == t.municipality_id else "other"
        else:
            kind = "other" if answer.outside else "unknown"
        trajectories.append((t.municipality_id, t.started_on, kind))
    placements = [
        (m, kind, requested, placed)
        for m, kind, requested, placed in ShelterPlacement.objects.filter(
            trajectory__municipality_id__in=ids, requested_on__gte=start, requested_on__lt=end
        ).values_list("trajectory__municipality_id", "shelter_type", "requested_on", "placed_on")
    ]
    comensha = list(
        held.filter(comensha_registered_on__gte=start, comensha_registered_on__lt=end).values_list(
            "municipality_id", "comensha_registered_on"
        )
    )
    withdrawn = list(
        Consent.objects.filter(
            signal__municipality_id__in=ids, withdrawn_on__gte=start, withdrawn_on__lt=end
        ).values_list("signal__municipality_id", "withdrawn_on")
    )
    return CareFacts(trajectories, placements, comensha, withdrawn)
