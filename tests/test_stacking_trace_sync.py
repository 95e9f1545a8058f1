"""Keeping a signal's traces in line with it (``stacking.trace_sync``): what is kept, what goes,
and that the work per save does not grow with the number of traces of the signal."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from signaalroute.intake.inputs import SubjectInput
from signaalroute.signals.restrictions import SubjectRestriction
from signaalroute.stacking.engine import signal_stack_index
from signaalroute.stacking.models import Trace, TraceKey
from signaalroute.stacking.services import subject_enrich

from .test_stacking_engine import report

pytestmark = pytest.mark.django_db


def _persons(n: int) -> list[SubjectInput]:
    return [SubjectInput(kind="person", role="victim", description=f"man {i}") for i in range(n)]


def _enriched(personas: Any, n: int) -> Any:
    signal = report(personas, "alice", subjects=_persons(n))
    for i, subject in enumerate(signal.subjects.order_by("description")):
        subject_enrich(
            actor=personas["carla"],
            subject=subject,
            details={"given_names": "Ion", "surname": f"Popescu{i}", "phones": f"0612345{i:03d}"},
        )
    return signal


def _queries_of_a_restack(signal: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        signal_stack_index(signal=signal)
    return len(queries)


def test_an_unchanged_signal_costs_the_same_whatever_its_number_of_subjects(
    personas: Any,
) -> None:
    one, five = _enriched(personas, 1), _enriched(personas, 5)
    assert Trace.objects.filter(signal=five).count() == 6  # five persons and the address
    assert _queries_of_a_restack(one) == _queries_of_a_restack(five)


def test_traces_are_kept_repaired_and_removed(personas: Any) -> None:
    signal = _enriched(personas, 2)
    first, second = signal.subjects.order_by("description")
    kept = Trace.objects.get(subject=first)
    # Keys lost (a partial save): the next save files the trace again, the trace is the same.
    TraceKey.objects.filter(trace=kept).delete()
    signal_stack_index(signal=signal)
    assert Trace.objects.get(subject=first).pk == kept.pk
    assert TraceKey.objects.filter(trace=kept).exists()
    # A restricted subject is not matched: its trace goes, the other subject's stays.
    SubjectRestriction.objects.create(subject=second, reason="verzoek", placed_by=personas["pim"])
    signal_stack_index(signal=signal)
    assert not Trace.objects.filter(subject=second).exists()
    assert Trace.objects.filter(subject=first).exists()
    # The location changes from an address to none: the location's trace goes.
    signal.location_kind, signal.postcode, signal.house_number = "unknown", "", None
    signal.save(update_fields=["location_kind", "postcode", "house_number"])
    signal_stack_index(signal=signal)
    assert not Trace.objects.filter(signal=signal, subject=None, found=None).exists()
    assert list(Trace.objects.filter(signal=signal).values_list("subject", flat=True)) == [first.pk]
