"""Monitoring: what a signal is about, the dashboard per area with small-number suppression,
its exports and the reference figures."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.monitoring.areas import areas_for
from signaalroute.monitoring.models import MunicipalityGroup, ReferenceFigure
from signaalroute.signals.models import Signal
from signaalroute.workflow.classification import signal_classify
from signaalroute.workflow.errors import TransitionRefused
from signaalroute.workflow.services import signal_transition
from tests.signals import form_payload, internal_signal, soest

pytestmark = pytest.mark.django_db


def _three_in_soest(personas: dict[str, Any]) -> list[Signal]:
    return [
        internal_signal(personas, via_bob=False, forms=["labour"], sector="construction")
        for _n in range(3)
    ]


def test_the_focal_officer_records_what_a_signal_is_about(personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    done = signal_classify(
        actor=personas["carla"],
        signal=signal,
        vulnerable_groups=["labour_migrant", "no_legal_residence"],
        sector="agriculture",
        migration="yes",
        expected_version=signal.version,
    )
    stored = Signal.objects.get(pk=done.pk)
    assert stored.vulnerable_groups == ["labour_migrant", "no_legal_residence"]
    assert (stored.sector, stored.migration, stored.classification_version) == (
        "agriculture",
        "yes",
        "1",
    )
    assert stored.vulnerable_group_labels == ["Arbeidsmigrant", "Zonder rechtmatig verblijf"]
    entry = AuditEntry.objects.filter(action="signal.classify").latest("position")
    assert sorted(entry.fields) == ["migration", "sector", "vulnerable_groups"]
    with pytest.raises(ValidationError) as refused:
        signal_classify(
            actor=personas["carla"],
            signal=stored,
            vulnerable_groups=["aliens"],
            sector="mining",
            migration="perhaps",
            expected_version=stored.version,
        )
    assert set(refused.value.message_dict) == {"vulnerable_groups", "sector", "migration"}
    assert Signal.objects.get(pk=done.pk).sector == "agriculture"  # nothing half-saved
    with pytest.raises(TransitionRefused):
        signal_classify(
            actor=personas["karin"],  # Zeist's focal officer
            signal=stored,
            vulnerable_groups=[],
            sector="",
            migration="no",
            expected_version=stored.version,
        )


def test_the_signal_page_form_saves_and_keeps_bad_input(personas: Any, client_for: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    url = f"/signalen/{signal.pk}/waarover/"
    carla = client_for("carla")
    bad = carla.post(url, {"version": signal.version, "sector": "mining", "migration": "yes"})
    assert bad.status_code == 400
    assert "Selecteer een geldige keuze" in bad.content.decode() or "keuze" in bad.content.decode()
    ok = carla.post(
        url,
        {
            "version": signal.version,
            "vulnerable_groups": ["minor"],
            "sector": "",
            "migration": "no",
        },
    )
    assert ok.status_code == 302
    assert Signal.objects.get(pk=signal.pk).vulnerable_groups == ["minor"]
    assert client_for("gijs").post(url, {"version": 2}).status_code == 403
    assert client_for("karin").post(url, {"version": 2, "migration": "no"}).status_code == 404


def test_the_internal_form_offers_group_and_sector(personas: Any, client_for: Any) -> None:
    payload = form_payload(vulnerable_groups=["labour_migrant"], sector="logistics")
    response = client_for("alice").post("/signalen/nieuw/", payload)
    assert response.status_code == 302, response.content.decode()[:2000]
    signal = Signal.objects.latest("created_at")
    assert (signal.vulnerable_groups, signal.sector) == (["labour_migrant"], "logistics")


def test_aggregate_roles_see_less_than_five_and_the_focal_officer_exact(
    personas: Any, client_for: Any
) -> None:
    _three_in_soest(personas)
    page = client_for("gijs").get("/cijfers/").content.decode()
    assert "&lt; 5" in page and 'data-testid="suppression-notice"' in page
    summary = page.split('data-testid="summary"')[1].split("</dl>")[0]
    assert "&lt; 5" in summary and ">3<" not in summary
    focal = client_for("carla").get("/cijfers/").content.decode()
    summary = focal.split('data-testid="summary"')[1].split("</dl>")[0]
    assert "<dd>3</dd>" in summary and 'data-testid="exact-notice"' in focal


def test_another_municipalitys_dashboard_is_not_there(personas: Any, client_for: Any) -> None:
    zeist = Organisation.objects.get(name="Zeist")
    gijs = client_for("gijs")
    assert gijs.get(f"/cijfers/?gebied=m-{zeist.pk}&jaar=2026").status_code == 404
    assert gijs.get("/cijfers/?gebied=nonsense&jaar=2026").status_code == 404
    assert gijs.get(f"/cijfers/export.csv?gebied=m-{zeist.pk}&jaar=2026").status_code == 404
    for name in ("alice", "henk", "eva", "ida"):
        assert client_for(name).get("/cijfers/").status_code == 403, name


def test_the_chain_director_sees_the_region_and_groups(personas: Any, client_for: Any) -> None:
    group = MunicipalityGroup.objects.create(region=soest().region, name="Heuvelrug")
    group.members.add(soest(), Organisation.objects.get(name="Zeist"))
    keys = {a.kind for a in areas_for(personas["lotte"])}
    assert keys == {"municipality", "group", "region"}
    assert {a.kind for a in areas_for(personas["gijs"])} == {"municipality", "group"}
    region = next(a for a in areas_for(personas["lotte"]) if a.kind == "region")
    _three_in_soest(personas)
    page = client_for("lotte").get(f"/cijfers/?gebied={region.key}&jaar=2026").content.decode()
    assert "Regio" in page and "&lt; 5" in page


def test_exports_hold_the_same_suppressed_figures_and_no_personal_data(
    personas: Any, client_for: Any
) -> None:
    signals = _three_in_soest(personas)
    gijs = client_for("gijs")
    text = gijs.get("/cijfers/export.csv").content.decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert any("< 5" in row for row in rows)
    assert signals[0].description[:30] not in text and "Alice" not in text
    workbook = load_workbook(io.BytesIO(gijs.get("/cijfers/export.xlsx").content))
    values = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row}
    assert "< 5" in values and not any("paspoort" in v for v in values)
    assert AuditEntry.objects.filter(action="monitoring.export").count() == 2


def test_the_administrator_keeps_the_reference_figures(personas: Any, client_for: Any) -> None:
    henk = client_for("henk")
    assert henk.post("/beheer/referentiecijfers/aanvullen/").status_code == 302
    figures = ReferenceFigure.objects.filter(municipality=soest())
    assert figures.filter(value_low=868, year=2023).exists()
    count = figures.count()
    henk.post("/beheer/referentiecijfers/aanvullen/")
    assert figures.count() == count  # filling in again adds nothing twice
    bad = henk.post(
        "/beheer/referentiecijfers/",
        {
            "figure": "Test",
            "value_low": "10",
            "value_high": "5",
            "year": "20x",
            "area": "",
            "source": "",
        },
    )
    assert bad.status_code == 400 and figures.count() == count
    good = {
        "figure": "Meldingen bij de gemeente",
        "value_low": "12",
        "year": "2025",
        "area": "Gemeente Soest",
        "source": "Eigen registratie",
    }
    assert henk.post("/beheer/referentiecijfers/", good).status_code == 302
    row = figures.get(figure="Meldingen bij de gemeente")
    changed = henk.post(f"/beheer/referentiecijfers/{row.pk}/", {**good, "value_low": "13"})
    assert changed.status_code == 302 and figures.get(pk=row.pk).value_low == 13
    assert henk.post(f"/beheer/referentiecijfers/{row.pk}/verwijderen/").status_code == 302
    assert not figures.filter(pk=row.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "monitoring.reference_add",
        "monitoring.reference_update",
        "monitoring.reference_delete",
    } <= actions
    assert client_for("gijs").get("/beheer/referentiecijfers/").status_code == 403
    page = client_for("gijs").get("/cijfers/").content.decode()
    assert "868" in page and "Beleid Aanpak Mensenhandel 2025" in page


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_yearly_report_is_written_adopted_and_kept(personas: Any, client_for: Any) -> None:
    from signaalroute.monitoring.models import YearlyReport
    from signaalroute.monitoring.report import render_pdf, sha256

    signals = _three_in_soest(personas)
    gijs = client_for("gijs")
    start = gijs.post(
        "/cijfers/jaarrapportages/",
        {"gebied": f"m-{soest().pk}", "jaar": str(signals[0].created_at.year)},
    )
    assert start.status_code == 302
    report = YearlyReport.objects.get()
    twice = gijs.post(
        "/cijfers/jaarrapportages/", {"gebied": f"m-{soest().pk}", "jaar": str(report.year)}
    )
    assert twice.status_code == 400 and YearlyReport.objects.count() == 1
    url = f"/cijfers/jaarrapportages/{report.pk}/"
    text = "Wij zagen #set text(red) <script>x</script> en $x$.\n\n- eerste punt\n- tweede punt"
    saved = gijs.post(url, {"version": report.version, "introduction": text})
    assert saved.status_code == 302
    draft = gijs.get(url + "pdf/")
    assert draft["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(draft.content))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert (reader.metadata.title or "").startswith("Jaarrapportage aanpak mensenhandel Soest")
    body = _pdf_text(draft.content)
    assert "#set text(red) <script>x</script>" in body  # printed as text, not read as markup
    assert "< 5" in body and "Concept" in body
    for signal in signals:
        assert signal.description[:25] not in body
    for persona in personas.values():
        assert persona.get_full_name() not in body
    report.refresh_from_db()
    assert gijs.post(url + "vaststellen/", {"version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.state == "final" and report.sha256 == sha256(bytes(report.pdf))
    assert render_pdf(report.data, report.finalised_at) == bytes(report.pdf)  # reproducible
    final = gijs.get(url + "pdf/")
    assert final.content == bytes(report.pdf) and "Definitief" in _pdf_text(final.content)
    assert gijs.post(url, {"version": report.version, "introduction": "later"}).status_code == 404
    assert AuditEntry.objects.filter(action="monitoring.report_finalise").exists()
    assert client_for("karin").get(url).status_code == 404  # another municipality
    assert client_for("ida").get(url).status_code == 403
    assert client_for("pim").post(url + "vaststellen/", {"version": 1}).status_code == 403


def test_a_report_for_a_year_without_signals_says_so(personas: Any) -> None:
    from signaalroute.monitoring.report import render_pdf, report_data

    areas = areas_for(personas["gijs"])
    body = _pdf_text(render_pdf(report_data(areas, areas[0], 2001, {}, final=False)))
    assert (
        "Er zijn in 2001 en het jaar ervoor geen signalen" in body
        or "No signals were recorded" in body
    )


def test_the_figures_follow_every_write_at_once(personas: Any) -> None:
    from signaalroute.monitoring.areas import exact_municipalities
    from signaalroute.monitoring.dashboard import dashboard_for

    carla = personas["carla"]
    areas = areas_for(carla)
    soest_area = areas[0]
    year = _three_in_soest(personas)[0].created_at.year
    first = dashboard_for(areas, soest_area, year, exact_municipalities(carla))
    again = dashboard_for(areas, soest_area, year, exact_municipalities(carla))
    assert first.total == again.total == 3
    internal_signal(personas, via_bob=False)  # a write (audited) makes a new cache key
    assert dashboard_for(areas, soest_area, year, exact_municipalities(carla)).total == 4


def test_writing_a_report_needs_the_permission_in_its_own_area(personas: Any) -> None:
    from signaalroute.accounts.models import Membership
    from signaalroute.monitoring.reports import report_start

    zeist = Organisation.objects.get(name="Zeist")
    gijs = personas["gijs"]
    Membership.objects.create(user=gijs, organisation=zeist, role="privacy_officer")
    with pytest.raises(ValidationError):  # sees Zeist's figures, may not write its report
        report_start(actor=gijs, area_key=f"m-{zeist.pk}", year=2025)
    assert report_start(actor=gijs, area_key=f"m-{soest().pk}", year=2025).municipality == soest()


def test_lead_time_counts_are_suppressed_with_the_rest(personas: Any) -> None:
    from signaalroute.monitoring.areas import exact_municipalities
    from signaalroute.monitoring.dashboard import dashboard_for

    signals = _three_in_soest(personas)
    for signal in signals:
        signal_transition(
            actor=personas["carla"], signal=signal, to="triage", expected_version=signal.version
        )
    gijs = personas["gijs"]
    areas = areas_for(gijs)
    board = dashboard_for(areas, areas[0], signals[0].created_at.year, exact_municipalities(gijs))
    triage = board.lead_times[0]
    assert triage.count is None and triage.median_days is None  # 3 signals: "< 5", no times
    carla = personas["carla"]
    own = dashboard_for(
        areas_for(carla),
        areas_for(carla)[0],
        signals[0].created_at.year,
        exact_municipalities(carla),
    )
    assert own.lead_times[0].count == 3 and own.lead_times[0].median_days is not None
