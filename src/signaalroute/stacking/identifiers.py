"""The exact identifiers a subject's details hold (phone numbers, e-mail and web addresses,
IBANs, plates, advert ids, handles), normalised the one way stacking, the hit index's sources
and the proposals of identifiers found in the text all use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from signaalroute.matching.blocking import identifier_key
from signaalroute.matching.normalise import Normalised, normalise_text
from signaalroute.matching.normalise_identifiers import (
    normalise_email,
    normalise_iban,
    normalise_phone,
    normalise_plate,
    normalise_url,
)


def detail_values(value: Any) -> tuple[str, ...]:
    """A list field of a subject's details as its values: a list, or text with one value per
    line or comma."""
    if isinstance(value, str):
        value = value.replace(",", "\n").splitlines()
    return tuple(str(v).strip() for v in value or () if str(v).strip())


def identifiers_of(details: dict[str, Any]) -> frozenset[str]:
    """Exact identifiers of any kind of trace, as identifier keys ("phone:+316…")."""
    keys: set[str] = set()
    normalisers: dict[str, tuple[str, Callable[[object], Normalised]]] = {
        "phones": ("phone", normalise_phone),
        "emails": ("email", normalise_email),
        "ibans": ("iban", normalise_iban),
        "plates": ("plate", normalise_plate),
        "urls": ("url", normalise_url),
        "advert_ids": ("advert", normalise_text),
        "handles": ("handle", normalise_text),
    }
    for name, (prefix, normalise) in normalisers.items():
        for value in detail_values(details.get(name)):
            result = normalise(value)
            if result.value and result.flag == "":
                keys.add(identifier_key(prefix, result.value))
    return frozenset(keys)
