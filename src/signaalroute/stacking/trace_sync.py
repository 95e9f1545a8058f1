"""Bringing a signal's traces in line with the signal (``traces.py`` says what a trace holds):
one per subject that may be matched, one per open identifier found in its text, one for its
location when that is an address. A trace whose kind and record did not change is left as it
is, so ``engine.py`` matches only what is new or changed.

Runs on every save of a signal and every enrichment of a subject: the signal's traces and
their filed keys are read once (two queries), whatever the number of traces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from signaalroute.signals.models import Signal, SignalSubject
from signaalroute.signals.restrictions import without_restricted

from .found import found_details, found_trace_kind
from .models import FoundIdentifier, FoundStatus, Trace, TraceKey, TraceKind
from .traces import flags_for, label_for, location_details, seen_at, trace_keys


@dataclass(frozen=True)
class SyncedTrace:
    """A trace after :func:`traces_sync`: its blocking keys, and whether what it is matched on
    (kind and record) is new or changed since it was last matched. An unchanged trace need not
    be matched again: every trace filed after it was compared with it when it was filed."""

    trace: Trace
    keys: frozenset[str]
    changed: bool


def trace_keys_replace(
    trace: Trace,
    wanted: set[str],
    *,
    municipality_id: Any = None,
    existing: set[str] | None = None,
) -> tuple[int, int]:
    """File `trace` under exactly the keys `wanted` (new keys in `municipality_id`, by default
    the trace's): (keys added, keys removed). ``existing``: the keys it is filed under now, when
    the caller has read them."""
    municipality_id = municipality_id or trace.municipality_id
    if existing is None:
        existing = set(trace.keys.values_list("key", flat=True))
    removed = trace.keys.exclude(key__in=wanted).delete()[0] if existing - wanted else 0
    added = sorted(wanted - existing)
    if added:
        TraceKey.objects.bulk_create(
            [TraceKey(trace=trace, municipality_id=municipality_id, key=key) for key in added]
        )
    return len(added), removed


class _Filed:
    """The signal's traces as they are in the database, with the keys each is filed under."""

    def __init__(self, signal: Signal) -> None:
        self.traces = list(Trace.objects.filter(signal=signal))
        self.keys: dict[Any, set[str]] = {trace.pk: set() for trace in self.traces}
        if self.traces:
            rows = TraceKey.objects.filter(trace__in=self.traces).values_list("trace_id", "key")
            for trace_id, key in rows:
                self.keys[trace_id].add(key)
        self.kept: set[Any] = set()

    def take(self, *, subject: Any = None, found: Any = None) -> Trace | None:
        """The trace of this subject, found identifier or (neither) location, if there is one."""
        for trace in self.traces:
            if trace.subject_id == subject and trace.found_id == found:
                self.kept.add(trace.pk)
                return trace
        return None

    def delete_the_rest(self) -> None:
        gone = [trace.pk for trace in self.traces if trace.pk not in self.kept]
        if gone:  # cascades to their keys and candidates
            Trace.objects.filter(pk__in=gone).delete()


def _sync_trace(
    signal: Signal,
    filed: _Filed,
    kind: str,
    details: dict[str, Any],
    fallback: str,
    *,
    subject: SignalSubject | None = None,
    found: FoundIdentifier | None = None,
) -> SyncedTrace:
    trace = filed.take(
        subject=subject.pk if subject is not None else None,
        found=found.pk if found is not None else None,
    )
    keys = frozenset(trace_keys(kind, details))
    label = label_for(kind, details, fallback)[:300]
    if trace is not None and trace.kind == kind and trace.record == details:
        if trace.label != label:
            trace.label = label
            trace.save(update_fields=["label"])
        now = filed.keys[trace.pk]
        if now != keys:  # filed under other keys (a library change, a partial save): repair
            trace_keys_replace(
                trace, set(keys), municipality_id=signal.municipality_id, existing=now
            )
        return SyncedTrace(trace, keys, changed=now != keys)
    existing = filed.keys[trace.pk] if trace is not None else set()
    trace = trace or Trace(
        signal=signal, subject=subject, found=found, municipality_id=signal.municipality_id
    )
    trace.kind = kind
    trace.record = details
    trace.flags = flags_for(kind, details)
    trace.label = label
    trace.save()
    trace_keys_replace(trace, set(keys), municipality_id=signal.municipality_id, existing=existing)
    return SyncedTrace(trace, keys, changed=True)


def _kind_of_subject(subject: SignalSubject) -> str:
    return subject.kind if subject.kind in TraceKind.values else TraceKind.PERSON


def traces_sync(
    signal: Signal,
    found: list[FoundIdentifier] | None = None,
    *,
    matched: list[SignalSubject] | None = None,
) -> list[SyncedTrace]:
    """(Re)build the traces of a signal: its subjects that are not restricted (``matched``
    when the caller has read them), the open identifiers found in its text (``found``, from
    ``found.found_sync``), and its location when that is an address. Traces of what is gone
    (a restricted subject's included) are deleted."""
    filed = _Filed(signal)
    traces = []
    location = location_details(signal)
    if matched is None:  # restricted: not matched (AVG art. 18)
        matched = without_restricted(signal.subjects.all())
    for subject in matched:
        details = dict(subject.details or {})
        kind = _kind_of_subject(subject)
        if kind == TraceKind.PERSON:
            details = seen_at(details, location)
        traces.append(
            _sync_trace(signal, filed, kind, details, subject.description, subject=subject)
        )
    for item in found or ():
        if item.status == FoundStatus.OPEN:
            kind = found_trace_kind(item.kind)
            traces.append(
                _sync_trace(signal, filed, kind, found_details(item), item.text, found=item)
            )
    if location is not None:
        traces.append(_sync_trace(signal, filed, TraceKind.ADDRESS, location, signal.postcode))
    filed.delete_the_rest()
    return traces
