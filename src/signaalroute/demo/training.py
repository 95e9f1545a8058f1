"""The demo's training work for Soest: the groups and calendar the policy documents name, a
basic training last year that bob and otto attended (alice, new, has not been trained yet), and
the intranet message of this year recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.training.models import AwarenessItem, Training, TrainingKind
from signaalroute.training.services import awareness_done, defaults_load, training_record


def build_demo_training(users: dict[str, Any]) -> None:
    soest = Organisation.objects.get(name="Soest", kind=OrganisationKind.MUNICIPALITY)
    if Training.objects.filter(municipality=soest).exists():
        return
    henk = users["henk"]
    defaults_load(actor=henk, municipality=soest)
    today = timezone.localdate()
    training_record(
        actor=henk,
        municipality=soest,
        held_on=today - dt.timedelta(days=330),
        provider="RIEC Midden-Nederland en CoMensha",
        kind=TrainingKind.BASIC,
        title="Signalen van mensenhandel herkennen",
        attendees=[users["bob"], users["otto"], users["carla"]],
    )
    item = AwarenessItem.objects.filter(
        municipality=soest, title__startswith="Bericht op intranet"
    ).first()
    if item is not None:
        awareness_done(
            actor=henk,
            item=item,
            done_on=today - dt.timedelta(days=60),
            what="Bericht over de interne meldroute en de aandachtsfunctionarissen geplaatst.",
        )
