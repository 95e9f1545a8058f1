"""Single sign-on end to end, against a fake identity provider on 127.0.0.1.

Nothing is mocked: mozilla-django-oidc really posts to the fake IdP's token endpoint, fetches
its JWKS to verify the RS256-signed ID token, and reads the userinfo endpoint over HTTP. The
fake IdP runs in a background thread per test and is shut down afterwards.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from signaalroute.accounts.access import IDP_MFA_SESSION_KEY
from signaalroute.accounts.models import (
    IdentityProviderGroupMapping,
    Membership,
    Organisation,
    OrganisationKind,
    User,
)
from signaalroute.audit.models import AuditEntry

BACKEND = "signaalroute.accounts.oidc.SignaalrouteOIDCBackend"
CLIENT_ID = "signaalroute-test"
CLIENT_SECRET = "not-a-real-secret"
KEY_ID = "fake-idp-key-1"


# --- The fake identity provider -------------------------------------------------------------
@dataclass
class FakeIdP:
    """What the IdP will say about the next person who logs in, and what it was asked."""

    key: rsa.RSAPrivateKey
    base_url: str = ""
    sub: str = "4f1c-medewerker-1"
    groups: list[str] = field(default_factory=list)
    amr: list[str] = field(default_factory=lambda: ["pwd"])
    audience: str = CLIENT_ID  # the ID token's aud
    # Set to another private key to hand out ID tokens the JWKS key does not verify.
    signing_key: rsa.RSAPrivateKey | None = None
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> nonce, redirect_uri
    access_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)  # token -> userinfo
    hits: list[str] = field(default_factory=list)  # "GET /jwks", "POST /token", ...

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def jwks(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def authorize(self, query: dict[str, str]) -> str:
        """The user logs in at the IdP; answer with the redirect back to the client."""
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert "openid" in query["scope"].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": query["nonce"], "redirect_uri": query["redirect_uri"]}
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good for one use
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": self.base_url,
                "aud": self.audience,
                "sub": self.sub,
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
                "amr": self.amr,
            },
            self.signing_key or self.key,
            algorithm="RS256",
            headers={"kid": KEY_ID},
        )
        access_token = secrets.token_urlsafe(16)
        # Groups only travel in userinfo, amr only in the ID token: that is what the
        # backend reads each from.
        self.access_tokens[access_token] = {
            "sub": self.sub,
            "email": f"{self.sub}@soest.example",
            "given_name": "Sanne",
            "family_name": "Sso",
            "groups": list(self.groups),
        }
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        claims = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, claims


class _Handler(BaseHTTPRequestHandler):
    server: _IdPServer

    def do_GET(self) -> None:
        idp = self.server.idp
        url = urlsplit(self.path)
        idp.hits.append(f"GET {url.path}")
        if url.path == "/authorize":
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            self.send_response(302)
            self.send_header("Location", idp.authorize(query))
            self.end_headers()
        elif url.path == "/jwks":
            self._json(200, idp.jwks())
        elif url.path == "/userinfo":
            self._json(*idp.userinfo(self.headers.get("Authorization", "")))
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        idp = self.server.idp
        idp.hits.append(f"POST {self.path}")
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = {k: v[0] for k, v in parse_qs(body).items()}
        if self.path == "/token":
            self._json(*idp.token(form))
        else:
            self._json(404, {"error": "not_found"})

    def _json(self, status: int, data: dict[str, Any]) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output quiet


class _IdPServer(HTTPServer):
    idp: FakeIdP


@pytest.fixture(scope="module")
def idp_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def idp(idp_key: rsa.RSAPrivateKey, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeIdP]:
    # requests would honour a proxy from the environment; the IdP is local.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = _IdPServer(("127.0.0.1", 0), _Handler)
    server.idp = FakeIdP(key=idp_key, base_url=f"http://127.0.0.1:{server.server_port}")
    # serve_forever looks for shutdown() every poll_interval (0.5 s by default): every test
    # would wait that long at its end.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="fake-idp", daemon=True
    )
    thread.start()
    try:
        yield server.idp
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def oidc_on(settings: Any, idp: FakeIdP) -> FakeIdP:
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = idp.url("/authorize")
    settings.OIDC_OP_TOKEN_ENDPOINT = idp.url("/token")
    settings.OIDC_OP_USER_ENDPOINT = idp.url("/userinfo")
    settings.OIDC_OP_JWKS_ENDPOINT = idp.url("/jwks")
    return idp


# --- Helpers --------------------------------------------------------------------------------
def _municipality(name: str) -> Organisation:
    return Organisation.objects.get(
        region__name="Midden-Nederland (demo)", kind=OrganisationKind.MUNICIPALITY, name=name
    )


def _map(group: str, municipality: str, domain: str) -> IdentityProviderGroupMapping:
    return IdentityProviderGroupMapping.objects.create(
        group=group, organisation=_municipality(municipality), role="focal_officer", domain=domain
    )


def sso_login(client: Client, idp: FakeIdP) -> HttpResponse:
    """Walk the authorization code flow as a browser would; return the callback's response."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    authorize_url = start["Location"]
    assert authorize_url.startswith(idp.url("/authorize?"))
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["nonce"] and query["state"]
    assert query["redirect_uri"] == ["http://testserver" + reverse("oidc_authentication_callback")]

    at_idp = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert at_idp.status_code == 302
    back = urlsplit(at_idp.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    assert parse_qs(back.query)["state"] == query["state"]
    return client.get(f"{back.path}?{back.query}")


def _logged_in_user(client: Client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


# --- Tests ----------------------------------------------------------------------------------
@pytest.mark.usefixtures("personas")
def test_sso_with_idp_mfa_maps_groups_and_skips_our_totp(oidc_on: FakeIdP) -> None:
    _map("hm-soest-veiligheid", "Soest", "safety")
    oidc_on.groups = ["hm-soest-veiligheid", "a-group-nobody-mapped"]
    oidc_on.amr = ["pwd", "mfa"]
    client = Client()

    response = sso_login(client, oidc_on)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    # The library really went to the IdP's back channel.
    assert {"POST /token", "GET /jwks", "GET /userinfo"} <= set(oidc_on.hits)
    user = _logged_in_user(client)
    assert user is not None and user.username == f"sso:{oidc_on.sub}"
    assert (user.email, user.first_name) == (f"{oidc_on.sub}@soest.example", "Sanne")
    assert not user.has_usable_password()
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    assert client.session.get(IDP_MFA_SESSION_KEY) is True
    memberships = list(Membership.objects.filter(user=user))
    assert [
        (m.organisation.name, m.role, m.domain, m.from_identity_provider) for m in memberships
    ] == [("Soest", "focal_officer", "safety", True)]

    home = client.get(reverse("accounts:home"))
    assert home.status_code == 200


@pytest.mark.usefixtures("personas")
def test_sso_without_idp_mfa_still_needs_our_totp(oidc_on: FakeIdP) -> None:
    _map("hm-soest-veiligheid", "Soest", "safety")
    oidc_on.groups = ["hm-soest-veiligheid"]
    oidc_on.amr = ["pwd"]
    client = Client()

    response = sso_login(client, oidc_on)

    assert response.status_code == 302
    assert _logged_in_user(client) is not None
    assert IDP_MFA_SESSION_KEY not in client.session
    home = client.get(reverse("accounts:home"))
    assert home.status_code != 200
    assert home.status_code == 302
    assert "/inloggen/verificatie" in home["Location"]
    # No TOTP device yet: the verify page sends the user on to set one up.
    verify = client.get(home["Location"])
    assert verify.status_code == 302
    assert verify["Location"] == reverse("accounts:otp-setup")


@pytest.mark.usefixtures("personas")
def test_next_sso_login_replaces_idp_memberships_only(oidc_on: FakeIdP) -> None:
    _map("hm-soest-veiligheid", "Soest", "safety")
    _map("hm-zeist-zorg", "Zeist", "care")
    oidc_on.groups = ["hm-soest-veiligheid"]
    assert sso_login(Client(), oidc_on).status_code == 302
    user = User.objects.get(username=f"sso:{oidc_on.sub}")
    # A role a functional administrator granted by hand, outside the IdP.
    manual = Membership.objects.create(
        user=user, organisation=_municipality("Montfoort"), role="policy_officer"
    )

    oidc_on.groups = ["hm-zeist-zorg"]
    client = Client()
    response = sso_login(client, oidc_on)

    assert response.status_code == 302
    assert _logged_in_user(client) == user
    assert User.objects.filter(username__startswith="sso:").count() == 1
    assert sorted(
        (m.organisation.name, m.role, m.domain, m.from_identity_provider)
        for m in Membership.objects.filter(user=user)
    ) == [
        ("Montfoort", "policy_officer", "", False),
        ("Zeist", "focal_officer", "care", True),
    ]
    assert Membership.objects.filter(pk=manual.pk).exists()


@pytest.mark.usefixtures("personas")
def test_id_token_signed_with_another_key_is_refused(oidc_on: FakeIdP) -> None:
    _map("hm-soest-veiligheid", "Soest", "safety")
    oidc_on.groups = ["hm-soest-veiligheid"]
    oidc_on.amr = ["pwd", "mfa"]
    # Same kid as the published key, so the signature itself is what fails.
    oidc_on.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client = Client()

    response = sso_login(client, oidc_on)

    # The refusal ends on the login page with a Dutch message, and is audited.
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert AuditEntry.objects.filter(action="auth.login", outcome="failed").exists()
    assert "GET /jwks" in oidc_on.hits
    assert "GET /userinfo" not in oidc_on.hits
    assert SESSION_KEY not in client.session
    assert IDP_MFA_SESSION_KEY not in client.session
    assert not User.objects.filter(username__startswith="sso:").exists()
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:login"))


def test_sso_urls_answer_404_while_oidc_is_off(db: Any, settings: Any) -> None:
    assert not settings.OIDC_ENABLED  # the default: OIDC_RP_CLIENT_ID is not set
    client = Client()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert (
        client.get(reverse("oidc_authentication_callback") + "?code=x&state=y").status_code == 404
    )


@pytest.mark.usefixtures("personas")
def test_sso_login_is_audited(oidc_on: FakeIdP) -> None:
    _map("hm-soest-veiligheid", "Soest", "safety")
    oidc_on.groups = ["hm-soest-veiligheid"]
    oidc_on.amr = ["pwd", "mfa"]

    assert sso_login(Client(), oidc_on).status_code == 302

    user = User.objects.get(username=f"sso:{oidc_on.sub}")
    login = AuditEntry.objects.get(action="auth.login", actor_id=user.pk)
    assert login.outcome == "success"
    assert login.actor_username == user.username
    assert login.object_id == str(user.pk)
    assert login.extra == {"second_factor_by_idp": True}
    assert AuditEntry.objects.filter(action="auth.sso_roles_synced", actor_id=user.pk).exists()


@pytest.mark.usefixtures("personas")
def test_deactivated_sso_user_is_refused(oidc_on: FakeIdP) -> None:
    _map("hm-soest-veiligheid", "Soest", "safety")
    oidc_on.groups = ["hm-soest-veiligheid"]
    assert sso_login(Client(), oidc_on).status_code == 302
    user = User.objects.get(username=f"sso:{oidc_on.sub}")
    user.is_active = False
    user.save(update_fields=["is_active"])
    oidc_on.groups = []
    client = Client()

    response = sso_login(client, oidc_on)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session
    assert User.objects.filter(username__startswith="sso:").count() == 1
    # Refused before the roles sync: the deactivated account's memberships are untouched.
    assert Membership.objects.filter(user=user, from_identity_provider=True).count() == 1
    assert AuditEntry.objects.filter(action="auth.login", outcome="failed").count() == 1


@pytest.mark.usefixtures("personas")
def test_login_cancelled_at_the_idp_returns_to_our_login_page(oidc_on: FakeIdP) -> None:
    client = Client()
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]

    response = client.get(
        reverse("oidc_authentication_callback"), {"error": "access_denied", "state": state}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session


@pytest.mark.usefixtures("personas")
def test_id_token_for_another_client_is_refused(oidc_on: FakeIdP) -> None:
    oidc_on.audience = "some-other-client"
    client = Client()

    sso_login(client, oidc_on)

    assert SESSION_KEY not in client.session
    assert AuditEntry.objects.filter(action="auth.login", outcome="failed").exists()


@pytest.mark.usefixtures("personas")
def test_id_token_from_another_issuer_is_refused(oidc_on: FakeIdP, settings: Any) -> None:
    settings.OIDC_OP_ISSUER = "https://idp.gemeente.example"
    client = Client()

    sso_login(client, oidc_on)

    assert SESSION_KEY not in client.session


def test_group_sync_skips_an_invalid_mapping_and_keeps_manual_roles(personas: Any) -> None:
    from signaalroute.accounts.services import memberships_sync_from_groups

    soest = Organisation.objects.get(name="Soest")
    # A domain on a role that has none: stored past validation, as a bad import would.
    IdentityProviderGroupMapping.objects.create(
        group="fout", organisation=soest, role="reporter", domain="care"
    )
    IdentityProviderGroupMapping.objects.create(group="goed", organisation=soest, role="auditor")
    user = personas["gijs"]  # holds policy_officer at Soest by hand
    IdentityProviderGroupMapping.objects.create(
        group="dubbel", organisation=soest, role="policy_officer"
    )
    memberships_sync_from_groups(user=user, groups=["fout", "goed", "dubbel"])
    held = set(Membership.objects.filter(user=user).values_list("role", "from_identity_provider"))
    assert held == {("policy_officer", False), ("auditor", True)}
