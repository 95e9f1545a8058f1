"""Coordinates from a postcode and house number, through one small interface.

The setting ``SIGNAALROUTE_GEOCODER`` names the geocoder: "none" (the default: nothing is
called) or a dotted path to a class or function that takes no arguments and returns a
`Geocoder`. `PdokGeocoder` asks the government's location service (PDOK Locatieserver); the
tests use `FakeGeocoder`. A geocoder that fails raises `GeocodingFailed`; the service saves the
location without coordinates then, and says so.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
TIMEOUT_SECONDS = 3
_POINT = re.compile(r"POINT\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)")


@dataclass(frozen=True)
class Coordinates:
    latitude: Decimal
    longitude: Decimal


class GeocodingFailed(Exception):
    """The geocoder could not be reached or did not understand its answer."""


class Geocoder(Protocol):
    def locate(self, *, postcode: str, house_number: int, addition: str = "") -> Coordinates | None:
        """The coordinates of the address, None when it is not found; raises GeocodingFailed."""
        ...


def _round(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


class PdokGeocoder:
    """The PDOK Locatieserver (free search, addresses only). Sends only postcode and number."""

    def __init__(self, url: str = PDOK_URL, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url, self.timeout = url, timeout

    def locate(self, *, postcode: str, house_number: int, addition: str = "") -> Coordinates | None:
        query = f"postcode:{postcode.replace(' ', '')} and huisnummer:{house_number}"
        params = urllib.parse.urlencode(
            {"q": query, "fq": "type:adres", "fl": "centroide_ll huisletter toevoeging", "rows": 5}
        )
        if not self.url.startswith("https://"):
            raise GeocodingFailed("only https")
        try:
            with urllib.request.urlopen(  # noqa: S310  (https only, checked above)
                f"{self.url}?{params}", timeout=self.timeout
            ) as response:
                answer = json.loads(response.read(1_000_000).decode("utf-8"))
            docs = answer["response"]["docs"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise GeocodingFailed(type(error).__name__) from error
        if not docs:
            return None
        wanted = addition.strip().upper()
        doc = next(
            (
                d
                for d in docs
                if wanted and wanted in {str(d.get("huisletter", "")), str(d.get("toevoeging", ""))}
            ),
            docs[0],
        )
        match = _POINT.match(str(doc.get("centroide_ll", "")))
        if match is None:
            raise GeocodingFailed("no point")
        lon, lat = float(match.group(1)), float(match.group(2))
        return Coordinates(latitude=_round(lat), longitude=_round(lon))


class FakeGeocoder:
    """For tests and demos: deterministic coordinates inside the Netherlands per postcode, no
    network. Postcode "0000 XX" is "not found"; "9999 ZZ" fails as if the service were down."""

    def locate(self, *, postcode: str, house_number: int, addition: str = "") -> Coordinates | None:
        if postcode.replace(" ", "").upper() == "0000XX":
            return None
        if postcode.replace(" ", "").upper() == "9999ZZ":
            raise GeocodingFailed("fake failure")
        digest = hashlib.sha256(f"{postcode}|{house_number}".encode()).digest()
        lat = 51.5 + digest[0] / 255 * 1.5
        lon = 4.0 + digest[1] / 255 * 2.5
        return Coordinates(latitude=_round(lat), longitude=_round(lon))


class FailingGeocoder:
    """For tests: a geocoder that is always down."""

    def locate(self, *, postcode: str, house_number: int, addition: str = "") -> Coordinates | None:
        raise GeocodingFailed("down")


def configured_geocoder() -> Geocoder | None:
    """The geocoder the setting names, or None ("none", the default)."""
    name = str(getattr(settings, "SIGNAALROUTE_GEOCODER", "none") or "none").strip()
    if name.lower() == "none":
        return None
    factory = import_string(name)
    geocoder: Geocoder = factory()
    return geocoder
