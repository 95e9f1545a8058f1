"""Confirmations that say what happened (where a signal went, to whom, what changed), and the
focal officer's registration form asking what the reporter saw."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from signaalroute.demo.partners import build_demo_partners
from signaalroute.partners.referrals.services import referral_send
from signaalroute.partners.referrals.sharing import Basis
from signaalroute.signals.models import Signal

from .signals import form_payload, internal_signal, soest
from .visible import visible_text

pytestmark = pytest.mark.django_db


def _said(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_reporter_is_told_where_the_signal_went(personas: Any, client_for: Any) -> None:
    alice = client_for("alice")
    via_bob = alice.post(
        "/signalen/nieuw/", form_payload(team_coordinator=str(personas["bob"].pk)), follow=True
    )
    reference = Signal.objects.get().reference
    assert _said(via_bob) == [
        f"Dank u wel. Uw signaal {reference} is naar uw teamcoördinator Bob Jansen gestuurd, "
        "die het doorstuurt naar de aandachtsfunctionaris."
    ]
    direct = alice.post("/signalen/nieuw/", form_payload(), follow=True)
    reference = Signal.objects.exclude(reference=reference).get().reference
    assert _said(direct) == [
        f"Dank u wel. Uw signaal {reference} is doorgestuurd naar de aandachtsfunctionaris "
        "mensenhandel van Soest."
    ]


def test_the_registration_form_asks_what_the_reporter_saw(client_for: Any) -> None:
    carla = client_for("carla")
    page = visible_text(carla.get("/signalen/registreren/").content)
    assert "Wat heeft de melder gezien?" in page
    assert "Wat heeft de melder gezien of gehoord?" in page
    assert "Wat heeft u gezien" not in page
    refused = visible_text(carla.post("/signalen/registreren/", {"channel": "phone"}).content)
    assert "Beschrijf wat de melder heeft gezien of gehoord." in refused
    done = carla.post(
        "/signalen/registreren/",
        form_payload(channel="phone", capacity="resident"),
        follow=True,
    )
    reference = Signal.objects.get().reference
    assert _said(done) == [
        f"Signaal {reference} geregistreerd; het staat in de werkvoorraad van Soest."
    ]


def test_the_signal_page_says_what_each_action_did(personas: Any, client_for: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    carla = client_for("carla")
    due = timezone.localdate() + dt.timedelta(days=3)
    task = carla.post(
        f"/signalen/{signal.pk}/taak/",
        {"title": "BRP nakijken", "due_on": due.isoformat()},
        follow=True,
    )
    assert _said(task) == [f"Taak “BRP nakijken” toegevoegd, uiterlijk {due:%d-%m-%Y}."]
    done = carla.post(f"/signalen/{signal.pk}/taak/{signal.tasks.get().pk}/klaar/", follow=True)
    assert _said(done) == ["Taak “BRP nakijken” afgevinkt als gedaan."]
    note = carla.post(f"/signalen/{signal.pk}/notitie/", {"text": "Gebeld met Alice."}, follow=True)
    assert _said(note) == ["Notitie toegevoegd aan de tijdlijn."]
    signal.refresh_from_db()
    agenda = carla.post(
        f"/signalen/{signal.pk}/overleg/",
        {"version": signal.version, "on_agenda": "on"},
        follow=True,
    )
    assert _said(agenda) == ["Op de agenda van het signaleringsoverleg gezet."]


def test_a_partner_is_told_what_the_answer_did(personas: Any, client_for: Any) -> None:
    build_demo_partners()
    signal = internal_signal(personas, via_bob=False)
    from signaalroute.workflow.services import signal_transition

    signal_transition(
        actor=personas["carla"], signal=signal, to="triage", expected_version=signal.version
    )
    signal.refresh_from_db()
    from signaalroute.accounts.models import Organisation

    referral = referral_send(
        actor=personas["carla"],
        signal=signal,
        partner=Organisation.objects.get(name__startswith="Politie basisteam"),
        purpose="Graag beoordelen",
        basis=Basis.STATUTORY_TASK,
        details={"article": "art. 3 Politiewet 2012"},
        expected_version=signal.version,
    )
    fenna = client_for("fenna")
    url = f"/partner/overdrachten/{referral.pk}/"
    fenna.get(url)
    referral.refresh_from_db()
    accepted = fenna.post(url, {"version": referral.version, "action": "accept"}, follow=True)
    assert _said(accepted) == ["Overdracht geaccepteerd; de gemeente Soest ziet dit."]
    referral.refresh_from_db()
    answered = fenna.post(
        url,
        {"version": referral.version, "action": "feedback", "kind": "investigation", "text": ""},
        follow=True,
    )
    assert "Terugkoppeling verstuurd naar de gemeente Soest." in _said(answered)
    shown = visible_text(answered.content)
    assert "Opsporingsonderzoek gestart" in shown and "investigation" not in shown
    assert soest().name == "Soest"
