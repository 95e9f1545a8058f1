"""What the reporter already wrote is used, in a real browser: alice reports a Soest signal with a
phone number only in the free text; karin (Zeist) checks that number on the regional check page
and hears "known at Soest"; carla sees the number under "found in the text" on the signal page
and adds it to the details with the keyboard. axe-core on each page."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.signals.models import Signal
from signaalroute.stacking.models import FoundIdentifier, FoundStatus

from .browser import assert_accessible, browser_login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Een man haalt haar elke avond op met een busje. Hij belt haar steeds vanaf 06-12345678."


def test_a_phone_number_in_the_text_is_known_to_zeist_and_carla_adds_it(
    page: Any, demo: Any
) -> None:
    browser_login(page, "alice")
    page.get_by_role("link", name="Signaal melden").first.click()
    page.get_by_label("Wat heeft u gezien of gehoord?").fill(TEXT)
    # On the internal form the involved parties are a folded part; the known details sit in it.
    page.get_by_text(
        "Personen, adressen, bedrijven, voertuigen of online sporen (niet verplicht)"
    ).click()
    page.get_by_test_id("known-details").locator("summary").click()  # the optional details
    assert page.locator("#id_person_phone").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_load_state()
    signal = Signal.objects.get()
    assert "06-12345678" in signal.description and not signal.subjects.exists()
    logout(page)

    browser_login(page, "karin")
    page.goto("/stapels/regiocheck/")
    page.locator("input[name=kind][value=phone]").check()
    page.locator("#id_phone").fill("+31 6 1234 5678")
    with page.expect_navigation():
        page.locator("#id_phone").press("Enter")
    result = page.get_by_test_id("hit-result").inner_text()
    assert "Bekend bij gemeente Soest" in result
    assert "busje" not in page.content()  # never anything of the signal itself
    assert_accessible(page)
    logout(page)

    browser_login(page, "carla")
    page.goto(f"/signalen/{signal.pk}/")
    found = page.get_by_test_id("found-in-text")
    assert "Gevonden in de tekst" in found.inner_text() and "06-12345678" in found.inner_text()
    assert_accessible(page)
    page.get_by_label("Toevoegen aan").focus()  # keep "a new involved party", then Tab to add
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "accept"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Toegevoegd aan de gegevens" in page.content()
    assert page.get_by_test_id("found-in-text").count() == 0
    assert FoundIdentifier.objects.get().status == FoundStatus.ACCEPTED
    assert signal.subjects.get().details == {"phones": ["06-12345678"]}
    assert_accessible(page)


def test_the_public_form_with_its_optional_details_open_is_accessible(page: Any, demo: Any) -> None:
    page.goto("/melden/")
    page.get_by_test_id("known-details").locator("summary").click()
    page.locator("#id_vehicle_plate").fill("!!")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill(TEXT)
    with page.expect_navigation():
        page.get_by_role("button", name="Melding versturen").click()
    assert "Dit is geen kenteken" in page.content()
    assert page.locator("#id_vehicle_plate").get_attribute("aria-invalid") == "true"
    assert not Signal.objects.exists()
    assert_accessible(page)
