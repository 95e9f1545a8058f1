"""The partner directory (ketenpartners per regio): who does what, which signals each partner
takes (its threshold), how to reach it and whom to ask for.

Readable by every employee of the region, so a front-desk clerk knows who does what; edited by
functional administrators. Partners that "cannot find each other" is one of the pains of seed
003_7eb11e2830c5e158.txt (§8.1); the labour inspectorate's two departments with different
thresholds are its §3.1. Partner categories follow seed 004_0e82b480fca28818.txt §5.6.2.

Selectors read (always scoped by the user); services write (keyword-only, one transaction,
audited with the actor in that transaction). CSV export and import: ``directory_csv.py``.
"""

from __future__ import annotations

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
from signaalroute.signals.models import ExploitationForm

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


def clean_list(values: Any) -> list[str]:
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
        return clean_list(value)
    if name == "feedback_weeks":
        return value
    return (value or "").strip() if isinstance(value, str) or value is None else value


def check_profile(profile: PartnerProfile) -> None:
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


def check_contact(contact: PartnerContact) -> None:
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


def assign(profile: PartnerProfile, fields: dict[str, Any]) -> list[str]:
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
    changed = assign(profile, fields)
    if not changed:
        return profile
    check_profile(profile)
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
    check_contact(contact)
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
