"""Step 2 of the route: the reporter's name stays with the focal officer (seed
002_f9bb08b28be3f2cb.txt annex 1). Proven for every persona and every way data leaves."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from signaalroute.accounts.models import Membership, User
from signaalroute.intake.inputs import ReporterInput
from signaalroute.intake.services import signal_register
from signaalroute.partners.referrals.services import referral_send
from signaalroute.signals.selectors import reporter_identity_for, reporter_sources
from signaalroute.signals.states import State
from signaalroute.stacking.models import Trace
from signaalroute.workflow.services import feedback_to_reporter, signal_transition

from .conftest import PERSONA_NAMES, login_client
from .signals import internal_signal, signal_data, soest

pytestmark = pytest.mark.django_db

NAME = "Petronella Geheimhouder"
PHONE = "0612398745"


@pytest.fixture
def public_signal(personas: Any) -> Any:
    return signal_register(
        actor=personas["carla"],
        municipality=soest(),
        channel="phone",
        data=signal_data(),
        reporter=ReporterInput(name=NAME, phone=PHONE, email="petronella@example.org"),
    )


@pytest.fixture
def other_coordinator(personas: Any) -> User:
    user = User.objects.create_user(username="tc-handhaving", password="x" * 16)
    from signaalroute.accounts.models import Organisation

    team = Organisation.objects.get(name="Soest — Handhaving")
    Membership.objects.create(user=user, organisation=team, role="team_coordinator")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    return user


ALLOWED = {"carla", "daan"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_identity_only_for_the_municipalitys_focal_officers(
    personas: Any, public_signal: Any, persona: str
) -> None:
    identity = reporter_identity_for(personas[persona], public_signal)
    assert (identity is not None) == (persona in ALLOWED)


def test_internal_reporter_and_chosen_coordinator_see_it_others_do_not(
    personas: Any, other_coordinator: User
) -> None:
    signal = internal_signal(personas)
    assert reporter_identity_for(personas["alice"], signal) is not None
    assert reporter_identity_for(personas["bob"], signal) is not None
    assert reporter_identity_for(other_coordinator, signal) is None
    client = login_client(Client(), other_coordinator)
    assert client.get(f"/teamcoordinator/{signal.pk}/").status_code == 404
    assert client.get(f"/signalen/{signal.pk}/melder/").status_code == 404


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_reporter_page_reveals_only_to_allowed_personas(
    client_for: Any, public_signal: Any, persona: str
) -> None:
    response = client_for(persona).get(f"/signalen/{public_signal.pk}/melder/")
    shown = NAME in response.content.decode()
    assert shown == (persona in ALLOWED), (persona, response.status_code)


def test_reading_the_identity_is_audited_without_values(
    client_for: Any, public_signal: Any
) -> None:
    from signaalroute.audit.models import AuditEntry

    client_for("carla").get(f"/signalen/{public_signal.pk}/melder/")
    entry = AuditEntry.objects.get(action="signal.reporter_identity_read")
    assert entry.actor_username == "carla"
    assert NAME not in str(entry.content()) and PHONE not in str(entry.content())


def test_detail_page_and_worklist_do_not_show_it_until_asked(
    client_for: Any, public_signal: Any
) -> None:
    carla = client_for("carla")
    for url in ("/werkvoorraad/", f"/signalen/{public_signal.pk}/"):
        assert NAME not in carla.get(url).content.decode()


def test_nothing_that_leaves_carries_it(
    client_for: Any, personas: Any, public_signal: Any, django_capture_on_commit_callbacks: Any
) -> None:
    carla = personas["carla"]
    signal_transition(
        actor=carla, signal=public_signal, to=State.TRIAGE, expected_version=public_signal.version
    )
    with django_capture_on_commit_callbacks(execute=True):
        feedback_to_reporter(
            actor=carla,
            signal=public_signal,
            text="Bedankt voor uw melding.",
            expected_version=public_signal.version,
        )
    client_for("carla").get(f"/signalen/{public_signal.pk}/melder/")
    # E-mails
    for message in mail.outbox:
        assert NAME not in message.subject + message.body
    # The audit log and its export
    export = client_for("ida").get("/auditlog/export.csv")
    assert NAME not in b"".join(export.streaming_content).decode()
    # Every API response, for every persona
    for persona in PERSONA_NAMES:
        client = client_for(persona)
        for url in (
            "/api/v1/me",
            "/api/v1/organisations",
            "/api/v1/audit-entries",
            "/api/v1/schema",
        ):
            body = client.get(url).content.decode()
            assert NAME not in body and PHONE not in body, (persona, url)


def test_logs_do_not_carry_it(client_for: Any, public_signal: Any) -> None:
    import logging

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(logging.DEBUG)
    try:
        client_for("carla").get(f"/signalen/{public_signal.pk}/melder/")
        client_for("karin").get(f"/signalen/{public_signal.pk}/melder/")
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
    assert NAME not in stream.getvalue()


def test_stacking_counts_sources_without_seeing_contact_details(personas: Any) -> None:
    """Stacking alerts count distinct reporters through opaque tokens, never the details."""
    carla = personas["carla"]

    def phoned(email: str, phone: str) -> Any:
        return signal_register(
            actor=carla,
            municipality=soest(),
            channel="phone",
            data=signal_data(),
            reporter=ReporterInput(name="Buurvrouw", email=email, phone=phone),
        )

    first = phoned("Buur@Example.org", "")
    again = phoned(" buur@example.org ", "")
    by_phone = phoned("", "06-1234 5678")
    anonymous = signal_register(
        actor=carla,
        municipality=soest(),
        channel="mma",
        data=signal_data(),
        reporter=ReporterInput(anonymous=True),
    )
    tokens = reporter_sources([first, again, by_phone, anonymous])
    assert tokens[first.pk] == tokens[again.pk]  # the same e-mail address is one source
    assert len({tokens[s.pk] for s in (first, by_phone, anonymous)}) == 3
    joined = " ".join(tokens.values())
    assert "buur" not in joined.lower() and "12345678" not in joined and "0612345678" not in joined


def test_an_internal_reporters_name_shows_only_behind_the_audited_reveal(
    client_for: Any, personas: Any
) -> None:
    """The timeline names the reporter by role and team; no page that shows the signal, to the
    focal officer or to the partner, carries the name until the logged "show who reported"."""
    signal = internal_signal(personas, via_bob=False)
    carla = personas["carla"]
    signal_transition(actor=carla, signal=signal, to=State.TRIAGE, expected_version=signal.version)
    signal.refresh_from_db()
    referral = referral_send(
        actor=carla,
        signal=signal,
        partner=Membership.objects.get(user=personas["fenna"]).organisation,
        purpose="Graag beoordelen",
        basis="statutory_task",
        details={"article": "art. 3 Politiewet 2012"},
        expected_version=signal.version,
    )
    name, surname = "Alice de Vries", "de Vries"
    focal = client_for("carla")
    pages = [
        "/",
        "/werkvoorraad/",
        f"/signalen/{signal.pk}/",
        f"/signalen/{signal.pk}/overdracht/",
        f"/overdrachten/{referral.pk}/grondslag/",
        f"/overdrachten/{referral.pk}/intrekken/",
        "/stapels/",
        *(f"/stapels/spoor/{t.pk}/" for t in Trace.objects.filter(signal=signal)),
    ]
    for url in pages:
        page = focal.get(url)
        assert page.status_code == 200, url
        assert name not in page.content.decode() and surname not in page.content.decode(), url
    detail = focal.get(f"/signalen/{signal.pk}/").content.decode()
    assert "(de melder, Melder bij Soest — Burgerzaken en KCC)" in detail
    fenna = client_for("fenna")
    for url in ("/partner/overdrachten/", f"/partner/overdrachten/{referral.pk}/"):
        assert surname not in fenna.get(url).content.decode(), url
    api = fenna.get(f"/api/v1/referrals/{referral.pk}")
    assert api.status_code == 200 and surname not in api.content.decode()
    # The reveal shows it, and is logged.
    assert name in focal.get(f"/signalen/{signal.pk}/melder/").content.decode()
