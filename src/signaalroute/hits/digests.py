"""Which identifiers a trace publishes, and their digests.

Kinds: ``phone``, ``email``, ``kvk``, ``address`` (postcode + house number, letter and
addition), ``name_dob`` (normalised surname without prefix + first initial + exact date of
birth). Only values a normaliser calls certain (flag ``""``) are hashed: a partial postcode, a
birth year or an estimate never is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from signaalroute.matching.normalise import Normalised, normalise_name, normalise_surname
from signaalroute.matching.normalise_dates import normalise_date_of_birth
from signaalroute.matching.normalise_identifiers import (
    normalise_address_key,
    normalise_email,
    normalise_kvk,
    normalise_phone,
)

from .keys import HitKey, hit_digest, hit_key
from .models import HitKind

EXACT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _lines(value: Any) -> list[Any]:
    if isinstance(value, str):
        value = value.replace(",", "\n").splitlines()
    if not isinstance(value, list | tuple):
        return [value]
    return [v for v in value if str(v).strip()]


def certain_value(result: Normalised) -> str | None:
    return result.value if result.value and result.flag == "" else None


def address_value(details: Mapping[str, Any]) -> str | None:
    return certain_value(
        normalise_address_key(
            details.get("postcode"),
            details.get("house_number"),
            details.get("house_letter") or "",
            details.get("house_number_addition") or "",
        )
    )


def name_dob_value(details: Mapping[str, Any]) -> str | None:
    surname = normalise_surname(details.get("surname"), details.get("surname_prefix") or "")
    given = normalise_name(details.get("given_names"))
    birth = normalise_date_of_birth(details.get("date_of_birth"))
    if not (surname.value and surname.flag == "" and given.value and given.flag == ""):
        return None
    date = certain_value(birth)
    if date is None or not EXACT_DATE.fullmatch(date):
        return None
    return f"{surname.value}|{given.value[0]}|{date}"


def identifier_values(kind: str, details: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The certain identifiers in a trace's details, as ``(hit kind, normalised value)``."""
    found: set[tuple[str, str]] = set()
    for name, hit_kind, normalise in (
        ("phones", HitKind.PHONE, normalise_phone),
        ("emails", HitKind.EMAIL, normalise_email),
    ):
        for item in _lines(details.get(name)):
            if value := certain_value(normalise(item)):
                found.add((str(hit_kind), value))
    if details.get("kvk") and (value := certain_value(normalise_kvk(details.get("kvk")))):
        found.add((str(HitKind.KVK), value))
    if details.get("postcode") and (value := address_value(details)):
        found.add((str(HitKind.ADDRESS), value))
    if kind == "person" and (value := name_dob_value(details)):
        found.add((str(HitKind.NAME_DOB), value))
    return found


def digests_for(
    kind: str, details: Mapping[str, Any], key: HitKey | None = None
) -> set[tuple[str, str]]:
    """The ``(hit kind, digest)`` pairs a trace of ``kind`` with ``details`` publishes."""
    key = key or hit_key()
    if key is None:
        return set()
    return {(k, hit_digest(key, k, value)) for k, value in identifier_values(kind, details)}
