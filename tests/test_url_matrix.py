"""Every route is in the permission matrix, and every persona that must be refused is refused."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from signaalroute.accounts.models import User
from signaalroute.accounts.rules import ROLE_RULES, Permission, Role
from signaalroute.accounts.url_access import URL_ACCESS, Access

from .conftest import PERSONA_NAMES, login_client

SAMPLE = {"uuid": uuid.uuid4(), "int": 1, "str": "x", "slug": "x", "path": "x"}


def _walk(resolvers: list[Any], namespace: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            found += _walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                found.append((f"<unnamed {entry.pattern}>", {}))
                continue
            converters = getattr(entry.pattern, "converters", {})
            kwargs = {}
            for name, converter in converters.items():
                kind = type(converter).__name__.replace("Converter", "").lower()
                kwargs[name] = SAMPLE.get(kind, "x")
            found.append((namespace + entry.name, kwargs))
    return found


ROUTES = dict(_walk(get_resolver().url_patterns))
PERSONA_ROLES = {
    "alice": Role.REPORTER,
    "bob": Role.TEAM_COORDINATOR,
    "carla": Role.FOCAL_OFFICER,
    "daan": Role.FOCAL_OFFICER,
    "eva": Role.CARE_COORDINATOR,
    "fenna": Role.PARTNER_CONTACT,
    "gijs": Role.POLICY_OFFICER,
    "henk": Role.FUNCTIONAL_ADMIN,
    "ida": Role.AUDITOR,
    "pim": Role.PRIVACY_OFFICER,
    "karin": Role.FOCAL_OFFICER,
    "lotte": Role.CHAIN_DIRECTOR,
    "nora": Role.PARTNER_CONTACT,
    "otto": Role.REPORTER,
    "rik": Role.REGION_ADMIN,
}


def test_every_route_is_in_the_matrix() -> None:
    missing = sorted(set(ROUTES) - set(URL_ACCESS))
    assert missing == [], f"routes without an entry in URL_ACCESS (default deny): {missing}"


def test_matrix_names_only_existing_routes() -> None:
    stale = sorted(set(URL_ACCESS) - set(ROUTES))
    assert stale == [], f"URL_ACCESS names routes that do not exist: {stale}"


def test_public_routes_are_the_expected_few() -> None:
    public = {name for name, access in URL_ACCESS.items() if access == Access.PUBLIC}
    assert public == {
        "accounts:login",
        "oidc_authentication_init",
        "oidc_authentication_callback",
        "core:healthz",
        "core:set-language",
        # The public reporting form (Dutch and English), its receipt and the status look-up.
        "intake:public-form",
        "intake:public-receipt",
        "intake:public-status",
        "intake:public-form-en",
        "intake:public-receipt-en",
        "intake:public-status-en",
        # The activation link of an invitation.
        "accounts:activate",
        # The public form, receipt and status in Polish, Romanian and Bulgarian.
        *(
            f"intake:public-{p}-{c}"
            for c in ("pl", "ro", "bg")
            for p in ("form", "receipt", "status")
        ),
        # Where to report, per municipality, and its flyer.
        "intake:where",
        "intake:where-language",
        "intake:where-flyer",
        "intake:where-flyer-language",
    }


def _refused(response: Any, route: str) -> bool:
    if route.startswith("api:"):
        return response.status_code in (401, 403, 404)
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "/inloggen/" in response["Location"]


def _request(client: Client, route: str) -> Any:
    url = reverse(route, kwargs=ROUTES[route])
    method = "post" if route == "accounts:logout" else "get"
    return getattr(client, method)(url)


NON_PUBLIC = sorted(name for name, access in URL_ACCESS.items() if access != Access.PUBLIC)


@pytest.mark.parametrize("route", NON_PUBLIC)
def test_anonymous_is_refused(route: str, db: Any) -> None:
    assert _refused(_request(Client(), route), route)


VERIFIED_OR_PERMISSION = sorted(
    name for name, access in URL_ACCESS.items() if access not in (Access.PUBLIC, Access.LOGGED_IN)
)


@pytest.mark.parametrize("route", VERIFIED_OR_PERMISSION)
def test_password_only_is_refused_where_a_second_step_is_needed(
    route: str, personas: dict[str, Any]
) -> None:
    client = login_client(Client(), personas["carla"], verified=False)
    response = _request(client, route)
    if route.startswith("api:"):
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:otp-verify")


PERMISSION_ROUTES = [
    (route, name)
    for route, access in sorted(URL_ACCESS.items())
    if isinstance(access, Permission)
    for name in PERSONA_NAMES
    if access not in ROLE_RULES[PERSONA_ROLES[name]].permissions
]


PERMISSION_ROUTES += [
    (route, "roleless")
    for route, access in sorted(URL_ACCESS.items())
    if isinstance(access, Permission)
]


@pytest.mark.parametrize(("route", "persona"), PERMISSION_ROUTES)
def test_persona_without_permission_is_refused(
    route: str, persona: str, personas: dict[str, Any]
) -> None:
    if persona == "roleless":
        user = User.objects.create_user(username="zonder-rol", password="x" * 16)
    else:
        user = personas[persona]
    response = _request(login_client(Client(), user), route)
    assert response.status_code == 403, (route, persona, response.status_code)


def test_every_permission_route_has_a_refused_persona() -> None:
    """Besides the user without roles: a real persona is refused on every route but home."""
    covered = {route for route, persona in PERMISSION_ROUTES if persona != "roleless"}
    expected = {r for r, a in URL_ACCESS.items() if isinstance(a, Permission)} - {"accounts:home"}
    assert covered == expected
