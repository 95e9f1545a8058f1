"""The privacy officer's "done when" of issue 13 in a real browser: pim exports the processing
register (CSV and PDF), runs retention for real after a dry run and finds the destruction
record, and opens the access statement of the demo person with its disclosure to the care
coordinator (also as a PDF). axe-core on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from signaalroute.demo.care import build_demo_care
from signaalroute.demo.requests import DEMO_PERSON, build_demo_requests
from signaalroute.privacy.models import DataSubjectRequest, DestructionRecord, RetentionSetting
from signaalroute.signals.models import Signal

from .browser import assert_accessible, browser_login, wait_for_path
from .signals import internal_signal, soest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pim_exports_runs_retention_and_answers_an_access_request(page: Any, demo: Any) -> None:
    old = internal_signal(demo, via_bob=False)
    Signal.objects.filter(pk=old.pk).update(
        state="closed", state_changed_at=timezone.now() - dt.timedelta(days=800)
    )
    RetentionSetting.objects.create(municipality=soest(), code="signal_without_referral", months=24)
    build_demo_care(demo)
    build_demo_requests(demo)

    browser_login(page, "pim")
    page.locator("nav a[href='/privacy/verwerkingsregister/']").click()
    wait_for_path(page, "/privacy/verwerkingsregister/")
    csv = page.request.get("/privacy/verwerkingsregister/export.csv")
    assert csv.ok and "Signalen" in csv.text()
    pdf = page.request.get("/privacy/verwerkingsregister/export.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"

    page.locator("nav a[href='/privacy/bewaartermijnen/']").click()
    wait_for_path(page, "/privacy/bewaartermijnen/")
    page.get_by_role("button", name="Proefrun: tel wat zou verdwijnen").click()
    wait_for_path(page, "/privacy/bewaartermijnen/")
    page.get_by_role("button", name="Nu anonimiseren wat verlopen is").click()
    page.wait_for_selector("[data-testid='confirm']")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, nu anonimiseren").click()
    wait_for_path(page, "/privacy/bewaartermijnen/")
    records = page.get_by_test_id("records").inner_text()
    assert "proefrun" in records
    real = DestructionRecord.objects.get(code="signal_without_referral", dry_run=False)
    assert real.count >= 1
    assert not Signal.objects.get(pk=old.pk).description  # anonymised
    exported = page.request.get("/privacy/bewaartermijnen/vernietigingen.csv")
    assert exported.ok and "Afgesloten signalen zonder overdracht;24;1;Nee" in exported.text()
    assert_accessible(page)

    request = next(r for r in DataSubjectRequest.objects.all() if r.name == DEMO_PERSON)
    page.locator("nav a[href='/privacy/verzoeken/']").click()
    wait_for_path(page, "/privacy/verzoeken/")
    page.locator(f"a[href='/privacy/verzoeken/{request.pk}/']").click()
    wait_for_path(page, f"/privacy/verzoeken/{request.pk}/")
    page.locator("a[href$='/inzage/']").click()
    wait_for_path(page, f"/privacy/verzoeken/{request.pk}/inzage/")
    statement = page.content()
    assert "Zorgcoördinatie" in statement and "Mogelijke slachtoffers" in statement
    assert_accessible(page)
    statement_pdf = page.request.get(f"/privacy/verzoeken/{request.pk}/inzage.pdf")
    assert statement_pdf.ok and statement_pdf.headers["content-type"] == "application/pdf"
