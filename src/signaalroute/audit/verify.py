"""Checking the chain: recompute every hash and every link, report the first break.

A chain whose oldest entries were pruned under retention (``prune.py``) starts from its newest
anchor: the first remaining entry must link to the anchor's hash, nothing at or before the
anchor may remain, and an ``audit.prune`` entry in the chain must repeat the anchor (position and
hash), so an anchor written without a pruning is not believed."""

from __future__ import annotations

from dataclasses import dataclass

from .models import GENESIS_HASH, AuditAnchor, AuditEntry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    head_hash: str
    broken_position: int | None = None
    reason: str = ""
    anchor_position: int = 0  # entries up to here were pruned under retention (0: none)


def verify_chain(batch_size: int = 2000) -> ChainReport:
    anchor = AuditAnchor.objects.order_by("-position").first()
    start = anchor.position if anchor else 0
    expected_prev = anchor.entry_hash if anchor else GENESIS_HASH
    expected_position = start + 1
    checked = 0
    confirmed = anchor is None
    if anchor is not None and AuditEntry.objects.filter(position__lte=start).exists():
        return ChainReport(
            False, 0, expected_prev, start, "entries at or before the anchor remain", start
        )
    queryset = AuditEntry.objects.order_by("position")
    for entry in queryset.iterator(chunk_size=batch_size):
        if entry.position != expected_position:
            return ChainReport(
                False,
                checked,
                expected_prev,
                expected_position,
                f"position {expected_position} is missing (found {entry.position})",
            )
        if entry.prev_hash != expected_prev:
            return ChainReport(
                False,
                checked,
                expected_prev,
                entry.position,
                "link to the previous entry is broken (deleted, inserted or reordered row)",
            )
        if entry.compute_hash() != entry.entry_hash:
            return ChainReport(
                False,
                checked,
                expected_prev,
                entry.position,
                "content does not match its hash (row was edited)",
            )
        if (
            anchor is not None
            and entry.action == "audit.prune"
            and entry.extra.get("up_to") == anchor.position
            and entry.extra.get("anchor_hash") == anchor.entry_hash
        ):
            confirmed = True
        expected_prev = entry.entry_hash
        expected_position += 1
        checked += 1
    if not confirmed:
        return ChainReport(
            False,
            checked,
            expected_prev,
            start,
            "the anchor is not confirmed by an audit.prune entry of the chain",
            start,
        )
    return ChainReport(True, checked, expected_prev, anchor_position=start)
