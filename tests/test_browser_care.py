"""Victim care in a real browser, as the issue's users walk it: daan opens a trajectory from a
victim signal; the victim was found in Soest and is registered in Zeist, so Zeist is
responsible, with its reason; daan hands over, karin accepts; eva records a placement in
specialised shelter and the waiting time shows; carla (safety) cannot open the trajectory.
axe-core on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from signaalroute.care.models import CareTrajectory
from signaalroute.signals.states import State
from signaalroute.workflow.services import signal_transition

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .signals import internal_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIM = "Vrouw, ca. 25 jaar"


def test_a_victim_from_soest_registered_in_zeist_is_cared_for_by_zeist(
    page: Any, demo: Any
) -> None:
    signal = internal_signal(demo, via_bob=False)
    signal_transition(
        actor=demo["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )

    # daan opens the trajectory from the signal page, with the care coordination.
    browser_login(page, "daan")
    page.goto(f"/signalen/{signal.pk}/")
    page.get_by_test_id("signal-care").get_by_role("link", name="Zorgtraject openen").click()
    wait_for_path(page, f"/zorg/openen/{signal.pk}/")
    assert_accessible(page)
    page.get_by_label("Mogelijk slachtoffer").select_option(label=VICTIM)
    page.get_by_label("Zorgcoördinatie").select_option(
        label="Zorgcoördinatie mensenhandel Utrecht (demo)"
    )
    page.get_by_role("button", name="Zorgtraject openen").click()
    trajectory = CareTrajectory.objects.get(signal=signal)
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/")
    assert VICTIM in page.get_by_test_id("care-victim").inner_text()
    assert "Onbekend, omdat" in page.get_by_test_id("care-responsible").inner_text()
    assert_accessible(page)

    # Found in Soest, registered in Zeist: Zeist, because registered there.
    page.get_by_role("link", name="Traject wijzigen").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/wijzigen/")
    assert_accessible(page)
    page.get_by_role("radio", name="Ingeschreven in de BRP", exact=True).check()
    page.locator("#id_registered_in").select_option(label="Zeist")
    page.get_by_label("Aangetroffen in").select_option(label="Soest")
    page.locator("input[name=residence][value=lawful]").check()
    page.get_by_role("button", name="Opslaan").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/")
    responsible = page.get_by_test_id("care-responsible").inner_text()
    assert responsible.startswith("Zeist, omdat daar ingeschreven")

    # The handover: a referral on a basis, in the disclosure log.
    page.get_by_role("link", name="Overdragen aan Zeist").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/overdragen/")
    assert_accessible(page)
    page.get_by_role("radio", name="Wettelijke taak", exact=False).check()
    page.get_by_label("Waarom deze gemeente het zou moeten overnemen").fill(
        "Ingeschreven in Zeist; graag daar de zorg en opvang oppakken."
    )
    page.get_by_role("button", name="Overdracht versturen").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/")
    assert "Wacht op antwoord" in page.get_by_test_id("care-handover-states").inner_text()
    logout(page)

    # carla works in the safety domain: the trajectory is not hers to open.
    browser_login(page, "carla")
    response = page.goto(f"/zorg/trajecten/{trajectory.pk}/")
    assert response is not None and response.status == 404
    page.goto("/zorg/")
    assert page.get_by_test_id("care-not-yours").is_visible()
    assert_accessible(page)
    logout(page)

    # karin (Zeist) accepts from her home page.
    browser_login(page, "karin")
    page.get_by_role("link", name="Van Soest: traject", exact=False).first.click()
    page.wait_for_load_state("load")
    assert VICTIM in page.get_by_test_id("shared").inner_text()
    assert_accessible(page)
    page.get_by_role("radio", name="Accepteren", exact=False).check()
    page.get_by_role("button", name="Antwoord versturen").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/")
    assert "Zeist" in page.get_by_test_id("care-responsible").inner_text()
    assert_accessible(page)
    logout(page)

    # eva records a placement in specialised shelter; the waiting time shows.
    browser_login(page, "eva")
    page.goto("/zorg/")
    page.get_by_role("link", name=trajectory.reference).click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/")
    page.get_by_role("link", name="Opvang vastleggen").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/opvang/")
    assert_accessible(page)
    today = dt.date.today()
    page.get_by_label("Soort opvang").select_option(value="specialised")
    page.get_by_label("Aangevraagd op").fill((today - dt.timedelta(days=14)).isoformat())
    # A placement before its request is refused at the field; nothing is saved.
    page.get_by_label("Geplaatst op").fill((today - dt.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Opvang opslaan").click()
    assert "niet vóór de aanvraag" in page.locator("main").inner_text()
    assert not trajectory.placements.exists()
    assert_accessible(page)
    page.get_by_label("Geplaatst op").fill(today.isoformat())
    page.get_by_role("button", name="Opvang opslaan").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/")
    assert page.get_by_test_id("care-waiting").inner_text() == "14 dagen"
    assert_accessible(page)


def test_shelter_places_consent_and_dates_with_the_keyboard(page: Any, demo: Any) -> None:
    """daan keeps a local shelter place (a bad capacity is refused at the field), records a
    written consent in a trajectory, and the placement's dates; axe on each page."""
    from signaalroute.care.services import placement_add, trajectory_open

    signal = internal_signal(demo, via_bob=False)
    trajectory = trajectory_open(
        actor=demo["daan"], signal=signal, victim=None, care_coordinator_org=None
    )
    placement = placement_add(
        actor=demo["daan"],
        trajectory=trajectory,
        shelter_type="regional",
        requested_on=dt.date.today() - dt.timedelta(days=3),
    )
    browser_login(page, "daan")
    page.goto("/zorg/opvangplekken/")
    assert_accessible(page)
    page.get_by_label("Naam").fill("Crisisbed Soest")
    page.get_by_label("Soort opvang").select_option(value="local")
    page.get_by_label("Plaatsen").fill("0")
    page.get_by_label("Contact").fill("zorg@soest.invalid")
    page.get_by_role("button", name="Opvangplek opslaan").click()
    assert "minstens één plaats" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Plaatsen").fill("2")
    page.get_by_label("Plaatsen").press("Enter")
    wait_for_path(page, "/zorg/opvangplekken/")
    page.get_by_role("link", name="Crisisbed Soest").click()
    assert_accessible(page)

    page.goto(f"/zorg/trajecten/{trajectory.pk}/toestemming/")
    assert_accessible(page)
    page.get_by_label("Wie gaf toestemming").fill("Het slachtoffer")
    page.get_by_label("Wanneer (datum)").fill(dt.date.today().isoformat())
    page.get_by_label("Waarvoor (reikwijdte)").fill("Aanmelding bij CoMensha")
    page.get_by_role("radio", name="Schriftelijk (ondertekend)").check()
    page.get_by_role("button", name="Toestemming vastleggen").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/")
    assert "Aanmelding bij CoMensha" in page.get_by_test_id("consents").inner_text()
    assert_accessible(page)

    page.goto(f"/zorg/trajecten/{trajectory.pk}/opvang/{placement.pk}/")
    assert_accessible(page)
    page.get_by_label("Geplaatst op").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Opvang opslaan").click()
    wait_for_path(page, f"/zorg/trajecten/{trajectory.pk}/")
    assert page.get_by_test_id("care-waiting").inner_text() == "3 dagen"
