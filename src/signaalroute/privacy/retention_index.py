"""Retention rules of their own for what can go before (or apart from) its record: the regional
hit-index digests of a closed signal, the files attached to a closed signal, and the oldest part
of the audit log.

- ``hit_index`` (per municipality): N months after a signal was closed (or merged), the digests
  it publishes in the regional hit/no-hit index (``hits.HitSource``) go, and with them the
  municipality's ``HitEntry`` for a digest no other signal of it publishes; so do digests whose
  signal no longer exists. The signal and its traces stay (stacking still works inside the
  municipality); ``hits`` asks ``hit_sources_expired`` on each save and in the nightly rebuild,
  so the digests do not come back. Entries imported from another installation follow that
  installation's table (they are replaced by its next export).
- ``attachment_file`` (per municipality): N months after a signal was closed, each attachment's
  file is deleted (after the commit) and its row keeps only what is counted (the signal, the
  content type, the size, the date); the file name and the file's SHA-256 go.
- ``audit_log`` (installation-wide: the chain is one for the installation): entries older than N
  months go, oldest first, as a prefix of the chain (``audit.prune``; ``audit_verify`` verifies
  from the anchor). N is the **longest** period the municipalities set; while one of them has set
  none, nothing goes. An entry about a signal under legal hold keeps itself and everything after.

A legal hold on a signal keeps its digests, its files and its audit entries.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.audit.models import AuditEntry
from signaalroute.audit.prune import audit_prune, prunable_count
from signaalroute.hits.models import HitSource
from signaalroute.hits.services import hit_source_retire
from signaalroute.signals.models import Attachment, Signal
from signaalroute.signals.states import State

from .models import AnonymisedRecord, LegalHold, RetentionSetting
from .retention_table import rule_months

#: The kinds of record (``applies_to``) of this module run per municipality.
KINDS = ("hit_source", "attachment")
#: The kinds that are one for the whole installation (run once, not per municipality).
INSTALLATION_KINDS = ("audit_entry",)


def months_ago(months: int, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=round(months * 30.44))


def closed_before(municipality_id: Any, before: dt.datetime) -> QuerySet[Signal]:
    """The municipality's signals closed (or merged) before ``before``, not under legal hold."""
    return Signal.objects.filter(
        municipality_id=municipality_id,
        state__in=(State.CLOSED, State.MERGED),
        state_changed_at__lt=before,
        legal_hold__isnull=True,
    )


def expired_index(
    applies_to: str, code: str, municipality: Organisation, before: dt.datetime
) -> QuerySet[Any]:
    """What the rule of ``applies_to`` takes now; each item is done in its own transaction."""
    closed = closed_before(municipality.pk, before).values("pk")
    if applies_to == "hit_source":
        gone = ~Q(source_id__in=Signal.objects.values("pk"))
        return HitSource.objects.filter(
            Q(source_id__in=closed) | gone, municipality=municipality
        ).order_by("pk")
    if applies_to == "attachment":
        done = AnonymisedRecord.objects.filter(code=code).values("object_id")
        return (
            Attachment.objects.filter(signal__in=closed).exclude(pk__in=done).order_by("created_at")
        )
    raise ValueError(applies_to)


def _delete_file(name: str) -> None:
    default_storage.delete(name)


def apply_index(applies_to: str, code: str, record: Any) -> None:
    """One item; the caller holds the transaction."""
    if applies_to == "hit_source":
        hit_source_retire(record)
        return
    name = record.storage_name
    transaction.on_commit(lambda: _delete_file(name))  # a file goes once its row has changed
    Attachment.objects.filter(pk=record.pk).update(original_name="", sha256="")
    AnonymisedRecord.objects.create(code=code, object_id=record.pk)


def hit_sources_expired(
    municipality_id: uuid.UUID, source_ids: Iterable[uuid.UUID] | None
) -> set[uuid.UUID]:
    """For ``hits`` (``SIGNAALROUTE_HIT_SOURCES_EXPIRED``): which of these signals (all with
    None) have been closed longer than the municipality's hit-index months."""
    months = rule_months("hit_index", municipality_id)
    if months is None:
        return set()
    query = closed_before(municipality_id, months_ago(months, timezone.now()))
    if source_ids is not None:
        query = query.filter(pk__in=list(source_ids))
    return set(query.values_list("pk", flat=True))


def installation_months(code: str, default: int | None) -> int | None:
    """An installation-wide rule's months: the longest any municipality set; None (nothing
    goes) while a municipality has set none and the table has no default."""
    municipalities = list(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).values_list("pk", flat=True)
    )
    own = dict(
        RetentionSetting.objects.filter(code=code, municipality_id__in=municipalities).values_list(
            "municipality_id", "months"
        )
    )
    chosen = [own.get(m, default) for m in municipalities] or [default]
    if any(months is None for months in chosen):
        return None
    return max(m for m in chosen if m is not None)


def _held_audit_start() -> int | None:
    """The first audit entry about a signal under legal hold: it and everything after stay."""
    held = [str(pk) for pk in LegalHold.objects.values_list("signal_id", flat=True)]
    if not held:
        return None
    return AuditEntry.objects.filter(object_type="signals.signal", object_id__in=held).aggregate(
        first=Min("position")
    )["first"]


def audit_expired_count(months: int, now: dt.datetime) -> int:
    return prunable_count(before=months_ago(months, now), keep_from=_held_audit_start())


def audit_run(months: int, now: dt.datetime) -> int:
    return audit_prune(before=months_ago(months, now), held=_held_audit_start)
