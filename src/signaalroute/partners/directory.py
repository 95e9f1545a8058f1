"""The partner directory (ketenpartners per regio): who does what, which signals each partner
takes (its threshold), how to reach it and whom to ask for.

Readable by every employee of the region, so a front-desk clerk knows who does what; edited by
functional administrators. Partners that "cannot find each other" is one of the pains of seed
003_7eb11e2830c5e158.txt (§8.1); the labour inspectorate's two departments with different
thresholds are its §3.1. Partner categories follow seed 004_0e82b480fca28818.txt §5.6.2.

Selectors read (always scoped by the user); services write (keyword-only, one transaction,
audited with the actor in that transaction). The CSV import validates every row before it
saves anything: one bad row and nothing is saved.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import (
    municipalities_where,
    organisations_visible_to,
    organisations_where,
)
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import DomainError
from signaalroute.intake.models import ExploitationForm

from .models import PartnerContact, PartnerProfile

# The directory entry's fields, in the order of the form and the CSV file.
PROFILE_FIELDS: tuple[str, ...] = (
    "description",
    "handles_forms",
    "target_groups",
    "thresholds",
    "phone_24_7",
    "phone",
    "hours",
    "mailbox",
    "routing_roles",
    "feedback_weeks",
)
LIST_FIELDS = frozenset({"handles_forms", "routing_roles"})
CONTACT_FIELDS: tuple[str, ...] = ("name", "role", "email", "phone")

# The forms of exploitation a partner can say it handles ("unknown" is a signal's answer only).
HANDLED_FORMS: list[tuple[str, Any]] = [
    (value, label) for value, label in ExploitationForm.choices if value != ExploitationForm.UNKNOWN
]
FEEDBACK_WEEKS_MIN, FEEDBACK_WEEKS_MAX = 1, 52

phone_validator = RegexValidator(
    r"^(?=(?:\D*\d){3})\+?[0-9 ()\-]{3,30}$",
    message=gettext_lazy("Enter a telephone number: digits, spaces, a leading +, - or brackets."),
    code="phone",
)
# Codes the routing rules use for a role a partner fills, e.g. "police", "care_coordinator".
routing_role_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$",
    message=gettext_lazy(
        "Use routing codes of lower-case letters, digits and underscores, e.g. care_coordinator."
    ),
    code="routing_role",
)


class DirectoryEditRefused(DomainError):
    code = "directory_edit_refused"
    status = 403

    def default_message(self) -> Any:
        return gettext_lazy("You may not edit the directory entry of this chain partner.")


# --- Selectors ---------------------------------------------------------------------------------


def partners_visible_to(user: Any) -> QuerySet[Organisation]:
    """Chain partners of the regions in which the user may read the directory."""
    regions = organisations_where(user, Permission.VIEW_PARTNER_DIRECTORY).values("region_id")
    return (
        organisations_visible_to(user)
        .filter(kind=OrganisationKind.PARTNER, region_id__in=regions)
        .select_related("partner_profile")
    )


def partners_editable_by(user: Any) -> QuerySet[Organisation]:
    """Chain partners of the regions where the user manages an organisation (functional admin)."""
    # Administrators of a municipality only: a partner's own administrator must not redirect
    # another partner's mailbox or 24/7 number.
    regions = municipalities_where(user, Permission.MANAGE_ORGANISATION).values("region_id")
    return Organisation.objects.filter(
        kind=OrganisationKind.PARTNER, region_id__in=regions
    ).select_related("partner_profile")


def _json_list_contains(field_name: str, value: str) -> Q:
    from django.db import connection

    if connection.vendor == "postgresql":
        return Q(**{f"{field_name}__contains": [value]})
    return Q(**{f"{field_name}__icontains": f'"{value}"'})


def directory_search(
    user: Any, *, q: str = "", category: str = "", form: str = ""
) -> QuerySet[Organisation]:
    """The directory list: search in what partners do (not in contacts' names), filter by
    category and by the form of exploitation a partner handles."""
    partners = partners_visible_to(user)
    if category:
        partners = partners.filter(category=category)
    if form:
        partners = partners.filter(_json_list_contains("partner_profile__handles_forms", form))
    term = q.strip()
    if term:
        partners = partners.filter(
            Q(name__icontains=term)
            | Q(partner_profile__description__icontains=term)
            | Q(partner_profile__target_groups__icontains=term)
            | Q(partner_profile__thresholds__icontains=term)
        )
    return partners.order_by("name")


def profile_of(organisation: Organisation) -> PartnerProfile:
    """The partner's directory entry; an unsaved empty one when none was written yet."""
    try:
        return organisation.partner_profile
    except PartnerProfile.DoesNotExist:
        return PartnerProfile(organisation=organisation)


def form_labels(profile: PartnerProfile) -> list[Any]:
    labels = dict(HANDLED_FORMS)
    return [labels.get(code, code) for code in profile.handles_forms or []]


def may_edit(user: Any, organisation: Organisation) -> bool:
    return partners_editable_by(user).filter(pk=organisation.pk).exists()


# --- Services ----------------------------------------------------------------------------------


def _require_editor(actor: Any, organisation: Organisation) -> None:
    if not may_edit(actor, organisation):
        raise DirectoryEditRefused()


def _clean_list(values: Any) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    cleaned: list[str] = []
    for value in values or []:
        text = str(value).strip()
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def _normalise(name: str, value: Any) -> Any:
    if name in LIST_FIELDS:
        return _clean_list(value)
    if name == "feedback_weeks":
        return value
    return (value or "").strip() if isinstance(value, str) or value is None else value


def _check_profile(profile: PartnerProfile) -> None:
    """The model's own checks plus the directory's: known forms, codes, phone numbers."""
    errors: dict[str, list[Any]] = {}
    try:
        profile.full_clean(exclude=["organisation"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    # A TextField's max_length is not checked by full_clean (only by a form): check it here, as
    # the CSV import does not pass through a form.
    for name in PROFILE_FIELDS:
        model_field = PartnerProfile._meta.get_field(name)
        limit = getattr(model_field, "max_length", None)
        value = getattr(profile, name)
        if limit and isinstance(value, str) and len(value) > limit and name not in errors:
            errors[name] = [
                _("Use at most %(limit)s characters (now %(length)s).")
                % {"limit": limit, "length": len(value)}
            ]
    known = {code for code, _label in HANDLED_FORMS}
    unknown = [code for code in profile.handles_forms or [] if code not in known]
    if unknown:
        errors.setdefault("handles_forms", []).append(
            _("Unknown form of exploitation: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    for code in profile.routing_roles or []:
        try:
            routing_role_validator(code)
        except ValidationError as error:
            errors.setdefault("routing_roles", []).extend(error.messages)
            break
    for name in ("phone_24_7", "phone"):
        value = getattr(profile, name)
        if value:
            try:
                phone_validator(value)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
    weeks = profile.feedback_weeks
    if (
        isinstance(weeks, int)
        and "feedback_weeks" not in errors
        and not FEEDBACK_WEEKS_MIN <= weeks <= FEEDBACK_WEEKS_MAX
    ):
        errors.setdefault("feedback_weeks", []).append(
            _("Enter a number of weeks from %(low)s to %(high)s.")
            % {"low": FEEDBACK_WEEKS_MIN, "high": FEEDBACK_WEEKS_MAX}
        )
    if errors:
        raise ValidationError(errors)


def _check_contact(contact: PartnerContact) -> None:
    errors: dict[str, list[Any]] = {}
    try:
        contact.full_clean(exclude=["organisation"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if contact.phone and "phone" not in errors:
        try:
            phone_validator(contact.phone)
        except ValidationError as error:
            errors["phone"] = list(error.messages)
    if errors:
        raise ValidationError(errors)


def _assign(profile: PartnerProfile, fields: dict[str, Any]) -> list[str]:
    """Set the given fields; returns the names of those whose value changed."""
    changed = []
    for name, value in fields.items():
        new = _normalise(name, value)
        if getattr(profile, name) != new:
            setattr(profile, name, new)
            changed.append(name)
    return changed


def _unknown_fields(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(PROFILE_FIELDS))
    if unknown:
        raise TypeError(f"not a directory field: {', '.join(unknown)}")


@transaction.atomic
def partner_profile_update(
    *, actor: Any, organisation: Organisation, **fields: Any
) -> PartnerProfile:
    """Change a partner's directory entry (created on first write). Only changed fields are
    saved and audited; a change to nothing writes nothing."""
    _unknown_fields(fields)
    _require_editor(actor, organisation)
    # Get or create: a partner may have no entry yet; it is created with the first change.
    profile = PartnerProfile.objects.select_for_update().filter(
        organisation=organisation
    ).first() or PartnerProfile(organisation=organisation)
    changed = _assign(profile, fields)
    if not changed:
        return profile
    _check_profile(profile)
    profile.save()
    audit_record(
        actor=actor,
        action="partner.profile_update",
        obj=profile,
        organisation_id=organisation.pk,
        fields=changed,
    )
    return profile


@transaction.atomic
def partner_contact_add(
    *, actor: Any, organisation: Organisation, name: str, role: str, email: str, phone: str
) -> PartnerContact:
    _require_editor(actor, organisation)
    contact = PartnerContact(
        organisation=organisation,
        name=(name or "").strip(),
        role=(role or "").strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
    )
    _check_contact(contact)
    contact.save()
    audit_record(
        actor=actor,
        action="partner.contact_add",
        obj=contact,
        organisation_id=organisation.pk,
        fields=[name for name in CONTACT_FIELDS if getattr(contact, name)],
    )
    return contact


@transaction.atomic
def partner_contact_remove(*, actor: Any, contact: PartnerContact) -> None:
    _require_editor(actor, contact.organisation)
    audit_record(
        actor=actor,
        action="partner.contact_remove",
        obj=contact,
        organisation_id=contact.organisation_id,
        fields=list(CONTACT_FIELDS),
    )
    contact.delete()


# --- CSV export and import ---------------------------------------------------------------------

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
MAX_IMPORT_ROWS = 5000
# A cell starting with one of these is a formula to a spreadsheet program: exported with a
# leading apostrophe (and the apostrophe dropped again on import). A value that itself starts
# with an apostrophe gets one too, so that import gives back exactly what was exported.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_START = (*_FORMULA_START, "'")


def _cell_out(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_ESCAPED_START) else text


def _cell_in(value: str | None) -> str:
    text = (value or "").strip()
    if text.startswith("'") and text[1:].startswith(_ESCAPED_START):
        return text[1:]
    return text


def directory_export_csv(user: Any) -> str:
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
                _cell_out(v)
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
                    _cell_out(v)
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
    raw_id = _cell_in(cells.get("organisation_id"))
    if raw_id:
        try:
            return by_id.get(str(uuid.UUID(raw_id)))
        except ValueError:
            return None
    return by_name.get(_cell_in(cells.get("organisation")).casefold())


def _profile_values(cells: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {name: _cell_in(cells.get(name)) for name in PROFILE_FIELDS}
    for name in LIST_FIELDS:
        values[name] = _clean_list(values[name])
    weeks = values["feedback_weeks"]
    values["feedback_weeks"] = int(weeks) if re.fullmatch(r"\d{1,4}", weeks) else weeks
    return values


@transaction.atomic
def directory_import_csv(
    *, actor: Any, region_orgs_queryset: QuerySet[Organisation], file_text: str
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
                    "name": _cell_in(cells.get("organisation"))
                    or _cell_in(cells.get("organisation_id"))
                },
            )
            continue
        row_type = _cell_in(cells.get("row_type")).lower()
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
            changed = _assign(profile, values)
            # A row that changes nothing is not written, so it is not checked either: an entry
            # that fails today's checks must not block importing the rest of an export.
            if changed:
                try:
                    _check_profile(profile)
                except ValidationError as invalid:
                    error(row, _validation_text(invalid))
                    continue
            profiles[partner.pk] = _ProfileChange(profile, changed)
        elif row_type == ROW_CONTACT:
            values = {name: _cell_in(cells.get(column)) for column, name in CONTACT_COLUMNS.items()}
            known = existing_contacts.get(partner.pk, [])
            raw_id = _cell_in(cells.get("contact_id"))
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
                    _check_contact(contact)
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
