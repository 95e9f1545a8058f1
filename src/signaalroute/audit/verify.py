"""Checking the chain: recompute every hash and every link, report the first break."""

from __future__ import annotations

from dataclasses import dataclass

from .models import GENESIS_HASH, AuditEntry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    head_hash: str
    broken_position: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 2000) -> ChainReport:
    expected_prev = GENESIS_HASH
    expected_position = 1
    checked = 0
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
        expected_prev = entry.entry_hash
        expected_position += 1
        checked += 1
    return ChainReport(True, checked, expected_prev)
