"""Reads of the partner directory (ketenpartners per regio): who does what, which signals each
partner takes (its threshold), how to reach it. Every employee of the region reads it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import (
    municipalities_where,
    organisations_visible_to,
    organisations_where,
)
from signaalroute.partners.directory.models import PartnerProfile
from signaalroute.partners.directory.rules import HANDLED_FORMS


def partners_visible_to(user: User) -> QuerySet[Organisation]:
    """Chain partners of the regions in which the user may read the directory."""
    regions = organisations_where(user, Permission.VIEW_PARTNER_DIRECTORY).values("region_id")
    return (
        organisations_visible_to(user)
        .filter(kind=OrganisationKind.PARTNER, region_id__in=regions)
        .select_related("partner_profile")
    )


def partners_editable_by(user: User) -> QuerySet[Organisation]:
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
    user: User, *, q: str = "", category: str = "", form: str = ""
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


def may_edit(user: User, organisation: Organisation) -> bool:
    return partners_editable_by(user).filter(pk=organisation.pk).exists()
