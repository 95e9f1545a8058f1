"""Demo approach: the address the two demo reports about Dorpsstraat 12 stack on has an approach
case, with an integral control held with the labour inspectorate and the police (findings per
partner) and a Bibob assessment under way. Fictitious, made once, written in Dutch."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.approach.models import ApproachCase
from signaalroute.approach.services import (
    case_open,
    finding_record,
    intervention_add,
    intervention_update,
)
from signaalroute.signals.models import Signal


def build_demo_approach(users: dict[str, Any]) -> int:
    """Returns how many cases were made (0 when they exist)."""
    if ApproachCase.objects.exists():
        return 0
    with translation.override("nl"):
        return _build(users)


def _build(users: dict[str, Any]) -> int:
    soest = Organisation.objects.get(name="Soest", kind=OrganisationKind.MUNICIPALITY)
    carla = users["carla"]
    signals = list(
        Signal.objects.filter(municipality=soest, postcode__iexact="3762AB", house_number=12)
    )
    if not signals:
        return 0
    today = timezone.localdate()
    case = case_open(
        actor=carla,
        municipality=soest,
        kind="location",
        title="Dorpsstraat 12, Soest",
        summary="Woning voor vier personen; elke ochtend haalt een busje veertien mannen op. "
        "Twee meldingen uit verschillende bronnen.",
        signals=signals,
        next_discussion_on=today + dt.timedelta(days=14),
    )
    police = Organisation.objects.get(name__startswith="Politie basisteam")
    inspectorate = Organisation.objects.get(
        name__startswith="Nederlandse Arbeidsinspectie — toezicht"
    )
    control = intervention_add(
        actor=carla,
        case=case,
        kind="integral_control",
        values={
            "responsible": "Team Toezicht en Handhaving Soest",
            "planned_on": today - dt.timedelta(days=7),
            "checklist": [],
        },
        partners=[police, inspectorate],
    )
    finding_record(
        actor=carla,
        intervention=control,
        partner=inspectorate,
        text="Veertien matrassen op zolder; geen arbeidscontracten getoond.",
    )
    finding_record(
        actor=carla,
        intervention=control,
        partner=police,
        text="Bestelbus VR-123-B op naam van een uitzendbureau.",
    )
    intervention_update(
        actor=carla,
        intervention=control,
        values={
            "state": "done",
            "done_on": today - dt.timedelta(days=7),
            "outcome": "Overbewoning vastgesteld; signaal doorgezet naar de Arbeidsinspectie.",
            "follow_up": "Hercontrole over drie maanden.",
        },
    )
    intervention_add(
        actor=carla,
        case=case,
        kind="bibob",
        values={
            "responsible": "Team Vergunningen",
            "planned_on": today + dt.timedelta(days=21),
            "permit": "Omgevingsvergunning kamerverhuur",
            "question": "Integriteit van de aanvrager (het uitzendbureau).",
        },
    )
    return 1
