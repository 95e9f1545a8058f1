"""Where to report in a real browser, in every language: axe-core on each, and the way to the
form works with the keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import assert_accessible
from .signals import soest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_where_to_report_page_in_every_language(page: Any, demo: Any) -> None:
    base = f"/waar-melden/{soest().pk}/"
    for suffix in ("", "en/", "pl/", "ro/", "bg/"):
        page.goto(base + suffix)
        assert page.get_by_test_id("form-link").is_visible()
        assert_accessible(page)
    page.goto(base + "pl/")
    page.get_by_test_id("form-link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/pl/report/")
    assert_accessible(page)


def test_the_public_form_in_the_languages_of_labour_migrants(page: Any, demo: Any) -> None:
    for language in ("pl", "ro", "bg"):
        page.goto(f"/{language}/report/")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
        page.goto(f"/{language}/report/status/")
        assert_accessible(page)
    page.goto("/pl/report/")
    page.locator("#id_municipality").select_option(label="Soest")
    page.locator("#id_description").fill(
        "Kilku mężczyzn mieszka w jednym pokoju i oddaje paszporty szefowi."
    )
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    page.wait_for_url("**/pl/report/received/**")
    assert "Kod potwierdzenia" in page.content()
    assert_accessible(page)
