"""The risk-location register (issue 16 "The approach", "Risk-location register"): locations
and their control schedules for the focal officers of the municipality, controls recorded as
done, the daily reminder job, the geocoder adapter, and the figures for monitoring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.core.models import Notification
from signaalroute.demo.locations import build_demo_locations
from signaalroute.locations.geocoding import FakeGeocoder, PdokGeocoder
from signaalroute.locations.models import ControlRecord, ControlSchedule, RiskLocation
from signaalroute.locations.reminders import location_controls
from signaalroute.locations.selectors import controls_done_against_planned, controls_due
from signaalroute.locations.services import (
    Geocoding,
    control_record,
    location_save,
    schedule_save,
)

pytestmark = pytest.mark.django_db

FAKE = "signaalroute.locations.geocoding.FakeGeocoder"
FAILING = "signaalroute.locations.geocoding.FailingGeocoder"


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name, kind="municipality")


def _location(personas: Any, name: str = "Vakantiepark Test", **extra: Any) -> RiskLocation:
    fields = {"location_type": "holiday_park", "description": "Aan de rand van het dorp"}
    fields.update(extra)
    return location_save(
        actor=personas["carla"], municipality=_org("Soest"), name=name, **fields
    ).location


@pytest.fixture
def english() -> Any:
    with translation.override("en"):
        yield


# --- The register: happy path -------------------------------------------------------------------


def test_carla_adds_a_location_plans_controls_and_records_one(
    personas: Any, client_for: Any
) -> None:
    carla = client_for("carla")
    response = carla.post(
        "/risicolocaties/nieuw/",
        {
            "name": "Nagelstudio Test",
            "location_type": "nail_salon",
            "postcode": "3764cd",
            "house_number": "8",
            "house_number_addition": "A",
            "latitude": "52.17",
            "longitude": "5.29",
            "active": "on",
        },
    )
    location = RiskLocation.objects.get(name="Nagelstudio Test")
    assert response.status_code == 302 and response["Location"].endswith(f"/{location.pk}/")
    assert location.postcode == "3764 CD" and location.address == "3764 CD 8A"
    assert location.coordinates_source == "entered"

    response = carla.post(
        f"/risicolocaties/{location.pk}/", {"kind": "online_ads", "times_per_year": "2"}
    )
    assert response.status_code == 302
    schedule = ControlSchedule.objects.get(location=location)
    today = timezone.localdate()
    assert schedule.next_due == today  # never done: due now

    done_on = today - dt.timedelta(days=3)
    response = carla.post(
        f"/risicolocaties/controles/{schedule.pk}/uitgevoerd/",
        {"done_on": done_on.isoformat(), "outcome": "Geen aanwijzingen"},
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.last_done_on == done_on
    assert schedule.next_due == done_on + dt.timedelta(days=182)  # twice a year
    actions = set(
        AuditEntry.objects.filter(object_id__in=[str(location.pk), str(schedule.pk)]).values_list(
            "action", flat=True
        )
    )
    assert {"location.save", "location.schedule_save"} <= actions
    assert AuditEntry.objects.filter(action="location.control_record").exists()

    for url in ("/risicolocaties/", "/risicolocaties/kaart/", f"/risicolocaties/{location.pk}/"):
        page = carla.get(url)
        assert page.status_code == 200 and "Nagelstudio Test" in page.content.decode()


def test_the_list_filters_by_type_and_overdue(personas: Any, client_for: Any) -> None:
    park = _location(personas, "Park Filter")
    _location(personas, "Wasstraat Filter", location_type="car_wash")
    schedule_save(
        actor=personas["carla"],
        location=park,
        kind="integral",
        times_per_year=4,
        last_done_on=timezone.localdate() - dt.timedelta(days=200),
    )
    carla = client_for("carla")
    page = carla.get("/risicolocaties/", {"type": "car_wash"}).content.decode()
    assert "Wasstraat Filter" in page and "Park Filter" not in page
    page = carla.get("/risicolocaties/", {"te_laat": "1"}).content.decode()
    assert "Park Filter" in page and "Wasstraat Filter" not in page
    assert 'data-testid="overdue-badge"' in page


def test_the_map_passes_points_as_json_and_no_tile_host_in_tests(
    personas: Any, client_for: Any
) -> None:
    _location(personas, "Op de kaart", latitude=Decimal("52.1"), longitude=Decimal("5.3"))
    _location(personas, "Niet op de kaart")
    response = client_for("carla").get("/risicolocaties/kaart/")
    page = response.content.decode()
    assert 'id="locatie-punten" type="application/json"' in page
    assert '"name": "Op de kaart"' in page and '"name": "Niet op de kaart"' not in page
    assert 'data-tiles=""' in page and 'data-testid="without-point"' in page
    assert "<script>" not in page  # no inline script: the map code is a static file
    assert "pdok" not in response["Content-Security-Policy"]


def test_the_csp_allows_the_tile_host_the_setting_names() -> None:
    from signaalroute.conf.base import tile_origins

    url = (
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
    )
    assert tile_origins(url) == ["https://service.pdok.nl"]
    assert tile_origins("") == [] and tile_origins("/static/tiles/{z}/{x}/{y}.png") == []


def test_home_page_shows_overdue_and_due_soon_controls(personas: Any, client_for: Any) -> None:
    park = _location(personas, "Park Achterstallig")
    schedule_save(
        actor=personas["carla"],
        location=park,
        kind="integral",
        times_per_year=4,
        last_done_on=timezone.localdate() - dt.timedelta(days=100),
    )
    due = controls_due(personas["carla"])
    assert [d.location.name for d in due] == ["Park Achterstallig"] and due[0].overdue
    page = client_for("carla").get("/").content.decode()
    assert 'data-testid="home-controls"' in page and "Park Achterstallig" in page
    assert 'data-testid="home-controls"' not in client_for("karin").get("/").content.decode()
    assert controls_due(personas["karin"]) == []


# --- Who: refused personas and the other municipality -------------------------------------------


@pytest.mark.parametrize("name", ["alice", "bob", "eva", "fenna", "gijs", "henk", "ida"])
def test_who_does_not_handle_signals_is_refused(name: str, client_for: Any) -> None:
    assert client_for(name).get("/risicolocaties/").status_code == 403


def test_another_municipality_gets_404_and_cannot_write(personas: Any, client_for: Any) -> None:
    park = _location(personas, "Park Soest")
    schedule = schedule_save(
        actor=personas["carla"], location=park, kind="integral", times_per_year=4
    )
    karin = client_for("karin")
    for url in (
        f"/risicolocaties/{park.pk}/",
        f"/risicolocaties/{park.pk}/wijzigen/",
        f"/risicolocaties/controles/{schedule.pk}/",
        f"/risicolocaties/controles/{schedule.pk}/uitgevoerd/",
    ):
        assert karin.get(url).status_code == 404, url
    assert "Park Soest" not in karin.get("/risicolocaties/").content.decode()
    with pytest.raises(PermissionDenied):
        control_record(
            actor=personas["karin"], schedule=schedule, done_on=timezone.localdate(), outcome="x"
        )
    with pytest.raises(PermissionDenied):
        location_save(
            actor=personas["karin"],
            municipality=_org("Soest"),
            name="X",
            location_type="hotel",
            description="x",
        )
    assert not ControlRecord.objects.filter(schedule=schedule).exists()


# --- Bad input: a Dutch message at the field, nothing saved -------------------------------------


def test_bad_location_input_is_refused_at_the_field_in_dutch(
    personas: Any, client_for: Any
) -> None:
    carla = client_for("carla")
    before = RiskLocation.objects.count()
    response = carla.post(
        "/risicolocaties/nieuw/",
        {"name": "Zonder adres", "location_type": "hotel", "postcode": "12345"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "postcode" in errors or "house_number" in errors
    response = carla.post("/risicolocaties/nieuw/", {"name": "Nergens", "location_type": "hotel"})
    assert response.status_code == 400 and "description" in response.context["form"].errors
    assert RiskLocation.objects.count() == before


def test_bad_location_messages_in_english_msgids(personas: Any, english: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _location(personas, "Half", postcode="3764 CD", description="")
    assert refused.value.message_dict["house_number"] == [
        "Enter the house number with the postcode."
    ]
    with pytest.raises(ValidationError) as refused:
        _location(personas, "Half", latitude=Decimal("52.1"))
    assert "longitude" in refused.value.message_dict
    assert not RiskLocation.objects.filter(name="Half").exists()


def test_bad_schedule_and_control_input_saves_nothing(personas: Any, english: Any) -> None:
    park = _location(personas, "Park Fout")
    carla, today = personas["carla"], timezone.localdate()
    for times in (0, 53):
        with pytest.raises(ValidationError) as refused:
            schedule_save(actor=carla, location=park, kind="integral", times_per_year=times)
        assert refused.value.message_dict["times_per_year"] == [
            "Plan between 1 and 52 times a year."
        ]
    with pytest.raises(ValidationError) as refused:
        schedule_save(actor=carla, location=park, kind="bogus", times_per_year=2)
    assert "kind" in refused.value.message_dict
    assert not ControlSchedule.objects.filter(location=park).exists()

    schedule = schedule_save(actor=carla, location=park, kind="integral", times_per_year=4)
    with pytest.raises(ValidationError) as refused:
        schedule_save(actor=carla, location=park, kind="integral", times_per_year=2)
    assert "already planned" in refused.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as refused:
        control_record(
            actor=carla, schedule=schedule, done_on=today + dt.timedelta(days=1), outcome="x"
        )
    assert "future" in refused.value.message_dict["done_on"][0]
    with pytest.raises(ValidationError):
        control_record(actor=carla, schedule=schedule, done_on=today, outcome="  ")
    schedule.refresh_from_db()
    assert schedule.last_done_on is None and not schedule.records.exists()


def test_a_control_form_in_the_future_is_refused_in_the_page(
    personas: Any, client_for: Any
) -> None:
    park = _location(personas, "Park Toekomst")
    schedule = schedule_save(
        actor=personas["carla"], location=park, kind="integral", times_per_year=4
    )
    response = client_for("carla").post(
        f"/risicolocaties/controles/{schedule.pk}/uitgevoerd/",
        {"done_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(), "outcome": "x"},
    )
    assert response.status_code == 400 and "done_on" in response.context["form"].errors
    assert not ControlRecord.objects.filter(schedule=schedule).exists()


# --- The job: at most one reminder per schedule per due period ----------------------------------


def test_the_job_reminds_once_per_due_period(personas: Any) -> None:
    park = _location(personas, "Park Herinnering")
    today = timezone.localdate()
    schedule = schedule_save(
        actor=personas["carla"],
        location=park,
        kind="integral",
        times_per_year=4,
        last_done_on=today - dt.timedelta(days=100),
    )
    mail.outbox.clear()
    assert location_controls(today) == 1
    note = Notification.objects.filter(kind="location_controls").latest("created_at")
    assert personas["carla"].email in note.recipients
    assert personas["karin"].email not in note.recipients
    assert "Park Herinnering" not in note.subject + note.body  # counts and a link only
    assert "/risicolocaties/" in note.body
    assert location_controls(today) == 0
    assert location_controls(today + dt.timedelta(days=1)) == 0
    assert AuditEntry.objects.filter(action="location.reminder").count() == 1

    # Done: the next due period may be reminded of again, once.
    control_record(actor=personas["carla"], schedule=schedule, done_on=today, outcome="Gedaan")
    schedule.refresh_from_db()
    later = schedule.next_due - dt.timedelta(days=10)
    assert location_controls(later) == 1
    assert location_controls(later) == 0


def test_the_job_skips_inactive_locations_and_far_controls(personas: Any) -> None:
    today = timezone.localdate()
    gone = _location(personas, "Park Gesloten", active=False)
    schedule_save(actor=personas["carla"], location=gone, kind="integral", times_per_year=4)
    fresh = _location(personas, "Park Net Gedaan")
    schedule_save(
        actor=personas["carla"],
        location=fresh,
        kind="integral",
        times_per_year=4,
        last_done_on=today,
    )
    assert location_controls(today) == 0


def test_the_command_runs(personas: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("location_controls", stdout=out)
    assert "reminder(s) queued" in out.getvalue()


# --- The geocoder -------------------------------------------------------------------------------


def test_no_geocoder_is_called_by_default(personas: Any) -> None:
    saved = location_save(
        actor=personas["carla"],
        municipality=_org("Soest"),
        name="Zonder opzoeken",
        location_type="hotel",
        postcode="3764 CD",
        house_number=8,
    )
    assert saved.geocoding == Geocoding.OFF and not saved.location.has_coordinates


def test_the_fake_geocoder_gives_coordinates_per_postcode(personas: Any, settings: Any) -> None:
    settings.SIGNAALROUTE_GEOCODER = FAKE
    saved = location_save(
        actor=personas["carla"],
        municipality=_org("Soest"),
        name="Opgezocht",
        location_type="hotel",
        postcode="3764cd",
        house_number=8,
    )
    expected = FakeGeocoder().locate(postcode="3764 CD", house_number=8)
    assert saved.geocoding == Geocoding.FOUND and expected is not None
    assert (saved.location.latitude, saved.location.longitude) == (
        expected.latitude,
        expected.longitude,
    )
    assert saved.location.coordinates_source == "geocoder"
    # A new address is looked up again; entered coordinates are kept as entered.
    moved = location_save(
        actor=personas["carla"],
        municipality=_org("Soest"),
        name="Opgezocht",
        location_type="hotel",
        postcode="3765 AB",
        house_number=2,
        latitude=saved.location.latitude,
        longitude=saved.location.longitude,
        location=saved.location,
    )
    assert moved.geocoding == Geocoding.FOUND
    assert (
        moved.location.latitude != expected.latitude
        or moved.location.longitude != expected.longitude
    )
    saved_not_found = location_save(
        actor=personas["carla"],
        municipality=_org("Soest"),
        name="Onbekend adres",
        location_type="hotel",
        postcode="0000 XX",
        house_number=1,
    )
    assert saved_not_found.geocoding == Geocoding.NOT_FOUND


def test_a_failing_geocoder_never_blocks_the_save(
    personas: Any, settings: Any, client_for: Any
) -> None:
    settings.SIGNAALROUTE_GEOCODER = FAILING
    saved = location_save(
        actor=personas["carla"],
        municipality=_org("Soest"),
        name="Storing",
        location_type="hotel",
        postcode="3764 CD",
        house_number=8,
    )
    assert saved.geocoding == Geocoding.FAILED
    stored = RiskLocation.objects.get(pk=saved.location.pk)
    assert not stored.has_coordinates
    response = client_for("carla").post(
        "/risicolocaties/nieuw/",
        {
            "name": "Storing 2",
            "location_type": "hotel",
            "postcode": "3764 CD",
            "house_number": "9",
            "active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    levels = [m.level_tag for m in response.context["messages"]]
    assert "warning" in levels and RiskLocation.objects.filter(name="Storing 2").exists()


def test_the_pdok_geocoder_reads_the_locatieserver_answer(monkeypatch: Any) -> None:
    import io
    import json
    import urllib.request

    asked: list[str] = []

    class Answer(io.BytesIO):
        def __enter__(self) -> Answer:
            return self

        def __exit__(self, *args: Any) -> None:
            return None

    def fake_urlopen(url: str, timeout: float) -> Answer:
        asked.append(url)
        assert timeout <= 5
        body = {"response": {"docs": [{"centroide_ll": "POINT(5.29114 52.17391)"}]}}
        return Answer(json.dumps(body).encode())

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    found = PdokGeocoder().locate(postcode="3764 CD", house_number=8)
    assert found is not None and found.latitude == Decimal("52.17391")
    assert asked[0].startswith("https://api.pdok.nl/bzk/locatieserver/search/v3_1/free?q=")

    def down(url: str, timeout: float) -> Answer:
        raise OSError("down")

    from signaalroute.locations.geocoding import GeocodingFailed

    monkeypatch.setattr(urllib.request, "urlopen", down)
    with pytest.raises(GeocodingFailed):
        PdokGeocoder().locate(postcode="3764 CD", house_number=8)


# --- Figures for monitoring ---------------------------------------------------------------------


def test_controls_done_against_planned(personas: Any) -> None:
    soest, zeist = _org("Soest"), _org("Zeist")
    before = controls_done_against_planned([soest.pk], 2030)
    park = _location(personas, "Park Cijfers")
    integral = schedule_save(
        actor=personas["carla"], location=park, kind="integral", times_per_year=4
    )
    schedule_save(actor=personas["carla"], location=park, kind="online_ads", times_per_year=2)
    gone = _location(personas, "Park Weg", active=False)
    schedule_save(actor=personas["carla"], location=gone, kind="integral", times_per_year=12)
    today = timezone.localdate()
    control_record(actor=personas["carla"], schedule=integral, done_on=today, outcome="ok")
    figures = controls_done_against_planned([soest.pk], today.year)
    assert figures["planned"] - before["planned"] == 6
    assert figures["done"] >= 1 and figures["locations"] >= 1
    assert controls_done_against_planned([zeist.pk], today.year) == {
        "planned": 0,
        "done": 0,
        "locations": 0,
    }


def test_the_demo_locations(personas: Any) -> None:
    assert build_demo_locations(personas) == 3
    assert build_demo_locations(personas) == 0
    names = {d.location.name for d in controls_due(personas["carla"]) if d.overdue}
    assert "Vakantiepark De Zandheuvel (demo)" in names
