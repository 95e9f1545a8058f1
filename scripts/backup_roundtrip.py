"""The backup round trip (`make backup-roundtrip`, a step of .ci/run): on each database engine,
migrate a fresh database, load the demo, add an attachment, `backup_create`, `backup_restore`
into a second empty database and an empty MEDIA_ROOT (which verifies row counts, files,
attachments, encrypted fields and the audit chain), and check that no key is in the backup.

    python scripts/backup_roundtrip.py [sqlite] [postgresql]      (default: both)

PostgreSQL: two databases are created with `createdb` and dropped afterwards, on the server of
BACKUP_ROUNDTRIP_POSTGRES (default postgres://postgres@127.0.0.1:5432)."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("BACKUP_ROUNDTRIP_POSTGRES", "postgres://postgres@127.0.0.1:5432")

# Added to the first demo signal of Soest the way a reporter adds a file later, so the file part
# of the backup holds something real (the demo itself has no attachments).
ADD_ATTACHMENT = """
import hashlib
from signaalroute.intake.files import CheckedFile
from signaalroute.intake.services import reporter_addition
from signaalroute.signals.models import Signal
data = "Foto van het rooster bij de nagelstudio (roundtrip, fictief).\\n".encode()
signal = Signal.objects.filter(municipality__name="Soest").order_by("created_at").first()
reporter_addition(signal=signal, text="", files=[CheckedFile(
    name="rooster.txt", content_type="text/plain", data=data,
    sha256=hashlib.sha256(data).hexdigest())])
"""


class RoundTripFailed(Exception):
    pass


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 -- our own commands, no shell
        args, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RoundTripFailed(
            f"{' '.join(args[:3])} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def manage(env: dict[str, str], *args: str) -> str:
    return run([PYTHON, "manage.py", *args], env)


def fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


@contextmanager
def postgres_databases(names: list[str]) -> Iterator[list[str]]:
    url = urlsplit(POSTGRES)
    client = [
        f"-h{url.hostname or '127.0.0.1'}",
        f"-p{url.port or 5432}",
        f"-U{url.username or 'postgres'}",
    ]
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    auth = f"{url.username or 'postgres'}" + (f":{url.password}" if url.password else "")
    for name in names:
        run(["dropdb", "--if-exists", "--force", *client, name], env)
        run(["createdb", *client, name], env)
    try:
        yield [f"postgres://{auth}@{url.hostname}:{url.port or 5432}/{name}" for name in names]
    finally:
        for name in names:
            run(["dropdb", "--if-exists", "--force", *client, name], env)


@contextmanager
def database_urls(engine: str, workdir: Path) -> Iterator[list[str]]:
    if engine == "sqlite":
        yield [
            f"sqlite:///{workdir / 'source.sqlite3'}",
            f"sqlite:///{workdir / 'restore.sqlite3'}",
        ]
    else:
        prefix = f"signaalroute_roundtrip_{os.getpid()}"
        with postgres_databases([f"{prefix}_source", f"{prefix}_restore"]) as urls:
            yield urls


def backup_text(backup: Path, engine: str, env: dict[str, str]) -> bytes:
    """Everything in the backup that could hold a key in clear: manifest and database."""
    text = (backup / "manifest.json").read_bytes()
    if engine == "sqlite":
        return text + (backup / "database.sqlite3").read_bytes()
    return text + run(["pg_restore", "--file=-", str(backup / "database.dump")], env).encode()


def round_trip(engine: str) -> float:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"roundtrip-{engine}-") as tmp:
        workdir = Path(tmp)
        key, secret_key = fernet_key(), secrets.token_urlsafe(50)
        base = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "signaalroute.conf.dev",
            "SIGNAALROUTE_DEMO": "1",
            "SECRET_KEY": secret_key,
            "SIGNAALROUTE_FIELD_KEYS": key,
        }
        with database_urls(engine, workdir) as (source_url, restore_url):
            source = {**base, "DATABASE_URL": source_url, "MEDIA_ROOT": str(workdir / "media")}
            manage(source, "migrate", "--noinput", "-v", "0")
            manage(source, "seed_demo")
            manage(source, "shell", "-c", ADD_ATTACHMENT)
            backup = workdir / "backup"
            print(f"  {manage(source, 'backup_create', '--to', str(backup)).strip()}")
            if not list((workdir / "media").rglob("attachments/*")):
                raise RoundTripFailed("The source has no attachment: the file part is untested.")
            in_clear = backup_text(backup, engine, base)
            for name, value in (("SIGNAALROUTE_FIELD_KEYS", key), ("SECRET_KEY", secret_key)):
                if value.encode() in in_clear:
                    raise RoundTripFailed(f"{name} is in the backup; it must be kept apart.")
            restored = {
                **base,
                "DATABASE_URL": restore_url,
                "MEDIA_ROOT": str(workdir / "restored-media"),
            }
            print(f"  {manage(restored, 'backup_restore', '--from', str(backup)).strip()}")
            print(f"  {manage(restored, 'audit_verify').strip()}")
    return time.monotonic() - started


def main(engines: list[str]) -> int:
    for engine in engines:
        if engine not in ("sqlite", "postgresql"):
            print(f"Unknown engine {engine!r}: sqlite or postgresql.", file=sys.stderr)
            return 2
    for engine in engines:
        print(f"Backup round trip on {engine}:")
        try:
            seconds = round_trip(engine)
        except RoundTripFailed as error:
            print(f"Backup round trip on {engine} FAILED: {error}", file=sys.stderr)
            return 1
        print(f"Backup round trip on {engine}: passed in {seconds:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["sqlite", "postgresql"]))
