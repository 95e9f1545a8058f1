"""Helpers to create signals the way the services do (no shortcuts past validation)."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from signaalroute.accounts.models import Organisation
from signaalroute.intake.inputs import SignalInput, SubjectInput
from signaalroute.intake.services import signal_submit_internal

SOEST = "Soest"


def committed() -> Any:
    """Run what a save schedules after commit (hit index, stacking alerts), as a real commit
    would; inside a test's rolled-back transaction it would otherwise never run."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def soest() -> Organisation:
    return Organisation.objects.get(name=SOEST)


def signal_data(**overrides: Any) -> SignalInput:
    data = {
        "description": "Vrouw aan de balie; haar paspoort wordt door een begeleider vastgehouden.",
        "location_kind": "address",
        "postcode": "3762 AB",
        "house_number": 12,
        "capacity": "front_desk",
        "forms": ["sexual"],
        "subjects": [SubjectInput(kind="person", role="victim", description="Vrouw, ca. 25 jaar")],
    }
    data.update(overrides)
    return SignalInput(**data)


def internal_signal(personas: dict[str, Any], *, via_bob: bool = True, **overrides: Any) -> Any:
    return signal_submit_internal(
        reporter=personas["alice"],
        municipality=soest(),
        data=signal_data(**overrides),
        team_coordinator=personas["bob"] if via_bob else None,
    )


def form_payload(**overrides: Any) -> dict[str, Any]:
    """What the internal form posts."""
    payload = {
        "municipality": str(soest().pk),
        "capacity": "front_desk",
        "description": "Busje haalt elke ochtend veertien mannen op bij Dorpsstraat 1.",
        "location_kind": "address",
        "postcode": "3762 AB",
        "house_number": "1",
        "exploitation_forms": ["labour"],
        "minors": "unknown",
        "subject_0_kind": "address",
        "subject_0_role": "other",
        "subject_0_description": "Dorpsstraat 1",
    }
    payload.update(overrides)
    return payload
