"""Re-filing existing traces under the keys the library makes now (``stacking_reindex``)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from signaalroute.audit.models import AuditEntry
from signaalroute.intake.inputs import SubjectInput
from signaalroute.stacking.models import Candidate, Trace, TraceKey
from signaalroute.stacking.reindex import traces_reindex
from signaalroute.stacking.services import subject_enrich
from signaalroute.stacking.traces import trace_keys

from .signals import internal_signal

pytestmark = pytest.mark.django_db

PERSON = {"given_names": "Oksana", "surname": "Kovalenko", "date_of_birth": "12-03-1999"}


def _two_of_the_same_person(personas: Any) -> list[Trace]:
    subjects = [SubjectInput(kind="person", role="victim", description="vrouw")]
    traces = []
    for reporter in ("alice", "otto"):
        personas_for = {**personas, "alice": personas[reporter]}
        signal = internal_signal(
            personas_for,
            via_bob=False,
            location_kind="unknown",
            postcode="",
            house_number=None,
            subjects=subjects,
        )
        subject_enrich(actor=personas["carla"], subject=signal.subjects.get(), details=PERSON)
        traces.append(Trace.objects.get(subject=signal.subjects.get()))
    return traces


def test_old_keys_are_replaced_and_the_lost_pair_is_proposed_again(personas: Any) -> None:
    first, second = _two_of_the_same_person(personas)
    assert Candidate.objects.count() == 1
    # As saved by an older version: other keys, and no candidate yet.
    Candidate.objects.all().delete()
    TraceKey.objects.all().delete()
    for trace in (first, second):
        TraceKey.objects.create(trace=trace, municipality_id=trace.municipality_id, key="old|x")
    result = traces_reindex(match=True)
    for trace in (first, second):
        assert set(trace.keys.values_list("key", flat=True)) == trace_keys(trace.kind, trace.record)
    assert result.changed == 2 and result.keys_removed == 2 and result.candidates == 1
    assert Candidate.objects.count() == 1
    # A second run finds nothing to do.
    again = traces_reindex(match=True)
    assert (again.changed, again.candidates) == (0, 0)


def test_a_rejected_pair_does_not_come_back(personas: Any) -> None:
    first, _second = _two_of_the_same_person(personas)
    Candidate.objects.update(status="rejected")
    TraceKey.objects.filter(trace=first).delete()
    assert traces_reindex(match=True).candidates == 0
    assert Candidate.objects.get().status == "rejected"


def test_the_command_reports_audits_and_refuses_an_unknown_municipality(personas: Any) -> None:
    _two_of_the_same_person(personas)
    out = io.StringIO()
    call_command("stacking_reindex", "--municipality", "Soest", stdout=out)
    assert "traces read" in out.getvalue()
    assert AuditEntry.objects.filter(action="stacking.reindex").exists()
    with pytest.raises(CommandError):
        call_command("stacking_reindex", "--municipality", "Atlantis")
