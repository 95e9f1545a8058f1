"""The regional hit/no-hit index: "is this subject known in another municipality of the region?"

Each municipality publishes keyed hashes of the normalised identifiers in its traces: HMAC-SHA256
with the regional key (``SIGNAALROUTE_HIT_KEY``, shared out of band by the municipalities of a
region, labelled ``SIGNAALROUTE_HIT_KEY_ID``) over ``"<kind>:<normalised value>"``. A focal
officer's question is normalised and hashed the same way; the answer is only the names of the
other municipalities whose entries hold that hash, never any data. Every question is audited
(kind and number of hits, never the value or its hash).

Kinds: ``phone``, ``email``, ``kvk``, ``address`` (postcode + house number, letter and
addition), ``name_dob`` (normalised surname without prefix + first initial + exact date of
birth). Only values a normaliser calls certain (flag ``""``) are hashed: a partial postcode, a
birth year or an estimate never is.

Local entries carry no signal or trace id, so they are recomputed per municipality wholesale
(:func:`hit_index_rebuild`), also after every change to a signal's traces
(:func:`hit_index_refresh`). Installations exchange entries with :func:`hit_index_export` and
:func:`hit_index_import` (``stacking/hit_exchange.py``).

Note the limit of the design: identifiers such as phone numbers have little entropy, so whoever
holds the regional key *and* an export can test candidate values offline. The key and the
export files are therefore confidential; the page itself is rate-limited per user.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import municipalities_where
from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import DomainError
from signaalroute.core.ratelimit import rate_limit_hit
from signaalroute.matching.normalise import Normalised, normalise_name, normalise_surname
from signaalroute.matching.normalise_dates import normalise_date_of_birth
from signaalroute.matching.normalise_identifiers import (
    normalise_address_key,
    normalise_email,
    normalise_house_number,
    normalise_kvk,
    normalise_phone,
    normalise_postcode,
)

from .models import HitEntry, HitKind, HitOrigin, Trace

MIN_KEY_BYTES = 32
KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,40}")
#: Questions per focal officer per hour: enough for casework, too few to walk a number range.
HIT_QUERY_LIMIT = 60
HIT_QUERY_WINDOW = dt.timedelta(hours=1)
#: The form's fields per kind of question (the names ``hit_query`` reads from ``values``).
QUERY_FIELDS: dict[str, tuple[str, ...]] = {
    HitKind.PHONE: ("phone",),
    HitKind.EMAIL: ("email",),
    HitKind.KVK: ("kvk",),
    HitKind.ADDRESS: ("postcode", "house_number"),
    HitKind.NAME_DOB: ("surname", "given_names", "date_of_birth"),
}
_EXACT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class HitIndexNotConfigured(DomainError):
    code = "hit_index_not_configured"
    status = 409

    def default_message(self) -> Any:
        return _("The regional check is not configured for this installation.")


class HitQueryRefused(DomainError):
    code = "hit_query_rate_limited"
    status = 429

    def default_message(self) -> Any:
        return _("You have done many checks in a short time. Try again in an hour.")


class HitImportRefused(DomainError):
    code = "hit_import_refused"
    status = 400


@dataclass(frozen=True)
class HitKey:
    key_id: str
    secret: bytes


def decode_key(text: str) -> bytes:
    """The key's bytes from hex or base64 text; :class:`ValueError` when it is neither."""
    text = text.strip()
    if re.fullmatch(r"(?:[0-9a-fA-F]{2})+", text):
        return bytes.fromhex(text)
    try:
        return base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("neither hex nor base64") from None


def hit_key() -> HitKey | None:
    """The regional key from the settings; None when the check is off (no key set)."""
    text = str(getattr(settings, "SIGNAALROUTE_HIT_KEY", "") or "").strip()
    key_id = str(getattr(settings, "SIGNAALROUTE_HIT_KEY_ID", "") or "").strip()
    if not text:
        return None
    try:
        secret = decode_key(text)
    except ValueError:
        raise ImproperlyConfigured("SIGNAALROUTE_HIT_KEY must be hex or base64.") from None
    if len(secret) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(f"SIGNAALROUTE_HIT_KEY must be at least {MIN_KEY_BYTES} bytes.")
    if not KEY_ID_PATTERN.fullmatch(key_id):
        raise ImproperlyConfigured(
            "SIGNAALROUTE_HIT_KEY_ID must be set (1-40 letters, digits, '.', '_' or '-')."
        )
    return HitKey(key_id, secret)


def hit_digest(key: HitKey, kind: str, value: str) -> str:
    """HMAC-SHA256 over ``"<kind>:<normalised value>"``, hex."""
    return hmac.new(key.secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


# --- normalised identifiers ----------------------------------------------------------------------


def _lines(value: Any) -> list[Any]:
    if isinstance(value, str):
        value = value.replace(",", "\n").splitlines()
    if not isinstance(value, list | tuple):
        return [value]
    return [v for v in value if str(v).strip()]


def _certain(result: Normalised) -> str | None:
    return result.value if result.value and result.flag == "" else None


def _address_value(details: Mapping[str, Any]) -> str | None:
    return _certain(
        normalise_address_key(
            details.get("postcode"),
            details.get("house_number"),
            details.get("house_letter") or "",
            details.get("house_number_addition") or "",
        )
    )


def _name_dob_value(details: Mapping[str, Any]) -> str | None:
    surname = normalise_surname(details.get("surname"), details.get("surname_prefix") or "")
    given = normalise_name(details.get("given_names"))
    birth = normalise_date_of_birth(details.get("date_of_birth"))
    if not (surname.value and surname.flag == "" and given.value and given.flag == ""):
        return None
    date = _certain(birth)
    if date is None or not _EXACT_DATE.fullmatch(date):
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
            if value := _certain(normalise(item)):
                found.add((str(hit_kind), value))
    if details.get("kvk") and (value := _certain(normalise_kvk(details.get("kvk")))):
        found.add((str(HitKind.KVK), value))
    if details.get("postcode") and (value := _address_value(details)):
        found.add((str(HitKind.ADDRESS), value))
    if kind == "person" and (value := _name_dob_value(details)):
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


# --- the local index -----------------------------------------------------------------------------


def _municipalities(municipality: Organisation | None) -> Iterable[Organisation]:
    if municipality is not None:
        return [municipality]
    return Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk")


def _rebuild_one(municipality: Organisation, key: HitKey) -> tuple[int, int]:
    wanted: dict[str, str] = {}
    traces = Trace.objects.filter(municipality=municipality).only("kind", "record")
    for trace in traces.iterator(chunk_size=500):
        for kind, digest in digests_for(trace.kind, trace.record or {}, key):
            wanted[digest] = kind
    local = HitEntry.objects.filter(municipality=municipality, origin=HitOrigin.LOCAL)
    # Another key, a renamed or moved municipality: those entries can never be right again.
    removed = local.exclude(
        key_id=key.key_id, municipality_name=municipality.name, region_id=municipality.region_id
    ).delete()[0]
    current = local.filter(key_id=key.key_id)
    existing = set(current.values_list("digest", flat=True))
    stale = existing - set(wanted)
    if stale:
        removed += current.filter(digest__in=stale).delete()[0]
    HitEntry.objects.bulk_create(
        [
            HitEntry(
                region_id=municipality.region_id,
                municipality=municipality,
                municipality_name=municipality.name,
                key_id=key.key_id,
                digest=digest,
                kind=kind,
                origin=HitOrigin.LOCAL,
            )
            for digest, kind in sorted(wanted.items())
            if digest not in existing
        ],
        ignore_conflicts=True,
    )
    return len(wanted), removed


@transaction.atomic
def hit_index_rebuild(municipality: Organisation | None = None) -> dict[str, int]:
    """Recompute the local entries of one municipality (or all) from its traces.

    Entries under another key id are deleted: for all municipalities, imported ones too (after
    a rotation the other installations send a new export). Returns counts for the caller.
    """
    key = hit_key()
    if key is None:
        raise HitIndexNotConfigured()
    entries = removed = 0
    for one in _municipalities(municipality):
        wanted, gone = _rebuild_one(one, key)
        entries += wanted
        removed += gone
    if municipality is None:
        removed += HitEntry.objects.exclude(key_id=key.key_id).delete()[0]
    return {"entries": entries, "removed": removed}


def hit_index_refresh(municipality_id: Any) -> None:
    """Bring one municipality's local entries up to date after its traces changed (a no-op
    while the check is off). Rebuilds that municipality: its cost grows with its traces."""
    key = hit_key()
    if key is None or municipality_id is None:
        return
    municipality = Organisation.objects.filter(pk=municipality_id).first()
    if municipality is not None:
        with transaction.atomic():
            _rebuild_one(municipality, key)


# --- the question --------------------------------------------------------------------------------


def _required(values: Mapping[str, Any], name: str, errors: dict[str, list[str]]) -> str:
    text = str(values.get(name) or "").strip()
    if not text:
        errors.setdefault(name, []).append(_("This field is required."))
    return text


def query_value(kind: str, values: Mapping[str, Any]) -> str:
    """The normalised identifier asked about; :class:`ValidationError` per field when it is
    missing, invalid or not certain (a partial postcode, a birth year, an estimate)."""
    errors: dict[str, list[str]] = {}
    if kind not in QUERY_FIELDS:
        raise ValidationError({"kind": _("Choose what you want to check.")})
    texts = {name: _required(values, name, errors) for name in QUERY_FIELDS[kind]}
    if errors:
        raise ValidationError(errors)
    value: str | None = None
    if kind == HitKind.PHONE:
        value = _certain(normalise_phone(texts["phone"]))
        if value is None:
            errors["phone"] = [
                _(
                    "This is not a valid telephone number. Use digits only, e.g. 06 12345678 or +31 6 12345678."
                )
            ]
    elif kind == HitKind.EMAIL:
        value = _certain(normalise_email(texts["email"]))
        if value is None:
            errors["email"] = [_("This is not a valid e-mail address.")]
    elif kind == HitKind.KVK:
        value = _certain(normalise_kvk(texts["kvk"]))
        if value is None:
            errors["kvk"] = [_("A KvK number has exactly 8 digits.")]
    elif kind == HitKind.ADDRESS:
        postcode = normalise_postcode(texts["postcode"])
        if postcode.flag == "partial":
            errors["postcode"] = [_("Give the full postcode with its letters, e.g. 3762 AB.")]
        elif postcode.value is None:
            errors["postcode"] = [_("This is not a valid postcode, e.g. 3762 AB.")]
        if normalise_house_number(texts["house_number"]).value is None:
            errors["house_number"] = [_("This is not a valid house number, e.g. 12, 12a or 12-2.")]
        if not errors:
            value = _address_value(texts)
    else:
        surname = normalise_surname(texts["surname"])
        if surname.value is None:
            errors["surname"] = [_("This is not a readable surname.")]
        if normalise_name(texts["given_names"]).value is None:
            errors["given_names"] = [_("These are not readable given names.")]
        birth = normalise_date_of_birth(texts["date_of_birth"])
        if birth.value is None or birth.flag != "" or not _EXACT_DATE.fullmatch(birth.value):
            errors["date_of_birth"] = [
                _(
                    "Give the exact date of birth, e.g. 17-05-1990. A year or an estimate cannot be checked."
                )
            ]
        if not errors:
            value = _name_dob_value(texts)
    if errors or value is None:
        raise ValidationError(errors or {"kind": _("This cannot be checked.")})
    return value


def hit_query(*, actor: Any, kind: str, values: Mapping[str, Any]) -> list[str]:
    """The names of the other municipalities of the actor's region that know this identifier.

    Only for focal officers (HANDLE_SIGNAL). Audited as ``stacking.hit_query`` with the kind and
    the number of hits: never the value, never its hash.
    """
    own = list(municipalities_where(actor, Permission.HANDLE_SIGNAL))
    if not own:
        raise PermissionDenied
    key = hit_key()
    if key is None:
        raise HitIndexNotConfigured()
    value = query_value(kind, values)
    if not rate_limit_hit(
        scope="hit_query", client=str(actor.pk), limit=HIT_QUERY_LIMIT, window=HIT_QUERY_WINDOW
    ):
        audit_record(
            actor=actor,
            action="stacking.hit_query",
            object_type="stacking.hitentry",
            outcome=Outcome.DENIED,
            extra={"kind": kind, "reason": "rate_limit"},
        )
        raise HitQueryRefused()
    names = sorted(
        set(
            HitEntry.objects.filter(
                region_id__in={m.region_id for m in own},
                key_id=key.key_id,
                digest=hit_digest(key, kind, value),
            )
            .exclude(municipality_name__in=[m.name for m in own])
            .exclude(municipality_id__in=[m.pk for m in own])
            .values_list("municipality_name", flat=True)
        )
    )
    audit_record(
        actor=actor,
        action="stacking.hit_query",
        object_type="stacking.hitentry",
        extra={"kind": kind, "hits": len(names)},
    )
    return names
