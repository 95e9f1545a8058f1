"""Re-file existing traces under the blocking keys the matching library makes now.

Blocking keys are derived data: when the library gains keys (a typo-proof name key, the digits
of a phone outside the numbering plan), traces saved before still sit under the old ones and
would never meet a new trace through them. ``traces_reindex`` recomputes every trace's keys
from its stored record; with ``match`` it then proposes, for the traces whose keys changed,
the candidates the new keys find (pairs decided or proposed before are left alone, so a
rejection never comes back). Run ``manage.py stacking_reindex`` once after an upgrade that
says so in its release notes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction

from .engine import match_trace
from .models import Trace
from .traces import trace_keys, trace_keys_replace

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
    each batch in its own transaction: an interrupted run leaves every trace either as it was
    or re-filed, and running it again finishes the work."""
    result = ReindexResult()
    traces = Trace.objects.order_by("pk")
    if municipality_id is not None:
        traces = traces.filter(municipality_id=municipality_id)
    ids = list(traces.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            for trace in Trace.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk"):
                result.traces += 1
                if _reindex_one(trace, result):
                    result.changed += 1
                    if match:
                        result.candidates += len(match_trace(trace))
    return result
