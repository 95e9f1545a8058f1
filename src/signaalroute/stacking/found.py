"""What the reporter already wrote is used: identifiers in a signal's free text (its description,
its subjects' descriptions, the reporter's additions) found with ``matching.extract`` and kept as
``FoundIdentifier`` proposals for the focal officer.

``found_sync`` runs whenever the signal is (re)stacked (``engine.signal_stack_index``): at
submit, after an addition by the reporter and after every enrichment. While a proposal is open
it is a trace of its own (``traces.traces_sync``), so it stacks with other signals and answers
the regional check at once; accepted, it lives on in a subject's details; dismissed, it is
never proposed again. Values that the signal already holds elsewhere (a subject's details, the
address it was reported at) are not proposed, and neither are the reporter's own telephone
number and e-mail address ("bel mij op 06-…"): those are never published to the region.
"""

from __future__ import annotations

from typing import Any

from signaalroute.matching.extract import extract_identifiers
from signaalroute.matching.found import Found
from signaalroute.matching.normalise_identifiers import (
    normalise_address_key,
    normalise_kvk,
    normalise_street_address_key,
)
from signaalroute.signals.models import EventKind, Signal, SignalSubject
from signaalroute.signals.restrictions import without_restricted
from signaalroute.signals.selectors import reporter_contact_values

from .identifiers import identifiers_of
from .models import FoundIdentifier, FoundKind, FoundSource, FoundStatus, TraceKind

#: The kind of trace (and of a new subject, on acceptance) for each kind of identifier.
TRACE_KIND: dict[str, str] = {
    FoundKind.PHONE: TraceKind.ONLINE,
    FoundKind.EMAIL: TraceKind.ONLINE,
    FoundKind.URL: TraceKind.ONLINE,
    FoundKind.PLATE: TraceKind.VEHICLE,
    FoundKind.ADDRESS: TraceKind.ADDRESS,
    FoundKind.KVK: TraceKind.ORGANISATION,
    FoundKind.IBAN: TraceKind.PERSON,
}
#: The subject-detail list field each kind of identifier is added to (address and KvK: fields).
LIST_FIELD: dict[str, str] = {
    FoundKind.PHONE: "phones",
    FoundKind.EMAIL: "emails",
    FoundKind.URL: "urls",
    FoundKind.PLATE: "plates",
    FoundKind.IBAN: "ibans",
}
ADDRESS_PARTS = ("postcode", "house_number", "house_letter", "house_number_addition", "street")


def found_trace_kind(kind: str) -> str:
    return TRACE_KIND.get(kind, TraceKind.ONLINE)


def found_details(found: FoundIdentifier) -> dict[str, Any]:
    """The subject details a found identifier stands for (values as written)."""
    if found.kind in LIST_FIELD:
        return {LIST_FIELD[found.kind]: [found.text]}
    if found.kind == FoundKind.KVK:
        return {"kvk": found.value}
    parts = found.parts or {}
    return {name: str(parts[name]) for name in ADDRESS_PARTS if parts.get(name)}


def held_values(details: dict[str, Any]) -> set[tuple[str, str]]:
    """The (kind, normalised value) pairs a subject's details already hold."""
    held: set[tuple[str, str]] = set()
    for key in identifiers_of(details):
        kind, value = key.split(":", 1)
        if kind in FoundKind.values:
            held.add((kind, value))
    if (kvk := normalise_kvk(details.get("kvk"))).is_certain and kvk.value:
        held.add((str(FoundKind.KVK), kvk.value))
    house = (
        details.get("house_number"),
        details.get("house_letter") or "",
        details.get("house_number_addition") or "",
    )
    for address in (
        normalise_address_key(details.get("postcode"), *house),
        normalise_street_address_key(details.get("street"), *house),
    ):
        if address.is_certain and address.value:
            held.add((str(FoundKind.ADDRESS), address.value))
    return held


def _texts(signal: Signal, matched: list[SignalSubject]) -> list[tuple[str, str]]:
    texts = [(str(FoundSource.DESCRIPTION), signal.description)]
    texts += [(str(FoundSource.SUBJECT), s.description) for s in matched]
    additions = signal.events.filter(kind=EventKind.REPORTER_ADDITION).order_by("at")
    texts += [
        (str(FoundSource.ADDITION), text) for text in additions.values_list("text", flat=True)
    ]
    return texts


def _not_proposed(signal: Signal, subjects: list[SignalSubject]) -> set[tuple[str, str]]:
    skip: set[tuple[str, str]] = set()
    for subject in subjects:
        skip |= held_values(dict(subject.details or {}))
    if signal.postcode and signal.house_number:
        skip |= held_values(
            {
                "postcode": signal.postcode,
                "house_number": str(signal.house_number),
                "house_number_addition": signal.house_number_addition,
            }
        )
    skip |= reporter_contact_values(signal)
    return skip


def found_sync(
    signal: Signal,
    subjects: list[SignalSubject] | None = None,
    matched: list[SignalSubject] | None = None,
) -> list[FoundIdentifier]:
    """Bring the signal's found identifiers up to date with its texts (in the caller's
    transaction) and return them all. New values become open proposals; an open proposal whose
    value left the text, or that the signal now holds elsewhere, goes; decided ones stay.
    ``subjects`` and ``matched`` (those not restricted): when the caller has read them."""
    subjects = list(signal.subjects.all()) if subjects is None else subjects
    if matched is None:
        matched = without_restricted(subjects)  # restricted: not matched (AVG art. 18)
    wanted: dict[tuple[str, str], tuple[Found, str]] = {}
    for source, text in _texts(signal, matched):
        for item in extract_identifiers(text):
            if item.kind in FoundKind.values:
                wanted.setdefault((item.kind, item.value), (item, source))
    skip = _not_proposed(signal, subjects)
    rows = {(f.kind, f.value): f for f in FoundIdentifier.objects.filter(signal=signal)}
    gone = {
        row.pk
        for key, row in rows.items()
        if row.status == FoundStatus.OPEN and (key not in wanted or key in skip)
    }
    if gone:
        FoundIdentifier.objects.filter(pk__in=gone).delete()
    fresh = [
        FoundIdentifier(
            signal=signal,
            kind=kind,
            value=value[:300],
            text=item.text[:300],
            parts=dict(item.parts),
            source=source,
        )
        for (kind, value), (item, source) in wanted.items()
        if (kind, value) not in rows and (kind, value) not in skip and len(value) <= 300
    ]
    if fresh:
        FoundIdentifier.objects.bulk_create(fresh)
    kept = [row for row in rows.values() if row.pk not in gone]
    return sorted(kept + fresh, key=lambda row: (row.created_at, row.text))
