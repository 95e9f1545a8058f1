"""Backup and restore (docs/operations.md): the verification after a restore names every
mismatch in one sentence — a changed or missing file, a missing row, an attachment without its
file, fields the configured keys cannot read, a broken audit chain. The full round trip with
the demo (dump, restore into a second database) is `make backup-roundtrip`, a step of .ci/run."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from signaalroute.audit.models import AuditEntry
from signaalroute.intake.files import CheckedFile
from signaalroute.intake.services import signal_submit_internal
from signaalroute.privacy.backup import FORMAT_VERSION, NOT_INCLUDED, media_files
from signaalroute.privacy.restore import backup_verify, database_state
from signaalroute.signals.models import Attachment

from .signals import signal_data, soest

pytestmark = pytest.mark.django_db

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64


@pytest.fixture
def restored(personas: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """A database and MEDIA_ROOT as a restore leaves them, with the manifest they match."""
    settings.MEDIA_ROOT = tmp_path / "media"
    signal_submit_internal(
        reporter=personas["alice"],
        municipality=soest(),
        data=signal_data(),
        files=[
            CheckedFile(
                name="rooster.png",
                content_type="image/png",
                data=PHOTO,
                sha256=hashlib.sha256(PHOTO).hexdigest(),
            )
        ],
    )
    counts, migrations = database_state()
    return {
        "format": FORMAT_VERSION,
        "engine": connection.vendor,
        "migrations": migrations,
        "row_counts": counts,
        "files": media_files(tmp_path / "media"),
        "not_included": NOT_INCLUDED,
    }


def _stored(settings: Any) -> Path:
    return Path(settings.MEDIA_ROOT) / Attachment.objects.get().storage_name


def test_an_intact_restore_passes(restored: dict[str, Any]) -> None:
    assert restored["row_counts"]["signals.Attachment"] == 1
    assert len(restored["files"]) == 1
    assert backup_verify(restored) == []


def test_a_changed_file_fails(restored: dict[str, Any], settings: Any) -> None:
    path = _stored(settings)
    path.write_bytes(PHOTO + b"x")
    name = path.relative_to(settings.MEDIA_ROOT).as_posix()
    assert backup_verify(restored) == [
        f"File {name}: its SHA-256 differs from the backup's (changed or damaged).",
        f"Attachment {Attachment.objects.get().pk}: the file's SHA-256 is not the one recorded.",
    ]


def test_a_missing_file_fails(restored: dict[str, Any], settings: Any) -> None:
    path = _stored(settings)
    path.unlink()
    problems = backup_verify(restored)
    name = path.relative_to(settings.MEDIA_ROOT).as_posix()
    assert f"File {name} is missing from MEDIA_ROOT." in problems
    assert any(p.startswith("Attachment ") and "has no file" in p for p in problems)


def test_a_missing_row_fails(restored: dict[str, Any]) -> None:
    Attachment.objects.all().delete()
    assert backup_verify(restored) == [
        "Rows of signals.Attachment: the backup has 1, the database has 0."
    ]


def test_fields_the_keys_cannot_read_fail(restored: dict[str, Any], settings: Any) -> None:
    settings.SIGNAALROUTE_FIELD_KEYS = [Fernet.generate_key().decode()]  # not the one used
    problems = backup_verify(restored)
    assert len(problems) == 1
    expected = "signals.ReporterIdentity cannot be decrypted with SIGNAALROUTE_FIELD_KEYS"
    assert expected in problems[0]


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="on PostgreSQL a trigger refuses every UPDATE of the audit table",
)
def test_a_broken_audit_chain_fails(restored: dict[str, Any]) -> None:
    AuditEntry.objects.filter(action="signal.submit").update(action="signal.edited")
    problems = backup_verify(restored)
    assert len(problems) == 1
    assert problems[0].startswith("Audit chain broken at position ")


def test_restore_refuses_a_database_that_is_not_empty(
    restored: dict[str, Any], tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    backup.mkdir()
    manifest = {**restored, "database_file": "database.dump", "media_archive": "media.tar.gz"}
    (backup / "manifest.json").write_text(json.dumps(manifest))
    (backup / "database.dump").write_bytes(b"")
    (backup / "media.tar.gz").write_bytes(b"")
    with pytest.raises(CommandError, match="The configured database is not empty"):
        call_command("backup_restore", "--from", str(backup))


def test_restore_refuses_a_backup_of_the_other_engine(
    restored: dict[str, Any], tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    backup.mkdir()
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (backup / "manifest.json").write_text(json.dumps({**restored, "engine": other}))
    with pytest.raises(CommandError, match=f"The backup is of a {other} database"):
        call_command("backup_restore", "--from", str(backup))


def test_the_manifest_says_the_keys_are_not_in_it(restored: dict[str, Any]) -> None:
    assert set(restored["not_included"]) == {"SECRET_KEY", "SIGNAALROUTE_FIELD_KEYS"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore only")
def test_postgres_password_goes_through_the_environment(settings: Any) -> None:
    from signaalroute.privacy.backup import postgres_command

    params = {**connection.settings_dict, "PASSWORD": "s3cret-pw"}
    original = connection.settings_dict
    connection.settings_dict = params
    try:
        args, env = postgres_command("pg_dump", "--format=custom")
    finally:
        connection.settings_dict = original
    assert "s3cret-pw" not in " ".join(args)
    assert env["PGPASSWORD"] == "s3cret-pw"
    assert args[args.index("-d") + 1] == params["NAME"]
