"""Steps 4-6 in a real browser: advice, preview, send; the partner answers; back to the reporter.
axe-core on every page on the way."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.partners.referrals.models import Referral
from signaalroute.signals.models import Signal
from signaalroute.signals.states import State
from signaalroute.workflow.services import signal_transition

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .signals import internal_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def labour_signal(demo: Any) -> Signal:
    personas = demo
    from signaalroute.demo.partners import build_demo_partners

    build_demo_partners()
    signal = internal_signal(
        personas,
        via_bob=False,
        forms=["labour"],
        description="Elke ochtend haalt een busje veertien mannen op bij Dorpsstraat 12.",
    )
    signal_transition(
        actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    return signal


def test_carla_refers_a_labour_signal_nora_answers_alice_hears_back(
    page: Any, labour_signal: Signal
) -> None:
    browser_login(page, "carla")
    page.goto(f"/signalen/{labour_signal.pk}/")
    page.locator(f"a[href='/signalen/{labour_signal.pk}/overdracht/']").click()
    advice = page.locator("#kop-advies").locator("xpath=..")
    assert "Arbeidsinspectie" in advice.inner_text()
    assert_accessible(page)
    page.locator("#id_partner").select_option(
        label="Nederlandse Arbeidsinspectie — opsporing (demo)"
    )
    page.locator("input[name=basis][value=statutory_task]").check()
    page.locator("details:has(#id_article) > summary").click()
    page.locator("#id_article").fill("art. 141 Sv; Arbeidsomstandighedenwet")
    page.locator("#id_purpose").fill("Beoordelen op arbeidsuitbuiting; graag terugkoppeling.")
    page.locator("button[name=action][value=preview]").click()
    shared = page.get_by_test_id("shared")
    assert "Dorpsstraat" in shared.inner_text()
    assert "Alice" not in shared.inner_text()  # never the reporter
    assert_accessible(page)
    page.locator("button[name=action][value=send]").click()
    wait_for_path(page, f"/signalen/{labour_signal.pk}/")
    referral = Referral.objects.get()
    assert referral.partner.name.startswith("Nederlandse Arbeidsinspectie — opsporing")
    logout(page)

    browser_login(page, "nora")
    page.goto("/partner/overdrachten/")
    assert page.locator("main tbody tr").count() == 1
    assert_accessible(page)
    page.locator("main tbody a").first.click()
    assert_accessible(page)
    page.locator("form:has(input[name=action][value=accept]) button[type=submit]").click()
    assert page.get_by_test_id("referral-state").inner_text() != ""
    page.locator("#id_kind").select_option("investigation")
    page.locator("#id_text").fill("Controle gepland met gemeente en politie.")
    page.locator("form:has(input[name=action][value=feedback]) button[type=submit]").click()
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.state == "feedback_given"
    logout(page)

    browser_login(page, "carla")
    # The answer arrives visibly: the home page lists it, the worklist marks it new.
    assert labour_signal.reference in page.locator("main").inner_text()
    page.get_by_role("link", name="Werkvoorraad").click()
    # The whole municipality: the signal names a possible victim, so it is daan's (care), not
    # in carla's own signals (her default view).
    with page.expect_navigation():
        page.get_by_test_id("worklist-views").locator('a[href="?weergave=gemeente"]').click()
    row = page.locator("main tbody tr", has=page.get_by_text(labour_signal.reference))
    assert "Terugkoppeling ontvangen" in row.inner_text()
    assert "Nieuwe terugkoppeling" in row.inner_text()
    assert_accessible(page)
    page.goto(f"/signalen/{labour_signal.pk}/")
    assert "Controle gepland met gemeente en politie." in page.locator(".sr-timeline").inner_text()
    feedback_step = page.locator(
        "details", has=page.locator(f"form[action='/signalen/{labour_signal.pk}/terugkoppeling/']")
    )
    feedback_step.locator("summary").click()
    feedback_step.locator("select[name=template]").select_option("routed")
    feedback_step.locator("button[name=action][value=preview]").click()
    page.locator("button[name=action][value=send]").click()
    labour_signal.refresh_from_db()
    assert labour_signal.state == State.REPORTER_INFORMED
    logout(page)

    browser_login(page, "alice")
    page.goto(f"/mijn-meldingen/{labour_signal.pk}/")
    assert page.get_by_test_id("feedback").count() == 1
    assert "Arbeidsinspectie" not in page.content()


def test_portal_and_figures_pages_are_accessible(page: Any, labour_signal: Signal) -> None:
    browser_login(page, "gijs", second_step=False)
    page.goto("/overdrachten/cijfers/")
    assert_accessible(page)


def test_routing_rules_editor_preview_with_the_keyboard(page: Any, labour_signal: Signal) -> None:
    browser_login(page, "henk")
    page.goto("/beheer/doorverwijsregels/")
    assert (
        "Als de vorm arbeidsuitbuiting is en er sterke ILO-indicatoren zijn"
        in page.get_by_test_id("rules").inner_text()
    )
    assert_accessible(page)
    page.locator("#id_rules").focus()
    page.keyboard.press("Tab")  # to "what changed"
    page.keyboard.type("Proef")
    page.keyboard.press("Tab")  # to "preview"
    page.keyboard.press("Enter")
    preview = page.get_by_test_id("preview")
    assert labour_signal.reference in preview.inner_text()
    assert_accessible(page)


def test_disclosure_log_is_accessible_and_searches_by_post(
    page: Any, labour_signal: Signal
) -> None:
    browser_login(page, "pim")  # the privacy officer reaches the log from the navigation
    with page.expect_navigation():
        page.get_by_role("link", name="Verstrekkingenlog").click()
    assert_accessible(page)
    page.locator("#id_q").fill("Dorpsstraat")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Dorpsstraat" not in page.url  # the search text stays out of the URL
    assert_accessible(page)
