"""Demo: three front-desk signals about a woman called Elena Popescu, so that the focal officer
sees what stacking makes of a name (stapelen). Two give her date of birth (one writes only an
initial): a "probable" link. The third gives her name and nothing else: held at "possible"
with probability 0.50, because a name alone is no person (``matching.scoring``)."""

from __future__ import annotations

from typing import Any

from signaalroute.accounts.models import Organisation
from signaalroute.intake.inputs import SignalInput, SubjectInput
from signaalroute.intake.services import signal_submit_internal
from signaalroute.signals.models import Signal
from signaalroute.stacking.services import subject_enrich

REPORTS = (
    (
        "Een vrouw kwam voor een uitkering; een man die zich haar neef noemde deed het woord en "
        "hield haar pas bij zich.",
        {"given_names": "Elena", "surname": "Popescu", "date_of_birth": "14-03-2001"},
    ),
    (
        "Bij de balie burgerzaken: inschrijving op een adres waar al negen mensen staan "
        "ingeschreven. Ze wist haar nieuwe adres niet.",
        {"given_names": "E.", "surname": "Popescu", "date_of_birth": "14-3-2001"},
    ),
    (
        "Een collega van de bibliotheek hoorde een vrouw zeggen dat ze 'haar schuld' eerst moest "
        "afbetalen. Ze noemde zich Elena Popescu.",
        {"given_names": "Elena", "surname": "Popescu"},
    ),
)


def build_demo_namesakes(users: dict[str, Any]) -> int:
    """Submit the three signals and give their persons' details, once (0 when they exist)."""
    soest = Organisation.objects.get(name="Soest", kind="municipality")
    if Signal.objects.filter(municipality=soest, description=REPORTS[0][0]).exists():
        return 0
    for description, details in REPORTS:
        signal = signal_submit_internal(
            reporter=users["alice"],
            municipality=soest,
            data=SignalInput(
                description=description,
                capacity="front_desk",
                subjects=[SubjectInput(kind="person", role="victim", description="Vrouw (demo)")],
            ),
        )
        subject = signal.subjects.get()
        subject_enrich(actor=users["carla"], subject=subject, details=details)
    return len(REPORTS)
