"""Demo signalling meetings of Soest (seed 004_0e82b480fca28818.txt §5.5.1; seed
002_f9bb08b28be3f2cb.txt annex 1 step 3): a local signalling meeting held last month, with a
decision and its action, and the next one planned with its agenda proposed; fenna sits at the
table for the community police. Made through the services, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.intake.inputs import SignalInput, SubjectInput
from signaalroute.intake.services import signal_submit_internal
from signaalroute.meetings.models import ItemKind, Meeting, MeetingState
from signaalroute.meetings.services import (
    action_done,
    agenda_propose,
    decision_record,
    item_add,
    meeting_plan,
    meeting_update,
)
from signaalroute.signals.models import Signal
from signaalroute.workflow.services import meeting_agenda_set

LABOUR_SIGNS = ["ilo-lab-dr-m1", "ilo-lab-dr-m2"]


def _flagged_signal(users: dict[str, Any], soest: Organisation, **data: Any) -> Signal:
    signal = signal_submit_internal(
        reporter=users["otto"], municipality=soest, data=SignalInput(**data)
    )
    signal.refresh_from_db()
    return meeting_agenda_set(
        actor=users["carla"], signal=signal, on_agenda=True, expected_version=signal.version
    )


def build_demo_meetings(users: dict[str, Any]) -> int:
    """Returns how many meetings were made (0 when Soest has meetings already)."""
    soest = Organisation.objects.get(name="Soest", kind=OrganisationKind.MUNICIPALITY)
    if Meeting.objects.filter(municipality=soest).exists():
        return 0
    with translation.override("nl"), transaction.atomic():
        return _build(users, soest)


def _build(users: dict[str, Any], soest: Organisation) -> int:
    carla, daan, fenna = users["carla"], users["daan"], users["fenna"]
    today = timezone.localdate()
    police = Organisation.objects.get(name="Politie basisteam Heuvelrug (demo)")
    bakery = _flagged_signal(
        users,
        soest,
        description="Bij de bakkerij werken 's nachts zes mannen die ook boven de zaak slapen.",
        location_kind="address",
        postcode="3764 BR",
        house_number=21,
        capacity="enforcement",
        forms=["labour"],
        indicator_codes=LABOUR_SIGNS,
        subjects=[
            SubjectInput(kind="organisation", role="perpetrator", description="Bakkerij (demo)"),
            SubjectInput(kind="address", role="other", description="Bakkerstraat 3, Soest"),
        ],
    )
    last = meeting_plan(
        actor=carla,
        municipality=soest,
        kind="local_signalling",
        held_on=today - dt.timedelta(days=30),
        chair=carla,
        attendees=[daan, fenna],
        organisations=[police],
    )
    item = item_add(actor=carla, meeting=last, kind=ItemKind.SIGNAL, signal=bakery)
    decision_record(
        actor=carla,
        item=item,
        text="Integrale controle bij de bakkerij met Handhaving en de wijkagent.",
        action="Controle plannen met team Toezicht en Handhaving",
        owner=carla,
        due_on=today - dt.timedelta(days=16),
    )
    decision_record(
        actor=carla,
        item=item_add(
            actor=carla, meeting=last, kind=ItemKind.TOPIC, topic="Signalen rond vakantieparken"
        ),
        text="Wijkagenten letten op busjes bij de vakantieparken.",
        action="Terugkoppelen wat de wijkagenten zagen",
        owner=fenna,
        due_on=today + dt.timedelta(days=5),
    )
    done = last.actions.get(owner=carla)
    action_done(
        actor=carla,
        action=done,
        done_on=today - dt.timedelta(days=18),
        note="Controle staat gepland; de wijkagent gaat mee.",
    )
    meeting_update(
        actor=carla,
        meeting=last,
        values={
            "minutes": "Aanwezig: Carla Bakker (voorzitter), Daan Visser, Fenna Mulder (wijkagent).\n\n"
            "De bakkerij besproken; integrale controle afgesproken.",
            "state": MeetingState.HELD,
        },
    )
    _flagged_signal(
        users,
        soest,
        description="Op een vakantiepark wonen veel arbeidsmigranten in een chalet.",
        location_kind="place",
        place_description="Vakantiepark aan de Birkstraat (demo)",
        capacity="enforcement",
        forms=["labour"],
        indicator_codes=LABOUR_SIGNS[:1],
    )
    upcoming = meeting_plan(
        actor=carla,
        municipality=soest,
        kind="local_signalling",
        held_on=today + dt.timedelta(days=7),
        chair=carla,
        attendees=[daan, fenna],
        organisations=[police],
    )
    agenda_propose(actor=carla, meeting=upcoming)
    return 2
