"""Writing to the audit trail. Called by every service that writes, inside its transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import import_string

from signaalroute.core.context import client_address_var, request_id_var

from .models import GENESIS_HASH, AuditAnchor, AuditEntry, Outcome

# Any constant; all writers of the chain take this advisory lock on PostgreSQL so positions and
# previous hashes are handed out one at a time.
_PG_CHAIN_LOCK = 7_301_273


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
    # SQLite: the project opens every transaction with BEGIN IMMEDIATE, so writers are serial.


@dataclass(frozen=True)
class ActorSnapshot:
    """Who acted, as the chain stores it: no live link to the user, roles as they were then."""

    id: uuid.UUID | None
    username: str
    roles: tuple[str, ...] = ()
    organisation_id: uuid.UUID | None = None


class Actor(Protocol):
    """Who acts, as the chain sees it: a signed-in user or an anonymous one (the chain cannot
    name the user model of `accounts`, which lies above it)."""

    @property
    def pk(self) -> uuid.UUID | None: ...

    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...


@cache
def _describer() -> Callable[[Any], ActorSnapshot]:
    """How an authenticated actor is described: the function named by the setting
    ``SIGNAALROUTE_AUDIT_ACTOR_DESCRIBER`` (accounts' ``actor_snapshot``). The chain knows no
    users or roles, so it names the describer instead of importing it."""
    return import_string(settings.SIGNAALROUTE_AUDIT_ACTOR_DESCRIBER)


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    fields: Iterable[str] = (),
    outcome: str = Outcome.SUCCESS,
    extra: dict[str, Any] | None = None,
    organisation_id: uuid.UUID | None = None,
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction (or its own).

    `fields` are names of fields touched or read, never their values. `extra` carries
    non-personal facts only (e.g. the state a signal moved to).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    authenticated = bool(actor is not None and getattr(actor, "is_authenticated", False))
    snapshot = _describer()(actor) if authenticated else None
    if organisation_id is None and snapshot is not None:
        organisation_id = snapshot.organisation_id
    # No savepoint: an entry that cannot be written fails the caller's whole transaction, so
    # a write is never kept without its entry (and it saves two round trips per write).
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last: AuditEntry | AuditAnchor | None = (
            AuditEntry.objects.order_by("-position").only("position", "entry_hash").first()
        )
        if last is None:  # a chain pruned to nothing goes on from its anchor (prune.py)
            last = AuditAnchor.objects.order_by("-position").first()
        entry = AuditEntry(
            position=(last.position + 1) if last else 1,
            timestamp=timezone.now().astimezone(dt.UTC),
            actor_id=snapshot.id if snapshot else None,
            actor_username=snapshot.username if snapshot else "",
            actor_roles=",".join(sorted(snapshot.roles)) if snapshot else "",
            organisation_id=organisation_id,
            action=action,
            outcome=outcome,
            object_type=object_type,
            object_id=str(object_id),
            fields=sorted(set(fields)),
            extra=extra or {},
            request_id=request_id_var.get(),
            client_address=client_address_var.get(),
            prev_hash=last.entry_hash if last else GENESIS_HASH,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
    return entry
