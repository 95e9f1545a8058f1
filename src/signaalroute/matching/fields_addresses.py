"""Field comparison of addresses, as pure functions returning the agreement levels of
``fields.py``: postcodes, house numbers and coordinates (street and place names are plain
strings, ``fields.compare_strings``), and the addresses where a person lives or was seen
(:func:`compare_person_addresses`).

All comparisons are symmetric. ``compare.py`` combines them per record kind into a comparison
vector.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from .fields import AREA, CLOSE, DIFFERENT, EXACT, FAR, MISSING, NEAR, NUMBER_ONLY
from .normalise import Normalised, fold_text
from .records import AddressRecord

#: Distances in metres for "near" and "close" coordinates.
NEAR_METRES = 100.0


CLOSE_METRES = 1000.0


def compare_postcodes(a: Normalised, b: Normalised) -> str:
    """exact / area (the same four digits where one side gives only those) / different /
    missing. Two full postcodes with the same digits and other letters are two streets
    (3762AB and 3762AC are neighbours), as :func:`_mistyped` reads them for a person's
    address: "different", not "area"."""
    if a.value is None or b.value is None:
        return MISSING
    if a.is_certain and b.is_certain:
        return EXACT if a.value == b.value else DIFFERENT
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


_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_NUMBER = re.compile(r"[0-9]+")


def person_address_key(address: AddressRecord) -> tuple[str, str, str]:
    """(postcode, house number, place) of an address where a person lives or was seen, read
    loosely so that foreign addresses count too: the postcode as its letters and digits in
    upper case ("3762 ab" → "3762AB", "2615" stays "2615"), the house number's digits (a
    letter or addition left out: a person at 12 and at 12a is likely in the same building, and
    a household or a house of labour migrants shares one number), the place folded. Empty
    strings where a part is not given."""
    postcode = _NOT_ALNUM.sub("", str(address.postcode or "").upper())
    number = _NUMBER.search(str(address.house_number or ""))
    place = fold_text(str(address.place or "")) or ""
    digits = number.group(0).lstrip("0") if number else ""
    return (postcode if len(postcode) >= 3 else "", digits, place)


def _same_postcode(a: str, b: str) -> bool:
    """The same postcode, also when one side gives only the four digits of a Dutch one."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= 4 and long.startswith(short))


_DUTCH_POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")


def _mistyped(a: str, b: str) -> bool:
    """Two postcodes one character apart (or two transposed) that are one postcode mistyped,
    given the same house number and place: for Dutch postcodes only a typo in the four digits
    (another letter pair is another street, 3762AB and 3762AC are neighbours)."""
    if OSA.distance(a, b) != 1:
        return False
    if _DUTCH_POSTCODE.match(a) and _DUTCH_POSTCODE.match(b):
        return a[4:] == b[4:]
    return True


def _same_place(a: str, b: str) -> bool:
    """The same place, also with one letter mistyped (or two transposed) in a name of five
    letters or more: "Amersfort" is Amersfoort. Only used to read a mistyped postcode at the
    same house number as the same address; short names stay exact (Ede and Epe are two
    towns)."""
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 5 and OSA.distance(a, b) == 1)


def _address_level(a: tuple[str, str, str], b: tuple[str, str, str]) -> str:
    postcode_a, number_a, place_a = a
    postcode_b, number_b, place_b = b
    same_number = bool(number_a) and number_a == number_b
    if postcode_a and postcode_b:
        area = _same_postcode(postcode_a, postcode_b)
        if not area and same_number and _same_place(place_a, place_b):
            area = _mistyped(postcode_a, postcode_b)
    elif place_a and place_b:
        area = place_a == place_b
    else:
        return MISSING
    if not area:
        return DIFFERENT
    return EXACT if same_number else AREA


#: Order of the person-address levels, strongest first.
_PERSON_ADDRESS_ORDER = (EXACT, AREA, DIFFERENT, MISSING)


def compare_person_addresses(a: Iterable[AddressRecord], b: Iterable[AddressRecord]) -> str:
    """exact (same postcode, or same place without postcodes, and same house number) / area
    (same postcode or place, another or no number) / different / missing: the best level over
    every address of one against every address of the other.

    An address is weaker evidence than a name: different people share one (a household, a
    house of labour migrants, the premises where several victims were seen), which the
    estimated weights reflect.
    """
    keys_a = [key for key in map(person_address_key, a) if key[0] or key[2]]
    keys_b = [key for key in map(person_address_key, b) if key[0] or key[2]]
    best = MISSING
    for key_a in keys_a:
        for key_b in keys_b:
            level = _address_level(key_a, key_b)
            if _PERSON_ADDRESS_ORDER.index(level) < _PERSON_ADDRESS_ORDER.index(best):
                best = level
    return best
