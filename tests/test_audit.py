"""The audit trail: chained, tamper-evident, append-only on PostgreSQL, auditors only."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from signaalroute.audit.models import GENESIS_HASH, AuditEntry
from signaalroute.audit.services import audit_record
from signaalroute.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _chain(n: int = 5) -> list[AuditEntry]:
    return [audit_record(actor=None, action=f"test.event{i}", fields=["a"]) for i in range(n)]


class _TriggersOff:
    """Tamper tests act as an attacker with table-owner rights would: triggers off."""

    def __enter__(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")

    def __exit__(self, *exc: Any) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def test_entries_form_a_chain() -> None:
    entries = _chain(3)
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].entry_hash
    assert [e.position for e in entries] == [1, 2, 3]
    report = verify_chain()
    assert report.ok and report.checked == 3 and report.head_hash == entries[-1].entry_hash


def test_editing_a_row_is_detected() -> None:
    entries = _chain()
    with _TriggersOff():
        AuditEntry.objects.filter(pk=entries[2].pk).update(action="test.innocent")
    report = verify_chain()
    assert not report.ok
    assert report.broken_position == 3
    assert "edited" in report.reason


def test_editing_a_row_and_its_hash_breaks_the_next_link() -> None:
    entries = _chain()
    forged = AuditEntry.objects.get(pk=entries[1].pk)
    forged.action = "test.innocent"
    forged.entry_hash = forged.compute_hash()
    with _TriggersOff():
        AuditEntry.objects.filter(pk=forged.pk).update(
            action=forged.action, entry_hash=forged.entry_hash
        )
    report = verify_chain()
    assert not report.ok and report.broken_position == 3


def test_deleting_a_row_is_detected() -> None:
    entries = _chain()
    with _TriggersOff():
        AuditEntry.objects.filter(pk=entries[1].pk).delete()
    report = verify_chain()
    assert not report.ok and report.broken_position == 2
    assert "missing" in report.reason


def test_inserting_a_row_is_detected() -> None:
    entries = _chain()
    with _TriggersOff():
        AuditEntry.objects.filter(position__gte=3).update(position=models_shift())
    intruder = AuditEntry(
        position=3,
        timestamp=entries[2].timestamp,
        action="test.intruder",
        prev_hash=entries[1].entry_hash,
    )
    intruder.entry_hash = intruder.compute_hash()
    intruder.save(force_insert=True)
    report = verify_chain()
    assert not report.ok
    # The intruder itself is consistent; the entry after it no longer links to it.
    assert report.broken_position == 4


def models_shift() -> Any:
    from django.db.models import F

    return F("position") + 1000


def test_reordering_rows_is_detected() -> None:
    entries = _chain()
    with _TriggersOff():
        AuditEntry.objects.filter(pk=entries[1].pk).update(position=99)
        AuditEntry.objects.filter(pk=entries[2].pk).update(position=2)
        AuditEntry.objects.filter(pk=entries[1].pk).update(position=3)
    report = verify_chain()
    assert not report.ok and report.broken_position == 2


def test_audit_verify_command_reports_the_first_break() -> None:
    entries = _chain()
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact: 5 entries" in out.getvalue()
    with _TriggersOff():
        AuditEntry.objects.filter(pk=entries[3].pk).update(object_id="changed")
    with pytest.raises(CommandError, match="position 4"):
        call_command("audit_verify")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete() -> None:
    entry = _chain(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.event0"


def test_audit_entry_shares_the_callers_transaction() -> None:
    """A write that rolls back takes its audit entry with it (and vice versa)."""

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        audit_record(actor=None, action="test.rolled_back")
        raise Boom
    assert not AuditEntry.objects.filter(action="test.rolled_back").exists()


def test_auditor_searches_and_exports(client_for: Any) -> None:
    client = client_for("ida")
    _chain(3)
    response = client.get("/auditlog/", {"action": "test.event1"})
    assert response.status_code == 200
    assert b"test.event1" in response.content and b"test.event2" not in response.content
    export = client.get("/auditlog/export.csv", {"action": "test."})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][0] == "position"
    assert {row[5] for row in rows[1:]} == {"test.event0", "test.event1", "test.event2"}
    # The export itself is audited, with the filter names (not values).
    exported = AuditEntry.objects.filter(action="audit.export").get()
    assert exported.actor_username == "ida" and exported.fields == ["action"]


def test_auditor_gets_a_dutch_error_for_a_bad_date(client_for: Any) -> None:
    response = client_for("ida").get("/auditlog/", {"date_from": "2026-13-45"})
    assert response.status_code == 200
    assert "Vul een geldige datum in." in response.content.decode()


def test_auditor_does_not_see_another_regions_entries(client_for: Any, personas: Any) -> None:
    from signaalroute.accounts.models import Organisation, OrganisationKind, Region

    other = Region.objects.create(name="Elders")
    org = Organisation.objects.create(region=other, kind=OrganisationKind.MUNICIPALITY, name="X")
    audit_record(actor=None, action="test.elsewhere", organisation_id=org.pk)
    audit_record(actor=personas["carla"], action="test.here")
    content = client_for("ida").get("/auditlog/", {"action": "test."}).content
    assert b"test.here" in content and b"test.elsewhere" not in content


def test_failed_login_is_audited_without_the_typed_username(client: Any, personas: Any) -> None:
    client.post("/inloggen/", {"username": "alice", "password": "wrong-password-1"})
    client.post("/inloggen/", {"username": "nobody-typed-this", "password": "x"})
    failed = list(
        AuditEntry.objects.filter(action="auth.login", outcome="failed").order_by("position")
    )
    assert len(failed) == 2
    assert failed[0].object_id == str(personas["alice"].pk)
    assert failed[1].object_id == ""
    assert all("nobody-typed-this" not in str(e.content()) for e in AuditEntry.objects.all())
