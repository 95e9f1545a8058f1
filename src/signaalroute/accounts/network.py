"""The focal-officer network (netwerk van aandachtsfunctionarissen): who the focal officers of
each municipality of the region are and how they are reached, readable by the region's focal
officers (seed 002 §2.1, seed 003 §6.4); the functional administrator keeps the municipality's
mailbox and telephone (:func:`focal_point_update`, audited). A regional hit ("known at Zeist")
says how to reach Zeist's focal officers through :func:`contacts_by_name`."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from signaalroute.audit.services import audit_record

from .models import FocalPoint, Membership, Organisation, OrganisationKind, User
from .rules import Permission, Role
from .selectors import memberships_of, municipalities_where


@dataclass(frozen=True)
class NetworkRow:
    """One municipality of the network: its focal officers (name and domain), mailbox, phone."""

    municipality: str
    officers: list[str]
    mailbox: str
    phone: str


def _rows(municipalities: list[Organisation]) -> dict[str, NetworkRow]:
    points = {
        p.municipality_id: p
        for p in FocalPoint.objects.filter(municipality__in=[m.pk for m in municipalities])
    }
    officers: dict[object, list[str]] = {}
    members = (
        Membership.objects.filter(
            organisation__in=[m.pk for m in municipalities],
            role=Role.FOCAL_OFFICER,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    for membership in members:
        name = membership.user.get_full_name() or membership.user.username
        domain = membership.get_domain_display()
        officers.setdefault(membership.organisation_id, []).append(
            f"{name} ({domain})" if membership.domain else name
        )
    rows = {}
    for municipality in municipalities:
        point = points.get(municipality.pk)
        rows[municipality.name] = NetworkRow(
            municipality=municipality.name,
            officers=officers.get(municipality.pk, []),
            mailbox=point.mailbox if point else "",
            phone=point.phone if point else "",
        )
    return rows


def _region_municipalities(user: User) -> list[Organisation]:
    regions = {m.organisation.region_id for m in memberships_of(user)}
    return list(
        Organisation.objects.filter(region_id__in=regions, kind=OrganisationKind.MUNICIPALITY)
    )


def focal_network(user: User) -> list[NetworkRow]:
    """Every municipality of the user's region with its focal officers and contact; empty for
    a user who handles no signals (the view's permission is the gate, this the scope)."""
    if not municipalities_where(user, Permission.HANDLE_SIGNAL).exists():
        return []
    return list(_rows(_region_municipalities(user)).values())


def contacts_by_name(user: User, names: list[str]) -> dict[str, NetworkRow]:
    """The network rows of the named municipalities of the user's region (a hit's answer);
    a name from another installation's export, unknown here, has no row."""
    wanted = [m for m in _region_municipalities(user) if m.name in set(names)]
    return _rows(wanted)


def focal_point_for(municipality: Organisation) -> FocalPoint:
    return FocalPoint.objects.filter(municipality=municipality).first() or FocalPoint(
        municipality=municipality
    )


@transaction.atomic
def focal_point_update(
    *, actor: User, municipality: Organisation, mailbox: str, phone: str
) -> FocalPoint:
    """Set a municipality's functional mailbox and telephone (its functional administrator)."""
    if (
        not municipalities_where(actor, Permission.MANAGE_ORGANISATION)
        .filter(pk=municipality.pk)
        .exists()
    ):
        raise ValidationError(_("You do not manage this municipality."))
    point = focal_point_for(municipality)
    changed = [
        name
        for name, value in (("mailbox", mailbox.strip()), ("phone", phone.strip()))
        if getattr(point, name) != value
    ]
    if not changed:
        return point
    point.mailbox, point.phone = mailbox.strip(), phone.strip()
    point.full_clean(exclude=["municipality"])
    point.save()
    audit_record(
        actor=actor,
        action="accounts.focal_point_update",
        obj=point,
        organisation_id=municipality.pk,
        fields=changed,
    )
    return point
