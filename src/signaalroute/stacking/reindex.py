"""Re-file existing traces under the blocking keys the matching library makes now.

Blocking keys are derived data: when the library gains keys (a typo-proof name key, the digits
of a phone outside the numbering plan), traces saved before still sit under the old ones and
would never meet a new trace through them. ``traces_reindex`` recomputes every trace's keys
from its stored record; with ``match`` it then proposes, for the traces whose keys changed,
the candidates the new keys find (pairs decided or proposed before are left alone, so a
rejection never comes back). Run ``manage.py stacking_reindex`` once after an upgrade that
says so in its release notes. ``traces_refile_sealed`` does the same for the traces holding an
identity-document number only: their keyed hashes change with the field keys, so
``manage.py rotate_field_keys`` calls it (``SIGNAALROUTE_FIELD_KEYS_ROTATED``, conf/wiring.py).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from signaalroute.audit.services import audit_record
from signaalroute.signals.models import SECRET_DETAILS

from .derived import schedule_derived
from .engine import match_trace
from .models import Trace
from .trace_sync import trace_keys_replace
from .traces import trace_keys

BATCH = 500


@dataclass
class ReindexResult:
    traces: int = 0
    changed: int = 0
    keys_added: int = 0
    keys_removed: int = 0
    candidates: int = 0


def _reindex_one(trace: Trace, result: ReindexResult) -> bool:
    added, removed = trace_keys_replace(trace, trace_keys(trace.kind, dict(trace.record or {})))
    result.keys_added += added
    result.keys_removed += removed
    return bool(added or removed)


def traces_reindex(
    *, municipality_id: uuid.UUID | None = None, match: bool = False
) -> ReindexResult:
    """Recompute the keys of every trace (of one municipality), in batches of BATCH traces,
    each batch in its own transaction with its audit entry: an interrupted run leaves every
    trace either as it was or re-filed, and running it again finishes the work."""
    traces = Trace.objects.all()
    if municipality_id is not None:
        traces = traces.filter(municipality_id=municipality_id)
    return _reindex(traces, municipality_id=municipality_id, match=match)


def traces_refile_sealed() -> str:
    """File the traces that hold an identity-document number under the keyed hashes of the
    field keys listed now (after a rotation: the newest key's; once the old key is removed, the
    old key's hashes go). Nothing is matched anew: the same traces share the same keys."""
    result = _reindex(Trace.objects.filter(record__has_any_keys=list(SECRET_DETAILS)))
    return f"stacking.TraceKey: {result.changed} of {result.traces} traces with a document re-filed"


def _reindex(
    traces: QuerySet[Trace], *, municipality_id: uuid.UUID | None = None, match: bool = False
) -> ReindexResult:
    result = ReindexResult()
    ids = list(traces.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            batch = ReindexResult()
            matched: set[uuid.UUID] = set()
            for trace in Trace.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk"):
                batch.traces += 1
                if _reindex_one(trace, batch):
                    batch.changed += 1
                    if match:
                        made = len(match_trace(trace))
                        batch.candidates += made
                        if made:
                            matched.add(trace.signal_id)
            # Each batch is audited with its own commit; new candidates may make a stack, so the
            # signal's derived work (stacking alerts) runs after it, as after a save.
            audit_record(
                actor=None,
                action="stacking.reindex",
                organisation_id=municipality_id,
                extra=dataclasses.asdict(batch),
            )
            for signal_id in sorted(matched, key=str):
                schedule_derived(signal_id)
        for name in ("traces", "changed", "keys_added", "keys_removed", "candidates"):
            setattr(result, name, getattr(result, name) + getattr(batch, name))
    return result
