"""The words a user reads, in a real browser: feedback in the reporter's language, focus after a
submit, and a keyboard user's way through the internal form. axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.signals.models import Signal

from .browser import assert_accessible, browser_login, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUTED_EN = "We have looked at it and passed it on to the organisation that can act on it."


def _step(page: Any, summary: str) -> Any:
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    details.locator("summary").first.click()
    return details


def test_an_english_resident_reads_the_english_standard_feedback(page: Any, demo: Any) -> None:
    # The resident chooses English with the language switch on the public form.
    page.goto("/melden/")
    assert_accessible(page)
    page.get_by_role("link", name="English").click()
    wait_for_path(page, "/en/report/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_label("Which municipality is it about?").select_option(label="Soest")
    page.get_by_label("What did you see or hear?").fill(
        "Every morning a van picks up fourteen men at the shed on the Industrieweg."
    )
    page.get_by_role("checkbox", name="Labour exploitation").check()
    page.get_by_role("checkbox", name="I want to report anonymously").check()
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/en/report/received/*/")
    assert_accessible(page)
    code = page.get_by_test_id("receipt-code").inner_text()
    secret = page.get_by_test_id("receipt-secret").inner_text()
    signal = Signal.objects.get()
    assert signal.language == "en"

    # Carla, in a browser of her own, sees the report's language and the exact English text.
    office = page.context.browser.new_context(base_url=page.url.split("/en/")[0], locale="nl-NL")
    carla = office.new_page()
    browser_login(carla, "carla")
    carla.goto(f"/signalen/{signal.pk}/")
    _step(carla, "Beoordeling starten").get_by_role("button", name="Beoordeling starten").click()
    feedback = _step(carla, "Terugkoppeling aan de melder (stap 6)")
    assert feedback.get_by_test_id("report-language").inner_text() == "Taal van de melding: Engels"
    feedback.get_by_label("Begin met een standaardtekst").select_option(
        label="Doorgezet naar een ketenpartner"
    )
    feedback.get_by_role("button", name="Bekijk de tekst voor de melder").click()
    preview = carla.get_by_test_id("feedback-preview-text")
    assert ROUTED_EN in preview.inner_text()
    assert preview.get_attribute("lang") == "en"
    assert_accessible(carla)
    assert not signal.events.filter(kind="feedback").exists()  # nothing sent by a preview
    carla.get_by_role("button", name="Terugkoppeling versturen").click()
    wait_for_path(carla, f"/signalen/{signal.pk}/")
    assert carla.get_by_text(
        "Terugkoppeling naar de melder verstuurd (in het Engels)."
    ).is_visible()
    assert_accessible(carla)
    office.close()

    # The resident follows the report with the receipt and reads the feedback in English.
    page.get_by_role("link", name="Follow your report").click()
    wait_for_path(page, "/en/report/status/")
    assert_accessible(page)
    page.get_by_label("Receipt code").fill(code)
    page.get_by_label("Secret code").fill(secret)
    page.get_by_role("button", name="Show status").click()
    shown = page.get_by_test_id("feedback")
    assert ROUTED_EN in shown.inner_text()
    assert "Bedankt" not in shown.inner_text() and "Dank u" not in shown.inner_text()
    assert_accessible(page)


def _tabs_to(page: Any, name: str, limit: int = 60) -> int:
    """Tab presses from the focused element until the button `name` has the focus."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e && e.tagName === 'BUTTON' ? e.textContent.trim() : ''; }"
        )
        if focused == name:
            return presses
    raise AssertionError(f"{name!r} not reached in {limit} Tab presses")


def test_the_internal_form_with_the_keyboard_and_focus_after_submit(page: Any, demo: Any) -> None:
    browser_login(page, "alice")
    page.goto("/signalen/nieuw/")
    assert_accessible(page)
    # The optional parts are folded away: few Tab presses from the first field to "send".
    page.locator("#id_municipality").focus()
    assert _tabs_to(page, "Signaal versturen") < 25

    # An invalid submit: the focus lands on the error summary, which links to the field.
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    link = summary.get_by_role("link", name="Wat heeft u gezien of gehoord?")
    assert link.get_attribute("href") == "#id_description"
    assert_accessible(page)
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_description"

    # An error in a folded part opens it, and its link reaches the field.
    page.keyboard.type("Een busje haalt elke ochtend mannen op.")
    page.get_by_text("Adres, plek of website (niet verplicht)").click()
    page.get_by_role("radio", name="Een adres", exact=True).check()
    page.get_by_role("button", name="Signaal versturen").click()
    summary.wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.locator("#id_postcode").is_visible()  # its part is open
    summary.locator("a[href='#id_postcode']").click()
    assert page.evaluate("document.activeElement.id") == "id_postcode"
    page.keyboard.type("3762 AB")
    page.locator("#id_house_number").fill("12")
    assert not Signal.objects.exists()

    # A good submit: the focus lands on the confirmation that says where the signal went.
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_url("**/mijn-meldingen/*/")
    focused = page.evaluate("document.activeElement.innerText")
    assert "is doorgestuurd naar de aandachtsfunctionaris" in focused
    assert_accessible(page)
