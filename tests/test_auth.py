"""Login, second step, lockout, session expiry, CSRF and logout — and the refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.accounts.models import User
from signaalroute.audit.models import AuditEntry
from signaalroute.demo.personas import DEMO_PASSWORD

from .browser import current_code

pytestmark = pytest.mark.django_db


def _password_login(
    client: Client, username: str, password: str = DEMO_PASSWORD, **extra: str
) -> Any:
    return client.post("/inloggen/", {"username": username, "password": password, **extra})


def test_login_asks_for_the_second_step_then_lets_in(personas: Any) -> None:
    client = Client()
    response = _password_login(client, "carla")
    assert response.status_code == 302 and response["Location"] == "/inloggen/verificatie/"
    # Before the second step nothing with personal data is reachable.
    assert client.get("/")["Location"] == "/inloggen/verificatie/"
    response = client.post("/inloggen/verificatie/", {"token": current_code("carla")})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    actions = list(
        AuditEntry.objects.filter(actor_username="carla").values_list("action", "outcome")
    )
    assert ("auth.login", "success") in actions and ("auth.second_factor", "success") in actions


def test_login_keeps_a_safe_next_and_drops_a_foreign_one(personas: Any) -> None:
    client = Client()
    _password_login(client, "ida", next="/auditlog/")
    response = client.post("/inloggen/verificatie/", {"token": current_code("ida")})
    assert response["Location"] == "/auditlog/"
    client = Client()  # another persona: a TOTP code is accepted only once
    _password_login(client, "henk", next="https://evil.example/")
    response = client.post("/inloggen/verificatie/", {"token": current_code("henk")})
    assert response["Location"] == "/"


def test_a_code_is_accepted_only_once(personas: Any) -> None:
    first, second = Client(), Client()
    _password_login(first, "daan")
    _password_login(second, "daan")
    code = current_code("daan")
    assert first.post("/inloggen/verificatie/", {"token": code}).status_code == 302
    assert second.post("/inloggen/verificatie/", {"token": code}).status_code == 200


def test_role_without_personal_data_needs_no_second_step(personas: Any) -> None:
    client = Client()
    response = _password_login(client, "gijs")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_gives_a_dutch_message_and_no_session(personas: Any) -> None:
    client = Client()
    response = _password_login(client, "alice", "not-the-password")
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet." in response.content.decode()
    assert client.get("/").status_code == 302


def test_wrong_code_gives_a_dutch_message_and_is_audited(personas: Any) -> None:
    client = Client()
    _password_login(client, "carla")
    wrong = f"{(int(current_code('carla')) + 1) % 1_000_000:06d}"
    response = client.post("/inloggen/verificatie/", {"token": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen." in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.second_factor", outcome="failed").count() == 1
    assert client.get("/")["Location"] == "/inloggen/verificatie/"


def test_malformed_code_gets_a_field_message(personas: Any) -> None:
    client = Client()
    _password_login(client, "carla")
    response = client.post("/inloggen/verificatie/", {"token": "12ab56"})
    assert "De code bestaat alleen uit cijfers." in response.content.decode()


def test_lockout_after_repeated_failures(personas: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_login(client, "alice", "wrong-password-x")
    response = _password_login(client, "alice")  # even the right password is refused now
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert client.get("/").status_code == 302


def test_first_login_without_device_sets_up_totp(personas: Any) -> None:
    user = User.objects.create_user(username="nieuw", password="een-lang-wachtwoord")
    from signaalroute.accounts.models import Membership

    Membership.objects.create(
        user=user, organisation=personas["carla"].memberships.get().organisation, role="reporter"
    )
    client = Client()
    response = _password_login(client, "nieuw", "een-lang-wachtwoord")
    assert response["Location"] == "/inloggen/verificatie-instellen/"
    page = client.get("/inloggen/verificatie-instellen/")
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from django_otp.oath import totp

    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post("/inloggen/verificatie-instellen/", {"token": code})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_expired_session_sends_back_to_login_with_a_message(personas: Any) -> None:
    client = Client()
    _password_login(client, "gijs")
    client.session.flush()  # what the idle timeout does server-side
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/inloggen/")
    assert "Uw sessie is verlopen." in response.content.decode()


def test_idle_timeout_is_the_session_age() -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_tampered_csrf_token_is_refused_in_dutch_and_audited(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/inloggen/")
    response = client.post(
        "/inloggen/",
        {"username": "alice", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": "x" * 64},
    )
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
    assert AuditEntry.objects.filter(action="security.csrf_failure", outcome="denied").exists()
    assert not AuditEntry.objects.filter(action="auth.login", outcome="success").exists()


def test_logout_needs_post(client_for: Any) -> None:
    client = client_for("alice")
    assert client.get("/uitloggen/").status_code == 405
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="auth.logout").exists()


def test_refused_persona_sees_dutch_403_and_the_refusal_is_audited(client_for: Any) -> None:
    response = client_for("carla").get("/auditlog/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    entry = AuditEntry.objects.get(action="access.denied")
    assert entry.actor_username == "carla" and entry.extra["route"] == "audit:list"


def test_navigation_shows_only_what_the_role_may_use(client_for: Any) -> None:
    assert b'href="/auditlog/"' in client_for("ida").get("/").content
    assert b'href="/auditlog/"' not in client_for("carla").get("/").content


def test_security_headers(client_for: Any) -> None:
    response = client_for("alice").get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
