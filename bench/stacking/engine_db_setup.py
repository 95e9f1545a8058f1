"""Helpers of the database-engine benchmark (``engine_db.py``): a throw-away PostgreSQL database,
and a generated record written as the ``SignalSubject.details`` a focal officer would enter."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# --- PostgreSQL: a throw-away database -------------------------------------------------------


BATCH = 2000  # records per bulk insert of the pre-load


def _pg_admin(url: str) -> tuple[str, str]:
    """(the database name, a conninfo URL for the ``postgres`` maintenance database)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_DATABASE_URL: database name {name!r} must be [A-Za-z0-9_]+")
    scheme = "postgresql" if parts.scheme.startswith("postgres") else parts.scheme
    admin = urlunsplit((scheme, parts.netloc, "/postgres", parts.query, ""))
    return name, admin


def pg_create(url: str) -> None:
    import psycopg

    name, admin = _pg_admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def pg_drop(url: str) -> None:
    import psycopg

    name, admin = _pg_admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Records as SignalSubject.details -------------------------------------------------------


def details_for(record: Any) -> tuple[str, dict[str, Any]]:
    """The subject kind and ``details`` dict (``stacking.traces.DETAIL_FIELDS``) of a generated record.

    Values as a focal officer would enter them: strings, lists of strings, dates in ISO; empty
    values left out (as ``services.details_clean`` does). Not representable, hence lost: a
    person's ``observed_on`` (an age estimate is then read as of today) and an organisation
    address's house letter (organisations have no such detail field).
    """
    from signaalroute.matching.records import AddressRecord, OrganisationRecord, PersonRecord

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value).strip()

    values: dict[str, Any]
    if isinstance(record, PersonRecord):
        kind = "person"
        doc = record.id_documents[0] if record.id_documents else None
        values = {
            "given_names": text(record.given_names),
            "surname_prefix": text(record.surname_prefix),
            "surname": text(record.surname),
            "aliases": list(record.aliases),
            "date_of_birth": text(record.date_of_birth),
            "gender": text(record.gender),
            "nationality": text(record.nationality),
            "phones": list(record.phones),
            "emails": list(record.emails),
            "id_document_kind": text(doc.kind) if doc else "",
            "id_document_number": text(doc.number) if doc else "",
            "ibans": list(record.ibans),
            "plates": list(record.plates),
        }
    elif isinstance(record, AddressRecord):
        kind = "address"
        values = {
            name: text(getattr(record, name))
            for name in (
                "postcode",
                "house_number",
                "house_letter",
                "house_number_addition",
                "street",
                "place",
                "described_place",
            )
        }
    elif isinstance(record, OrganisationRecord):
        kind = "organisation"
        address = record.address or AddressRecord()
        values = {
            "kvk": text(record.kvk),
            "trade_names": list(record.trade_names),
            "sector": text(record.sector),
            "postcode": text(address.postcode),
            "house_number": text(address.house_number),
            "street": text(address.street),
            "place": text(address.place),
            "phones": list(record.phones),
            "emails": list(record.emails),
            "ibans": list(record.ibans),
        }
    else:  # pragma: no cover - the generator makes only these three
        raise TypeError(type(record))
    details = {}
    for name, value in values.items():
        if isinstance(value, list):
            items = [str(v).strip() for v in value if str(v).strip()]
            if items:
                details[name] = items
        elif value:
            details[name] = value
    return kind, details


def preload_records(
    municipality: Any, records: list[tuple[Any, Any]], *, limit: float, log: Callable[[str], None]
) -> tuple[int, dict[Any, Any]] | None:
    """Write the pre-loaded records with bulk inserts (Signal, SignalSubject, Trace, TraceKey
    with the engine's own keys, flags and labels; no matching). Returns the number of key rows
    and trace id → entity id, or None when it took longer than ``limit`` seconds."""
    from django.db import transaction
    from django.utils import timezone

    from signaalroute.signals.models import Signal, SignalSubject
    from signaalroute.stacking import traces as trace_rules
    from signaalroute.stacking.models import Trace, TraceKey

    now = timezone.now()
    started = time.perf_counter()
    entity_of: dict[Any, Any] = {}
    key_rows = 0
    for start in range(0, len(records), BATCH):
        if time.perf_counter() - started > limit:
            return None
        batch = records[start : start + BATCH]
        signals, subjects, traces, keys = [], [], [], []
        for offset, (record, entity) in enumerate(batch):
            kind, details = details_for(record)
            signal = Signal(
                reference=f"B-{start + offset:09d}",
                municipality=municipality,
                channel="internal",
                state="received",
                state_changed_at=now,
                description="bench",
            )
            subject = SignalSubject(
                id=uuid.uuid4(),
                signal=signal,
                kind=kind,
                role="other",
                description="bench",
                details=details,
            )
            trace = Trace(
                id=uuid.uuid4(),
                signal=signal,
                subject=subject,
                municipality=municipality,
                kind=kind,
                record=details,
                flags=trace_rules.flags_for(kind, details),
                label=trace_rules.label_for(kind, details, "bench")[:300],
            )
            signals.append(signal)
            subjects.append(subject)
            traces.append(trace)
            keys += [
                TraceKey(trace=trace, municipality=municipality, key=key)
                for key in sorted(trace_rules.trace_keys(kind, details))
            ]
            entity_of[trace.id] = entity
        with transaction.atomic():
            Signal.objects.bulk_create(signals)
            SignalSubject.objects.bulk_create(subjects)
            Trace.objects.bulk_create(traces)
            TraceKey.objects.bulk_create(keys, batch_size=5000)
        key_rows += len(keys)
        if (start // BATCH) % 10 == 0:
            log(f"{start + len(batch)} pre-loaded")
    return key_rows, entity_of


def derived_after_preload(municipality: Any) -> None:
    """What a running installation keeps beside the pre-loaded traces, built as the nightly
    jobs would: the municipality's hit/no-hit index and its monitoring counts per quarter (a
    write then only moves them)."""
    from django.db import transaction

    from signaalroute.monitoring.quarter_counts import rebuild
    from signaalroute.stacking.derived import hit_index_rebuild_from_traces

    with transaction.atomic():
        hit_index_rebuild_from_traces(municipality)
    rebuild([municipality.pk])


def hit_upkeep_side_by_side(municipality: Any) -> tuple[list[float], list[float]]:
    """What one save cost the hit index before (the municipality's whole rebuild, which the old
    path ran inside every submit and enrichment) against what it costs now (the signal's own
    digests and alerts, after commit): seconds for 10 signals, and for 3 whole rebuilds."""
    from django.db import transaction

    from signaalroute.signals.models import Signal
    from signaalroute.stacking.derived import (
        hit_index_rebuild_from_traces,
        signal_derived_refresh,
    )

    per_signal: list[float] = []
    whole: list[float] = []
    sample = list(Signal.objects.filter(municipality=municipality).order_by("-created_at")[:10])
    for signal in sample:
        t0 = time.perf_counter()
        signal_derived_refresh(signal_id=signal.pk)
        per_signal.append(time.perf_counter() - t0)
    for _ in range(3):
        t0 = time.perf_counter()
        with transaction.atomic():
            hit_index_rebuild_from_traces(municipality)
        whole.append(time.perf_counter() - t0)
    return per_signal, whole
