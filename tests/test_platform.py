"""Health check, structured logs without personal data, error pages, demo data."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from signaalroute.accounts.models import Membership, Organisation, PartnerCategory, User
from signaalroute.core.logging import JsonFormatter, RequestIdFilter
from signaalroute.demo.personas import PERSONAS, build_demo

from .signals import committed

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.fixture
def json_log() -> Any:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("signaalroute.access")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_access_log_is_json_with_request_id_and_route_not_path(
    json_log: Any, client_for: Any
) -> None:
    response = client_for("ida").get("/auditlog/?actor=secret-name-in-query")
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    access = [line for line in lines if line["message"] == "request"]
    assert access, lines
    assert access[-1]["route"] == "audit:list"
    assert access[-1]["request_id"] == response["X-Request-ID"]
    assert "secret-name-in-query" not in json_log.getvalue()


def test_incoming_request_id_is_kept_when_well_formed(db: Any) -> None:
    response = Client(HTTP_X_REQUEST_ID="abcdef12-3456").get("/healthz")
    assert response["X-Request-ID"] == "abcdef12-3456"
    response = Client(HTTP_X_REQUEST_ID="<script>").get("/healthz")
    assert response["X-Request-ID"] != "<script>"


def test_exception_log_carries_type_not_message() -> None:
    formatter = JsonFormatter()
    try:
        raise ValueError("Jan Jansen, 06-12345678")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = json.loads(formatter.format(record))
    assert line["exception"] == "ValueError" and "Jansen" not in json.dumps(line)


def test_404_page_is_dutch_and_echoes_nothing(client_for: Any) -> None:
    response = client_for("alice").get("/bestaat-niet-Jan-Jansen/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Niet gevonden" in body and "Jan-Jansen" not in body


@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_500_page_is_plain_dutch(rf: Any) -> None:
    from signaalroute.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Er ging iets mis" in response.content.decode()
    api = server_error(rf.get("/api/v1/me"))
    assert api["Content-Type"] == "application/problem+json"


def test_seed_demo_is_idempotent() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert {p.username for p in PERSONAS} <= set(User.objects.values_list("username", flat=True))


def test_demo_has_a_partner_of_every_category() -> None:
    build_demo()
    present = set(Organisation.objects.exclude(category="").values_list("category", flat=True))
    assert present == set(PartnerCategory.values)


@override_settings(SIGNAALROUTE_DEMO=False)
def test_demo_commands_refuse_outside_demo_mode() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("demo_code", "alice", stdout=io.StringIO())


def test_demo_code_prints_a_working_code() -> None:
    build_demo()
    out = io.StringIO()
    call_command("demo_code", "carla", stdout=out)
    client = Client()
    client.post("/inloggen/", {"username": "carla", "password": "signaalroute-demo"})
    response = client.post("/inloggen/verificatie/", {"token": out.getvalue().strip()})
    assert response.status_code == 302 and response["Location"] == "/"


def test_demo_shows_a_stack_and_directory_entries() -> None:
    from signaalroute.partners.directory.models import PartnerProfile
    from signaalroute.stacking.models import Candidate, StackAlert

    with committed():
        call_command("seed_demo", stdout=io.StringIO())
    assert StackAlert.objects.count() == 1  # alice and otto about Dorpsstraat 12
    assert Candidate.objects.filter(tier="certain").exists()
    assert PartnerProfile.objects.count() == 10
    # Soest's focal officer decided possible links before: the stack pages show the record.
    from signaalroute.stacking.track_record import track_records

    soest = Organisation.objects.get(name="Soest", kind="municipality")
    record = track_records([soest.pk])[(soest.pk, "possible")]
    assert record.enough and (record.confirmed, record.decided) == (3, 12)
