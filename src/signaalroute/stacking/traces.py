"""A signal's traces (sporen): one per subject, one per identifier found in its text and not yet
decided (``found.py``), and one for its location when that is an address, each with the
structured details as given, their normaliser flags, a label, and the blocking keys under which
it is filed (``TraceKey``). ``trace_sync.py`` keeps them in line with the signal; ``engine.py``
matches them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.matching.link import Entry, entry_keys
from signaalroute.matching.normalise import Normalised
from signaalroute.matching.normalise_dates import normalise_date_of_birth
from signaalroute.matching.normalise_identifiers import (
    normalise_email,
    normalise_iban,
    normalise_kvk,
    normalise_phone,
    normalise_plate,
    normalise_postcode,
)
from signaalroute.matching.records import (
    AddressRecord,
    IdDocument,
    OrganisationRecord,
    PersonRecord,
    Record,
)
from signaalroute.signals.models import LocationKind, Signal

from .identifiers import detail_values, identifiers_of, sealed_keys
from .models import TraceKind

# The structured fields a focal officer can record per kind of subject (SignalSubject.details).
# Lists are entered one per line. One place: the enrichment form is built from this table.
DETAIL_FIELDS: dict[str, tuple[str, ...]] = {
    TraceKind.PERSON: (
        "given_names",
        "surname_prefix",
        "surname",
        "aliases",
        "date_of_birth",
        "gender",
        "nationality",
        "phones",
        "emails",
        "id_document_kind",
        "id_document_number",
        "ibans",
        "plates",
        "address_postcode",
        "address_house_number",
        "address_place",
    ),
    TraceKind.ADDRESS: (
        "postcode",
        "house_number",
        "house_letter",
        "house_number_addition",
        "street",
        "place",
        "described_place",
    ),
    TraceKind.ORGANISATION: (
        "kvk",
        "trade_names",
        "sector",
        "postcode",
        "house_number",
        "street",
        "place",
        "phones",
        "emails",
        "ibans",
    ),
    TraceKind.VEHICLE: ("plates",),
    TraceKind.ONLINE: ("urls", "advert_ids", "handles", "phones", "emails"),
}


# Where a person was seen: the signal's address, added to a person's trace (not to the subject's
# details, and not published to the hit index: ``hits.digests`` reads ``postcode``).
LOCATION_POSTCODE = "location_postcode"
LOCATION_NUMBER = "location_house_number"

LIST_FIELDS = frozenset(
    {
        "aliases",
        "phones",
        "emails",
        "ibans",
        "plates",
        "trade_names",
        "urls",
        "advert_ids",
        "handles",
    }
)

# Each detail field by the label the enrichment form and the audit log show.
FIELD_LABELS: dict[str, Any] = {
    "given_names": _("Given names"),
    "surname_prefix": _("Surname prefix (e.g. van der)"),
    "surname": _("Surname"),
    "aliases": _("Other names or aliases (one per line)"),
    "date_of_birth": _("Date of birth, year or estimated age"),
    "gender": _("Gender"),
    "nationality": _("Nationality"),
    "phones": _("Telephone numbers (one per line)"),
    "emails": _("E-mail addresses (one per line)"),
    "id_document_kind": _("Identity document: kind"),
    "id_document_number": _("Identity document: number"),
    "ibans": _("IBANs (one per line)"),
    "plates": _("Licence plates (one per line)"),
    "address_postcode": _("Lives or stays at: postcode"),
    "address_house_number": _("Lives or stays at: house number"),
    "address_place": _("Lives or stays at: place"),
    "postcode": _("Postcode"),
    "house_number": _("House number"),
    "house_letter": _("House letter"),
    "house_number_addition": _("House number addition"),
    "street": _("Street"),
    "place": _("Place"),
    "described_place": _("Description of the place"),
    "kvk": _("KvK number"),
    "trade_names": _("Trade names (one per line)"),
    "sector": _("Sector"),
    "urls": _("Web addresses (one per line)"),
    "advert_ids": _("Advert numbers (one per line)"),
    "handles": _("Profile names (one per line)"),
}


def record_for(kind: str, details: dict[str, Any]) -> Record | None:
    """The matching record of a trace (values as given); None for identifier-only kinds."""
    text: dict[str, str] = {
        k: str(v or "").strip() for k, v in details.items() if k not in LIST_FIELDS
    }
    lists: dict[str, tuple[str, ...]] = {
        k: detail_values(v) for k, v in details.items() if k in LIST_FIELDS
    }

    def t(name: str) -> str:
        return text.get(name, "")

    def many(name: str) -> tuple[str, ...]:
        return lists.get(name, ())

    if kind == TraceKind.PERSON:
        addresses = []
        if any(t(f"address_{part}") for part in ("postcode", "house_number", "place")):
            addresses.append(
                AddressRecord(
                    postcode=t("address_postcode"),
                    house_number=t("address_house_number"),
                    place=t("address_place"),
                )
            )
        if t(LOCATION_POSTCODE):
            addresses.append(
                AddressRecord(postcode=t(LOCATION_POSTCODE), house_number=t(LOCATION_NUMBER))
            )
        docs: tuple[IdDocument, ...] = ()
        if t("id_document_number"):
            docs = (IdDocument(kind=str(t("id_document_kind")), number=t("id_document_number")),)
        return PersonRecord(
            given_names=t("given_names"),
            surname_prefix=t("surname_prefix"),
            surname=t("surname"),
            aliases=many("aliases"),
            date_of_birth=t("date_of_birth") or None,
            gender=t("gender"),
            nationality=t("nationality"),
            phones=many("phones"),
            emails=many("emails"),
            id_documents=docs,
            ibans=many("ibans"),
            plates=many("plates"),
            addresses=tuple(addresses),
        )
    if kind == TraceKind.ADDRESS:
        return AddressRecord(
            postcode=t("postcode"),
            house_number=t("house_number"),
            house_letter=t("house_letter"),
            house_number_addition=t("house_number_addition"),
            street=t("street"),
            place=t("place"),
            described_place=t("described_place"),
        )
    if kind == TraceKind.ORGANISATION:
        has_address = any(t(k) for k in ("postcode", "house_number", "street"))
        return OrganisationRecord(
            kvk=t("kvk"),
            trade_names=many("trade_names"),
            sector=t("sector"),
            address=AddressRecord(
                postcode=t("postcode"),
                house_number=t("house_number"),
                street=t("street"),
                place=t("place"),
            )
            if has_address
            else None,
            phones=many("phones"),
            emails=many("emails"),
            ibans=many("ibans"),
        )
    return None


def entry_for(kind: str, details: dict[str, Any]) -> Entry:
    """The trace as the matcher sees it (``matching.link``): kind, record, identifiers."""
    return Entry(kind, record_for(kind, details), identifiers_of(details))


def trace_keys(kind: str, details: dict[str, Any]) -> set[str]:
    return sealed_keys(entry_keys(entry_for(kind, details)))  # as filed: documents hashed


def flags_for(kind: str, details: dict[str, Any]) -> dict[str, str]:
    """Which given values a normaliser flagged (stored as given, shown, not used as certain)."""
    checks: dict[str, Callable[..., Normalised]] = {
        "phones": normalise_phone,
        "emails": normalise_email,
        "ibans": normalise_iban,
        "plates": normalise_plate,
        "postcode": normalise_postcode,
        "kvk": normalise_kvk,
        "date_of_birth": normalise_date_of_birth,
    }
    flags: dict[str, str] = {}
    for name, check in checks.items():
        for value in (
            detail_values(details.get(name)) if name in LIST_FIELDS else [details.get(name)]
        ):
            if value in (None, ""):
                continue
            flag = check(value).flag
            if flag:
                flags[name] = flag
    return flags


def label_for(kind: str, details: dict[str, Any], fallback: str) -> str:
    """A short label for the focal officer's screens (never shown outside the scope)."""
    d = details
    if kind == TraceKind.PERSON:
        name = " ".join(
            str(d.get(k, "")).strip() for k in ("given_names", "surname_prefix", "surname")
        ).split()
        text = " ".join(name) or fallback
        return f"{text} ({d['date_of_birth']})" if d.get("date_of_birth") else text
    if kind in (TraceKind.ADDRESS, TraceKind.ORGANISATION):
        parts = [
            " ".join(detail_values(d.get("trade_names"))) if kind == TraceKind.ORGANISATION else "",
            str(d.get("street", "")),
            " ".join(
                str(d.get(k, "")) for k in ("house_number", "house_letter", "house_number_addition")
            ).strip(),
            str(d.get("postcode", "")),
            str(d.get("place", "")),
        ]
        text = ", ".join(p.strip() for p in parts if p and p.strip())
        return text or fallback
    return (
        ", ".join(
            detail_values(d.get("plates"))
            + detail_values(d.get("urls"))
            + detail_values(d.get("handles"))
        )
        or fallback
    )


def location_details(signal: Signal) -> dict[str, Any] | None:
    if signal.location_kind != LocationKind.ADDRESS or not signal.postcode:
        return None
    return {
        "postcode": signal.postcode,
        "house_number": str(signal.house_number or ""),
        "house_number_addition": signal.house_number_addition,
    }


def seen_at(details: dict[str, Any], location: dict[str, Any] | None) -> dict[str, Any]:
    """A person's details with the address the signal is about, where the person was seen:
    two signals naming one person at one address is evidence (``matching`` weighs it)."""
    if location is None:
        return details
    return {
        **details,
        LOCATION_POSTCODE: location["postcode"],
        LOCATION_NUMBER: location["house_number"],
    }
