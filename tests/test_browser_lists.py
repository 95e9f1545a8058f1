"""Lists that show what they hold, in a real browser: carla's home puts an acute signal on top and
a signal with new feedback below it, the signal page lists its referrals, the worklist marks
feedback and stacks, the stack page counts as its banner does; alice's reports and fenna's portal
say what each line is. axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.intake.inputs import ReporterInput
from signaalroute.intake.services import signal_register
from signaalroute.stacking.models import StackAlert

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .referrals import FEEDBACK, POLICE, answered, referred
from .signals import internal_signal, signal_data, soest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELSEWHERE = {"postcode": "3768 CD", "house_number": 7, "subjects": []}


def test_carlas_home_signal_page_worklist_and_stack(page: Any, demo: Any) -> None:
    acute = internal_signal(demo, via_bob=False, acute=True, forms=["labour"])
    with_feedback, _referral = answered(demo)
    internal_signal(demo, via_bob=False, **ELSEWHERE)
    stacked = signal_register(
        actor=demo["carla"],
        municipality=soest(),
        channel="phone",
        data=signal_data(**ELSEWHERE),
        reporter=ReporterInput(name="Bewoner", phone="0611111111"),
    )
    alert = StackAlert.objects.get(trace__signal=stacked)

    browser_login(page, "carla")
    # The home page: acute signals first, then new feedback, each a link to the signal.
    assert page.locator("main h2").first.inner_text() == "Acute signalen"
    acute_list = page.get_by_test_id("home-acute")
    assert acute.reference in acute_list.inner_text()
    assert "Arbeidsuitbuiting" in acute_list.inner_text()
    feedback_list = page.get_by_test_id("home-feedback")
    assert with_feedback.reference in feedback_list.inner_text()
    assert POLICE in feedback_list.inner_text()
    assert_accessible(page)

    # With the keyboard: from the acute list to the signal page.
    page.get_by_role("link", name=acute.reference).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_path(page, f"/signalen/{acute.pk}/")
    referrals = page.get_by_test_id("signal-referrals")
    assert "Dit signaal is nog niet aan een partner overgedragen." in referrals.inner_text()

    # The signal with feedback: its referral, in words, with the police's answer.
    page.goto("/")
    page.get_by_test_id("home-feedback").get_by_role("link", name=with_feedback.reference).click()
    wait_for_path(page, f"/signalen/{with_feedback.pk}/")
    referrals = page.get_by_test_id("signal-referrals")
    text = referrals.inner_text()
    assert POLICE in text and "Wettelijke taak (met het artikel)" in text
    assert "Teruggekoppeld" in text and FEEDBACK in text
    assert_accessible(page)
    referrals.get_by_role("link", name="Naar de pagina Overdragen").click()
    wait_for_path(page, f"/signalen/{with_feedback.pk}/overdracht/")

    # The worklist: what each row is about, and its marks.
    page.get_by_role("link", name="Werkvoorraad").click()
    wait_for_path(page, "/werkvoorraad/")
    # The whole municipality: carla's own signals (her default) leave out the care domain.
    with page.expect_navigation():
        page.get_by_test_id("worklist-views").locator('a[href="?weergave=gemeente"]').click()
    rows = page.get_by_test_id("worklist-row")
    feedback_row = rows.filter(has_text=with_feedback.reference)
    assert "Nieuwe terugkoppeling" in feedback_row.inner_text()
    assert "1 betrokkene" in feedback_row.inner_text()
    assert "Nieuwe stapelmelding" in rows.filter(has_text=stacked.reference).inner_text()
    assert_accessible(page)

    # The stack page: the banner's number is the page's number.
    page.goto(f"/stapels/spoor/{alert.trace_id}/")
    banner = page.get_by_test_id("stack-alert").inner_text()
    count = page.get_by_test_id("stack-count-signals").inner_text().strip()
    assert count == "2" and banner.startswith(f"{count} signalen")
    assert page.get_by_test_id("pending-link").count() == 1
    assert_accessible(page)


def test_alices_reports_and_fennas_portal_say_what_each_line_is(page: Any, demo: Any) -> None:
    mine = internal_signal(demo, via_bob=False, forms=["labour"])
    signal, referral = referred(demo)

    browser_login(page, "alice")
    page.goto("/mijn-meldingen/")
    row = page.get_by_test_id("mine-row").filter(has_text=mine.reference)
    assert "Arbeidsuitbuiting" in row.inner_text()
    assert "Vrouw aan de balie" in row.inner_text()
    assert_accessible(page)
    logout(page)

    browser_login(page, "fenna")
    page.goto("/partner/overdrachten/")
    row = page.get_by_test_id("portal-row")
    assert row.count() == 1
    assert signal.reference in row.inner_text() and "Verstuurd" in row.inner_text()
    assert referral.feedback_due_on.strftime("%d-%m-%Y") in row.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=signal.reference).click()
    wait_for_path(page, f"/partner/overdrachten/{referral.pk}/")
