"""Writes of monitoring: the reference figures a functional administrator keeps. Keyword-only,
one transaction, audited with the actor and the fields touched."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import holds_in
from signaalroute.audit.services import audit_record
from signaalroute.core.sources import cite

from .models import ReferenceFigure

EDITABLE = (
    "figure",
    "value_low",
    "value_high",
    "year",
    "area",
    "source",
    "source_url",
    "cited_in",
)


@cache
def shipped_figures() -> tuple[dict[str, Any], ...]:
    """The figures the policy documents cite (``data/reference-figures.json``), with the
    document named by its title."""
    raw = json.loads(
        Path(__file__).with_name("data").joinpath("reference-figures.json").read_text()
    )
    return tuple({**f, "cited_in": cite(f["cited_in"])} for f in raw["figures"])


def _require_admin(actor: User, municipality: Organisation) -> None:
    if not holds_in(actor, Permission.MANAGE_ORGANISATION, municipality.pk):
        raise PermissionDenied


@transaction.atomic
def reference_figure_save(
    *, actor: User, municipality: Organisation, existing: ReferenceFigure | None, **values: Any
) -> ReferenceFigure:
    """Add a figure (``existing`` None) or change one of the municipality's."""
    _require_admin(actor, municipality)
    if existing is not None and existing.municipality_id != municipality.pk:
        raise PermissionDenied
    row = existing or ReferenceFigure(municipality=municipality)
    changed = [name for name in EDITABLE if getattr(row, name) != values.get(name)]
    for name in EDITABLE:
        setattr(row, name, values.get(name, getattr(row, name)))
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="monitoring.reference_add" if existing is None else "monitoring.reference_update",
        obj=row,
        organisation_id=municipality.pk,
        fields=changed,
    )
    return row


@transaction.atomic
def reference_figure_delete(*, actor: User, figure: ReferenceFigure) -> None:
    _require_admin(actor, figure.municipality)
    audit_record(
        actor=actor,
        action="monitoring.reference_delete",
        obj=figure,
        organisation_id=figure.municipality_id,
    )
    figure.delete()


@transaction.atomic
def reference_figures_prefill(*, actor: User | None, municipality: Organisation) -> int:
    """Add the shipped figures the municipality does not have yet (by key); returns how many.
    ``actor`` None is the demo loader."""
    if actor is not None:
        _require_admin(actor, municipality)
    have = set(
        ReferenceFigure.objects.filter(municipality=municipality).values_list("key", flat=True)
    )
    added = [
        ReferenceFigure(municipality=municipality, **f)
        for f in shipped_figures()
        if f["key"] not in have
    ]
    ReferenceFigure.objects.bulk_create(added)
    audit_record(
        actor=actor,
        action="monitoring.reference_prefill",
        object_type="accounts.organisation",
        object_id=str(municipality.pk),
        organisation_id=municipality.pk,
        extra={"added": len(added)},
    )
    return len(added)
