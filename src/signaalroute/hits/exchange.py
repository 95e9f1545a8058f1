"""Exchanging the regional hit index between installations: export the local entries (municipality,
kind and digest only), import another installation's export under the same regional key."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, OrganisationKind, Region
from signaalroute.audit.services import audit_record
from signaalroute.hits.models import HitEntry, HitKind, HitOrigin, HitSource
from signaalroute.hits.services import HitImportRefused, HitIndexNotConfigured, HitKey, hit_key

EXPORT_FORMAT = "signaalroute-hit-index"
EXPORT_VERSION = 1
DIGEST_PATTERN = re.compile(r"[0-9a-f]{64}")


def hit_index_export(region: Region) -> dict[str, Any]:
    """The local entries of a region under the current key, as JSON-ready data (no values, no
    record ids: municipality, kind and digest only). Imported entries are not passed on."""
    key = hit_key()
    if key is None:
        raise HitIndexNotConfigured()
    rows = (
        HitEntry.objects.filter(region=region, key_id=key.key_id, origin=HitOrigin.LOCAL)
        .order_by("municipality_name", "kind", "digest")
        .values_list("municipality_name", "kind", "digest")
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "region": region.name,
        "key_id": key.key_id,
        "entries": [{"municipality": m, "kind": k, "digest": d} for m, k, d in rows],
    }
    audit_record(
        actor=None,
        action="stacking.hit_export",
        obj=region,
        extra={"key_id": key.key_id, "entries": len(data["entries"])},
    )
    return data


def _import_rows(data: Any, key: HitKey) -> dict[str, set[tuple[str, str]]]:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise HitImportRefused(_("This file is not an export of the regional hit index."))
    if data.get("version") != EXPORT_VERSION:
        raise HitImportRefused(
            _("This export has format version %(v)s; this installation reads version %(w)s.")
            % {"v": data.get("version"), "w": EXPORT_VERSION}
        )
    if data.get("key_id") != key.key_id:
        raise HitImportRefused(
            _(
                "This export was made with regional key “%(theirs)s”, this installation uses "
                "“%(ours)s”. Both installations must use the same key; after a rotation, ask "
                "for a new export."
            )
            % {"theirs": str(data.get("key_id"))[:40], "ours": key.key_id}
        )
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise HitImportRefused(_("The export has no list of entries."))
    rows: dict[str, set[tuple[str, str]]] = {}
    for number, entry in enumerate(entries, start=1):
        name = entry.get("municipality") if isinstance(entry, dict) else None
        kind = entry.get("kind") if isinstance(entry, dict) else None
        digest = entry.get("digest") if isinstance(entry, dict) else None
        if (
            not isinstance(name, str)
            or not name.strip()
            or len(name) > 200
            or kind not in HitKind.values
            or not isinstance(digest, str)
            or not DIGEST_PATTERN.fullmatch(digest)
        ):
            raise HitImportRefused(
                _("Entry %(n)s of the export is not valid; nothing was imported.") % {"n": number}
            )
        rows.setdefault(name.strip(), set()).add((kind, digest))
    return rows


@transaction.atomic
def hit_index_import(data: Any, region: Region) -> dict[str, Any]:
    """Replace the imported entries of each municipality in ``data`` (another installation's
    export). Refused as a whole for another key id or a malformed file. A municipality that has
    local entries here is skipped: local entries are never overwritten."""
    key = hit_key()
    if key is None:
        raise HitIndexNotConfigured()
    rows = _import_rows(data, key)
    local_names = set(
        HitEntry.objects.filter(region=region, origin=HitOrigin.LOCAL)
        .values_list("municipality_name", flat=True)
        .distinct()
    ) | set(
        Organisation.objects.filter(
            region=region,
            kind=OrganisationKind.MUNICIPALITY,
            pk__in=HitSource.objects.values("municipality"),
        ).values_list("name", flat=True)
    )
    imported: dict[str, int] = {}
    skipped: list[str] = []
    for name, pairs in sorted(rows.items()):
        if name in local_names:
            skipped.append(name)
            continue
        HitEntry.objects.filter(
            region=region, municipality_name=name, origin=HitOrigin.IMPORT
        ).delete()
        HitEntry.objects.bulk_create(
            [
                HitEntry(
                    region=region,
                    municipality=None,
                    municipality_name=name,
                    key_id=key.key_id,
                    digest=digest,
                    kind=kind,
                    origin=HitOrigin.IMPORT,
                )
                for kind, digest in sorted(pairs)
            ]
        )
        imported[name] = len(pairs)
    audit_record(
        actor=None,
        action="stacking.hit_import",
        obj=region,
        extra={
            "key_id": key.key_id,
            "entries": sum(imported.values()),
            "municipalities": len(imported),
            "skipped": len(skipped),
        },
    )
    return {"imported": imported, "skipped": skipped}
