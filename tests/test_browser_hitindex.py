"""The regional check in a real browser: karin (Zeist) opens it from the navigation, checks a
phone number Soest knows with the keyboard only, and hears only "known at Soest". axe-core on
the page before and after."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.intake.inputs import SignalInput, SubjectInput
from signaalroute.intake.services import signal_submit_internal
from signaalroute.stacking.services import subject_enrich

from .browser import assert_accessible, browser_login, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def soest_knows_a_number(demo: Any) -> Any:
    personas = demo
    signal = signal_submit_internal(
        reporter=personas["alice"],
        municipality=Organisation.objects.get(name="Soest"),
        data=SignalInput(
            description="Vrouw wordt elke avond opgehaald.",
            forms=["sexual"],
            subjects=[SubjectInput(kind="person", role="victim", description="vrouw")],
        ),
        team_coordinator=None,
    )
    subject_enrich(
        actor=personas["carla"],
        subject=signal.subjects.get(),
        details={"given_names": "Maria", "surname": "Ionescu", "phones": "06-12345678"},
    )
    return personas


def test_karin_checks_a_number_with_the_keyboard(page: Any, soest_knows_a_number: Any) -> None:
    browser_login(page, "karin")
    page.locator("a[href='/stapels/regiocheck/']").first.click()
    wait_for_path(page, "/stapels/regiocheck/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)

    page.locator("input[name=kind][value=phone]").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_phone"
    page.keyboard.type("+31 6 1234 5678")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    result = page.get_by_test_id("hit-result")
    assert "Soest" in result.inner_text()
    # … and how to reach Soest's focal officers (the focal-officer network).
    assert "mensenhandel@soest.example" in result.inner_text()
    assert "Carla Bakker" in result.inner_text()
    assert "Ionescu" not in page.content() and "Maria" not in page.content()
    assert "regiocheck/" in page.url and "1234" not in page.url  # never in the URL
    assert_accessible(page)
    assert AuditEntry.objects.filter(action="stacking.hit_query", actor_username="karin").exists()
    with page.expect_navigation():
        page.get_by_role("link", name="Aandachtsfunctionarissen in de regio").click()
    assert "mensenhandel@soest.example" in page.get_by_test_id("network").inner_text()
    assert_accessible(page)


def test_henk_keeps_how_to_reach_the_focal_officers(page: Any, demo: Any) -> None:
    browser_login(page, "henk")
    with page.expect_navigation():
        page.get_by_role("link", name="Bereikbaarheid aandachtsfunctionarissen").click()
    assert_accessible(page)
    page.locator("#id_phone").fill("bel mij")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#id_phone").input_value() == "bel mij"  # kept, with the error
    assert "telefoonnummer" in page.locator("main").inner_text().lower()
    assert_accessible(page)
    page.locator("#id_phone").fill("035 600 00 09")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#id_phone").input_value() == "035 600 00 09"
    assert_accessible(page)
