"""Administration of a region (regiobeheer) by its regional administrator: the municipalities
that join, with their first administrator, and the chain partners (ketenpartners) with the
data-sharing category that decides what they may receive.

A region's administrator's own account never reaches a municipality's signals or its people
other than its administrators: each municipality is its own controller (see ``people._reach``).
It does appoint the regional roles (chain director, auditor), which read across the region;
those appointments are audited like every other.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from signaalroute.audit.services import audit_record

from .models import FocalPoint, Membership, Organisation, OrganisationKind, Region, User
from .people import person_invite
from .rules import Permission, Role
from .selectors import forget_memberships, organisations_where


def administered_region(actor: User) -> Region | None:
    """The region the actor administers (the first by name when several)."""
    ids = organisations_where(actor, Permission.MANAGE_REGION).values("region_id")
    return Region.objects.filter(pk__in=ids).order_by("name").first()


def municipalities_of(region: Region) -> QuerySet[Organisation]:
    """The region's municipalities, each with its active administrators and its team count."""
    admins = Membership.objects.filter(
        role=Role.FUNCTIONAL_ADMIN, user__is_active=True
    ).select_related("user")
    return (
        Organisation.objects.filter(region=region, kind=OrganisationKind.MUNICIPALITY)
        .annotate(team_count=Count("children", filter=Q(children__kind=OrganisationKind.TEAM)))
        .prefetch_related(Prefetch("memberships", queryset=admins, to_attr="administrators"))
        .order_by("name")
    )


def partners_of(region: Region) -> QuerySet[Organisation]:
    """The region's chain partners with the number of people who hold a role there."""
    return (
        Organisation.objects.filter(region=region, kind=OrganisationKind.PARTNER)
        .annotate(people_count=Count("memberships__user", distinct=True))
        .order_by("name")
    )


def _require(actor: User, region: Region) -> None:
    if administered_region(actor) != region:
        raise PermissionDenied


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the name.")})
    return name


def _unique(region: Region, kind: str, name: str, exclude: Any = None) -> None:
    taken = Organisation.objects.filter(region=region, kind=kind, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"name": _("The region has an organisation with this name already.")})


@transaction.atomic
def municipality_add(
    *,
    actor: User,
    region: Region,
    name: str,
    first_name: str,
    last_name: str,
    email: str,
) -> tuple[Organisation, User]:
    """A municipality joins the region, with its first functional administrator (invited by an
    activation link): a municipality nobody can administer would be a dead end. On any refusal
    nothing is kept."""
    _require(actor, region)
    name = _clean_name(name)
    _unique(region, OrganisationKind.MUNICIPALITY, name)
    municipality = Organisation(region=region, kind=OrganisationKind.MUNICIPALITY, name=name)
    municipality.full_clean()
    municipality.save()
    FocalPoint.objects.create(municipality=municipality)
    audit_record(
        actor=actor,
        action="accounts.municipality_add",
        obj=municipality,
        organisation_id=municipality.pk,
    )
    forget_memberships(actor)
    person, _token = person_invite(
        actor=actor,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=municipality,
        role=Role.FUNCTIONAL_ADMIN,
    )
    return municipality, person


@transaction.atomic
def partner_add(*, actor: User, region: Region, name: str, category: str) -> Organisation:
    _require(actor, region)
    name = _clean_name(name)
    _unique(region, OrganisationKind.PARTNER, name)
    partner = Organisation(
        region=region, kind=OrganisationKind.PARTNER, name=name, category=category
    )
    partner.full_clean()
    partner.save()
    audit_record(
        actor=actor,
        action="accounts.partner_add",
        obj=partner,
        organisation_id=partner.pk,
        extra={"category": category},
    )
    return partner


@transaction.atomic
def partner_update(*, actor: User, partner: Organisation, name: str, category: str) -> Organisation:
    """Rename a chain partner or change its data-sharing category: the category decides which
    sharing profiles apply to it, so the change is audited with the old and the new one."""
    partner = Organisation.objects.select_for_update().get(pk=partner.pk)
    if partner.kind != OrganisationKind.PARTNER:
        raise PermissionDenied
    _require(actor, partner.region)
    name = _clean_name(name)
    _unique(partner.region, OrganisationKind.PARTNER, name, exclude=partner.pk)
    before = partner.category
    partner.name, partner.category = name, category
    partner.full_clean()
    partner.save(update_fields=["name", "category"])
    audit_record(
        actor=actor,
        action="accounts.partner_update",
        obj=partner,
        organisation_id=partner.pk,
        extra={"category_before": before, "category": category},
    )
    return partner
