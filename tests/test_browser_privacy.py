"""The processing register in a real browser: pim opens it from the menu, corrects a
processing with the keyboard, and the auditor reads it. axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import assert_accessible, browser_login, logout, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pim_keeps_the_processing_register(page: Any, demo: Any) -> None:
    browser_login(page, "pim")
    page.locator("nav a[href='/privacy/verwerkingsregister/']").click()
    wait_for_path(page, "/privacy/verwerkingsregister/")
    assert "Gesleutelde hashes" in page.get_by_test_id("processing-stacking").inner_text()
    assert_accessible(page)
    page.locator("a[href='/privacy/verwerkingsregister/training/']").click()
    wait_for_path(page, "/privacy/verwerkingsregister/training/")
    assert_accessible(page)
    page.get_by_label("Bewaartermijn").fill("Twee jaar na de training.")
    page.get_by_role("button", name="Opslaan").click()
    wait_for_path(page, "/privacy/verwerkingsregister/")
    assert "Twee jaar na de training." in page.get_by_test_id("processing-training").inner_text()
    logout(page)
    browser_login(page, "ida")
    page.locator("nav a[href='/privacy/verwerkingsregister/']").click()
    wait_for_path(page, "/privacy/verwerkingsregister/")
    assert "Twee jaar na de training." in page.get_by_test_id("processing-training").inner_text()
    assert_accessible(page)


def test_pim_sets_a_retention_period_and_runs_a_dry_run(page: Any, demo: Any) -> None:
    browser_login(page, "pim")
    page.locator("nav a[href='/privacy/bewaartermijnen/']").click()
    wait_for_path(page, "/privacy/bewaartermijnen/")
    assert_accessible(page)
    page.locator("#signal_without_referral-months").fill("24")
    page.locator("#signal_without_referral-months").press("Enter")
    wait_for_path(page, "/privacy/bewaartermijnen/")
    page.get_by_role("button", name="Proefrun: tel wat zou verdwijnen").click()
    wait_for_path(page, "/privacy/bewaartermijnen/")
    assert "proefrun" in page.get_by_test_id("records").inner_text()
    assert_accessible(page)
