"""The exact identifiers a subject's details hold (phone numbers, e-mail and web addresses,
IBANs, plates, advert ids, handles), normalised the one way stacking, the hit index's sources
and the proposals of identifiers found in the text all use; and the blocking keys as they are
filed (``sealed_keys``: an identity-document number only as a keyed hash)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from signaalroute.core.crypto import keyed_hashes
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


#: Kinds of blocking key whose value is a secret (``matching.blocking``: ``doc:`` is an
#: identity-document number): filed under a keyed hash, never as text.
SEALED_KINDS = frozenset({"doc"})


def sealed_keys(keys: Iterable[str]) -> set[str]:
    """The blocking keys of a trace as filed in ``TraceKey`` and looked up by the engine: a key
    of a sealed kind (``person|doc:NL…``) becomes ``person|doc#<hmac>``, one per field key
    (``core.crypto.keyed_hashes``; two while a rotation lists an old key), so two traces with
    one document number still share a key, and the database never holds the number."""
    filed: set[str] = set()
    for key in keys:
        scope, bar, rest = key.partition("|")
        kind, colon, _value = rest.partition(":")
        if bar and colon and kind in SEALED_KINDS:
            filed.update(f"{scope}|{kind}#{digest}" for digest in keyed_hashes(rest))
        else:
            filed.add(key)
    return filed
