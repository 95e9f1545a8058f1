"""Training in a real browser: henk loads the groups the policy documents name, sees alice
among the new colleagues not trained yet, records a training she attended, and coverage
changes; the awareness calendar. axe-core on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from signaalroute.training.services import defaults_load

from .browser import assert_accessible, browser_login, wait_for_path
from .signals import soest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_henk_records_a_training_and_coverage_changes(page: Any, demo: Any) -> None:
    browser_login(page, "henk")
    page.locator("nav a[href='/training/']").click()
    wait_for_path(page, "/training/")
    assert_accessible(page)
    page.get_by_role("link", name="Wie getraind moet zijn").first.click()
    wait_for_path(page, "/training/doelgroepen/")
    page.get_by_role(
        "button", name="Vul aan met de groepen en kalenderonderdelen uit de beleidsdocumenten"
    ).click()
    page.wait_for_load_state("load")
    assert "Balie (Burgerzaken, KCC)" in page.get_by_test_id("table-targets").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Balie (Burgerzaken, KCC)").click()
    page.wait_for_url("**/training/doelgroepen/*-*/")
    assert_accessible(page)

    page.goto("/training/")
    assert "Alice de Vries" in page.get_by_test_id("new-untrained").inner_text()
    coverage = page.get_by_test_id("table-coverage").inner_text()
    assert "0%" in coverage

    page.get_by_role("link", name="Training vastleggen").click()
    wait_for_path(page, "/training/registreren/")
    assert_accessible(page)
    page.get_by_label("Datum").fill((dt.date.today() - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Gegeven door").fill("RIEC Midden-Nederland")
    page.get_by_label("Alice de Vries").check()
    page.get_by_role("button", name="Vastleggen").click()
    wait_for_path(page, "/training/")
    assert "Alice de Vries" not in page.get_by_test_id("new-untrained").inner_text()
    assert "50%" in page.get_by_test_id("table-coverage").inner_text()
    assert_accessible(page)


def test_the_focal_officer_keeps_the_awareness_calendar(page: Any, demo: Any) -> None:
    defaults_load(actor=demo["henk"], municipality=soest())
    browser_login(page, "carla")
    page.goto("/training/bewustwording/")
    assert "Europese dag tegen mensenhandel" in page.get_by_test_id("table-calendar").inner_text()
    page.get_by_label("Onderdeel van de kalender").select_option(
        label="Bericht op intranet over mensenhandel"
    )
    page.get_by_label("Gedaan op").fill(dt.date.today().isoformat())
    page.get_by_label("Wat is er gedaan").fill("Bericht met de signalenlijst geplaatst.")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_load_state("load")
    assert_accessible(page)


def test_alice_reads_and_prints_the_front_desk_signal_card(page: Any, demo: Any) -> None:
    browser_login(page, "alice")
    page.locator("nav a[href='/signaalkaarten/']").click()
    wait_for_path(page, "/signaalkaarten/")
    assert_accessible(page)
    page.get_by_role("link", name="Balie (Burgerzaken, KCC)").click()
    wait_for_path(page, "/signaalkaarten/balie/")
    assert "112" in page.get_by_test_id("card-todo").inner_text()
    assert_accessible(page)
    response = page.request.get("/signaalkaarten/balie/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
