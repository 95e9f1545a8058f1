"""Importing the partner directory from CSV (the format of ``exchange.py``): every row is
validated before anything is saved; one bad row and nothing is saved."""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.audit.services import audit_record
from signaalroute.partners.directory.exchange import (
    CONTACT_COLUMNS,
    CSV_COLUMNS,
    ROW_CONTACT,
    ROW_PROFILE,
    cell_in,
)
from signaalroute.partners.directory.models import PartnerContact, PartnerProfile
from signaalroute.partners.directory.rules import (
    CONTACT_FIELDS,
    FEEDBACK_WEEKS_MAX,
    FEEDBACK_WEEKS_MIN,
    LIST_FIELDS,
    PROFILE_FIELDS,
    check_contact,
    check_profile,
    clean_list,
)
from signaalroute.partners.directory.selectors import (
    partners_editable_by,
    profile_of,
)
from signaalroute.partners.directory.services import DirectoryEditRefused, assign

MAX_IMPORT_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    profiles_updated: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(self.profiles_updated or self.contacts_added or self.contacts_updated)


@dataclass
class _ProfileChange:
    profile: PartnerProfile
    changed: list[str]


@dataclass
class _ContactChange:
    contact: PartnerContact
    changed: list[str]
    new: bool


def _validation_text(error: ValidationError, column_prefix: str = "") -> str:
    """A row's errors as one line, each after the CSV column it is about."""
    if hasattr(error, "error_dict"):
        return " ".join(
            f"{column_prefix}{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


def _read_rows(file_text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = file_text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    # Numbered as a spreadsheet numbers its rows: the header is row 1, empty rows count too.
    for number, values in enumerate(reader, start=1):
        if number == 1:
            header = [h.strip() for h in values]
            continue
        if not any(v.strip() for v in values):
            continue
        rows.append((number, dict(zip(header, values, strict=False))))
    return header, rows


def _find_partner(
    cells: dict[str, str], by_id: dict[str, Organisation], by_name: dict[str, Organisation]
) -> Organisation | None:
    raw_id = cell_in(cells.get("organisation_id"))
    if raw_id:
        try:
            return by_id.get(str(uuid.UUID(raw_id)))
        except ValueError:
            return None
    return by_name.get(cell_in(cells.get("organisation")).casefold())


def _profile_values(cells: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {name: cell_in(cells.get(name)) for name in PROFILE_FIELDS}
    for name in LIST_FIELDS:
        values[name] = clean_list(values[name])
    weeks = values["feedback_weeks"]
    values["feedback_weeks"] = int(weeks) if re.fullmatch(r"\d{1,4}", weeks) else weeks
    return values


@transaction.atomic
def directory_import_csv(
    *, actor: User, region_orgs_queryset: QuerySet[Organisation], file_text: str
) -> ImportResult:
    """Update directory entries and contacts from a CSV file in the export's format.

    Every row that changes something is checked first; with any error nothing is saved and the
    result lists a message per row (a row that changes nothing is neither checked nor saved). Contacts are matched on contact_id (or, without one, on name and role) and are
    never deleted by an import. Organisations are not created here.
    """
    result = ImportResult()
    if not partners_editable_by(actor).exists():
        raise DirectoryEditRefused()
    editable = list(
        partners_editable_by(actor)
        .filter(pk__in=region_orgs_queryset.values("pk"))
        .select_related("partner_profile")
    )
    by_id = {str(o.pk): o for o in editable}
    by_name = {o.name.casefold(): o for o in editable}

    if "\x00" in file_text:
        result.errors.append(RowError(1, _("This is not a text file. Import a CSV file.")))
        return result
    try:
        header, rows = _read_rows(file_text)
    except csv.Error:
        # E.g. a cell longer than the csv module's limit: not a file this export wrote.
        result.errors.append(
            RowError(
                1, _("The file could not be read as CSV. Import a file in the export's format.")
            )
        )
        return result
    missing = [c for c in CSV_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in CSV_COLUMNS]
    if not header or missing or unknown:
        message = _("The first row must name the columns of the export.")
        if missing:
            message += " " + _("Missing: %(columns)s.") % {"columns": ", ".join(missing)}
        if unknown:
            message += " " + _("Unknown: %(columns)s.") % {"columns": ", ".join(unknown)}
        result.errors.append(RowError(1, message))
        return result
    if len(rows) > MAX_IMPORT_ROWS:
        result.errors.append(
            RowError(1, _("At most %(count)s rows per file.") % {"count": MAX_IMPORT_ROWS})
        )
        return result
    result.rows = len(rows)

    profiles: dict[Any, _ProfileChange] = {}
    contacts: list[_ContactChange] = []
    seen_contacts: set[Any] = set()
    existing_contacts: dict[Any, list[PartnerContact]] = {}
    for existing in PartnerContact.objects.filter(organisation__in=editable):
        existing_contacts.setdefault(existing.organisation_id, []).append(existing)

    def error(row: int, message: str) -> None:
        result.errors.append(RowError(row, message))

    for row, cells in rows:
        partner = _find_partner(cells, by_id, by_name)
        if partner is None:
            error(
                row,
                _("Unknown chain partner, or one you may not edit: %(name)s.")
                % {
                    "name": cell_in(cells.get("organisation"))
                    or cell_in(cells.get("organisation_id"))
                },
            )
            continue
        row_type = cell_in(cells.get("row_type")).lower()
        if row_type == ROW_PROFILE:
            if partner.pk in profiles:
                error(row, _("A second profile row for %(name)s.") % {"name": partner.name})
                continue
            values = _profile_values(cells)
            if not isinstance(values["feedback_weeks"], int):
                error(
                    row,
                    _("feedback_weeks: enter a whole number of weeks from %(low)s to %(high)s.")
                    % {"low": FEEDBACK_WEEKS_MIN, "high": FEEDBACK_WEEKS_MAX},
                )
                continue
            profile = profile_of(partner)
            changed = assign(profile, values)
            # A row that changes nothing is not written, so it is not checked either: an entry
            # that fails today's checks must not block importing the rest of an export.
            if changed:
                try:
                    check_profile(profile)
                except ValidationError as invalid:
                    error(row, _validation_text(invalid))
                    continue
            profiles[partner.pk] = _ProfileChange(profile, changed)
        elif row_type == ROW_CONTACT:
            values = {name: cell_in(cells.get(column)) for column, name in CONTACT_COLUMNS.items()}
            known = existing_contacts.get(partner.pk, [])
            raw_id = cell_in(cells.get("contact_id"))
            contact: PartnerContact | None
            if raw_id:
                try:
                    wanted = uuid.UUID(raw_id)
                except ValueError:
                    wanted = None
                contact = next((c for c in known if c.pk == wanted), None)
                if contact is None:
                    error(
                        row,
                        _("Unknown contact_id for %(name)s: %(id)s.")
                        % {"name": partner.name, "id": raw_id},
                    )
                    continue
            else:
                contact = next(
                    (c for c in known if (c.name, c.role) == (values["name"], values["role"])),
                    None,
                )
            new = contact is None
            if contact is None:
                contact = PartnerContact(organisation=partner)
            elif contact.pk in seen_contacts:
                error(row, _("This contact is in the file twice."))
                continue
            seen_contacts.add(contact.pk)
            changed = []
            for name, value in values.items():
                if getattr(contact, name) != value:
                    setattr(contact, name, value)
                    changed.append(name)
            if new or changed:
                try:
                    check_contact(contact)
                except ValidationError as invalid:
                    error(row, _validation_text(invalid, column_prefix="contact_"))
                    continue
            if new:
                known.append(contact)
                existing_contacts[partner.pk] = known
            contacts.append(_ContactChange(contact, changed, new))
        else:
            error(
                row,
                _("row_type must be %(profile)s or %(contact)s.")
                % {"profile": ROW_PROFILE, "contact": ROW_CONTACT},
            )

    if result.errors:
        return result

    for change in profiles.values():
        if not change.changed:
            continue
        change.profile.save()
        result.profiles_updated += 1
        audit_record(
            actor=actor,
            action="partner.profile_update",
            obj=change.profile,
            organisation_id=change.profile.organisation_id,
            fields=change.changed,
            extra={"via": "csv_import"},
        )
    for contact_change in contacts:
        if not contact_change.new and not contact_change.changed:
            continue
        contact_change.contact.save()
        if contact_change.new:
            result.contacts_added += 1
        else:
            result.contacts_updated += 1
        audit_record(
            actor=actor,
            action="partner.contact_add" if contact_change.new else "partner.contact_update",
            obj=contact_change.contact,
            organisation_id=contact_change.contact.organisation_id,
            fields=[n for n in CONTACT_FIELDS if getattr(contact_change.contact, n)]
            if contact_change.new
            else contact_change.changed,
            extra={"via": "csv_import"},
        )
    audit_record(
        actor=actor,
        action="partner.directory_import",
        object_type="partners.partnerprofile",
        fields=[*PROFILE_FIELDS, *CONTACT_FIELDS],
        extra={
            "rows": result.rows,
            "profiles_updated": result.profiles_updated,
            "contacts_added": result.contacts_added,
            "contacts_updated": result.contacts_updated,
        },
    )
    return result
