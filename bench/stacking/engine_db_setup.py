"""Helpers of the database-engine benchmark (``engine_db.py``): a throw-away PostgreSQL database,
and a generated record written as the ``SignalSubject.details`` a focal officer would enter."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# --- PostgreSQL: a throw-away database -------------------------------------------------------


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
    values left out (as ``services._clean_details`` does). Not representable, hence lost: a
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
