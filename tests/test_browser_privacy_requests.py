"""Data subjects' requests in a real browser: pim opens the requests from the menu, registers
an access request with the keyboard and opens the access statement. axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import assert_accessible, browser_login, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pim_registers_an_access_request_and_opens_the_statement(page: Any, demo: Any) -> None:
    browser_login(page, "pim")
    page.locator("nav a[href='/privacy/verzoeken/']").click()
    wait_for_path(page, "/privacy/verzoeken/")
    assert_accessible(page)
    page.locator("a[href='/privacy/verzoeken/nieuw/']").click()
    wait_for_path(page, "/privacy/verzoeken/nieuw/")
    assert_accessible(page)
    page.locator("#id_kind").focus()
    page.keyboard.press("ArrowDown")  # access is first; the date of receipt is today already
    page.keyboard.press("ArrowUp")
    page.locator("#id_identified_how").focus()
    page.keyboard.type("Aan de balie, paspoort getoond")
    page.keyboard.press("Tab")
    page.keyboard.type("Niemand Bekend")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid='request-facts']")
    assert "Niemand Bekend" in page.get_by_test_id("request-facts").inner_text()
    assert_accessible(page)
    page.locator("a[href$='/inzage/']").click()
    page.wait_for_selector("[data-testid='empty']")
    assert_accessible(page)
