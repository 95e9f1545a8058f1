"""Pruning the oldest entries of the chain under the retention table (``privacy`` decides how
old and which entries must stay; this module only removes a prefix of the chain).

Only a **prefix** goes: the entries from the start of the chain up to the last one older than
``before``, never past ``keep_from`` (an entry that must stay, e.g. about a signal under legal
hold, keeps everything after it), never the newest entry. Each batch is one transaction: an
anchor (``AuditAnchor``: the position and hash of the last entry removed) is written, the
entries are deleted, and an ``audit.prune`` entry repeating the anchor is appended. A run broken
off between batches leaves a chain that verifies from the last anchor, and the next run goes on
from there. Editing an entry is never possible: its hash would no longer match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from .models import AuditAnchor, AuditEntry
from .services import _lock_chain, audit_record

BATCH = 1000


def _last_prunable(before: dt.datetime, keep_from: int | None) -> int:
    """The last position that may go (0: none): before the first entry that is not older than
    ``before``, before ``keep_from``, before the newest entry."""
    anchor = AuditAnchor.objects.order_by("-position").first()
    start = anchor.position if anchor else 0
    head = AuditEntry.objects.order_by("-position").values_list("position", flat=True).first()
    if head is None:
        return start
    first_young = (
        AuditEntry.objects.filter(position__gt=start, timestamp__gte=before)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    limit = head - 1
    if first_young is not None:
        limit = min(limit, first_young - 1)
    if keep_from is not None:
        limit = min(limit, keep_from - 1)
    return max(limit, start)


def prunable_count(*, before: dt.datetime, keep_from: int | None = None) -> int:
    """How many entries a prune would remove now (a dry run: nothing is written)."""
    anchor = AuditAnchor.objects.order_by("-position").first()
    start = anchor.position if anchor else 0
    last = _last_prunable(before, keep_from)
    return AuditEntry.objects.filter(position__gt=start, position__lte=last).count()


def _prune_batch(
    before: dt.datetime, up_to: int, batch: int, held: Callable[[], int | None]
) -> int:
    with transaction.atomic():
        _lock_chain()
        anchor = AuditAnchor.objects.order_by("-position").first()
        start = anchor.position if anchor else 0
        last = min(up_to, start + batch)
        keep_from = held()  # asked again under the lock: a hold placed during the run counts
        if keep_from is not None:
            last = min(last, keep_from - 1)
        if last <= start:
            return 0
        end = AuditEntry.objects.only("position", "entry_hash").get(position=last)
        AuditAnchor.objects.create(
            position=end.position,
            entry_hash=end.entry_hash,
            removed=last - start,
            before=before,
        )
        removed = AuditEntry.objects.filter(position__gt=start, position__lte=last).delete()[0]
        audit_record(
            actor=None,
            action="audit.prune",
            object_type="audit.auditanchor",
            extra={
                "up_to": end.position,
                "anchor_hash": end.entry_hash,
                "removed": removed,
                "before": before.astimezone(dt.UTC).isoformat(),
            },
        )
        return removed


def audit_prune(
    *,
    before: dt.datetime,
    keep_from: int | None = None,
    held: Callable[[], int | None] | None = None,
    batch: int = BATCH,
) -> int:
    """Remove the chain's oldest entries older than ``before`` (see the module), batch by
    batch; returns how many went. The end is fixed when the run starts, so the entries the
    run appends itself are not pruned by it. ``held`` gives the first position that must stay
    (e.g. about a signal under legal hold); it is asked again in every batch, under the
    chain's lock, so a hold placed while the run goes on stops it there."""

    def must_stay() -> int | None:
        found = [p for p in (keep_from, held() if held else None) if p is not None]
        return min(found) if found else None

    up_to = _last_prunable(before, must_stay())
    total = 0
    while removed := _prune_batch(before, up_to, batch, must_stay):
        total += removed
    return total
