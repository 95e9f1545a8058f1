"""The region's administrator in a real browser: rik adds a municipality with its first
administrator (a name the region has already is refused at the field), adds a chain partner
and changes its category, invites someone there, and keeps the groups of municipalities (a
partly overlapping group is refused). axe-core on every page, also with the errors shown."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.accounts.models import Membership, Organisation
from signaalroute.monitoring.models import MunicipalityGroup

from .browser import assert_accessible, browser_login, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _municipality(page: Any, name: str) -> None:
    page.get_by_label("Naam van de gemeente").fill(name)
    page.get_by_label("Voornaam van de eerste beheerder").fill("Bea")
    page.get_by_label("Achternaam van de eerste beheerder").fill("Smit")
    page.get_by_label("E-mailadres van de eerste beheerder").fill("bea@baarn.example")
    page.get_by_role("button", name="Gemeente toevoegen").click()
    page.wait_for_load_state("load")


def test_rik_keeps_the_region(page: Any, demo: Any) -> None:
    browser_login(page, "rik")
    page.locator("nav a[href='/beheer/regio/']").click()
    wait_for_path(page, "/beheer/regio/")
    assert "Henk Meijer" in page.get_by_test_id("table-municipalities").inner_text()
    assert_accessible(page)

    _municipality(page, "Zeist")
    assert "al een organisatie met deze naam" in page.locator("#gemeente-name-fout").inner_text()
    assert_accessible(page)
    _municipality(page, "Baarn")
    municipalities = page.get_by_test_id("table-municipalities").inner_text()
    assert "Baarn" in municipalities and "Bea Smit (uitgenodigd)" in municipalities

    page.get_by_label("Naam van de ketenpartner").fill("Leger des Heils")
    page.get_by_label("Categorie voor gegevensdeling").select_option(value="care_other")
    page.get_by_role("button", name="Ketenpartner toevoegen").click()
    page.wait_for_load_state("load")
    page.get_by_test_id("table-partners").get_by_role("link", name="Leger des Heils").click()
    page.wait_for_url("**/beheer/regio/ketenpartners/*/")
    assert_accessible(page)
    page.get_by_label("Categorie voor gegevensdeling").select_option(value="care_medical")
    page.get_by_role("button", name="Opslaan").click()
    wait_for_path(page, "/beheer/regio/")
    assert Organisation.objects.get(name="Leger des Heils").category == "care_medical"

    page.locator("nav a[href='/beheer/mensen/']").click()
    wait_for_path(page, "/beheer/mensen/")
    partner = Organisation.objects.get(name="Leger des Heils")
    page.get_by_label("Voornaam").fill("Lea")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("E-mailadres").fill("lea@legerdesheils.example")
    page.get_by_label("Organisatie").select_option(value=str(partner.pk))
    page.get_by_label("Rol", exact=True).select_option(value="partner_contact")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_url("**/beheer/mensen/*-*/")
    assert Membership.objects.filter(organisation=partner, role="partner_contact").exists()
    assert_accessible(page)

    page.locator("nav a[href='/beheer/regio/groepen/']").click()
    wait_for_path(page, "/beheer/regio/groepen/")
    assert_accessible(page)
    page.get_by_label("Naam van de groep").fill("Heuvelrug")
    page.get_by_label("Soest").check()
    page.get_by_label("Zeist").check()
    page.get_by_role("button", name="Groep opslaan").click()
    page.wait_for_load_state("load")
    assert "Soest, Zeist" in page.get_by_test_id("table-groups").inner_text()
    page.get_by_label("Naam van de groep").fill("West")
    page.get_by_label("Zeist").check()
    page.get_by_label("Montfoort").check()
    page.get_by_role("button", name="Groep opslaan").press("Enter")  # by keyboard
    page.wait_for_load_state("load")
    assert "overlapt de groep Heuvelrug gedeeltelijk" in page.content()
    assert_accessible(page)
    assert list(MunicipalityGroup.objects.values_list("name", flat=True)) == ["Heuvelrug"]
