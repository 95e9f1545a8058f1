"""Field comparison of addresses, as pure functions returning the agreement levels of
``fields.py``: postcodes, house numbers and coordinates (street and place names are plain
strings, ``fields.compare_strings``).

All comparisons are symmetric. ``compare.py`` combines them per record kind into a comparison
vector.
"""

from __future__ import annotations

import math

from .fields import AREA, CLOSE, DIFFERENT, EXACT, FAR, MISSING, NEAR, NUMBER_ONLY
from .normalise import Normalised
from .records import AddressRecord

#: Distances in metres for "near" and "close" coordinates.
NEAR_METRES = 100.0


CLOSE_METRES = 1000.0


def compare_postcodes(a: Normalised, b: Normalised) -> str:
    """exact / area (same four digits, also for a partial postcode) / different / missing."""
    if a.value is None or b.value is None:
        return MISSING
    if a.is_certain and b.is_certain and a.value == b.value:
        return EXACT
    return AREA if a.value[:4] == b.value[:4] else DIFFERENT


def compare_house_numbers(a: Normalised, b: Normalised) -> str:
    """exact / number-only (same number, other letter or addition) / different / missing.

    "number-only" is the same building at most: 12 and 12a are two dwellings.
    """
    if a.value is None or b.value is None:
        return MISSING
    if a.value == b.value:
        return EXACT
    return NUMBER_ONLY if a.value.split("|")[0] == b.value.split("|")[0] else DIFFERENT


def _valid_coordinates(latitude: float | None, longitude: float | None) -> bool:
    if not isinstance(latitude, int | float) or not isinstance(longitude, int | float):
        return False
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return False
    return -90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0


def distance_metres(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle (haversine) distance in metres."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(lon_b - lon_a)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * 6_371_000.0 * math.asin(min(1.0, math.sqrt(h)))


def compare_coordinates(a: AddressRecord, b: AddressRecord) -> str:
    """near (<= 100 m) / close (<= 1 km) / far / missing."""
    if not _valid_coordinates(a.latitude, a.longitude) or not _valid_coordinates(
        b.latitude, b.longitude
    ):
        return MISSING
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    metres = min(
        distance_metres(a.latitude, a.longitude, b.latitude, b.longitude),
        distance_metres(b.latitude, b.longitude, a.latitude, a.longitude),
    )
    if metres <= NEAR_METRES:
        return NEAR
    return CLOSE if metres <= CLOSE_METRES else FAR
