"""Writes to the partner directory: a partner's entry and its contacts, by a functional
administrator of a municipality of the region; every write checked and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from signaalroute.accounts.models import Organisation, User
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import DomainError
from signaalroute.partners.directory.models import PartnerContact, PartnerProfile
from signaalroute.partners.directory.rules import (
    CONTACT_FIELDS,
    LIST_FIELDS,
    PROFILE_FIELDS,
    check_contact,
    check_profile,
    clean_list,
)
from signaalroute.partners.directory.selectors import may_edit


class DirectoryEditRefused(DomainError):
    code = "directory_edit_refused"
    status = 403

    def default_message(self) -> Any:
        return gettext_lazy("You may not edit the directory entry of this chain partner.")


def _require_editor(actor: User, organisation: Organisation) -> None:
    if not may_edit(actor, organisation):
        raise DirectoryEditRefused()


def _normalise(name: str, value: Any) -> Any:
    if name in LIST_FIELDS:
        return clean_list(value)
    if name == "feedback_weeks":
        return value
    return (value or "").strip() if isinstance(value, str) or value is None else value


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
    *, actor: User, organisation: Organisation, **fields: Any
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
    *, actor: User, organisation: Organisation, name: str, role: str, email: str, phone: str
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
def partner_contact_remove(*, actor: User, contact: PartnerContact) -> None:
    _require_editor(actor, contact.organisation)
    audit_record(
        actor=actor,
        action="partner.contact_remove",
        obj=contact,
        organisation_id=contact.organisation_id,
        fields=list(CONTACT_FIELDS),
    )
    contact.delete()
