"""Real headless Chromium (Debian's /usr/bin/chromium): login with two steps, keyboard use, and
axe-core with zero WCAG 2.1 AA violations on every page that exists."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from signaalroute.accounts.models import Membership, Organisation, User
from signaalroute.demo.personas import DEMO_PASSWORD

from .browser import assert_accessible, browser_login, current_code, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_csp_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return errors


def test_login_pages_are_accessible_and_the_second_step_works(page: Any, demo: Any) -> None:
    csp_errors = _no_csp_errors(page)
    page.goto("/inloggen/")
    assert page.title().startswith("Inloggen")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("carla")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/verificatie/")
    assert_accessible(page)
    page.get_by_label("Code uit uw authenticator-app").fill(
        "000000" if current_code("carla") != "000000" else "111111"
    )
    page.get_by_role("button", name="Controleren").click()
    expect(
        page.locator("#id_token-fout").get_by_text("Deze code klopt niet of is verlopen.")
    ).to_be_visible()
    assert_accessible(page)  # the page with an error message, too
    page.wait_for_timeout(1100)  # django-otp throttles the next try for 1 s after a failure
    page.get_by_label("Code uit uw authenticator-app").fill(current_code("carla"))
    page.get_by_role("button", name="Controleren").click()
    wait_for_path(page, "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Carla"
    assert_accessible(page)
    assert csp_errors == []


def test_wrong_password_message_is_accessible(page: Any, demo: Any) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("alice")
    page.get_by_label("Wachtwoord").fill("wrong")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("De gebruikersnaam of het wachtwoord klopt niet.")).to_be_visible()
    assert_accessible(page)


def test_login_with_the_keyboard_only(page: Any, demo: Any) -> None:
    page.goto("/inloggen/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Direct naar de inhoud"
    assert skip.is_visible()  # the skip link shows itself when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.locator(":focus").get_attribute("name") == "username"
    page.keyboard.type("gijs")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    wait_for_path(page, "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Gijs"


@pytest.mark.parametrize("username", ["alice", "bob", "eva", "fenna", "gijs", "henk", "karin"])
def test_home_of_each_role_is_accessible(page: Any, demo: Any, username: str) -> None:
    browser_login(page, username, second_step=username != "gijs")
    assert_accessible(page)
    page.goto("/mijn-account/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn account"
    assert_accessible(page)


def test_auditor_pages_are_accessible_and_filter_with_htmx(page: Any, demo: Any) -> None:
    browser_login(page, "ida")
    page.get_by_role("link", name="Auditlog").click()
    page.wait_for_url("**/auditlog/")
    assert_accessible(page)
    page.get_by_label("Actie").select_option(label="Tweede stap bij inloggen")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/auditlog/?*action=auth.second_factor*")
    rows = page.locator("#resultaten tbody tr")
    assert rows.count() >= 1
    assert all("Tweede stap bij inloggen" in rows.nth(i).inner_text() for i in range(rows.count()))
    assert_accessible(page)


def test_error_pages_are_accessible(page: Any, demo: Any) -> None:
    browser_login(page, "alice")
    response = page.goto("/auditlog/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Geen toegang"
    assert_accessible(page)
    response = page.goto("/bestaat-niet/")
    assert response.status == 404
    assert_accessible(page)


def test_totp_setup_page_is_accessible(page: Any, demo: Any) -> None:
    user = User.objects.create_user(
        username="nieuw", password="een-lang-wachtwoord", first_name="Nina"
    )
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(name="Soest"), role="reporter"
    )
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("nieuw")
    page.get_by_label("Wachtwoord").fill("een-lang-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/verificatie-instellen/")
    assert page.get_by_role("img", name="QR-code voor uw authenticator-app").is_visible()
    assert_accessible(page)


def test_lockout_page_is_accessible(page: Any, demo: Any) -> None:
    for _ in range(5):
        page.goto("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill("alice")
        page.get_by_label("Wachtwoord").fill("wrong")
        page.get_by_role("button", name="Inloggen").click()
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("alice")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Account tijdelijk geblokkeerd"
    assert_accessible(page)
