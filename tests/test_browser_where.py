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
