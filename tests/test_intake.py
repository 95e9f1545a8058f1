"""The four ways in: internal, public (anonymous, receipt, idempotent, rate-limited), registered
by the focal officer, and advice questions; attachments checked on content."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from signaalroute.audit.models import AuditEntry
from signaalroute.intake.models import AdviceQuestion
from signaalroute.intake.selectors import team_coordinators_for
from signaalroute.intake.services import signal_submit_internal
from signaalroute.signals.models import Attachment, ReporterIdentity, Signal
from signaalroute.signals.states import State
from signaalroute.workflow.models import RouteSettings

from .signals import form_payload, internal_signal, signal_data, soest

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_internal_report_with_step_one_goes_to_the_team_coordinator(
    client_for: Any, personas: Any
) -> None:
    client = client_for("alice")
    response = client.post(
        "/signalen/nieuw/", form_payload(team_coordinator=str(personas["bob"].pk))
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.state == State.WITH_TEAM_COORDINATOR
    assert signal.team_coordinator == personas["bob"]
    assert signal.postcode == "3762AB"
    assert signal.due_at is not None
    assert signal.reporter.user == personas["alice"]
    assert signal.subjects.get().description == "Dorpsstraat 1"
    entry = AuditEntry.objects.get(action="signal.submit")
    assert entry.actor_username == "alice" and "description" in entry.fields
    assert "Dorpsstraat" not in str(entry.content())


def test_internal_report_may_skip_step_one_unless_the_municipality_requires_it(
    client_for: Any, personas: Any
) -> None:
    client = client_for("alice")
    assert client.post("/signalen/nieuw/", form_payload()).status_code == 302
    assert Signal.objects.get().state == State.RECEIVED
    from signaalroute.workflow.selectors import route_settings_for

    settings = route_settings_for(soest())
    settings.team_coordinator_step_required = True
    settings.save()
    response = client.post("/signalen/nieuw/", form_payload())
    assert response.status_code == 200
    assert Signal.objects.count() == 1
    assert "team_coordinator" in response.context["form"].errors


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": ""}, "description"),
        ({"postcode": "1234"}, "postcode"),
        ({"house_number": ""}, "house_number"),
        ({"location_kind": "place"}, "place_description"),
        ({"observed_on": "2999-01-01"}, "observed_on"),
        ({"exploitation_forms": ["slavery"]}, "exploitation_forms"),
        ({"subject_0_role": ""}, "subject_0_description"),
        ({"municipality": str(uuid.uuid4())}, "municipality"),
    ],
)
def test_bad_input_gives_a_field_error_and_saves_nothing(
    client_for: Any, overrides: dict[str, Any], field: str
) -> None:
    response = client_for("alice").post("/signalen/nieuw/", form_payload(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Signal.objects.exists() and not ReporterIdentity.objects.exists()
    assert not AuditEntry.objects.filter(action="signal.submit").exists()
    # What was typed stays in the form.
    if overrides.get("description") != "":
        assert "Busje haalt elke ochtend" in response.content.decode()


def test_html_in_text_is_stored_as_text_and_escaped(client_for: Any, personas: Any) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client_for("alice").post("/signalen/nieuw/", form_payload(description=hostile))
    signal = Signal.objects.get()
    assert signal.description == hostile
    page = client_for("carla").get(f"/signalen/{signal.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_acute_signal_skips_step_one_and_mails_focal_officers_without_personal_data(
    client_for: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for("alice").post(
            "/signalen/nieuw/",
            form_payload(acute="on", team_coordinator=str(personas["bob"].pk)),
        )
    signal = Signal.objects.get()
    assert signal.acute and signal.state == State.RECEIVED
    assert (signal.due_at - signal.state_changed_at).total_seconds() == 60 * 60
    # The domain's focal officer first (an address: safety), the other one as backup.
    assert [m.to for m in mail.outbox] == [
        ["carla@demo.signaalroute.invalid"],
        ["daan@demo.signaalroute.invalid"],
    ]
    for message in mail.outbox:
        body = message.subject + message.body
        for secret in ("Dorpsstraat", "3762", "Alice", "alice", "veertien"):
            assert secret not in body
        assert signal.reference in message.subject
        assert f"/signalen/{signal.pk}/" in message.body  # straight to the signal (an id, no data)


def test_acute_signal_is_saved_even_when_the_mail_server_is_down(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        override_settings(EMAIL_BACKEND="tests.broken_mail.BrokenBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for("alice").post("/signalen/nieuw/", form_payload(acute="on"))
    assert response.status_code == 302
    assert Signal.objects.get().acute


# --- Attachments ---------------------------------------------------------------------------------


def _upload(
    name: str, content: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_attachments_are_checked_on_content_and_stored_privately(
    client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    payload = form_payload(
        attachments=[_upload("../../etc/passwd.png", PNG), _upload("brief.pdf", PDF)]
    )
    assert client_for("alice").post("/signalen/nieuw/", payload).status_code == 302
    names = sorted(Attachment.objects.values_list("original_name", "content_type"))
    assert names == [("brief.pdf", "application/pdf"), ("passwd.png", "image/png")]
    stored = list((tmp_path / "attachments").iterdir())
    assert len(stored) == 2 and all("." not in p.name for p in stored)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", b"MZ\x90\x00 this is an exe"),  # wrong content behind a photo name
        ("script.pdf", b"<html><script>alert(1)</script>"),
        ("leeg.png", b""),
    ],
)
def test_disallowed_content_is_refused_and_nothing_is_saved(
    client_for: Any, settings: Any, tmp_path: Any, name: str, content: bytes
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = client_for("alice").post(
        "/signalen/nieuw/", form_payload(attachments=[_upload(name, content)])
    )
    if content:
        assert response.status_code == 200
        assert "attachments" in response.context["form"].errors
        assert not Signal.objects.exists()
    assert not (tmp_path / "attachments").exists()


def test_oversized_file_is_refused(client_for: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = client_for("alice").post(
        "/signalen/nieuw/", form_payload(attachments=[_upload("groot.png", PNG + b"\x00" * 2048)])
    )
    assert response.status_code == 200 and not Signal.objects.exists()


def test_attachment_download_is_scoped_and_audited(
    client_for: Any, personas: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client_for("alice").post(
        "/signalen/nieuw/", form_payload(attachments=[_upload("foto.png", PNG)])
    )
    attachment = Attachment.objects.get()
    url = f"/bijlagen/{attachment.pk}/"
    response = client_for("carla").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert 'attachment; filename="foto.png"' in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="attachment.read", actor_username="carla").exists()
    for persona in ("karin", "alice", "eva", "fenna", "gijs", "bob"):
        assert client_for(persona).get(url).status_code in (403, 404), persona


# --- The public form -----------------------------------------------------------------------------


def _public_payload(**overrides: Any) -> dict[str, Any]:
    payload = form_payload(capacity="resident", submission_key=str(uuid.uuid4()))
    payload.pop("team_coordinator", None)
    payload.update(overrides)
    return payload


def test_public_report_anonymous_gives_a_receipt_that_opens_the_status(
    db: Any, personas: Any
) -> None:
    client = Client()
    assert client.get("/melden/").status_code == 200
    payload = _public_payload()
    response = client.post("/melden/", payload)
    assert response.status_code == 302
    receipt_page = client.get(response["Location"])
    code, secret = receipt_page.context["receipt"]
    signal = Signal.objects.get()
    shown = receipt_page.content.decode()
    assert "Bel 112" in shown  # acute danger first (seed 000 §2.3)
    assert f"uiterlijk {timezone.localtime(signal.due_at):%d-%m-%Y %H:%M}" in shown
    assert signal.channel == "public" and signal.reporter.anonymous and signal.reporter.user is None
    assert signal.receipt.secret_hash != secret
    # A double click (same form, same key) makes no second signal and shows the same receipt.
    again = client.post("/melden/", payload)
    assert again.status_code == 302 and Signal.objects.count() == 1
    assert client.get(again["Location"]).context["receipt"] == [code, secret]
    # Following up with the codes, from another browser.
    other = Client()
    status = other.post("/melden/status/", {"code": code, "secret": secret})
    assert status.status_code == 302
    page = other.get("/melden/status/")
    assert page.status_code == 200 and page.context["signal"] == signal
    assert "Busje haalt" not in page.content.decode()  # the status page shows no details
    other.post("/melden/status/", {"text": "Vanochtend waren het er twintig."})
    assert signal.events.filter(kind="reporter_addition").count() == 1


def test_the_codes_open_however_they_are_typed(db: Any, personas: Any) -> None:
    """With spaces, without dashes, in lower case: the reporter's codes still open the status."""
    client = Client()
    response = client.post("/melden/", _public_payload())
    code, secret = client.get(response["Location"]).context["receipt"]
    typed_code = " " + code.replace("-", " ").lower() + " "
    typed_secret = secret.replace("-", "").lower()
    other = Client()
    status = other.post("/melden/status/", {"code": typed_code, "secret": typed_secret})
    assert status.status_code == 302
    assert other.get("/melden/status/").context["signal"] == Signal.objects.get()


def test_wrong_secret_opens_nothing_and_is_audited(db: Any, personas: Any) -> None:
    client = Client()
    response = client.post("/melden/", _public_payload())
    code, _secret = client.get(response["Location"]).context["receipt"]
    other = Client()
    response = other.post("/melden/status/", {"code": code, "secret": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 200
    assert other.get("/melden/status/").context.get("signal") is None
    assert AuditEntry.objects.filter(action="receipt.open", outcome="failed").count() == 1


def test_public_form_in_english(db: Any, personas: Any) -> None:
    response = Client().get("/en/report/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Report a suspicion of human trafficking" in response.content.decode()


def test_public_contact_details_are_optional_and_kept_with_the_focal_officer(
    db: Any, personas: Any
) -> None:
    Client().post("/melden/", _public_payload(name="Piet Buurman", email="piet@example.org"))
    identity = Signal.objects.get().reporter
    assert identity.name == "Piet Buurman" and not identity.anonymous


def test_honeypot_creates_nothing(db: Any, personas: Any) -> None:
    response = Client().post("/melden/", _public_payload(website="http://spam.example"))
    assert response.status_code == 200
    assert not Signal.objects.exists()


def test_public_form_is_rate_limited_without_keeping_the_address(
    db: Any, personas: Any, settings: Any
) -> None:
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(2):
        assert client.post("/melden/", _public_payload()).status_code == 302
    response = client.post("/melden/", _public_payload())
    assert response.status_code == 429
    assert "Busje haalt" in response.content.decode()  # what was typed is shown again
    assert Signal.objects.count() == 2
    from signaalroute.core.models import RateLimitHit

    assert not RateLimitHit.objects.filter(key__contains="192.0.2.10").exists()
    assert Client(REMOTE_ADDR="192.0.2.11").post("/melden/", _public_payload()).status_code == 302


def test_huge_body_is_refused(db: Any, personas: Any) -> None:
    response = Client().post("/melden/", _public_payload(description="x" * 3_000_000))
    assert response.status_code == 400
    assert not Signal.objects.exists()


# --- Registered by the focal officer, and advice questions ----------------------------------------


def test_focal_officer_registers_a_phone_signal(client_for: Any) -> None:
    payload = form_payload(
        channel="phone",
        capacity="resident",
        reporter_name="Mevrouw Jansen",
        reporter_phone="0612345678",
    )
    response = client_for("carla").post("/signalen/registreren/", payload)
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.channel == "phone" and signal.reporter.name == "Mevrouw Jansen"


def test_mma_signal_is_always_anonymous(client_for: Any) -> None:
    payload = form_payload(channel="mma", capacity="unknown", reporter_name="Iemand")
    client_for("carla").post("/signalen/registreren/", payload)
    identity = Signal.objects.get().reporter
    assert identity.anonymous and identity.name == ""


def test_advice_question_answered_and_turned_into_a_signal(client_for: Any, personas: Any) -> None:
    client_for("alice").post(
        "/adviesvraag/", {"municipality": str(soest().pk), "question": "Is dit een signaal?"}
    )
    advice = AdviceQuestion.objects.get()
    carla = client_for("carla")
    carla.post(f"/adviesvragen/{advice.pk}/", {"answer": "Ja, meld het."})
    advice.refresh_from_db()
    assert advice.status == "answered" and advice.answered_by == personas["carla"]
    response = carla.post(
        f"/adviesvragen/{advice.pk}/",
        {
            "convert": "1",
            "signaal-description": advice.question,
            "signaal-location_kind": "unknown",
            "signaal-minors": "unknown",
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.channel == "advice" and signal.reporter.user == personas["alice"]
    assert "Ja, meld het." in client_for("alice").get("/mijn-meldingen/").content.decode()


def test_internal_signal_helper_matches_the_form(personas: Any) -> None:
    signal = internal_signal(personas)
    assert signal.state == State.WITH_TEAM_COORDINATOR


def test_internal_double_submit_makes_one_signal(client_for: Any) -> None:
    client = client_for("alice")
    payload = form_payload(submission_key=str(uuid.uuid4()))
    first, second = (
        client.post("/signalen/nieuw/", payload),
        client.post("/signalen/nieuw/", payload),
    )
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Signal.objects.count() == 1


def test_a_reporter_is_offered_the_coordinators_of_their_own_team(personas: Any) -> None:
    """Alice (front desk) chooses Bob, her team's coordinator; Otto (enforcement, a team without
    one) is not offered the front desk's Bob and reports to the focal officer directly, also
    where the municipality asks for step 1."""
    assert list(team_coordinators_for(personas["alice"])) == [personas["bob"]]
    assert not team_coordinators_for(personas["otto"]).exists()
    RouteSettings.objects.update_or_create(
        municipality=soest(), defaults={"team_coordinator_step_required": True}
    )
    signal = signal_submit_internal(
        reporter=personas["otto"], municipality=soest(), data=signal_data(), team_coordinator=None
    )
    assert signal.state == State.RECEIVED
    with pytest.raises(ValidationError):
        signal_submit_internal(
            reporter=personas["otto"],
            municipality=soest(),
            data=signal_data(),
            team_coordinator=personas["bob"],
        )
