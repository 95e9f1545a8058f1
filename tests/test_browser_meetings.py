"""Signalling meetings in a real browser: carla plans the meeting and prepares its agenda with
the keyboard, records a decision (refused without an owner, then with fenna as owner); fenna
sees the item pseudonymised. axe-core on every new page. The locators are ids, test ids and
URLs, so the test does not depend on the Dutch translations."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.meetings.models import Action, AgendaItem, Meeting
from signaalroute.workflow.services import meeting_agenda_set

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .signals import internal_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "Vrouw aan de balie; haar paspoort wordt door een begeleider vastgehouden."


def test_carla_prepares_runs_and_fenna_reads_pseudonymised(page: Any, demo: Any) -> None:
    signal = internal_signal(demo, via_bob=False, indicator_codes=["ilo-lab-dr-m1"])
    signal.refresh_from_db()
    meeting_agenda_set(
        actor=demo["carla"], signal=signal, on_agenda=True, expected_version=signal.version
    )

    browser_login(page, "carla")
    page.goto("/overleggen/")
    assert_accessible(page)
    page.goto("/overleggen/nieuw/")
    assert_accessible(page)
    page.locator("#id_held_on").fill("2026-06-10")
    page.locator(f"input[name=attendees][value='{demo['fenna'].pk}']").check()
    page.locator("form.utrecht-form button[type=submit]").click()
    meeting = Meeting.objects.get()
    wait_for_path(page, f"/overleggen/{meeting.pk}/")
    assert_accessible(page)

    # The agenda with the keyboard: propose it, then add a topic by hand.
    page.locator("form[action$='agenda-voorstellen/'] button").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=agenda-item]")
    page.locator("#id_topic").focus()
    page.keyboard.type("Signalen rond vakantieparken")
    page.keyboard.press("Enter")
    page.get_by_test_id("agenda-item").nth(1).wait_for()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2
    assert signal.reference in page.get_by_test_id("agenda").inner_text()
    assert_accessible(page)

    # A decision with an action but no owner is refused at the field; then with fenna.
    item = AgendaItem.objects.get(meeting=meeting, signal=signal)
    page.locator(f"a[href$='/punten/{item.pk}/besluit/']").click()
    wait_for_path(page, f"/overleggen/{meeting.pk}/punten/{item.pk}/besluit/")
    assert_accessible(page)
    page.locator("#id_text").fill("Integrale controle met de wijkagent.")
    page.locator("#id_action").fill("Controle plannen")
    page.locator("#id_due_on").fill("2026-06-24")
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_selector("#id_owner-fout")
    assert not Action.objects.exists()
    assert_accessible(page)
    page.locator("#id_owner").select_option(str(demo["fenna"].pk))
    page.locator("form.utrecht-form button[type=submit]").click()
    wait_for_path(page, f"/overleggen/{meeting.pk}/")
    assert "Controle plannen" in page.get_by_test_id("item-decisions").inner_text()
    action = Action.objects.get()
    page.locator(f"a[href$='/acties/{action.pk}/']").first.click()
    wait_for_path(page, f"/overleggen/acties/{action.pk}/")
    assert_accessible(page)
    logout(page)

    # fenna attends for the police: the item pseudonymised, no description or address.
    browser_login(page, "fenna")
    page.goto(f"/overleggen/{meeting.pk}/")
    assert page.get_by_test_id("pseudonymised").is_visible()
    agenda = page.get_by_test_id("agenda").inner_text()
    assert signal.reference in agenda and "3762" in agenda
    content = page.content()
    assert DESCRIPTION not in content and "3762 AB" not in content
    assert page.get_by_test_id("item-address").count() == 0
    assert_accessible(page)
    page.goto(f"/overleggen/{meeting.pk}/afdrukken/")
    assert DESCRIPTION not in page.content()
    assert_accessible(page)
