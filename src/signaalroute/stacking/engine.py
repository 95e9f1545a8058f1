"""The stacking engine against the database: a signal's traces, their keys, the candidates.

When a signal is saved or a subject is enriched, ``signal_stack_index`` (re)builds the signal's
traces (one per subject, one for an address location), files their blocking keys in
``TraceKey`` and runs :func:`matching.matcher.candidates` against the earlier traces of the same
municipality: the focal officers of that municipality are the ones who may see both signals.
Other municipalities are only ever reached through the hit/no-hit index.

Kinds with a Fellegi-Sunter model (person, address, organisation) are scored; vehicles and online
traces, and any trace that shares an exact identifier (phone, e-mail, IBAN, plate) with a trace
of another kind, are proposed as "certain" on that identifier alone.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from signaalroute.matching.blocking import blocking_keys, identifier_key
from signaalroute.matching.matcher import MAX_KEY_MEMBERS, candidates
from signaalroute.matching.normalise import Normalised, normalise_text
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
from signaalroute.matching.scoring import default_parameters
from signaalroute.signals.models import LocationKind, Signal, SignalSubject

from .models import Candidate, CandidateStatus, Trace, TraceKey, TraceKind

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
SCORED_KINDS = frozenset({TraceKind.PERSON, TraceKind.ADDRESS, TraceKind.ORGANISATION})
# Identifier keys that may link traces of different kinds (an advert's phone = a person's phone).
CROSS_KIND = ("phone", "email", "iban", "plate", "url", "advert", "handle")


def _list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(",", "\n").splitlines()
    return tuple(str(v).strip() for v in value or () if str(v).strip())


def record_for(kind: str, details: dict[str, Any]) -> Record | None:
    """The matching record of a trace (values as given); None for identifier-only kinds."""
    text: dict[str, str] = {
        k: str(v or "").strip() for k, v in details.items() if k not in LIST_FIELDS
    }
    lists: dict[str, tuple[str, ...]] = {
        k: _list(v) for k, v in details.items() if k in LIST_FIELDS
    }

    def t(name: str) -> str:
        return text.get(name, "")

    def many(name: str) -> tuple[str, ...]:
        return lists.get(name, ())

    if kind == TraceKind.PERSON:
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


def identifier_keys(details: dict[str, Any]) -> set[str]:
    """Exact identifiers of any kind of trace, as cross-kind keys ("id|phone:+316…")."""
    keys: set[str] = set()
    normalisers: dict[str, tuple[str, Callable[[object], Normalised]]] = {
        "phones": ("phone", normalise_phone),
        "emails": ("email", normalise_email),
        "ibans": ("iban", normalise_iban),
        "plates": ("plate", normalise_plate),
        "urls": ("url", normalise_text),
        "advert_ids": ("advert", normalise_text),
        "handles": ("handle", normalise_text),
    }
    for name, (prefix, normalise) in normalisers.items():
        for value in _list(details.get(name)):
            result = normalise(value)
            if result.value and result.flag == "":
                keys.add("id|" + identifier_key(prefix, result.value))
    return keys


def trace_keys(kind: str, details: dict[str, Any]) -> set[str]:
    record = record_for(kind, details)
    keys = {f"{kind}|{key}" for key in blocking_keys(record)} if record is not None else set()
    return keys | identifier_keys(details)


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
        for value in _list(details.get(name)) if name in LIST_FIELDS else [details.get(name)]:
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
            " ".join(_list(d.get("trade_names"))) if kind == TraceKind.ORGANISATION else "",
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
        ", ".join(_list(d.get("plates")) + _list(d.get("urls")) + _list(d.get("handles")))
        or fallback
    )


def _location_details(signal: Signal) -> dict[str, Any] | None:
    if signal.location_kind != LocationKind.ADDRESS or not signal.postcode:
        return None
    return {
        "postcode": signal.postcode,
        "house_number": str(signal.house_number or ""),
        "house_number_addition": signal.house_number_addition,
    }


def _kind_of_subject(subject: SignalSubject) -> str:
    return subject.kind if subject.kind in TraceKind.values else TraceKind.PERSON


def _sync_trace(
    signal: Signal, subject: SignalSubject | None, kind: str, details: dict[str, Any], fallback: str
) -> Trace:
    found = (
        Trace.objects.filter(subject=subject)
        if subject is not None
        else Trace.objects.filter(signal=signal, subject__isnull=True)
    )
    trace = found.first() or Trace(
        signal=signal, subject=subject, municipality_id=signal.municipality_id
    )
    trace.kind = kind
    trace.record = details
    trace.flags = flags_for(kind, details)
    trace.label = label_for(kind, details, fallback)[:300]
    trace.save()
    wanted = trace_keys(kind, details)
    existing = set(trace.keys.values_list("key", flat=True))
    trace.keys.exclude(key__in=wanted).delete()
    TraceKey.objects.bulk_create(
        [
            TraceKey(trace=trace, municipality_id=signal.municipality_id, key=key)
            for key in sorted(wanted - existing)
        ]
    )
    return trace


def traces_sync(signal: Signal) -> list[Trace]:
    """(Re)build the traces of a signal: its subjects, and its location when that is an address."""
    traces = []
    for subject in signal.subjects.all():
        details = dict(subject.details or {})
        traces.append(
            _sync_trace(signal, subject, _kind_of_subject(subject), details, subject.description)
        )
    location = _location_details(signal)
    if location is not None:
        traces.append(_sync_trace(signal, None, TraceKind.ADDRESS, location, signal.postcode))
    else:
        Trace.objects.filter(signal=signal, subject__isnull=True).delete()
    return traces


class _DatabaseIndex:
    """The engine's index: TraceKey rows of one municipality, the traces' records."""

    def __init__(self, municipality_id: uuid.UUID, exclude_signal: uuid.UUID) -> None:
        self.municipality_id = municipality_id
        self.exclude_signal = exclude_signal
        self._members: dict[str, list[Hashable]] = {}
        self._records: dict[Hashable, Record] = {}

    def load(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        earlier = TraceKey.objects.filter(
            municipality_id=self.municipality_id, key__in=keys
        ).exclude(trace__signal_id=self.exclude_signal)
        # Count first, then fetch the members of the keys within the cap only: a very common
        # key (a shared office phone) would otherwise load thousands of rows for nothing.
        counts = dict(earlier.values("key").annotate(n=Count("id")).values_list("key", "n"))
        usable = [key for key, n in counts.items() if n <= MAX_KEY_MEMBERS]
        for key, trace_id in earlier.filter(key__in=usable).values_list("key", "trace_id"):
            self._members.setdefault(key, []).append(trace_id)
        ids = {i for members in self._members.values() for i in members}
        for trace in Trace.objects.filter(pk__in=ids).only("id", "kind", "record"):
            record = record_for(trace.kind, trace.record)
            if record is not None:
                self._records[trace.pk] = record

    def members(self, key: str) -> list[Hashable]:
        return [i for i in self._members.get(key, []) if i in self._records]

    def record(self, ident: Hashable) -> Record:
        return self._records[ident]

    def sharing(self, key: str) -> list[Hashable]:
        return self._members.get(key, [])


def _pair(a: Any, b: Any) -> tuple[Any, Any]:
    return (a, b) if str(a) < str(b) else (b, a)


def _known_pairs(trace: Trace) -> set[tuple[Any, Any]]:
    rows = Candidate.objects.filter(Q(trace_a=trace) | Q(trace_b=trace)).values_list(
        "trace_a_id", "trace_b_id"
    )
    return {(a, b) for a, b in rows}


def match_trace(trace: Trace) -> list[Candidate]:
    """Propose candidates for one trace against the earlier traces of its municipality."""
    keys = list(trace.keys.values_list("key", flat=True))
    if not keys:
        return []
    index = _DatabaseIndex(trace.municipality_id, trace.signal_id)
    index.load(keys)
    known = _known_pairs(trace)
    proposals: dict[Any, tuple[str, float, float, list[list[str]]]] = {}
    record = record_for(trace.kind, trace.record)
    if record is not None and trace.kind in SCORED_KINDS:
        kind_keys = [k for k in keys if not k.startswith("id|")]
        for match in candidates(record, index, keys=kind_keys, params=default_parameters()):
            s = match.score
            proposals[match.ident] = (
                str(s.tier),
                s.weight,
                s.probability,
                [list(r) for r in s.reasons[:8]],
            )
    for key in (k for k in keys if k.startswith("id|")):
        for other in index.sharing(key):
            if other not in proposals or proposals[other][0] != "certain":
                identifier = key.split("|", 1)[1].split(":", 1)[0]
                proposals[other] = ("certain", 30.0, 1.0, [[identifier, "agree"]])
    made = []
    for other, (tier, weight, p, reasons) in proposals.items():
        a, b = _pair(trace.pk, other)
        if (a, b) in known:
            continue  # decided or proposed before: a rejection never comes back
        made.append(
            Candidate(
                trace_a_id=a,
                trace_b_id=b,
                municipality_id=trace.municipality_id,
                tier=tier,
                weight=weight,
                probability=p,
                reasons=reasons,
            )
        )
    Candidate.objects.bulk_create(made)
    return made


@transaction.atomic
def signal_stack_index(*, signal: Signal) -> list[Candidate]:
    """Build the signal's traces and propose candidates (in the caller's transaction). The hit
    index and the stacking alerts follow after commit: `stacking.derived.schedule_derived`."""
    made: list[Candidate] = []
    for trace in traces_sync(signal):
        made += match_trace(trace)
    return made


def stack_of(trace: Trace, *, include_proposed: bool = False) -> set[Any]:
    """The ids of the traces linked to ``trace`` (itself included), following confirmed links
    (and proposed certain/probable ones when ``include_proposed``)."""
    statuses = [CandidateStatus.CONFIRMED]
    seen = {trace.pk}
    frontier = {trace.pk}
    while frontier:
        condition = Q(status__in=statuses)
        if include_proposed:
            condition |= Q(status=CandidateStatus.PROPOSED, tier__in=["certain", "probable"])
        rows = Candidate.objects.filter(
            condition, Q(trace_a_id__in=frontier) | Q(trace_b_id__in=frontier)
        ).values_list("trace_a_id", "trace_b_id")
        found = {i for pair in rows for i in pair} - seen
        seen |= found
        frontier = found
        if len(seen) > 500:  # a stack this big is a data problem; stop walking
            break
    return seen


def stack_signature(signal_ids: Iterable[Any]) -> str:
    return hashlib.sha256("|".join(sorted(str(i) for i in signal_ids)).encode()).hexdigest()


def record_fields(kind: str) -> tuple[str, ...]:
    return DETAIL_FIELDS.get(kind, ())


__all__ = [
    "DETAIL_FIELDS",
    "match_trace",
    "record_for",
    "signal_stack_index",
    "stack_of",
    "traces_sync",
]
