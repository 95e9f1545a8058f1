"""Two focal officers, two queues, in a real browser: carla (safety) and daan (care) each start
at "Mijn signalen" and see different signals; daan marks himself away with the keyboard and his
signal turns up in carla's queue. axe-core on the worklist."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.intake.inputs import SubjectInput

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .signals import internal_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _queue(page: Any) -> str:
    return page.locator("#resultaten").inner_text()


def test_carla_and_daan_have_their_own_queues(page: Any, demo: Any) -> None:
    care = internal_signal(
        demo,
        via_bob=False,
        subjects=[SubjectInput(kind="person", role="victim", description="Vrouw, ca. 25 jaar")],
    )
    safety = internal_signal(
        demo,
        via_bob=False,
        subjects=[SubjectInput(kind="address", role="other", description="Dorpsstraat 12")],
    )

    browser_login(page, "carla")
    page.goto("/werkvoorraad/")
    views = page.get_by_test_id("worklist-views")
    assert views.locator('[aria-current="page"]').get_attribute("href") == "?weergave=mijn"
    assert safety.reference in _queue(page) and care.reference not in _queue(page)
    assert "Carla Bakker" in page.get_by_test_id("row-owner").first.inner_text()
    assert_accessible(page)
    # The whole municipality, chosen with the keyboard: both signals.
    views.locator('a[href="?weergave=gemeente"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert {care.reference, safety.reference} <= set(_queue(page).split())
    assert views.locator('[aria-current="page"]').get_attribute("href") == "?weergave=gemeente"
    assert_accessible(page)
    logout(page)

    browser_login(page, "daan")
    page.goto("/werkvoorraad/")
    assert care.reference in _queue(page) and safety.reference not in _queue(page)
    assert_accessible(page)
    # Away, with the keyboard: the button on the worklist.
    page.get_by_test_id("away-form").get_by_role("button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_path(page, "/werkvoorraad/")
    assert care.reference not in _queue(page)
    assert page.get_by_test_id("away-form").get_by_role("status").is_visible()
    assert_accessible(page)
    logout(page)

    browser_login(page, "carla")
    page.goto("/werkvoorraad/")
    assert {care.reference, safety.reference} <= set(_queue(page).split())
    care_row = page.get_by_test_id("worklist-row").filter(has_text=care.reference)
    assert "Carla Bakker" in care_row.get_by_test_id("row-owner").inner_text()
    assert_accessible(page)
