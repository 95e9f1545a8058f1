"""The reporting route in a real browser, as the personas would walk it, with axe-core on every
page on the way (WCAG 2.1 AA, zero violations)."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.signals.models import Signal
from signaalroute.signals.states import State

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .signals import internal_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page: Any, summary: str) -> Any:
    """Open a step on the detail page and return its form region."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    details.locator("summary").first.click()
    return details


def test_internal_route_alice_bob_carla_and_back_to_alice(page: Any, demo: Any) -> None:
    # Alice reports, choosing Bob as her team coordinator (step 1).
    browser_login(page, "alice")
    page.get_by_role("link", name="Signaal melden").first.click()
    wait_for_path(page, "/signalen/nieuw/")
    assert_accessible(page)
    page.get_by_label("Uw teamcoördinator (stap 1)").select_option(label="Bob Jansen")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill(
        "Een vrouw aan de balie kon haar paspoort niet zelf laten zien; haar begeleider deed het woord."
    )
    page.get_by_text("Adres, plek of website (niet verplicht)").click()
    page.get_by_role("radio", name="Een adres", exact=True).check()
    page.locator("#id_postcode").fill("3762 AB")
    page.locator("#id_house_number").fill("12")
    page.get_by_text("Vormen van uitbuiting, minderjarigen en signalen (niet verplicht)").click()
    page.get_by_role("checkbox", name="Seksuele uitbuiting", exact=True).check()
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_url("**/mijn-meldingen/*/")
    assert_accessible(page)
    signal = Signal.objects.get()
    assert signal.state == State.WITH_TEAM_COORDINATOR
    logout(page)

    # Bob forwards it to the focal officer.
    browser_login(page, "bob")
    page.get_by_role("link", name="Signalen uit mijn team").click()
    assert_accessible(page)
    page.get_by_role("link", name=signal.reference).click()
    assert_accessible(page)
    page.get_by_label("Reden of toelichting").fill("Besproken met Alice; zorgelijk.")
    page.get_by_role("button", name="Doorsturen naar de aandachtsfunctionaris").click()
    wait_for_path(page, "/teamcoordinator/")
    logout(page)

    # Carla triages, enriches, routes and feeds back.
    browser_login(page, "carla")
    page.get_by_role("link", name="Werkvoorraad").click()
    assert_accessible(page)
    page.get_by_role("link", name=signal.reference).click()
    assert_accessible(page)
    _step(page, "Beoordeling starten").get_by_role("button", name="Beoordeling starten").click()
    assert page.get_by_test_id("state").inner_text() == "Beoordeling"
    search = _step(page, "Verrijken: zoek eerdere signalen (stap 3)")
    search.get_by_label("Zoek in eerdere signalen van de gemeente").fill("3762AB")
    search.get_by_role("button", name="Zoeken").click()
    assert_accessible(page)
    enrich = _step(page, "Verrijking vastleggen")
    enrich.get_by_label("Reden of toelichting").fill("Adres niet eerder bekend; BRP gecontroleerd.")
    enrich.get_by_role("button", name="Verrijking vastleggen").click()
    # Steps 4 and 5: a referral on a legal basis, previewed before anything leaves.
    assert page.get_by_role("button", name="Doorzetten naar een ketenpartner").count() == 0
    page.get_by_role("link", name="Overdragen aan een partner (met advies)").click()
    assert_accessible(page)
    page.locator("#id_partner").select_option(label="Politie basisteam Heuvelrug (demo)")
    page.locator("input[name=basis][value=statutory_task]").check()
    page.locator("details:has(#id_article) > summary").click()
    page.locator("#id_article").fill("Art. 3 Politiewet 2012")
    page.locator("#id_purpose").fill("Beoordelen op uitbuiting; graag terugkoppeling.")
    page.locator("button[name=action][value=preview]").click()
    assert "Alice" not in page.get_by_test_id("shared").inner_text()  # never the reporter
    assert_accessible(page)
    page.locator("button[name=action][value=send]").click()
    wait_for_path(page, f"/signalen/{signal.pk}/")
    assert page.get_by_test_id("state").inner_text() == "Wacht op terugkoppeling"
    referral = signal.referrals.get()
    assert (
        referral.partner.name.startswith("Politie basisteam") and referral.basis == "statutory_task"
    )
    feedback = _step(page, "Terugkoppeling aan de melder (stap 6)")
    feedback.get_by_label("Begin met een standaardtekst").select_option(
        label="Doorgezet naar een ketenpartner"
    )
    feedback.get_by_role("button", name="Bekijk de tekst voor de melder").click()
    assert "doorgegeven" in page.get_by_test_id("feedback-preview-text").inner_text()
    page.get_by_role("button", name="Terugkoppeling versturen").click()
    assert page.get_by_test_id("state").inner_text() == "Melder geïnformeerd"
    assert_accessible(page)
    # The reporter's identity, on request (audited).
    page.get_by_role("link", name="Toon wie het meldde (dit wordt vastgelegd)").click()
    assert "Alice de Vries" in page.get_by_test_id("reporter").inner_text()
    logout(page)

    # Alice reads the feedback.
    browser_login(page, "alice")
    page.get_by_role("link", name="Mijn meldingen").click()
    assert_accessible(page)
    page.get_by_role("link", name=signal.reference).click()
    assert "doorgegeven" in page.get_by_test_id("feedback").inner_text()
    assert "Politie" not in page.content()


def test_public_report_anonymous_and_follow_up_with_the_receipt(page: Any, demo: Any) -> None:
    page.goto("/melden/")
    assert_accessible(page)
    page.get_by_label("Over welke gemeente gaat het?").select_option(label="Soest")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill(
        "Elke ochtend haalt een busje veertien mannen op bij de loods aan de Industrieweg."
    )
    page.get_by_role("radio", name="Een plek zonder adres").check()
    page.get_by_label("Beschrijving van de plek").fill("Loods aan de Industrieweg")
    page.get_by_role("checkbox", name="Arbeidsuitbuiting").check()
    page.get_by_role("checkbox", name="Ik wil anoniem melden").check()
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_url("**/melden/ontvangen/*/")
    assert_accessible(page)
    code = page.get_by_test_id("receipt-code").inner_text()
    secret = page.get_by_test_id("receipt-secret").inner_text()
    signal = Signal.objects.get()
    assert signal.reporter.anonymous and signal.channel == "public"

    # Days later, from another browser: status and an addition.
    other = page.context.browser.new_context(base_url=page.url.split("/melden")[0], locale="nl-NL")
    later = other.new_page()
    later.goto("/melden/status/")
    assert_accessible(later)
    later.get_by_label("Ontvangstcode").fill(code)
    later.get_by_label("Geheime code").fill(secret)
    later.get_by_role("button", name="Status tonen").click()
    assert later.get_by_test_id("status").inner_text() == "Ontvangen"
    assert_accessible(later)
    later.get_by_label("Wat wilt u toevoegen?").fill("Vandaag waren het er twintig.")
    later.get_by_role("button", name="Aanvulling versturen").click()
    assert signal.events.filter(kind="reporter_addition").count() == 1
    other.close()


def test_public_form_in_english_is_accessible(page: Any, demo: Any) -> None:
    page.goto("/en/report/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Report a suspicion of human trafficking"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_text("Describe what you saw or heard.", exact=True).is_visible()
    # The error summary has the focus, and links to the field.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.get_by_role("link", name="What did you see or hear?").is_visible()
    assert_accessible(page)


def test_form_errors_are_accessible_and_keep_the_input(page: Any, demo: Any) -> None:
    browser_login(page, "alice")
    page.goto("/signalen/nieuw/")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Iets gezien.")
    page.get_by_text("Adres, plek of website (niet verplicht)").click()
    page.get_by_role("radio", name="Een adres", exact=True).check()
    page.locator("#id_postcode").fill("1234")
    page.get_by_role("button", name="Signaal versturen").click()
    assert page.get_by_label("Wat heeft u gezien of gehoord?").input_value() == "Iets gezien."
    assert page.locator("#id_postcode").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("carla", ["/signalen/registreren/", "/adviesvragen/", "/werkvoorraad/?overdue=on"]),
        ("alice", ["/adviesvraag/", "/mijn-meldingen/"]),
        ("henk", ["/beheer/meldroute/"]),
        ("bob", ["/teamcoordinator/"]),
    ],
)
def test_other_pages_are_accessible(page: Any, demo: Any, username: str, paths: list[str]) -> None:
    browser_login(page, username)
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_advice_question_pages_are_accessible(page: Any, demo: Any) -> None:
    browser_login(page, "alice")
    page.goto("/adviesvraag/")
    page.get_by_label("Uw vraag").fill(
        "Een klant noemt steeds een ander adres; is dat een signaal?"
    )
    page.get_by_role("button", name="Vraag versturen").click()
    wait_for_path(page, "/mijn-meldingen/")
    logout(page)
    browser_login(page, "carla")
    page.goto("/adviesvragen/")
    page.locator("main a").first.click()
    assert_accessible(page)
    page.locator("summary").first.click()
    assert_accessible(page)


def test_an_acute_signal_about_a_minor_goes_to_the_police_from_the_inbox(
    page: Any, demo: Any
) -> None:
    """Seed 000 §2.3: acute danger, 112 first, and the focal officer refers to the police at
    once, without first starting an assessment."""
    acute = internal_signal(demo, via_bob=False, acute=True, minors="yes")
    browser_login(page, "carla")
    page.goto(f"/signalen/{acute.pk}/")
    assert page.get_by_test_id("state").inner_text() == "Ontvangen"
    page.get_by_role("link", name="Overdragen aan een partner (met advies)").click()
    assert_accessible(page)
    page.locator("#id_partner").select_option(label="Politie basisteam Heuvelrug (demo)")
    page.locator("input[name=basis][value=statutory_task]").check()
    page.locator("details:has(#id_article) > summary").click()
    page.locator("#id_article").fill("Art. 3 Politiewet 2012")
    page.locator("#id_purpose").fill("Acuut gevaar voor een minderjarige: direct beoordelen.")
    page.locator("button[name=action][value=preview]").click()
    page.locator("button[name=action][value=send]").click()
    wait_for_path(page, f"/signalen/{acute.pk}/")
    assert page.get_by_test_id("state").inner_text() == "Wacht op terugkoppeling"
    assert_accessible(page)
    acute.refresh_from_db()
    assert acute.referrals.get().basis == "statutory_task"
