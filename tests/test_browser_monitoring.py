"""Monitoring in a real browser, walked as its personas would: gijs (policy officer) reads the
dashboard and writes, opens and adopts the yearly report; henk imports seed 002's action plan;
lotte (chain director) reads the region; carla records what a signal is about. axe-core on
every page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from signaalroute.accounts.models import Organisation
from signaalroute.monitoring.models import MunicipalityGroup, PlanAction, YearlyReport
from signaalroute.monitoring.services import reference_figures_prefill
from signaalroute.monitoring.templates_data import EXAMPLE_CSV, example_owners, example_plan
from signaalroute.signals.models import Signal

from .browser import assert_accessible, browser_login, wait_for_path
from .signals import internal_signal, soest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world(demo: Any) -> list[Signal]:
    group = MunicipalityGroup.objects.create(region=soest().region, name="Heuvelrug")
    group.members.add(soest(), Organisation.objects.get(name="Zeist"))
    reference_figures_prefill(actor=None, municipality=soest())
    return [internal_signal(demo, via_bob=False, forms=["labour"]) for _n in range(3)]


def _pdf_text(page: Any, url: str) -> str:
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    assert reader.metadata is not None and "Jaarrapportage" in (reader.metadata.title or "")
    return "\n".join(p.extract_text() for p in reader.pages)


def test_gijs_reads_the_figures_and_adopts_the_yearly_report(page: Any, demo: Any) -> None:
    signals = _world(demo)
    browser_login(page, "gijs", second_step=False)
    page.locator("nav a[href='/cijfers/']").click()
    wait_for_path(page, "/cijfers/")
    summary = page.get_by_test_id("summary").inner_text()
    assert "< 5" in summary
    assert "868" in page.get_by_test_id("table-references").inner_text()
    assert_accessible(page)

    page.locator("nav a[href='/cijfers/jaarrapportages/']").click()
    wait_for_path(page, "/cijfers/jaarrapportages/")
    assert_accessible(page)
    page.get_by_label("Gemeente of groep").select_option(label="Soest")
    page.get_by_role("button", name="Beginnen").click()
    report = YearlyReport.objects.get()
    wait_for_path(page, f"/cijfers/jaarrapportages/{report.pk}/")
    page.get_by_label("Inleiding").fill(
        "Soest ziet weinig signalen.\n\n- meer training\n- <b>geen</b> opmaak"
    )
    page.get_by_role("button", name="Tekst opslaan").click()
    wait_for_path(page, f"/cijfers/jaarrapportages/{report.pk}/")
    assert_accessible(page)

    text = _pdf_text(page, f"/cijfers/jaarrapportages/{report.pk}/pdf/")
    assert "Concept" in text and "< 5" in text and "<b>geen</b> opmaak" in text
    assert "868" in text  # the reference figures, with their source
    for person in demo.values():
        assert person.get_full_name() not in text
    for signal in signals:
        assert signal.description[:25] not in text

    page.get_by_role("button", name="Jaarrapportage vaststellen").click()
    page.wait_for_load_state("load")
    assert page.get_by_test_id("report-state").inner_text() == "Definitief"
    final = _pdf_text(page, f"/cijfers/jaarrapportages/{report.pk}/pdf/")
    assert "Definitief" in final
    assert_accessible(page)


def test_henk_imports_seed_002s_action_plan(page: Any, demo: Any) -> None:
    example_owners(demo["henk"], soest())
    browser_login(page, "henk")
    page.goto("/beheer/referentiecijfers/")
    page.get_by_role("button", name="Vul aan met de cijfers uit de beleidsdocumenten").click()
    page.wait_for_load_state("load")
    assert "868" in page.get_by_test_id("table-references").inner_text()
    assert_accessible(page)

    page.locator("nav a[href='/uitvoeringsplan/']").click()
    wait_for_path(page, "/uitvoeringsplan/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Uitvoeringsplan 2025-2026")
    page.get_by_label("Pijlers, één per regel").fill("\n".join(example_plan()["pillars"]))  # type: ignore[arg-type]
    page.get_by_role("button", name="Plan maken").click()
    page.wait_for_url("**/uitvoeringsplan/*-*/")
    page.get_by_label("CSV- of Excelbestand").set_input_files(str(EXAMPLE_CSV))
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_load_state("load")
    assert PlanAction.objects.count() == 17
    progress = page.get_by_test_id("table-progress").inner_text()
    assert "Aanpak dadernetwerken" in progress
    page.get_by_label("Naam van de eigenaar").fill("Burgerzaken")
    page.get_by_label("Naam van de eigenaar").press("Enter")
    page.wait_for_load_state("load")
    assert "Burgerzaken" in page.get_by_test_id("owners").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Interne meldroute verder uitwerken.").click()
    page.get_by_label("Status").select_option(label="Gereed")
    page.get_by_label("Onderbouwing").fill("Vastgesteld in het MT van april.")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/uitvoeringsplan/*-*/")
    assert (
        PlanAction.objects.get(description="Interne meldroute verder uitwerken.").status == "done"
    )

    page.goto("/beheer/referentiecijfers/")
    page.get_by_role("link", name="Wijzigen").first.click()
    page.wait_for_url("**/beheer/referentiecijfers/*-*/")
    assert_accessible(page)


def test_lotte_reads_the_region_with_small_numbers_hidden(page: Any, demo: Any) -> None:
    _world(demo)
    browser_login(page, "lotte")
    page.locator("nav a[href='/cijfers/']").click()
    wait_for_path(page, "/cijfers/")
    page.get_by_label("Gebied").select_option(label="Regio Midden-Nederland (demo)")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**/cijfers/?gebied=r-*")
    assert "< 5" in page.get_by_test_id("summary").inner_text()
    assert page.get_by_test_id("suppression-notice").is_visible()
    assert_accessible(page)


def test_carla_records_what_a_signal_is_about(page: Any, demo: Any) -> None:
    signal = internal_signal(demo, via_bob=False)
    browser_login(page, "carla")
    page.goto(f"/signalen/{signal.pk}/")
    page.get_by_text("Waar gaat het over (voor de cijfers)").click()
    page.get_by_label("Arbeidsmigrant").check()
    page.get_by_label("Sector (arbeidsuitbuiting)").select_option(label="Land- en tuinbouw")
    page.get_by_role("button", name="Opslaan waar het over gaat").click()
    page.wait_for_load_state("load")
    assert page.get_by_test_id("vulnerable-groups").inner_text() == "Arbeidsmigrant"
    assert_accessible(page)
    page.goto("/beleid/")
    page.get_by_label("Titel van het beleidsstuk").fill("Beleid mensenhandel Soest")
    page.get_by_label("Vastgesteld op").fill("2025-01-15")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state("load")
    assert "Beleid mensenhandel Soest" in page.get_by_test_id("table-policies").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Evaluatie vastleggen").click()
    page.wait_for_url("**/evaluatie/")
    assert_accessible(page)
