"""Backup and restore of an installation (back-up en herstel): the database, the uploaded files
and a manifest to check a restore against. The keys are never part of it: `SECRET_KEY` and
`SIGNAALROUTE_FIELD_KEYS` live in the municipality's secret store, apart from the dumps, so a
stolen backup holds the reporters' identities only as ciphertext (docs/operations.md).

A backup is a directory with three files:

- `database.sqlite3` (a consistent copy through SQLite's online backup API) or `database.dump`
  (`pg_dump --format=custom`, taken in the same snapshot the rows were counted in);
- `media.tar.gz`, the files under `MEDIA_ROOT` (the attachments);
- `manifest.json`: when, which engine, the applied migrations, the row count of every model's
  table, and the size and SHA-256 of every file.

After a restore, `backup_verify` compares the database and the files with the manifest, checks
that every attachment has its file, that the encrypted fields can be read with the configured
keys, and that the audit chain is intact; each problem is one sentence."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import signaalroute
from signaalroute.audit.verify import verify_chain
from signaalroute.core.crypto import decrypt
from signaalroute.core.fields import EncryptedTextField
from signaalroute.signals.models import Attachment

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.dump"
NOT_INCLUDED = {
    "SECRET_KEY": "Django's signing key; kept in the secret store, not in any backup.",
    "SIGNAALROUTE_FIELD_KEYS": (
        "The keys of the encrypted fields (the reporters' identities). Kept in the secret store, "
        "never next to the dumps: without them the identities in this backup cannot be read."
    ),
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why in one sentence."""


@dataclass(frozen=True)
class BackupResult:
    directory: Path
    manifest: dict[str, Any]


# --- What is counted ------------------------------------------------------------------------


def model_tables() -> dict[str, str]:
    """Each model with a table of its own (auto-created many-to-many tables included), by label."""
    tables: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in tables.values():
            continue
        tables[meta.label] = meta.db_table
    return dict(sorted(tables.items()))


def _count_rows(cursor: Any, existing: set[str]) -> dict[str, int]:
    counts = {}
    for label, table in model_tables().items():
        if table not in existing:
            continue  # a model newer than the database (migrate after the restore)
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 -- table names from models
        counts[label] = int(cursor.fetchone()[0])
    return counts


def _applied_migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _digest(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _digest(handle)


def media_files(root: Path) -> dict[str, dict[str, Any]]:
    """Every regular file under `root`, by its path relative to it: size and SHA-256."""
    if not root.is_dir():
        return {}
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(root).as_posix()] = {
                "size": path.stat().st_size,
                "sha256": _sha256(path),
            }
    return found


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups are made of SQLite and PostgreSQL only, not of {vendor}.")
    return vendor


# --- Create ---------------------------------------------------------------------------------


def _private_directory(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not an empty directory; choose a new one.")
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.chmod(0o700)


def _postgres_command(program: str, *extra: str) -> tuple[list[str], dict[str, str]]:
    """The client program with the connection of DATABASES['default']; the password goes
    through the environment (PGPASSWORD), never on the command line."""
    params = connection.settings_dict
    _, client_env = connection.client.settings_to_cmd_args_env(params, [])
    args = [program]
    if params.get("USER"):
        args += ["-U", str(params["USER"])]
    if params.get("HOST"):
        args += ["-h", str(params["HOST"])]
    if params.get("PORT"):
        args += ["-p", str(params["PORT"])]
    args += ["-d", str(params["NAME"]), *extra]
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed (Debian package postgresql-client, the same major "
            "version as the server or newer)."
        )
    return args, {**os.environ, **(client_env or {})}


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed (exit {done.returncode}): {done.stderr.strip()}")


def _dump_sqlite(target: Path) -> tuple[dict[str, int], list[str]]:
    connection.ensure_connection()
    dump = target / SQLITE_DUMP
    copy = sqlite3.connect(dump)
    try:
        connection.connection.backup(copy)  # the online backup API: a consistent copy
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        existing = {row[0] for row in cursor.fetchall()}
        return _count_rows(cursor, existing), _applied_migrations(cursor)
    finally:
        copy.close()
        dump.chmod(0o600)


def _dump_postgres(target: Path) -> tuple[dict[str, int], list[str]]:
    dump = target / POSTGRES_DUMP
    # Count and dump in one snapshot: the manifest describes exactly what the dump holds.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        existing = set(connection.introspection.table_names(cursor))
        counts, migrations = _count_rows(cursor, existing), _applied_migrations(cursor)
        args, env = _postgres_command(
            "pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"
        )
        _run(args, env)
    dump.chmod(0o600)
    return counts, migrations


def _archive_media(root: Path, archive: Path) -> dict[str, dict[str, Any]]:
    files = media_files(root)
    with tarfile.open(archive, "w:gz") as tar:
        for name in files:
            tar.add(root / name, arcname=name, recursive=False)
    archive.chmod(0o600)
    # A file that changed while it was archived would not match: hash what the archive holds.
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            handle = tar.extractfile(member)
            if handle is not None:
                files[member.name] = {
                    "size": member.size,
                    "sha256": _digest(handle),
                }
    return files


def backup_create(*, target: Path) -> BackupResult:
    """Write a backup of the configured database and MEDIA_ROOT into the new directory `target`."""
    engine = _engine()
    _private_directory(target)
    created_at = timezone.now()
    counts, migrations = _dump_sqlite(target) if engine == "sqlite" else _dump_postgres(target)
    files = _archive_media(Path(settings.MEDIA_ROOT), target / MEDIA_ARCHIVE)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "signaalroute_version": signaalroute.__version__,
        "engine": engine,
        "database_file": SQLITE_DUMP if engine == "sqlite" else POSTGRES_DUMP,
        "media_archive": MEDIA_ARCHIVE,
        "migrations": migrations,
        "row_counts": counts,
        "files": files,
        "not_included": NOT_INCLUDED,
    }
    path = target / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return BackupResult(directory=target, manifest=manifest)


# --- Restore --------------------------------------------------------------------------------


def manifest_read(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} holds no {MANIFEST}: not a signaalroute backup.")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not {FORMAT_VERSION}.")
    return manifest


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
    args, env = _postgres_command(
        "pg_restore", "--clean", "--if-exists", "--single-transaction", "--exit-on-error", str(dump)
    )
    _run(args, env)


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
    engine = _engine()
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
    for attachment in Attachment.objects.only("id", "sha256").iterator():
        path = root / attachment.storage_name
        if not path.is_file():
            yield f"Attachment {attachment.pk} has no file ({attachment.storage_name})."
        elif _sha256(path) != attachment.sha256:
            yield f"Attachment {attachment.pk}: the file's SHA-256 is not the one recorded."


def _check_encrypted_fields() -> Iterable[str]:
    for model in apps.get_models():
        columns = [f.column for f in model._meta.fields if isinstance(f, EncryptedTextField)]
        if not columns:
            continue
        unreadable = 0
        with connection.cursor() as cursor:
            names = ", ".join(f'"{column}"' for column in columns)
            cursor.execute(f'SELECT {names} FROM "{model._meta.db_table}"')  # noqa: S608
            for row in cursor.fetchall():
                try:
                    for value in row:
                        decrypt(value or "")
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
        counts = _count_rows(cursor, existing)
        migrations = _applied_migrations(cursor) if "django_migrations" in existing else []
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
