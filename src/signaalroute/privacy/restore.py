"""Restoring a backup (herstel, see `backup.py` for what a backup holds) and verifying it:
`backup_verify` compares the configured database and MEDIA_ROOT with the backup's manifest,
checks that every attachment has its file, that the encrypted fields can be read with the
configured keys, and that the audit chain is intact; each problem is one sentence."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from signaalroute.audit.verify import verify_chain
from signaalroute.core.crypto import decrypt, decrypt_keys
from signaalroute.core.fields import EncryptedKeysJSONField, EncryptedTextField
from signaalroute.signals.models import Attachment

from .backup import (
    BackupError,
    applied_migrations,
    count_rows,
    database_engine,
    manifest_read,
    media_files,
    postgres_command,
    run_tool,
    sha256_of,
)


def _database_tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _restore_sqlite(dump: Path) -> None:
    name = str(connection.settings_dict["NAME"])
    connection.close()
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    target = sqlite3.connect(name)
    try:
        source.backup(target)  # replaces the whole content of the target database
    finally:
        target.close()
        source.close()


def _restore_postgres(dump: Path) -> None:
    connection.close()
    args, env = postgres_command(
        "pg_restore", "--clean", "--if-exists", "--single-transaction", "--exit-on-error", str(dump)
    )
    run_tool(args, env)


@contextmanager
def _media_staged(archive: Path, root: Path) -> Iterator[Path]:
    """Unpack the archive beside MEDIA_ROOT (same file system, so the move is a rename)."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.restoring-", dir=root.parent))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")  # no absolute paths, links out or devices
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _restore_media(archive: Path, root: Path) -> Path | None:
    """Put the archived files in MEDIA_ROOT; what was there is moved aside, not deleted."""
    aside = None
    with _media_staged(archive, root) as staging:
        if root.exists():
            aside = root.with_name(f"{root.name}.before-restore-{timezone.now():%Y%m%dT%H%M%S}")
            root.rename(aside)
        staging.rename(root)
        root.chmod(0o700)
    return aside


def _is_empty(root: Path) -> bool:
    return not root.exists() or not any(root.iterdir())


def backup_restore(*, source: Path, replace: bool = False) -> tuple[list[str], Path | None]:
    """Restore the backup in `source` into the configured database and MEDIA_ROOT, then verify
    it. Returns the problems found (empty: all is well) and where earlier files were put."""
    manifest = manifest_read(source)
    engine = database_engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; the configured database is "
            f"{engine}. Restore into the same kind of database."
        )
    dump, archive = source / manifest["database_file"], source / manifest["media_archive"]
    for part in (dump, archive):
        if not part.is_file():
            raise BackupError(f"The backup lacks {part.name}.")
    root = Path(settings.MEDIA_ROOT)
    if not replace:
        tables = _database_tables()
        if tables:
            raise BackupError(
                f"The configured database is not empty ({len(tables)} tables). Restore into an "
                "empty database, or pass --replace to overwrite this one."
            )
        if not _is_empty(root):
            raise BackupError(
                f"MEDIA_ROOT ({root}) is not empty. Restore into an empty directory, or pass "
                "--replace (the files there are moved aside, not deleted)."
            )
    if engine == "sqlite":
        _restore_sqlite(dump)
    else:
        _restore_postgres(dump)
    aside = _restore_media(archive, root)
    return backup_verify(manifest), aside


# --- Verify ---------------------------------------------------------------------------------


def _compare_counts(expected: dict[str, int], found: dict[str, int]) -> Iterable[str]:
    for label, count in expected.items():
        if label not in found:
            yield f"Rows of {label}: the backup has {count}, the database has no such table."
        elif found[label] != count:
            yield f"Rows of {label}: the backup has {count}, the database has {found[label]}."


def _compare_files(expected: dict[str, dict[str, Any]], root: Path) -> Iterable[str]:
    found = media_files(root)
    for name, meta in expected.items():
        if name not in found:
            yield f"File {name} is missing from MEDIA_ROOT."
        elif found[name]["sha256"] != meta["sha256"]:
            yield f"File {name}: its SHA-256 differs from the backup's (changed or damaged)."
    for name in sorted(set(found) - set(expected)):
        yield f"File {name} is in MEDIA_ROOT but not in the backup."


def _check_attachments(root: Path) -> Iterable[str]:
    # An attachment whose file went under the retention table keeps no SHA-256 and no file.
    for attachment in Attachment.objects.exclude(sha256="").only("id", "sha256").iterator():
        path = root / attachment.storage_name
        if not path.is_file():
            yield f"Attachment {attachment.pk} has no file ({attachment.storage_name})."
        elif sha256_of(path) != attachment.sha256:
            yield f"Attachment {attachment.pk}: the file's SHA-256 is not the one recorded."


def _readable(field: Any, value: Any) -> None:
    """Decrypt a raw column value (a whole field, or the encrypted keys of a JSON object)."""
    if isinstance(field, EncryptedKeysJSONField):
        decrypt_keys(json.loads(value) if isinstance(value, str) else value, field.encrypted_keys)
    else:
        decrypt(value or "")


def _check_encrypted_fields() -> Iterable[str]:
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.fields
            if isinstance(f, EncryptedTextField | EncryptedKeysJSONField)
        ]
        if not fields:
            continue
        unreadable = 0
        with connection.cursor() as cursor:
            names = ", ".join(f'"{f.column}"' for f in fields)
            cursor.execute(f'SELECT {names} FROM "{model._meta.db_table}"')  # noqa: S608
            for row in cursor.fetchall():
                try:
                    for field, value in zip(fields, row, strict=True):
                        _readable(field, value)
                except ImproperlyConfigured:
                    unreadable += 1
        if unreadable:
            yield (
                f"{unreadable} rows of {model._meta.label} cannot be decrypted with "
                "SIGNAALROUTE_FIELD_KEYS: set the keys of the installation the backup came from "
                "(they are kept apart from the backups)."
            )


def database_state() -> tuple[dict[str, int], list[str]]:
    """The configured database's row counts per model and its applied migrations."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        counts = count_rows(cursor, existing)
        migrations = applied_migrations(cursor) if "django_migrations" in existing else []
    return counts, migrations


def backup_verify(manifest: dict[str, Any]) -> list[str]:
    """Compare the configured database and MEDIA_ROOT with a backup's manifest; one sentence
    per problem, an empty list when the restore is complete and sound."""
    counts, migrations = database_state()
    problems = list(_compare_counts(manifest["row_counts"], counts))
    if migrations != manifest["migrations"]:
        problems.append("The applied migrations differ from the backup's.")
    root = Path(settings.MEDIA_ROOT)
    problems += _compare_files(manifest["files"], root)
    problems += _check_attachments(root)
    problems += _check_encrypted_fields()
    report = verify_chain()
    if not report.ok:
        problems.append(
            f"Audit chain broken at position {report.broken_position}: {report.reason}."
        )
    return problems


def migrations_pending() -> int:
    """Migrations the code has that the restored database has not applied (migrate next)."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
