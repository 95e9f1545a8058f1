"""Feedback to the reporter in the language of the report: stored at submit, shown to the focal
officer before sending, and read by the reporter on the status page."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape
from django.utils.translation import override

from signaalroute.signals.models import Signal
from signaalroute.workflow.feedback import (
    FEEDBACK_TEMPLATES,
    feedback_language,
    feedback_text,
)

from .signals import form_payload, internal_signal

pytestmark = pytest.mark.django_db

ROUTED_EN = (
    "Thank you for your report. We have looked at it and passed it on to the organisation "
    "that can act on it."
)


def _public_report(client: Client, path: str) -> tuple[Signal, str, str]:
    payload = form_payload(capacity="resident", submission_key=str(uuid.uuid4()))
    payload.pop("team_coordinator", None)
    response = client.post(path, payload)
    assert response.status_code == 302, response.content.decode()[:400]
    code, secret = client.get(response["Location"]).context["receipt"]
    return Signal.objects.get(), code, secret


def _triage(carla: Client, signal: Signal) -> None:
    data = {"transition_to": "triage", "t-triage-to": "triage", "t-triage-version": signal.version}
    assert carla.post(f"/signalen/{signal.pk}/stap/", data).status_code == 302
    signal.refresh_from_db()


def test_the_report_keeps_the_language_of_the_form(personas: Any) -> None:
    english, _code, _secret = _public_report(Client(), "/en/report/")
    assert english.language == "en"
    english.delete()
    dutch, _code, _secret = _public_report(Client(), "/melden/")
    assert dutch.language == "nl"
    assert internal_signal(personas).language == "nl"


def test_an_untranslated_language_falls_back_to_english() -> None:
    assert feedback_language("en") == "en"
    assert feedback_language("nl") == "nl"
    for language in ("pl", "ro", "bg"):  # their catalogues translate the templates
        assert feedback_language(language) == language
    assert feedback_text("routed", "pl").startswith("Dziękujemy za zgłoszenie.")
    assert feedback_language("de") == "en"  # no catalogue of our own: English
    with override("nl"):
        dutch = str(FEEDBACK_TEMPLATES["routed"][1])
    assert feedback_text("routed", "nl") == dutch != feedback_text("routed", "en")


def test_an_english_report_gets_the_english_standard_text(
    personas: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    resident = Client()
    signal, code, secret = _public_report(resident, "/en/report/")
    carla = client_for("carla")
    _triage(carla, signal)
    page = carla.get(f"/signalen/{signal.pk}/").content.decode()
    assert "Taal van de melding: Engels" in page
    assert escape(ROUTED_EN) in page  # the standard texts as the reporter will read them

    # Preview: the exact text, in English, and nothing sent yet.
    url = f"/signalen/{signal.pk}/terugkoppeling/"
    preview = carla.post(
        url, {"version": signal.version, "template": "routed", "action": "preview"}
    )
    assert preview.status_code == 200
    assert preview.context["feedback_preview"]["text"].startswith(ROUTED_EN)
    assert 'lang="en"' in preview.content.decode()
    assert not signal.events.filter(kind="feedback").exists()

    # Send what was previewed.
    with django_capture_on_commit_callbacks(execute=True):
        sent = carla.post(
            url,
            {
                "version": preview.context["feedback_preview"]["version"],
                "text": preview.context["feedback_preview"]["text"],
                "action": "send",
            },
            follow=True,
        )
    assert "Terugkoppeling naar de melder verstuurd (in het Engels)." in sent.content.decode()
    event = signal.events.get(kind="feedback")
    assert event.text.startswith(ROUTED_EN) and event.data == {"language": "en"}

    # The reporter opens the status page with the receipt and reads it in English.
    reader = Client()
    assert reader.post("/en/report/status/", {"code": code, "secret": secret}).status_code == 302
    status = reader.get("/en/report/status/").content.decode()
    assert escape(ROUTED_EN) in status
    assert "Bedankt voor uw melding" not in status


def test_a_dutch_report_gets_the_dutch_standard_text(
    personas: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    signal, _code, _secret = _public_report(Client(), "/melden/")
    carla = client_for("carla")
    _triage(carla, signal)
    assert (
        "Taal van de melding: Nederlands" in carla.get(f"/signalen/{signal.pk}/").content.decode()
    )
    carla.post(
        f"/signalen/{signal.pk}/terugkoppeling/",
        {"version": signal.version, "template": "routed", "action": "send"},
    )
    assert signal.events.get(kind="feedback").text == feedback_text("routed", "nl")


def test_a_polish_report_gets_its_feedback_in_polish(personas: Any, client_for: Any) -> None:
    signal = internal_signal(personas)
    Signal.objects.filter(pk=signal.pk).update(language="pl", state="triage")
    page = client_for("carla").get(f"/signalen/{signal.pk}/").content.decode()
    assert "Taal van de melding: Pools" in page
    assert "gaan ze in het Engels naar de melder" not in page
    assert escape("Dziękujemy za zgłoszenie.") in page and escape(ROUTED_EN) not in page


@pytest.mark.parametrize(
    ("path", "language", "heading", "followed"),
    [
        ("/pl/report/", "pl", "Zgłoś podejrzenie handlu ludźmi", "Twoje zgłoszenie"),
        (
            "/ro/report/",
            "ro",
            "Raportați o suspiciune de trafic de persoane",
            "Raportul dumneavoastră",
        ),
        ("/bg/report/", "bg", "Съобщете за подозрение за трафик на хора", "Вашият сигнал"),  # noqa: RUF001
    ],
)
def test_the_public_form_works_in_the_languages_of_labour_migrants(
    personas: Any, path: str, language: str, heading: str, followed: str
) -> None:
    resident = Client()
    page = resident.get(path)
    assert page["Content-Language"] == language and heading in page.content.decode()
    signal, code, secret = _public_report(resident, path)
    assert signal.language == language
    receipt = resident.get(f"{path}status/")
    assert receipt.status_code == 200
    opened = resident.post(f"{path}status/", {"code": code, "secret": secret})
    assert opened.status_code == 302 and opened["Location"] == f"{path}status/"
    status = resident.get(f"{path}status/").content.decode()
    assert f'<html lang="{language}"' in status and followed in status
