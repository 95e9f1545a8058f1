"""The regional hit/no-hit index: keeping the local entries up to date, and the question.

Each municipality publishes keyed hashes of the normalised identifiers in its traces (see
``hits/digests.py`` and ``hits/keys.py``). A focal officer's question is normalised and hashed
the same way; the answer is only the names of the other municipalities whose entries hold that
hash, never any data. Every question is audited (kind and number of hits, never the value or
its hash).

Keeping it current costs one signal's identifiers per save, not the municipality's:
``hit_sources_replace`` runs after a signal's traces changed and committed (``stacking`` calls
it), adds the digests that are new and removes an entry only when no other signal of the
municipality still publishes it. The nightly ``manage.py hit_index_rebuild`` recomputes
everything from the traces (also after a key rotation). Installations exchange entries with
``hits/exchange.py``.

Note the limit of the design: identifiers such as phone numbers have little entropy, so whoever
holds the regional key *and* an export can test candidate values offline. The key and the
export files are therefore confidential; the page itself is rate-limited per user.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import DomainError
from signaalroute.core.ratelimit import rate_limit_hit
from signaalroute.matching.normalise import normalise_name, normalise_surname
from signaalroute.matching.normalise_dates import normalise_date_of_birth
from signaalroute.matching.normalise_identifiers import (
    normalise_email,
    normalise_house_number,
    normalise_kvk,
    normalise_phone,
    normalise_postcode,
)

from .digests import EXACT_DATE, address_value, certain_value, digests_for, name_dob_value
from .keys import HitKey, hit_digest, hit_key
from .models import HitEntry, HitKind, HitOrigin, HitSource

#: Questions per focal officer per hour: enough for casework, too few to walk a number range.
# Any constant: writers of one municipality's entries take this advisory lock on PostgreSQL.
_PG_INDEX_LOCK = 7_301_274
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
class HitSourceInput:
    """What one signal publishes: its traces as (trace kind, details)."""

    source_id: uuid.UUID
    traces: Sequence[tuple[str, Mapping[str, Any]]]


def _wanted(traces: Iterable[tuple[str, Mapping[str, Any]]], key: HitKey) -> dict[str, str]:
    wanted: dict[str, str] = {}
    for trace_kind, details in traces:
        for kind, digest in digests_for(trace_kind, details or {}, key):
            wanted[digest] = kind
    return wanted


def _lock_municipality(municipality_id: uuid.UUID) -> None:
    """Writers of one municipality's entries take turns (PostgreSQL; SQLite writers are serial),
    so a digest one signal drops while another adds it is never lost."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                [_PG_INDEX_LOCK, str(municipality_id)],
            )


def _entry(municipality: Organisation, key: HitKey, digest: str, kind: str) -> HitEntry:
    return HitEntry(
        region_id=municipality.region_id,
        municipality=municipality,
        municipality_name=municipality.name,
        key_id=key.key_id,
        digest=digest,
        kind=kind,
        origin=HitOrigin.LOCAL,
    )


def _drop_unpublished(municipality_id: uuid.UUID, key_id: str, digests: set[str]) -> int:
    """Remove the local entries of these digests that no signal of the municipality publishes."""
    still = set(
        HitSource.objects.filter(
            municipality_id=municipality_id, key_id=key_id, digest__in=digests
        ).values_list("digest", flat=True)
    )
    return HitEntry.objects.filter(
        municipality_id=municipality_id,
        origin=HitOrigin.LOCAL,
        key_id=key_id,
        digest__in=digests - still,
    ).delete()[0]


def expired_sources(
    municipality_id: uuid.UUID, source_ids: Iterable[uuid.UUID] | None
) -> set[uuid.UUID]:
    """The signals (of ``source_ids``, or all with None) whose digests the retention table says
    must leave the index: asked of the functions named by ``SIGNAALROUTE_HIT_SOURCES_EXPIRED``
    (privacy's hit-index rule), so neither a save nor the nightly rebuild brings them back."""
    found: set[uuid.UUID] = set()
    for name in getattr(settings, "SIGNAALROUTE_HIT_SOURCES_EXPIRED", []):
        found |= set(import_string(name)(municipality_id, source_ids))
    return found


@transaction.atomic
def hit_source_retire(source: HitSource) -> None:
    """Retention: one published digest of a signal leaves the index (the municipality's entry
    goes too when no other signal of it publishes the digest). Needs no key: it only removes."""
    _lock_municipality(source.municipality_id)
    HitSource.objects.filter(pk=source.pk).delete()
    _drop_unpublished(source.municipality_id, source.key_id, {source.digest})


def hit_sources_replace(
    *,
    source_id: uuid.UUID,
    municipality: Organisation | None,
    traces: Iterable[tuple[str, Mapping[str, Any]]],
) -> None:
    """Publish exactly the digests of one signal's traces (none for a signal that is gone): add
    what is new, drop what it no longer holds. A no-op while the check is off (no key)."""
    key = hit_key()
    if key is None:
        return
    if municipality is not None and expired_sources(municipality.pk, [source_id]):
        municipality, traces = None, []  # its time in the index is up: publish nothing
    with transaction.atomic(savepoint=False):
        wanted = _wanted(traces, key) if municipality is not None else {}
        held = list(HitSource.objects.filter(source_id=source_id))
        places = {s.municipality_id for s in held} | ({municipality.pk} if municipality else set())
        for place in sorted(places, key=str):
            _lock_municipality(place)
        keep = {(municipality.pk, key.key_id, d) for d in wanted} if municipality else set()
        gone = [s for s in held if (s.municipality_id, s.key_id, s.digest) not in keep]
        HitSource.objects.filter(pk__in=[s.pk for s in gone]).delete()
        if municipality is not None:
            have = {(s.municipality_id, s.key_id, s.digest) for s in held}
            fresh = sorted(
                (d, k) for d, k in wanted.items() if (municipality.pk, key.key_id, d) not in have
            )
            HitSource.objects.bulk_create(
                [
                    HitSource(
                        municipality=municipality,
                        source_id=source_id,
                        key_id=key.key_id,
                        digest=d,
                        kind=k,
                    )
                    for d, k in fresh
                ],
                ignore_conflicts=True,
            )
            HitEntry.objects.bulk_create(
                [_entry(municipality, key, d, k) for d, k in fresh], ignore_conflicts=True
            )
        by_place: dict[tuple[Any, str], set[str]] = {}
        for s in gone:
            by_place.setdefault((s.municipality_id, s.key_id), set()).add(s.digest)
        for (place, key_id), digests in by_place.items():
            _drop_unpublished(place, key_id, digests)


def hit_index_rebuild_municipality(
    municipality: Organisation, sources: Iterable[HitSourceInput]
) -> tuple[int, int]:
    """Recompute one municipality's sources and local entries from all its signals' traces
    (in the caller's transaction). Returns (entries, removed)."""
    key = hit_key()
    if key is None:
        raise HitIndexNotConfigured()
    _lock_municipality(municipality.pk)
    HitSource.objects.filter(municipality=municipality).delete()
    wanted: dict[str, str] = {}
    rows = []
    expired = expired_sources(municipality.pk, None)
    for source in sources:
        if source.source_id in expired:
            continue
        digests = _wanted(source.traces, key)
        wanted.update(digests)
        rows += [
            HitSource(
                municipality=municipality,
                source_id=source.source_id,
                key_id=key.key_id,
                digest=d,
                kind=k,
            )
            for d, k in digests.items()
        ]
    HitSource.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
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
        [_entry(municipality, key, d, k) for d, k in sorted(wanted.items()) if d not in existing],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(wanted), removed


def hit_index_drop_other_keys() -> int:
    """After a key rotation: every entry (imported ones too) and source under another key id
    goes; the other installations send a new export."""
    key = hit_key()
    if key is None:
        raise HitIndexNotConfigured()
    HitSource.objects.exclude(key_id=key.key_id).delete()
    return HitEntry.objects.exclude(key_id=key.key_id).delete()[0]


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
        value = certain_value(normalise_phone(texts["phone"]))
        if value is None:
            errors["phone"] = [
                _(
                    "This is not a valid telephone number. Use digits only, e.g. 06 12345678 or +31 6 12345678."
                )
            ]
    elif kind == HitKind.EMAIL:
        value = certain_value(normalise_email(texts["email"]))
        if value is None:
            errors["email"] = [_("This is not a valid e-mail address.")]
    elif kind == HitKind.KVK:
        value = certain_value(normalise_kvk(texts["kvk"]))
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
            value = address_value(texts)
    else:
        surname = normalise_surname(texts["surname"])
        if surname.value is None:
            errors["surname"] = [_("This is not a readable surname.")]
        if normalise_name(texts["given_names"]).value is None:
            errors["given_names"] = [_("These are not readable given names.")]
        birth = normalise_date_of_birth(texts["date_of_birth"])
        if birth.value is None or birth.flag != "" or not EXACT_DATE.fullmatch(birth.value):
            errors["date_of_birth"] = [
                _(
                    "Give the exact date of birth, e.g. 17-05-1990. A year or an estimate cannot be checked."
                )
            ]
        if not errors:
            value = name_dob_value(texts)
    if errors or value is None:
        raise ValidationError(errors or {"kind": _("This cannot be checked.")})
    return value


def hit_query(*, actor: User, kind: str, values: Mapping[str, Any]) -> list[str]:
    """The names of the other municipalities of the actor's region that know this identifier.

    Only for focal officers (HANDLE_SIGNAL). Audited as ``stacking.hit_query`` with the kind and
    the number of hits: never the value, never its hash.
    """
    own = list(handling_municipalities(actor))
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
