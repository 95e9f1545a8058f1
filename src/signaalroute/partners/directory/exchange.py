"""The partner directory as CSV: the format (columns, formula escaping) and the export per
region. The import, in the same format, is in ``importing.py``."""

from __future__ import annotations

import csv
import io
from typing import Any

from signaalroute.accounts.models import User
from signaalroute.audit.services import audit_record
from signaalroute.partners.directory.rules import (
    CONTACT_FIELDS,
    PROFILE_FIELDS,
)
from signaalroute.partners.directory.selectors import (
    partners_visible_to,
    profile_of,
)

ROW_PROFILE, ROW_CONTACT = "profile", "contact"


CONTACT_COLUMNS = {f"contact_{name}": name for name in CONTACT_FIELDS}


CSV_COLUMNS: list[str] = [
    "organisation_id",
    "organisation",
    "category",  # for reading only; the category is set with the organisation, not here
    "row_type",
    *PROFILE_FIELDS,
    "contact_id",
    *CONTACT_COLUMNS,
]


CSV_DELIMITER = ";"  # what spreadsheet programs expect in a Dutch locale; "," is read too


# A cell starting with one of these is a formula to a spreadsheet program: exported with a
# leading apostrophe (and the apostrophe dropped again on import). A value that itself starts
# with an apostrophe gets one too, so that import gives back exactly what was exported.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_ESCAPED_START = (*_FORMULA_START, "'")


def cell_out(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_ESCAPED_START) else text


def cell_in(value: str | None) -> str:
    text = (value or "").strip()
    if text.startswith("'") and text[1:].startswith(_ESCAPED_START):
        return text[1:]
    return text


def directory_export_csv(user: User) -> str:
    """The directory of the user's regions as CSV: per partner one profile row, then one row
    per contact. Exporting is audited (the file holds contacts' names and numbers)."""
    partners = list(
        partners_visible_to(user).prefetch_related("partner_contacts").order_by("category", "name")
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    contacts = 0
    for partner in partners:
        profile = profile_of(partner)
        base = [str(partner.pk), partner.name, partner.category]
        writer.writerow(
            [
                cell_out(v)
                for v in [
                    *base,
                    ROW_PROFILE,
                    *(getattr(profile, f) for f in PROFILE_FIELDS),
                    "",
                    *([""] * len(CONTACT_FIELDS)),
                ]
            ]
        )
        for contact in partner.partner_contacts.all():
            contacts += 1
            writer.writerow(
                [
                    cell_out(v)
                    for v in [
                        *base,
                        ROW_CONTACT,
                        *([""] * len(PROFILE_FIELDS)),
                        str(contact.pk),
                        *(getattr(contact, f) for f in CONTACT_FIELDS),
                    ]
                ]
            )
    audit_record(
        actor=user,
        action="partner.directory_export",
        object_type="partners.partnerprofile",
        fields=[*PROFILE_FIELDS, *CONTACT_FIELDS],
        extra={"partners": len(partners), "contacts": contacts},
    )
    return out.getvalue()
