"""Derived work after a signal's traces changed: its digests in the regional hit/no-hit index
and the stacking alerts. It runs after the save has committed (``schedule_derived``), per
signal, never inside the user's transaction; a failure is logged (no personal data) and the
nightly ``hit_index_rebuild`` repairs the index.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from functools import partial

from django.db import transaction

from signaalroute.accounts.models import Organisation
from signaalroute.hits.services import (
    HitSourceInput,
    hit_index_rebuild_municipality,
    hit_sources_replace,
)
from signaalroute.signals.models import Signal

from .alerts import alerts_check
from .models import Trace

logger = logging.getLogger(__name__)


def signal_derived_refresh(*, signal_id: uuid.UUID) -> None:
    """Bring the signal's hit-index digests up to date, then check its stacks' alerts."""
    signal = Signal.objects.select_related("municipality").filter(pk=signal_id).first()
    with transaction.atomic():
        if signal is None:
            hit_sources_replace(source_id=signal_id, municipality=None, traces=[])
            return
        traces = Trace.objects.filter(signal=signal).values_list("kind", "record")
        hit_sources_replace(
            source_id=signal.pk, municipality=signal.municipality, traces=list(traces)
        )
        alerts_check(signal=signal)


def schedule_derived(signal_id: uuid.UUID) -> None:
    """Run `signal_derived_refresh` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(_run, signal_id))


def _run(signal_id: uuid.UUID) -> None:
    try:
        signal_derived_refresh(signal_id=signal_id)
    except Exception as error:  # the save has committed: never turn it into an error page
        # The exception's text can hold values (e.g. of a failed insert): log its type only.
        logger.error(
            "derived stacking work failed",
            extra={"event": "stacking.derived", "code": type(error).__name__},
        )


def sources_of(municipality: Organisation) -> Iterable[HitSourceInput]:
    """Every signal of the municipality with the identifiers of its traces (for the rebuild)."""
    grouped: dict[uuid.UUID, list[tuple[str, dict]]] = {}
    rows = Trace.objects.filter(municipality=municipality).values_list(
        "signal_id", "kind", "record"
    )
    for signal_id, kind, record in rows.iterator(chunk_size=500):
        grouped.setdefault(signal_id, []).append((kind, record or {}))
    return [HitSourceInput(source_id=s, traces=t) for s, t in grouped.items()]


def hit_index_rebuild_from_traces(municipality: Organisation) -> tuple[int, int]:
    """The nightly repair: one municipality's sources and entries recomputed from its traces."""
    return hit_index_rebuild_municipality(municipality, sources_of(municipality))
