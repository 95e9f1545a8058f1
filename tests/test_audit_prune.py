"""Pruning the oldest audit entries under retention: only a prefix goes, the chain keeps
verifying from the anchor (`audit_verify`), an entry that must stay keeps everything after it,
a run broken off between batches goes on, and an anchor without a pruning is not believed."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from signaalroute.audit import prune
from signaalroute.audit.models import AuditAnchor, AuditEntry
from signaalroute.audit.prune import audit_prune, prunable_count
from signaalroute.audit.services import audit_record
from signaalroute.audit.verify import verify_chain
from tests.audit_chain import backdate, triggers_off

pytestmark = pytest.mark.django_db

OLD = timezone.now() - dt.timedelta(days=800)


def _aged(n: int, days: int = 800) -> list[AuditEntry]:
    """n entries whose timestamp lies `days` back (set before hashing, as if written then)."""
    entries = []
    for i in range(n):
        entry = audit_record(actor=None, action=f"test.old{i}", extra={"i": i})
        entries.append(entry)
    backdate(days, only={e.pk for e in entries})
    return [AuditEntry.objects.get(pk=e.pk) for e in entries]


def _cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=365)


def test_pruning_removes_the_old_prefix_and_the_chain_still_verifies() -> None:
    _aged(5)
    recent = [audit_record(actor=None, action=f"test.new{i}") for i in range(3)]
    assert verify_chain().ok
    assert prunable_count(before=_cutoff()) == 5
    assert audit_prune(before=_cutoff(), batch=2) == 5
    assert not AuditEntry.objects.filter(action__startswith="test.old").exists()
    assert AuditEntry.objects.filter(action__startswith="test.new").count() == 3
    report = verify_chain()
    assert report.ok, report.reason
    assert report.anchor_position == 5
    assert AuditAnchor.objects.count() == 3  # batches of 2: 2, 2, 1
    assert AuditEntry.objects.filter(action="audit.prune").count() == 3
    assert report.head_hash == AuditEntry.objects.order_by("-position").first().entry_hash
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "Audit chain intact" in out.getvalue() and "up to 5 were pruned" in out.getvalue()
    assert recent[0].position == 6  # positions are kept: the chain goes on, no renumbering
    # Nothing more to do: a second run removes nothing, and new entries link on.
    assert audit_prune(before=_cutoff()) == 0
    audit_record(actor=None, action="test.after")
    assert verify_chain().ok


def test_a_dry_count_changes_nothing() -> None:
    _aged(4)
    audit_record(actor=None, action="test.new")
    before = list(AuditEntry.objects.order_by("position").values_list("entry_hash", flat=True))
    assert prunable_count(before=_cutoff()) == 4
    after = list(AuditEntry.objects.order_by("position").values_list("entry_hash", flat=True))
    assert before == after and not AuditAnchor.objects.exists()


def test_the_newest_entry_is_never_pruned() -> None:
    _aged(3)
    assert audit_prune(before=timezone.now() + dt.timedelta(days=1)) == 2
    assert verify_chain().ok


def test_an_entry_that_must_stay_keeps_everything_after_it() -> None:
    entries = _aged(6)
    audit_record(actor=None, action="test.new")
    keep_from = entries[3].position
    assert prunable_count(before=_cutoff(), keep_from=keep_from) == 3
    assert audit_prune(before=_cutoff(), keep_from=keep_from) == 3
    assert AuditEntry.objects.filter(pk=entries[3].pk).exists()
    assert verify_chain().ok


def test_a_run_broken_off_between_batches_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    _aged(5)
    audit_record(actor=None, action="test.new")
    real = prune._prune_batch
    calls = {"n": 0}

    def breaks(*args: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("killed")
        return real(*args)

    monkeypatch.setattr(prune, "_prune_batch", breaks)
    with pytest.raises(RuntimeError):
        audit_prune(before=_cutoff(), batch=2)
    assert AuditEntry.objects.filter(action__startswith="test.old").count() == 3
    assert verify_chain().ok  # whole batches only: the chain verifies from the first anchor
    monkeypatch.setattr(prune, "_prune_batch", real)
    assert audit_prune(before=_cutoff(), batch=2) == 3
    assert verify_chain().ok and verify_chain().anchor_position == 5


def test_an_anchor_the_chain_does_not_confirm_fails() -> None:
    entries = _aged(4)
    audit_record(actor=None, action="test.new")
    with triggers_off():  # an attacker: removes two entries and writes an anchor of their own
        AuditAnchor.objects.create(
            position=entries[1].position, entry_hash=entries[1].entry_hash, removed=2, before=OLD
        )
        AuditEntry.objects.filter(position__lte=entries[1].position).delete()
    report = verify_chain()
    assert not report.ok and "not confirmed" in report.reason


def test_removing_the_anchor_is_detected() -> None:
    _aged(4)
    audit_record(actor=None, action="test.new")
    audit_prune(before=_cutoff())
    with triggers_off():
        AuditAnchor.objects.all().delete()
    report = verify_chain()
    assert not report.ok and report.broken_position == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_deletes_only_what_an_anchor_covers() -> None:
    entries = _aged(4)
    audit_record(actor=None, action="test.new")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).delete()
    audit_prune(before=_cutoff(), batch=2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(action="test.new").update(action="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditAnchor.objects.all().delete()
    assert verify_chain().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_delete_young_history_even_under_an_anchor() -> None:
    """With the application's credentials one could write an anchor of one's own; the trigger
    still lets only entries of 180 days and older go."""
    young = [audit_record(actor=None, action=f"test.young{i}") for i in range(3)]
    AuditAnchor.objects.create(
        position=young[1].position, entry_hash=young[1].entry_hash, removed=2, before=OLD
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=young[0].pk).delete()
    assert AuditEntry.objects.filter(pk=young[0].pk).exists()


def test_a_hold_placed_while_the_run_goes_on_stops_it_there() -> None:
    entries = _aged(6)
    asked: list[int] = []

    def held() -> int | None:
        asked.append(1)
        return None if len(asked) <= 2 else entries[3].position  # placed after the 1st batch

    removed = audit_prune(before=_cutoff(), held=held, batch=2)
    assert removed == 3  # the first batch (2), then up to the held entry (1 more)
    assert AuditEntry.objects.filter(pk=entries[3].pk).exists()
    assert len(asked) >= 3  # asked again in every batch
    assert verify_chain().ok
