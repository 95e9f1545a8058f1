"""The partner directory in a real browser: a front-desk clerk looks up who does what; the
functional administrator changes a threshold with the keyboard. axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.accounts.models import Organisation
from signaalroute.demo.partners import build_demo_partners
from signaalroute.partners.directory.models import PartnerProfile

from .browser import assert_accessible, browser_login, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVESTIGATION = "Nederlandse Arbeidsinspectie — opsporing (demo)"
SUPERVISION = "Nederlandse Arbeidsinspectie — toezicht (demo)"


@pytest.fixture
def demo(demo: Any) -> Any:
    build_demo_partners()
    return demo


def test_alice_looks_up_the_labour_inspectorate(page: Any, demo: Any) -> None:
    browser_login(page, "alice")
    page.locator("nav a[href='/ketenpartners/']").click()
    wait_for_path(page, "/ketenpartners/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)

    page.locator("#id_q").fill("arbeid")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**/ketenpartners/?q=arbeid*")
    table = page.get_by_test_id("directory")
    assert INVESTIGATION in table.inner_text()
    assert SUPERVISION in table.inner_text()
    assert "Veilig Thuis" not in table.inner_text()
    assert_accessible(page)

    table.get_by_role("link", name=INVESTIGATION).click()
    partner = Organisation.objects.get(name=INVESTIGATION)
    wait_for_path(page, f"/ketenpartners/{partner.pk}/")
    assert "ILO-indicatoren" in page.get_by_test_id("thresholds").inner_text()
    assert page.locator(f"a[href='/ketenpartners/{partner.pk}/bewerken/']").count() == 0
    assert_accessible(page)


def test_henk_changes_a_threshold_with_the_keyboard(page: Any, demo: Any) -> None:
    partner = Organisation.objects.get(name=SUPERVISION)
    detail = f"/ketenpartners/{partner.pk}/"
    browser_login(page, "henk")
    page.goto(detail)
    page.locator(f"a[href='{detail}bewerken/']").click()
    wait_for_path(page, f"{detail}bewerken/")
    assert_accessible(page)

    # A wrong number: the page comes back with the error and what was typed.
    page.locator("#id_thresholds").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Ook signalen over te lange werkdagen.")
    page.locator("#id_phone").fill("bel-me")
    page.locator("form[action$='/bewerken/'] button[type=submit]").click()
    assert page.locator("#id_phone").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_thresholds").input_value() == "Ook signalen over te lange werkdagen."
    assert_accessible(page)

    # Put it right and save, with the keyboard only: Tab to the save button, Enter.
    page.locator("#id_phone").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("030-0000000")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'submit'"):
            break
    assert page.evaluate("document.activeElement.closest('form').action").endswith("bewerken/")
    page.keyboard.press("Enter")
    wait_for_path(page, detail)
    assert page.locator(".sr-messages").is_visible()
    assert "te lange werkdagen" in page.get_by_test_id("thresholds").inner_text()
    assert_accessible(page)
    profile = PartnerProfile.objects.get(organisation=partner)
    assert profile.thresholds == "Ook signalen over te lange werkdagen."

    page.goto("/ketenpartners/import/")
    assert_accessible(page)
    page.locator("#id_file").set_input_files(
        files=[{"name": "fout.csv", "mimeType": "text/csv", "buffer": b"naam;drempel\r\nx;y\r\n"}]
    )
    page.locator("main form button[type=submit]").click()
    assert page.get_by_test_id("import-errors").is_visible()
    assert_accessible(page)
