"""Reads about who may do what where. Every other app scopes its queries through these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from signaalroute.audit.services import ActorSnapshot

from .models import Membership, Organisation, OrganisationKind, User
from .rules import OWN_ORGANISATION_ONLY, ROLE_RULES, Permission, Role, Scope, roles_with

_CACHE_ATTR = "_signaalroute_memberships"


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships, loaded once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).select_related(
                "organisation", "organisation__parent", "organisation__region"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: User | AnonymousUser) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: User | AnonymousUser) -> set[Role]:
    return {Role(m.role) for m in memberships_of(user)}


def permissions_of(user: User | AnonymousUser) -> set[Permission]:
    perms: set[Permission] = set()
    for role in roles_of(user):
        perms |= ROLE_RULES[role].permissions
    return perms


def has_permission(user: User | AnonymousUser, permission: Permission) -> bool:
    return permission in permissions_of(user)


def needs_second_factor(user: User | AnonymousUser) -> bool:
    """True when any of the user's roles sees personal data (HOUSE_STYLE: MFA for those)."""
    return any(ROLE_RULES[role].sees_personal_data for role in roles_of(user))


def organisations_where(user: User, permission: Permission) -> QuerySet[Organisation]:
    """Organisations in which the user holds `permission`, expanded by each role's scope."""
    condition = Q(pk__in=[])
    for membership in memberships_of(user):
        rule = ROLE_RULES[Role(membership.role)]
        if permission not in rule.permissions:
            continue
        org = membership.organisation
        if permission in OWN_ORGANISATION_ONLY:
            condition |= Q(pk=org.pk)
        elif rule.scope == Scope.ORGANISATION:
            condition |= Q(pk=org.pk) | Q(parent_id=org.pk)
            if org.kind == OrganisationKind.TEAM:
                # An employee of a team acts for the municipality that team belongs to.
                condition |= Q(pk=org.parent_id)
        else:
            condition |= Q(region_id=org.region_id)
    return Organisation.objects.filter(condition)


def own_partner_organisations(user: User, permission: Permission) -> QuerySet[Organisation]:
    """The partner organisations in which the user holds `permission` (for referral handling:
    only the user's own organisations, see OWN_ORGANISATION_ONLY)."""
    return organisations_where(user, permission).filter(kind=OrganisationKind.PARTNER)


def handling_municipalities(user: User) -> QuerySet[Organisation]:
    """The municipalities whose signals this user handles (a focal officer's scope). "May
    handle signals in this municipality" is answered from here and nowhere else."""
    return municipalities_where(user, Permission.HANDLE_SIGNAL)


def users_with_permission(organisation: Organisation, permission: Permission) -> QuerySet[User]:
    """Active users who hold `permission` for `organisation`: the inverse of
    `organisations_where`, so "who gets this notice" follows the same matrix as "who may see
    this". Notices (acute signals, referrals, escalations) choose their recipients here, never
    by role name."""
    reach = Q(pk__in=[])
    for role in roles_with(permission):
        rule = ROLE_RULES[role]
        if permission in OWN_ORGANISATION_ONLY:
            where = Q(memberships__organisation=organisation)
        elif rule.scope == Scope.ORGANISATION:
            # Held in the organisation itself, in its parent (a team's municipality), or in one
            # of its teams (an employee of a team acts for the municipality).
            where = Q(memberships__organisation=organisation) | Q(
                memberships__organisation__parent=organisation,
                memberships__organisation__kind=OrganisationKind.TEAM,
            )
            if organisation.parent_id is not None:
                where |= Q(memberships__organisation_id=organisation.parent_id)
        else:
            where = Q(memberships__organisation__region_id=organisation.region_id)
        reach |= Q(memberships__role=role) & where
    return User.objects.filter(reach, is_active=True).distinct()


def focal_officers(municipality: Organisation) -> list[tuple[User, str]]:
    """The active focal officers of a municipality, each with their domain ("safety", "care" or
    "" when none is set; seed 004 §5.1), by username: who may own its signals."""
    held = Membership.objects.filter(
        Q(organisation=municipality)
        | Q(organisation__parent=municipality, organisation__kind=OrganisationKind.TEAM),
        role=Role.FOCAL_OFFICER,
        user__is_active=True,
    ).select_related("user")
    officers: dict[Any, tuple[User, str]] = {}
    for membership in held.order_by("user__username", "-domain"):
        officers.setdefault(membership.user_id, (membership.user, membership.domain))
    return list(officers.values())


def municipalities_where(user: User, permission: Permission) -> QuerySet[Organisation]:
    return organisations_where(user, permission).filter(kind=OrganisationKind.MUNICIPALITY)


def acting_municipality(user: User, permission: Permission) -> Organisation | None:
    """The municipality a page acts for under ``permission`` (the first by name when the user
    holds it in several), or None: the one answer to "whose settings/plan/register is this"."""
    return municipalities_where(user, permission).order_by("name").first()


def holds_in(user: User, permission: Permission, municipality_id: Any) -> bool:
    """Whether ``user`` holds ``permission`` for this municipality: the check a service makes
    before it writes for one."""
    return municipalities_where(user, permission).filter(pk=municipality_id).exists()


def primary_organisation(user: User) -> Organisation | None:
    """The organisation the user acts for by default (their first membership's)."""
    memberships = memberships_of(user)
    return memberships[0].organisation if memberships else None


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """The directory of organisations: every organisation of the user's regions."""
    regions = {m.organisation.region_id for m in memberships_of(user)}
    return Organisation.objects.filter(region_id__in=regions)


def actor_snapshot(user: User) -> ActorSnapshot:
    """How the audit chain records this user: roles and organisation as they are now."""
    organisation = primary_organisation(user)
    return ActorSnapshot(
        id=user.pk,
        username=user.get_username(),
        roles=tuple(sorted(roles_of(user))),
        organisation_id=organisation.pk if organisation else None,
    )
