"""The stacking engine against the database: a signal's traces, their keys, the candidates.

When a signal is saved or a subject is enriched, ``signal_stack_index`` (re)builds the signal's
traces and matches those that are new or changed (``trace_sync.py``: one per subject, one for
an address location), files their blocking keys in ``TraceKey`` and runs :func:`matching.matcher.candidates` against the earlier traces of the same
municipality: the focal officers of that municipality are the ones who may see both signals.
Other municipalities are only ever reached through the hit/no-hit index.

Each pair is decided by :func:`matching.link.link`, the same function the memory index, the
benchmark and ``manage.py stacking_dedupe`` call; this module only finds the earlier traces and
writes the candidates. Kinds with a Fellegi-Sunter model (person, address, organisation) are
scored, so a shared phone never overrides a contradicting name or date of birth; two vehicles or
two online traces sharing an identifier are "certain"; a shared identifier between traces of
different kinds (an advert's phone and a person's phone) is a "possible" candidate with that
identifier as its reason.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Hashable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from signaalroute.matching.link import Entry
from signaalroute.matching.matcher import MAX_KEY_MEMBERS, candidates
from signaalroute.matching.scoring import Parameters, Score
from signaalroute.signals.models import Signal
from signaalroute.signals.restrictions import without_restricted

from .found import found_sync
from .learning import parameters_in_use
from .models import Candidate, CandidateStatus, Trace, TraceKey
from .trace_sync import traces_sync
from .traces import entry_for


class _DatabaseIndex:
    """The engine's index: TraceKey rows of one municipality, the traces' entries."""

    def __init__(self, municipality_id: uuid.UUID, exclude_signal: uuid.UUID) -> None:
        self.municipality_id = municipality_id
        self.exclude_signal = exclude_signal
        self._members: dict[str, list[Hashable]] = {}
        self._entries: dict[Hashable, Entry] = {}

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
        for pk, kind, record in Trace.objects.filter(pk__in=ids).values_list(
            "id", "kind", "record"
        ):
            self._entries[pk] = entry_for(kind, record)

    def members(self, key: str) -> list[Hashable]:
        return [i for i in self._members.get(key, []) if i in self._entries]

    def entry(self, ident: Hashable) -> Entry:
        return self._entries[ident]


def _pair(a: Any, b: Any) -> tuple[Any, Any]:
    return (a, b) if str(a) < str(b) else (b, a)


def _known_pairs(trace: Trace) -> dict[tuple[Any, Any], Candidate]:
    rows = Candidate.objects.filter(Q(trace_a=trace) | Q(trace_b=trace)).only(
        "trace_a_id", "trace_b_id", "status", "tier", "weight", "probability", "reasons"
    )
    return {(row.trace_a_id, row.trace_b_id): row for row in rows}


_SCORED = ("tier", "weight", "probability", "reasons")


def _reasons(score: Score) -> list[list[str]]:
    """A candidate's reasons as stored: the eight strongest [field, level] pairs."""
    return [list(reason) for reason in score.reasons[:8]]


def match_trace(
    trace: Trace, params: Parameters | None = None, keys: Iterable[str] | None = None
) -> list[Candidate]:
    """Propose candidates for one trace against the earlier traces of its municipality, with
    the parameters in use there (``learning.parameters_in_use``) unless ``params``, under its
    filed keys (read from ``TraceKey`` unless ``keys``)."""
    keys = list(trace.keys.values_list("key", flat=True) if keys is None else keys)
    if not keys:
        return []
    params = params or parameters_in_use(trace.municipality_id)
    index = _DatabaseIndex(trace.municipality_id, trace.signal_id)
    index.load(keys)
    known = _known_pairs(trace)
    made, rescored = [], []
    entry = entry_for(trace.kind, trace.record)
    for match in candidates(entry, index, keys=keys, params=params):
        a, b = _pair(trace.pk, match.ident)
        s = match.score
        assert s.tier is not None  # candidates() returns proposed pairs only
        before = known.get((a, b))
        if before is not None:
            # decided before: a rejection never comes back, a confirmation stays; a proposal
            # not yet decided takes the score of the details as they are now
            if before.status == CandidateStatus.PROPOSED:
                now = (s.tier, s.weight, s.probability, _reasons(s))
                if now != tuple(getattr(before, name) for name in _SCORED):
                    before.tier, before.weight, before.probability, before.reasons = now
                    rescored.append(before)
            continue
        made.append(
            Candidate(
                trace_a_id=a,
                trace_b_id=b,
                municipality_id=trace.municipality_id,
                tier=s.tier,
                weight=s.weight,
                probability=s.probability,
                reasons=_reasons(s),
            )
        )
    Candidate.objects.bulk_create(made)
    if rescored:
        Candidate.objects.bulk_update(rescored, list(_SCORED))
    return made


@transaction.atomic(savepoint=False)  # part of the caller's save: it fails with it
def signal_stack_index(*, signal: Signal) -> list[Candidate]:
    """Find the identifiers in the signal's text, build its traces and propose candidates (in the
    caller's transaction). The hit index and the stacking alerts follow after commit:
    `stacking.derived.schedule_derived`."""
    made: list[Candidate] = []
    params = parameters_in_use(signal.municipality_id)
    subjects = list(signal.subjects.all())
    matched = without_restricted(subjects)  # restricted: not matched (AVG art. 18)
    found = found_sync(signal, subjects, matched)
    for synced in traces_sync(signal, found, matched=matched):
        if synced.changed:
            made += match_trace(synced.trace, params, synced.keys)
    return made


def stack_links(*, include_proposed: bool = True) -> Q:
    """The links that make a stack: confirmed ones, and (``include_proposed``) the proposed links
    of tier certain or probable, so a stack adds up before the officer confirms. The one
    definition behind the stack page, the stacking alerts and the worklist's stack mark."""
    condition = Q(status=CandidateStatus.CONFIRMED)
    if include_proposed:
        condition |= Q(status=CandidateStatus.PROPOSED, tier__in=["certain", "probable"])
    return condition


def links_hand_over(*, old: Trace, new: Trace) -> int:
    """The links decided on ``old`` (confirmed, rejected, undone) move to ``new``, the trace that
    now holds its value (an identifier found in the text, accepted into a subject's details), so
    a decision is not lost nor asked again. A pair ``new`` already has keeps its own decision;
    open proposals are not moved (matching ``new`` proposes them afresh). Returns the number
    moved."""
    moved = 0
    decided = Candidate.objects.filter(Q(trace_a=old) | Q(trace_b=old)).exclude(
        status=CandidateStatus.PROPOSED
    )
    for candidate in decided:
        other = candidate.trace_b_id if candidate.trace_a_id == old.pk else candidate.trace_a_id
        if other == new.pk:
            continue
        a, b = _pair(new.pk, other)
        if Candidate.objects.filter(trace_a_id=a, trace_b_id=b).exists():
            continue
        candidate.trace_a_id, candidate.trace_b_id = a, b
        candidate.save(update_fields=["trace_a", "trace_b"])
        moved += 1
    return moved


def stack_of(trace: Trace, *, include_proposed: bool = False) -> set[Any]:
    """The ids of the traces linked to ``trace`` (itself included), following confirmed links
    (and proposed certain/probable ones when ``include_proposed``)."""
    seen = {trace.pk}
    frontier = {trace.pk}
    condition = stack_links(include_proposed=include_proposed)
    while frontier:
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
