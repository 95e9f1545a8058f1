"""Retention rules of their own: the hit-index digests of closed signals, the files of their
attachments, and the oldest part of the audit log (one period for the installation). Each: a
dry run changes nothing, a run leaves a destruction record, a legal hold keeps what it holds,
and a run broken off goes on."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.audit.models import AuditEntry
from signaalroute.audit.services import audit_record
from signaalroute.audit.verify import verify_chain
from signaalroute.hits.models import HitEntry, HitSource
from signaalroute.hits.services import hit_query
from signaalroute.privacy import retention_index
from signaalroute.privacy.models import (
    AnonymisedRecord,
    DestructionRecord,
    LegalHold,
    RetentionSetting,
)
from signaalroute.privacy.retention import installation_retention_run, retention_run
from signaalroute.signals.models import Attachment, Signal
from signaalroute.stacking.derived import signal_derived_refresh
from signaalroute.stacking.models import Trace
from signaalroute.stacking.services import subject_enrich
from tests.audit_chain import backdate
from tests.signals import internal_signal, soest
from tests.test_stacking_hitindex import PERSON, PHONE, report

pytestmark = pytest.mark.django_db

LONG_AGO = dt.timedelta(days=400)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _close_long_ago(signal: Signal) -> Signal:
    Signal.objects.filter(pk=signal.pk).update(
        state="closed", state_changed_at=timezone.now() - LONG_AGO
    )
    return Signal.objects.get(pk=signal.pk)


def _months(code: str, months: int | None, municipality: Organisation | None = None) -> None:
    RetentionSetting.objects.update_or_create(
        municipality=municipality or soest(), code=code, defaults={"months": months}
    )


def _published(personas: Any, committed: Any, phone: str = PHONE) -> Signal:
    with committed():
        signal = report(personas, "alice", "Soest")
        subject_enrich(
            actor=personas["carla"],
            subject=signal.subjects.get(),
            details=dict(PERSON, phones=phone),
        )
    return signal


def _karin_hears(personas: Any, phone: str = PHONE) -> list[str]:
    return hit_query(actor=personas["karin"], kind="phone", values={"phone": phone})


# --- the hit index ----------------------------------------------------------------------------


def test_the_digests_of_a_long_closed_signal_leave_the_index_and_stay_out(
    personas: Any, committed: Any
) -> None:
    old = _close_long_ago(_published(personas, committed))
    held = _close_long_ago(_published(personas, committed, phone="0655555555"))
    LegalHold.objects.create(signal=held, reason="Strafzaak", placed_by=personas["pim"])
    fresh = _published(personas, committed, phone="0644444444")
    sources = HitSource.objects.filter(source_id=old.pk).count()
    assert sources and _karin_hears(personas) == ["Soest"]
    assert not [
        r
        for r in retention_run(actor=None, municipality=soest(), dry_run=True)
        if r.code == "hit_index"
    ]  # no months: the rule destroys nothing
    _months("hit_index", 12)
    entries = HitEntry.objects.count()
    dry = retention_run(actor=None, municipality=soest(), dry_run=True)
    assert [r.count for r in dry if r.code == "hit_index"] == [sources]
    assert HitEntry.objects.count() == entries  # a dry run changes nothing
    done = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert [r.count for r in done if r.code == "hit_index"] == [sources]
    assert not HitSource.objects.filter(source_id=old.pk).exists()
    assert _karin_hears(personas) == []
    assert Trace.objects.filter(signal=old).exists()  # stacking inside Soest keeps its traces
    assert _karin_hears(personas, "0655555555") == ["Soest"]  # the hold keeps its digests
    assert _karin_hears(personas, "0644444444") == ["Soest"]  # open: not touched
    # Neither a save of the signal nor the nightly rebuild brings the digests back.
    with committed():
        signal_derived_refresh(signal_id=old.pk)
    call_command("hit_index_rebuild", stdout=io.StringIO())
    assert not HitSource.objects.filter(source_id=old.pk).exists()
    assert _karin_hears(personas) == [] and _karin_hears(personas, "0644444444") == ["Soest"]
    assert HitSource.objects.filter(source_id=fresh.pk).exists()
    record = DestructionRecord.objects.get(code="hit_index", dry_run=False)
    assert record.count == sources and record.municipality == soest()


def test_digests_of_a_signal_that_is_gone_go_too(personas: Any, committed: Any) -> None:
    signal = _published(personas, committed)
    HitSource.objects.create(
        municipality=soest(), source_id=signal.pk.__class__(int=1), key_id="k", digest="d" * 64
    )
    _months("hit_index", 12)
    retention_run(actor=None, municipality=soest(), dry_run=False)
    assert not HitSource.objects.filter(digest="d" * 64).exists()
    assert HitSource.objects.filter(source_id=signal.pk).exists()  # open signal: kept


def test_a_broken_off_hit_index_run_goes_on(
    personas: Any, committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _close_long_ago(_published(personas, committed))
    total = HitSource.objects.filter(source_id=old.pk).count()
    assert total >= 2
    _months("hit_index", 12)
    real = retention_index.hit_source_retire
    calls = {"n": 0}

    def killed(source: HitSource) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process is stopped halfway
        real(source)

    monkeypatch.setattr(retention_index, "hit_source_retire", killed)
    with pytest.raises(KeyboardInterrupt):
        retention_run(actor=None, municipality=soest(), dry_run=False)
    assert HitSource.objects.filter(source_id=old.pk).count() == total - 1  # one whole, rest whole
    monkeypatch.setattr(retention_index, "hit_source_retire", real)
    retention_run(actor=None, municipality=soest(), dry_run=False)
    assert not HitSource.objects.filter(source_id=old.pk).exists()


# --- attachments ------------------------------------------------------------------------------


def _attach(signal: Signal, name: str = "paspoort-jansen.jpg") -> Attachment:
    data = b"\xff\xd8 not really a photo " + name.encode()
    attachment = Attachment.objects.create(
        signal=signal,
        original_name=name,
        content_type="image/jpeg",
        size=len(data),
        sha256="a" * 64,
    )
    default_storage.save(attachment.storage_name, ContentFile(data))
    return attachment


def test_files_of_a_long_closed_signal_go_and_the_row_keeps_what_is_counted(
    personas: Any, committed: Any, client_for: Any
) -> None:
    old = _close_long_ago(internal_signal(personas, via_bob=False))
    held = _close_long_ago(internal_signal(personas, via_bob=False))
    LegalHold.objects.create(signal=held, reason="Strafzaak", placed_by=personas["pim"])
    gone, kept = _attach(old), _attach(held)
    _months("attachment_file", 6)
    with committed():
        dry = retention_run(actor=None, municipality=soest(), dry_run=True)
    assert [r.count for r in dry if r.code == "attachment_file"] == [1]
    assert default_storage.exists(gone.storage_name)  # a dry run changes nothing
    assert Attachment.objects.get(pk=gone.pk).original_name == "paspoort-jansen.jpg"
    with committed():
        done = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert [r.count for r in done if r.code == "attachment_file"] == [1]
    row = Attachment.objects.get(pk=gone.pk)
    assert not default_storage.exists(gone.storage_name)
    assert (row.original_name, row.sha256) == ("", "")
    assert (row.content_type, row.size, row.signal_id) == ("image/jpeg", gone.size, old.pk)
    assert Signal.objects.get(pk=old.pk).description  # the signal itself follows its own rule
    assert default_storage.exists(kept.storage_name)  # the legal hold keeps the file
    assert Attachment.objects.get(pk=kept.pk).original_name
    assert AnonymisedRecord.objects.filter(code="attachment_file", object_id=gone.pk).exists()
    again = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert [r.count for r in again if r.code == "attachment_file"] == [0]  # once
    page = client_for("carla").get(f"/signalen/{old.pk}/")
    assert page.status_code == 200
    assert "paspoort-jansen" not in page.content.decode()
    assert "Bestand verwijderd volgens de bewaartermijnen" in page.content.decode()
    assert client_for("carla").get(f"/bijlagen/{gone.pk}/").status_code == 404


def test_a_broken_off_attachment_run_leaves_each_whole_and_goes_on(
    personas: Any, committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _close_long_ago(internal_signal(personas, via_bob=False))
    first, second = _attach(old, "een.jpg"), _attach(old, "twee.jpg")
    _months("attachment_file", 6)
    real = Attachment.objects.filter
    calls = {"n": 0}

    def apply_then_die(applies_to: str, code: str, record: Any) -> None:
        calls["n"] += 1
        real_apply(applies_to, code, record)
        if calls["n"] == 2:
            raise KeyboardInterrupt  # after the row changed, before the commit

    real_apply = retention_index.apply_index
    import signaalroute.privacy.retention as retention

    monkeypatch.setattr(retention, "apply_index", apply_then_die)
    with committed(), pytest.raises(KeyboardInterrupt):
        retention_run(actor=None, municipality=soest(), dry_run=False)
    rows = {a.original_name for a in real(signal=old)}
    assert rows == {"", "twee.jpg"}  # the first done, the second rolled back whole
    assert not default_storage.exists(first.storage_name)
    assert default_storage.exists(second.storage_name)  # no file without its row's change
    monkeypatch.setattr(retention, "apply_index", real_apply)
    with committed():
        retention_run(actor=None, municipality=soest(), dry_run=False)
    assert {a.original_name for a in real(signal=old)} == {""}
    assert not default_storage.exists(second.storage_name)


# --- the audit log ----------------------------------------------------------------------------


def _age_all_entries(days: int = 800) -> None:
    """Date every entry so far `days` back and re-chain them (as if written then)."""
    backdate(days)


def _all_municipalities(months: int | None) -> list[Organisation]:
    municipalities = list(Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY))
    for m in municipalities:
        _months("audit_log", months, m)
    return municipalities


def test_the_audit_log_is_pruned_once_every_municipality_set_months(
    personas: Any, client_for: Any
) -> None:
    signal = internal_signal(personas, via_bob=False)
    _age_all_entries(1200)  # older than 36 months
    old = AuditEntry.objects.count()
    audit_record(actor=None, action="test.recent")
    municipalities = _all_municipalities(24)
    _months("audit_log", None, municipalities[-1])  # one has set none: nothing goes
    assert installation_retention_run(dry_run=False) == []
    assert AuditEntry.objects.count() >= old
    _months("audit_log", 36, municipalities[-1])  # the longest applies: 36
    dry = installation_retention_run(dry_run=True)
    assert [(r.code, r.months, r.count) for r in dry] == [("audit_log", 36, old)]
    assert AuditEntry.objects.filter(position=1).exists()  # a dry run changes nothing
    [record] = installation_retention_run(dry_run=False)
    assert record.count == old and record.municipality is None and not record.dry_run
    assert not AuditEntry.objects.filter(position__lte=old).exists()
    assert verify_chain().ok
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()
    assert AuditEntry.objects.filter(action="privacy.retention_run").exists()
    # Every privacy officer sees the installation's record and can export it.
    pim = client_for("pim")
    assert "Auditlog" in pim.get("/privacy/bewaartermijnen/vernietigingen.csv").content.decode()
    page = pim.get("/privacy/bewaartermijnen/").content.decode()
    assert 'data-testid="installation-audit_log"' in page and "36" in page
    assert Signal.objects.filter(pk=signal.pk).exists()


def test_a_legal_hold_keeps_the_audit_log_from_the_signals_first_entry(personas: Any) -> None:
    internal_signal(personas, via_bob=False)
    held = internal_signal(personas, via_bob=False)
    internal_signal(personas, via_bob=False)
    _age_all_entries()
    LegalHold.objects.create(signal=held, reason="Strafzaak", placed_by=personas["pim"])
    first = (
        AuditEntry.objects.filter(object_type="signals.signal", object_id=str(held.pk))
        .order_by("position")
        .first()
    )
    _all_municipalities(12)
    [record] = installation_retention_run(dry_run=False)
    assert record.count == first.position - 1
    assert AuditEntry.objects.filter(pk=first.pk).exists()
    assert verify_chain().ok


def test_the_command_runs_the_installation_rule_once(personas: Any) -> None:
    internal_signal(personas, via_bob=False)
    _age_all_entries()
    audit_record(actor=None, action="test.recent")
    _all_municipalities(12)
    out = io.StringIO()
    call_command("retention_run", "--dry-run", stdout=out)
    assert out.getvalue().count("installation: audit_log") == 1
    assert AuditEntry.objects.filter(position=1).exists()
    call_command("retention_run", stdout=io.StringIO())
    assert not AuditEntry.objects.filter(position=1).exists() and verify_chain().ok
