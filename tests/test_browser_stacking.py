"""Stacking in a real browser: two reports about one address, written differently, meet; carla
sees the alert with its reason, opens the stack and confirms the link. axe-core on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from signaalroute.accounts.models import Organisation
from signaalroute.matching.synthetic import generate
from signaalroute.signals.models import Signal
from signaalroute.stacking.learning import matching_model_learn
from signaalroute.stacking.models import Candidate

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .signals import internal_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _report(page: Any, who: str, postcode: str, number: str, text: str) -> None:
    browser_login(page, who)
    page.get_by_role("link", name="Signaal melden").first.click()
    page.get_by_label("Wat heeft u gezien of gehoord?").fill(text)
    page.get_by_text("Adres, plek of website (niet verplicht)").click()
    page.get_by_role("radio", name="Een adres", exact=True).check()
    page.locator("#id_postcode").fill(postcode)
    page.locator("#id_house_number").fill(number)
    page.get_by_text("Vormen van uitbuiting, minderjarigen en signalen (niet verplicht)").click()
    page.get_by_role("checkbox", name="Arbeidsuitbuiting").check()
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_load_state()
    logout(page)


def test_two_reports_about_one_address_stack_and_carla_confirms(page: Any, demo: Any) -> None:
    _report(
        page, "alice", "3762 AB", "12", "Veel mannen in één woning; busje haalt ze 's ochtends op."
    )
    _report(page, "otto", "3762ab", "12", "Controle: matrassen op zolder, bewoners zeggen niets.")
    assert Signal.objects.count() == 2
    assert Candidate.objects.get().tier == "certain"

    browser_login(page, "carla")
    page.get_by_role("link", name="Werkvoorraad").click()
    page.get_by_test_id("stack-alert-count").click()
    wait_for_path(page, "/stapels/")
    alerts = page.get_by_test_id("alerts")
    assert "2" in alerts.inner_text()
    assert_accessible(page)
    alerts.locator("a").first.click()
    alert = page.get_by_test_id("stack-alert")
    assert alert.count() == 1
    assert_accessible(page)
    page.locator("button[name=decision][value=confirm]").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Candidate.objects.get().status == "confirmed"
    assert page.get_by_test_id("stack-signals").locator("tbody tr").count() == 2
    assert_accessible(page)


def test_enrich_page_is_accessible_and_keeps_bad_input(page: Any, demo: Any) -> None:
    signal = internal_signal(demo, via_bob=False)
    subject = signal.subjects.get()
    browser_login(page, "carla")
    page.goto(f"/signalen/{signal.pk}/")
    page.get_by_test_id("signal-traces").locator(
        f"a[href$='/betrokkenen/{subject.pk}/aanvullen/']"
    ).click()
    assert_accessible(page)
    page.locator("#id_surname").fill("Kovalenko")
    page.locator("#id_phones").fill("06-1234abcd")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    subject.refresh_from_db()
    assert subject.details["phones"] == ["06-1234abcd"]  # kept as given, flagged
    assert_accessible(page)


def test_stacking_settings_page_is_accessible(page: Any, demo: Any) -> None:
    # A version learnt for Soest and one that failed its check: both tables show.
    soest = Organisation.objects.get(name="Soest")
    records = [r for r, _e in generate(900, seed=12, kinds=("person",))]
    matching_model_learn(municipality=soest, records=records)
    matching_model_learn(municipality=soest, records=records[:300])
    browser_login(page, "henk")
    page.goto("/beheer/stapelen/")
    assert_accessible(page)
    model = page.locator("#matching-model")
    assert "koppelmodel" in model.inner_text().lower()
    assert page.get_by_role("table", name="Geleerde versies").is_visible()
    assert page.get_by_role("table", name=re.compile("Hoeveel elke vergelijking")).is_visible()
    page.locator("#id_min_signals").fill("1")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#id_min_signals").input_value() == "1"  # kept after the refusal
    assert_accessible(page)
