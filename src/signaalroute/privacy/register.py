"""The processing register (verwerkingsregister, AVG art. 30): the product's own description of
each processing, with the privacy officer's corrections, as the pages, the CSV and the PDF show
it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import acting_municipality, holds_in
from signaalroute.audit.services import audit_record

from .models import ProcessingEntry

DATA = Path(__file__).with_name("data")
# The fields of a processing, in the order of AVG art. 30 lid 1, with their Dutch headings.
FIELDS = (
    ("name", _("Processing")),
    ("purpose", _("Purpose")),
    ("subjects", _("Categories of data subjects")),
    ("data", _("Categories of personal data")),
    ("special", _("Special and criminal data")),
    ("recipients", _("Recipients")),
    ("bases", _("Legal bases")),
    ("retention", _("Retention")),
    ("security", _("Security measures")),
)


@cache
def product_register() -> dict[str, Any]:
    return json.loads((DATA / "register.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Processing:
    code: str
    values: dict[str, str]
    changed: frozenset[str]  # fields the privacy officer corrected
    models: tuple[str, ...]


def register_for(municipality: Organisation) -> list[Processing]:
    own = {e.code: e.values for e in ProcessingEntry.objects.filter(municipality=municipality)}
    out = []
    for item in product_register()["processings"]:
        corrected = own.get(item["code"], {})
        values = {key: corrected.get(key, item[key]) for key, _label in FIELDS}
        changed = frozenset(k for k in corrected if corrected[k] != item[k])
        out.append(Processing(item["code"], values, changed, tuple(item["models"])))
    return out


def register_municipality(user: User, permission: Permission) -> Organisation | None:
    return acting_municipality(user, permission)


@transaction.atomic
def processing_update(
    *, actor: User, municipality: Organisation, code: str, values: dict[str, str]
) -> ProcessingEntry:
    """Keep the privacy officer's corrections of one processing (only what differs)."""
    if not holds_in(actor, Permission.KEEP_PROCESSING_REGISTER, municipality.pk):
        raise PermissionDenied
    product = next(p for p in product_register()["processings"] if p["code"] == code)
    differs = {
        k: v.strip() for k, v in values.items() if k in dict(FIELDS) and v.strip() != product[k]
    }
    entry, _created = ProcessingEntry.objects.update_or_create(
        municipality=municipality, code=code, defaults={"values": differs}
    )
    audit_record(
        actor=actor,
        action="privacy.register_update",
        obj=entry,
        organisation_id=municipality.pk,
        fields=sorted(differs),
    )
    return entry
