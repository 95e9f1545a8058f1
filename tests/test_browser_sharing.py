"""Lawful sharing in a real browser: the care coordinator under consent gets no personal data,
an anonymous consultation becomes vital interest without a revoke, the RIEC receives on its
covenant without the victim, and revoking asks for a reason. axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from signaalroute.intake.inputs import SubjectInput
from signaalroute.partners.referrals.models import Referral
from signaalroute.signals.models import Signal
from signaalroute.signals.states import State
from signaalroute.workflow.services import signal_transition

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .signals import internal_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIM = "Vrouw, ca. 25 jaar"
PERPETRATOR = "Man met bestelbus, noemt zich Marco"


@pytest.fixture
def signal(demo: Any) -> Signal:
    signal = internal_signal(
        demo,
        via_bob=False,
        subjects=[
            SubjectInput(kind="person", role="victim", description=VICTIM),
            SubjectInput(kind="person", role="perpetrator", description=PERPETRATOR),
        ],
    )
    signal_transition(
        actor=demo["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    return signal


def _referral_page(page: Any, signal: Signal) -> None:
    page.goto(f"/signalen/{signal.pk}/overdracht/")
    wait_for_path(page, f"/signalen/{signal.pk}/overdracht/")


def _preview(page: Any, partner: str, basis: str, purpose: str, **proof: str) -> str:
    page.locator("#id_partner").select_option(label=partner)
    page.locator(f"input[name=basis][value={basis}]").check()
    if proof:
        page.locator("details:has(#id_purpose), details.sr-details").first.locator(
            "summary"
        ).click()
        for field, value in proof.items():
            if field == "consent":  # a select of the recorded consents
                page.locator("#id_consent").select_option(label=value)
            else:
                page.locator(f"#id_{field}").fill(value)
    page.locator("#id_purpose").fill(purpose)
    page.locator("button[name=action][value=preview]").click()
    return page.get_by_test_id("shared").inner_text()


def test_consent_to_the_care_coordinator_then_vital_interest_without_a_revoke(
    page: Any, signal: Signal
) -> None:
    browser_login(page, "carla")
    # The consent is recorded first (who, when, for what, how); the referral points to it.
    page.goto(f"/signalen/{signal.pk}/toestemmingen/")
    page.locator("#id_given_by").fill("Het slachtoffer")
    page.locator("#id_given_on").fill("2026-11-30")
    page.locator("#id_scope").fill("hulp")
    page.get_by_role("radio", name="Mondeling").check()
    assert_accessible(page)
    page.get_by_role("button", name="Toestemming vastleggen").click()
    assert "Het slachtoffer" in page.get_by_test_id("consents").inner_text()
    assert_accessible(page)
    _referral_page(page, signal)
    shared = _preview(
        page,
        "Zorgcoördinatie mensenhandel Utrecht (demo)",
        "consent",
        "Sparren over hulp; het slachtoffer neemt zelf contact op.",
        consent="30-11-2026 — Mondeling — hulp",
    )
    # Seed 004 §5.6.2: even with consent no personal data go to the care coordinator.
    assert VICTIM not in shared and PERPETRATOR not in shared and "paspoort" not in shared
    assert "Seksuele uitbuiting" in shared
    assert_accessible(page)
    page.locator("button[name=action][value=send]").click()
    wait_for_path(page, f"/signalen/{signal.pk}/")
    referral = Referral.objects.get()
    assert referral.basis == "consent"

    # Vital interest arises: the open referral gets another basis, without a revoke.
    _referral_page(page, signal)
    page.get_by_role("link", name="Grondslag wijzigen").click()
    wait_for_path(page, f"/overdrachten/{referral.pk}/grondslag/")
    assert_accessible(page)
    assert "zorgcoördinator" in page.get_by_test_id("sharing-rows").inner_text().lower()
    page.get_by_role("radio", name="Vitaal belang", exact=False).check()
    page.locator("#id_vital_reason").fill("Ze is minderjarig gebleken en heeft geen onderdak.")
    page.keyboard.press("Tab")
    page.locator("button[name=action][value=preview]").focus()
    page.keyboard.press("Enter")
    assert VICTIM in page.get_by_test_id("shared").inner_text()
    assert_accessible(page)
    page.locator("button[name=action][value=send]").click()
    wait_for_path(page, f"/signalen/{signal.pk}/overdracht/")
    assert "Vitaal belang" in page.locator("main").inner_text()
    referral.refresh_from_db()
    assert referral.basis == "vital_interest" and referral.state != "revoked"
    assert Referral.objects.count() == 1
    logout(page)

    browser_login(page, "eva")
    page.goto(f"/partner/overdrachten/{referral.pk}/")
    assert VICTIM in page.get_by_test_id("shared").inner_text()
    assert_accessible(page)


def test_the_riec_receives_on_its_covenant_and_revoking_asks_a_reason(
    page: Any, signal: Signal
) -> None:
    browser_login(page, "carla")
    _referral_page(page, signal)
    shared = _preview(
        page,
        "RIEC Midden-Nederland (demo)",
        "covenant",
        "Bestuurlijke aanpak van de locatie bespreken.",
        covenant="RIEC-convenant Midden-Nederland, art. 5",
    )
    assert PERPETRATOR in shared and VICTIM not in shared
    page.locator("button[name=action][value=send]").click()
    wait_for_path(page, f"/signalen/{signal.pk}/")
    referral = Referral.objects.get()
    logout(page)

    browser_login(page, "lotte")
    page.goto(f"/partner/overdrachten/{referral.pk}/")
    text = page.locator("main").inner_text()
    assert PERPETRATOR in text and VICTIM not in text
    assert "Regionaal convenant" in text  # the basis in words, never its code
    logout(page)

    browser_login(page, "carla")
    _referral_page(page, signal)
    page.get_by_role("link", name="Intrekken").click()
    wait_for_path(page, f"/overdrachten/{referral.pk}/intrekken/")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, overdracht intrekken").click()
    assert "Geef de reden van het intrekken." in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("#id_reason").fill("Eerst bespreken in het signaleringsoverleg.")
    page.get_by_role("button", name="Ja, overdracht intrekken").click()
    wait_for_path(page, f"/signalen/{signal.pk}/overdracht/")
    referral.refresh_from_db()
    assert referral.state == "revoked"
    assert referral.revoke_reason == "Eerst bespreken in het signaleringsoverleg."


def test_the_sharing_table_and_a_partners_rules_are_readable(page: Any, demo: Any) -> None:
    browser_login(page, "alice")
    page.goto("/ketenpartners/")
    page.get_by_role("link", name="Wat mag naar wie: de deeltabel").click()
    wait_for_path(page, "/ketenpartners/deelregels/")
    assert_accessible(page)
    table = page.get_by_test_id("sharing-rows").inner_text()
    assert "RIEC" in table and "Geen persoonsgegevens" in table and "vital_interest" not in table
    page.goto("/ketenpartners/")
    page.get_by_role("link", name="RIEC Midden-Nederland (demo)").first.click()
    assert_accessible(page)
    rules = page.get_by_test_id("sharing-rows").inner_text()
    assert "Regionaal convenant" in rules and "Vitaal belang" not in rules
