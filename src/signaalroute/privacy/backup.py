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

Restoring is in `restore.py`: after a restore, `backup_verify` compares the database and the files with the manifest, checks
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
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

import signaalroute

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


def count_rows(cursor: Any, existing: set[str]) -> dict[str, int]:
    counts = {}
    for label, table in model_tables().items():
        if table not in existing:
            continue  # a model newer than the database (migrate after the restore)
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 -- table names from models
        counts[label] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _digest(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
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
                "sha256": sha256_of(path),
            }
    return found


def database_engine() -> str:
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


def postgres_command(program: str, *extra: str) -> tuple[list[str], dict[str, str]]:
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


def run_tool(args: list[str], env: dict[str, str]) -> None:
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
        return count_rows(cursor, existing), applied_migrations(cursor)
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
        counts, migrations = count_rows(cursor, existing), applied_migrations(cursor)
        args, env = postgres_command(
            "pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"
        )
        run_tool(args, env)
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
    engine = database_engine()
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
