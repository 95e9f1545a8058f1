"""The API: problem+json errors, token and session auth, tenant scoping by id."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from signaalroute.accounts.models import ApiToken, Organisation, OrganisationKind, Region
from signaalroute.accounts.services import api_token_create, api_token_revoke
from signaalroute.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


def test_anonymous_gets_401_problem(db: Any) -> None:
    body = _assert_problem(Client().get("/api/v1/me"), 401)
    assert body["title"] == "Niet ingelogd"


def test_unknown_api_url_is_a_404_problem(db: Any) -> None:
    _assert_problem(Client().get("/api/v1/does-not-exist"), 404)


def test_me_with_a_verified_session(client_for: Any) -> None:
    body = client_for("carla").get("/api/v1/me").json()
    assert body["username"] == "carla"
    assert body["memberships"][0]["role"] == "focal_officer"
    assert body["memberships"][0]["domain"] == "safety"


def test_session_without_second_step_is_refused(client_for: Any) -> None:
    _assert_problem(client_for("carla", verified=False).get("/api/v1/me"), 403)


def test_token_auth_for_a_partner_system(personas: Any) -> None:
    _token, plain = api_token_create(actor=None, user=personas["fenna"], name="politie-koppeling")
    client = Client(HTTP_AUTHORIZATION=f"Token {plain}")
    assert client.get("/api/v1/me").json()["username"] == "fenna"
    assert ApiToken.objects.get().secret_hash != plain.split(".")[1]  # only the hash is stored


@pytest.mark.parametrize("mangle", ["wrong-secret", "revoked", "expired", "garbage"])
def test_bad_tokens_are_refused(personas: Any, mangle: str) -> None:
    token, plain = api_token_create(actor=None, user=personas["fenna"], name="t")
    if mangle == "wrong-secret":
        plain = plain.split(".")[0] + ".not-the-secret"
    elif mangle == "revoked":
        api_token_revoke(actor=None, token=token)
    elif mangle == "expired":
        token.expires_at = timezone.now() - dt.timedelta(minutes=1)
        token.save()
    else:
        plain = "nonsense"
    response = Client(HTTP_AUTHORIZATION=f"Token {plain}").get("/api/v1/me")
    body = _assert_problem(response, 401)
    assert body["detail"] == "De API-sleutel is ongeldig, verlopen of ingetrokken."


def test_another_tenants_id_is_404(client_for: Any, personas: Any) -> None:
    elsewhere = Region.objects.create(name="Haaglanden (test)")
    foreign = Organisation.objects.create(
        region=elsewhere, kind=OrganisationKind.MUNICIPALITY, name="Midden-Delfland"
    )
    client = client_for("carla")
    own = Organisation.objects.get(name="Soest")
    assert client.get(f"/api/v1/organisations/{own.pk}").status_code == 200
    _assert_problem(client.get(f"/api/v1/organisations/{foreign.pk}"), 404)
    _assert_problem(client.get(f"/api/v1/organisations/{uuid.uuid4()}"), 404)
    listed = {o["name"] for o in client.get("/api/v1/organisations").json()["results"]}
    assert "Soest" in listed and "Midden-Delfland" not in listed


def test_audit_api_is_for_auditors_only(client_for: Any) -> None:
    _assert_problem(client_for("carla").get("/api/v1/audit-entries"), 403)
    assert client_for("ida").get("/api/v1/audit-entries").status_code == 200
    assert AuditEntry.objects.filter(action="access.denied", actor_username="carla").exists()


def test_malformed_json_is_a_400_problem_and_changes_nothing(
    client_for: Any, personas: Any
) -> None:
    client = client_for("alice")
    before = AuditEntry.objects.count()
    response = client.patch("/api/v1/me", data='{"first_name": ', content_type="application/json")
    _assert_problem(response, 400)
    personas["alice"].refresh_from_db()
    assert personas["alice"].first_name == "Alice"
    assert AuditEntry.objects.count() == before


def test_invalid_field_is_a_400_problem_with_errors(client_for: Any) -> None:
    response = client_for("alice").patch(
        "/api/v1/me", data={"first_name": "x" * 200}, content_type="application/json"
    )
    body = _assert_problem(response, 400)
    assert "first_name" in body["errors"]


def test_patch_me_writes_and_audits_field_names_only(client_for: Any, personas: Any) -> None:
    response = client_for("alice").patch(
        "/api/v1/me", data={"first_name": "Alicia"}, content_type="application/json"
    )
    assert response.status_code == 200
    personas["alice"].refresh_from_db()
    assert personas["alice"].first_name == "Alicia"
    entry = AuditEntry.objects.get(action="user.update")
    assert entry.fields == ["first_name"] and "Alicia" not in str(entry.content())


def test_session_writes_need_csrf(personas: Any) -> None:
    from .conftest import login_client

    client = login_client(Client(enforce_csrf_checks=True), personas["alice"])
    response = client.patch("/api/v1/me", data={"first_name": "X"}, content_type="application/json")
    _assert_problem(response, 403)


def test_schema_is_served_to_verified_users(client_for: Any) -> None:
    response = client_for("alice").get("/api/v1/schema")
    assert response.status_code == 200 and b"/api/v1/organisations" in response.content


def test_paging_out_of_bounds_is_a_400_problem_not_a_server_error(personas: Any) -> None:
    _token, plain = api_token_create(actor=None, user=personas["ida"], name="paging")
    client = Client(HTTP_AUTHORIZATION=f"Token {plain}")
    for query in ("limit=10000000000000000000000", "offset=-1", "offset=99999999999999", "limit=0"):
        response = client.get(f"/api/v1/audit-entries?{query}")
        assert response.status_code == 400, query
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"]
    assert client.get("/api/v1/audit-entries?limit=200&offset=0").status_code == 200


def test_a_municipality_has_no_category_in_the_api(personas: Any) -> None:
    _token, plain = api_token_create(actor=None, user=personas["fenna"], name="orgs")
    rows = Client(HTTP_AUTHORIZATION=f"Token {plain}").get("/api/v1/organisations?limit=200")
    kinds = {(o["kind"], o["category"]) for o in rows.json()["results"]}
    assert ("municipality", None) in kinds and ("municipality", "") not in kinds
