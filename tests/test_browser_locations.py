"""The risk-location register in a real browser: carla adds a location with the keyboard, plans
a control and records it; the list and the map render with axe-core passing, and the map page
asks nothing of any host but this one (no tiles are configured in the tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from signaalroute.accounts.models import Organisation
from signaalroute.locations.models import ControlSchedule, RiskLocation
from signaalroute.locations.services import location_save, schedule_save

from .browser import assert_accessible, browser_login, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_carla_adds_a_location_with_the_keyboard_and_records_a_control(
    page: Any, demo: Any
) -> None:
    browser_login(page, "carla")
    page.goto("/risicolocaties/nieuw/")
    assert_accessible(page)
    page.locator("#locatie-name").focus()
    page.keyboard.type("Nagelstudio Toetsenbord")
    page.keyboard.press("Tab")  # the type of location: type-ahead on the select
    page.keyboard.type("Nagel")
    page.keyboard.press("Tab")
    page.keyboard.type("3764 CD")
    page.keyboard.press("Tab")
    page.keyboard.type("8")
    page.keyboard.press("Tab")
    page.keyboard.type("A")
    page.locator("#locatie-latitude").focus()
    page.keyboard.type("52.1739")
    page.keyboard.press("Tab")
    page.keyboard.type("5.2911")
    page.locator("form.utrecht-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/risicolocaties/" in url and "nieuw" not in url)
    location = RiskLocation.objects.get(name="Nagelstudio Toetsenbord")
    assert location.location_type == "nail_salon" and location.address == "3764 CD 8A"
    wait_for_path(page, f"/risicolocaties/{location.pk}/")
    assert_accessible(page)

    # Plan ad checks twice a year, with the keyboard.
    page.locator("#schema-kind").focus()
    page.keyboard.type("Controle van")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    page.get_by_test_id("schedule-row").wait_for()
    schedule = ControlSchedule.objects.get(location=location)
    assert schedule.kind == "online_ads" and schedule.times_per_year == 2
    assert page.get_by_test_id("schedule-row").count() == 1

    # Record it as done.
    page.get_by_test_id("record-control").first.focus()
    page.keyboard.press("Enter")
    wait_for_path(page, f"/risicolocaties/controles/{schedule.pk}/uitgevoerd/")
    assert_accessible(page)
    done_on = timezone.localdate() - dt.timedelta(days=1)
    page.locator("#controle-done_on").fill(done_on.isoformat())
    page.locator("#controle-outcome").focus()
    page.keyboard.type("Advertenties nagekeken, geen aanwijzingen.")
    page.locator("form.utrecht-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    wait_for_path(page, f"/risicolocaties/{location.pk}/")
    schedule.refresh_from_db()
    assert schedule.last_done_on == done_on
    assert "geen aanwijzingen" in page.get_by_test_id("records").inner_text()
    assert_accessible(page)


def test_the_list_and_the_map_render_and_call_nothing_outside(page: Any, demo: Any) -> None:
    soest = Organisation.objects.get(name="Soest", kind="municipality")
    carla = demo["carla"]
    park = location_save(
        actor=carla,
        municipality=soest,
        name="Park op de kaart",
        location_type="holiday_park",
        description="Bij de bosrand",
        latitude=Decimal("52.1678"),
        longitude=Decimal("5.3184"),
    ).location
    schedule_save(
        actor=carla,
        location=park,
        kind="integral",
        times_per_year=4,
        last_done_on=timezone.localdate() - dt.timedelta(days=120),
    )
    location_save(
        actor=carla,
        municipality=soest,
        name="Wasstraat zonder punt",
        location_type="car_wash",
        description="Achter het station",
    )

    outside: list[str] = []

    def guard(route: Any) -> None:
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    browser_login(page, "carla")
    home = page.get_by_test_id("home-controls")
    assert "Park op de kaart" in home.inner_text()

    page.goto("/risicolocaties/")
    table = page.get_by_test_id("locations-table")
    assert table.get_by_test_id("location-row").count() == 2
    assert table.get_by_test_id("overdue-badge").count() == 1
    assert_accessible(page)

    page.goto("/risicolocaties/kaart/")
    page.locator("#locatie-kaart.leaflet-container").wait_for()
    assert page.locator("#locatie-kaart .leaflet-marker-icon").count() == 1
    assert page.get_by_test_id("locations-table").get_by_test_id("location-row").count() == 2
    assert page.get_by_test_id("without-point").is_visible()
    assert_accessible(page)
    assert outside == []
