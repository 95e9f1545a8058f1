"""The demo's risk locations in Soest: a holiday park with integral controls four times a year
(one overdue), a nail salon whose online ads are checked twice a year, and a car wash. The
coordinates are set here, since the demo configures no geocoder. Fictitious places."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.locations.models import RiskLocation
from signaalroute.locations.services import control_record, location_save, schedule_save


def build_demo_locations(users: dict[str, Any]) -> int:
    """Build the demo register for Soest as carla (focal officer safety); returns how many
    locations were added (0 when they are there already)."""
    soest = Organisation.objects.get(name="Soest", kind=OrganisationKind.MUNICIPALITY)
    if RiskLocation.objects.filter(municipality=soest).exists():
        return 0
    carla = users["carla"]
    today = timezone.localdate()

    park = location_save(
        actor=carla,
        municipality=soest,
        name="Vakantiepark De Zandheuvel (demo)",
        location_type="holiday_park",
        postcode="3768 AA",
        house_number=12,
        latitude=Decimal("52.167800"),
        longitude=Decimal("5.318400"),
        notes="Chalets worden ook permanent verhuurd, ook aan arbeidsmigranten.",
    ).location
    integral = schedule_save(actor=carla, location=park, kind="integral", times_per_year=4)
    # Done 120 days ago, every 91 days: a month overdue.
    control_record(
        actor=carla,
        schedule=integral,
        done_on=today - dt.timedelta(days=120),
        outcome="Integrale controle met politie en BOA's; twee chalets overbewoond, gemeld.",
    )

    salon = location_save(
        actor=carla,
        municipality=soest,
        name="Nagelstudio Glans (demo)",
        location_type="nail_salon",
        postcode="3764 CD",
        house_number=8,
        house_number_addition="A",
        latitude=Decimal("52.173900"),
        longitude=Decimal("5.291100"),
    ).location
    ads = schedule_save(actor=carla, location=salon, kind="online_ads", times_per_year=2)
    control_record(
        actor=carla,
        schedule=ads,
        done_on=today - dt.timedelta(days=40),
        outcome="Advertenties gecontroleerd; geen aanwijzingen.",
    )

    wash = location_save(
        actor=carla,
        municipality=soest,
        name="Autowasstraat Soestduinen (demo)",
        location_type="car_wash",
        description="Bij het bedrijventerrein aan de spoorlijn, achter het tankstation.",
        latitude=Decimal("52.160500"),
        longitude=Decimal("5.303700"),
    ).location
    schedule_save(
        actor=carla,
        location=wash,
        kind="integral",
        times_per_year=1,
        last_done_on=today - dt.timedelta(days=200),
    )
    return 3
