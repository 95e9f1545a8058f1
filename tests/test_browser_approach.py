"""Approach cases in a real browser: carla opens a case from a signal page, a bad close is
refused at the field, then she changes the case. axe-core on each page."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.approach.models import ApproachCase

from .browser import assert_accessible, browser_login, wait_for_path
from .signals import internal_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_carla_opens_and_changes_a_case_from_the_signal(page: Any, demo: Any) -> None:
    signal = internal_signal(demo, via_bob=False, forms=["labour"])
    browser_login(page, "carla")
    page.goto(f"/signalen/{signal.pk}/")
    page.get_by_test_id("approach-panel").locator("a.utrecht-button-link").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.locator("#id_title").fill("Dorpsstraat 12, Soest")
    page.locator("form.utrecht-form button[type=submit]").click()
    case = ApproachCase.objects.get()
    wait_for_path(page, f"/aanpak/{case.pk}/")
    assert list(case.signals.all()) == [signal]

    page.goto(f"/aanpak/{case.pk}/wijzigen/")
    assert_accessible(page)
    page.locator("input[name=state][value=closed]").check()
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_selector("#id_close_reason-fout")  # no date and reason: refused at the field
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == "open"
    page.locator("#id_summary").fill("Twee meldingen over overbewoning.")
    page.locator("input[name=state][value=open]").check()
    page.locator("form.utrecht-form button[type=submit]").click()
    wait_for_path(page, f"/aanpak/{case.pk}/")
    case.refresh_from_db()
    assert case.summary == "Twee meldingen over overbewoning."
    page.goto("/aanpak/")
    assert_accessible(page)
