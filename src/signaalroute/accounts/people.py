"""Administration of people by a municipality's functional administrator (beheer van mensen):
invite (a one-time activation link that expires), give and take roles, deactivate and
reactivate, reset a second factor. Every change audited; an administrator reaches only the
people of their own municipality and its teams.

Rules (one place): the roles a municipality hands out, a focal officer only in the
municipality itself, nobody removes their own last administrator role, and the last
administrator of a municipality stays.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.audit.services import audit_record
from signaalroute.core.outbox import notification_queue

from .models import ApiToken, Invitation, Membership, Organisation, OrganisationKind, User
from .rules import Permission, Role
from .selectors import forget_memberships, municipalities_where, organisations_where

INVITATION_DAYS = 7
_LAST_ADMINISTRATOR = {
    Role.FUNCTIONAL_ADMIN: gettext_lazy("A municipality keeps at least one administrator."),
    Role.REGION_ADMIN: gettext_lazy("A region keeps at least one regional administrator."),
}
# The roles a municipality's administrator hands out (regional and partner roles are the
# region's to give).
MUNICIPAL_ROLES = (
    Role.REPORTER,
    Role.TEAM_COORDINATOR,
    Role.FOCAL_OFFICER,
    Role.POLICY_OFFICER,
    Role.FUNCTIONAL_ADMIN,
    Role.PRIVACY_OFFICER,
)


# The roles the region's administrator hands out in a chain partner (regional roles are held
# at a partner such as the RIEC), and the one role it gives in a municipality.
PARTNER_ROLES = (
    Role.PARTNER_CONTACT,
    Role.CARE_COORDINATOR,
    Role.CHAIN_DIRECTOR,
    Role.AUDITOR,
    Role.REGION_ADMIN,
)
# The administrator roles of which one must stay (per municipality; per region).
ADMIN_ROLES = (Role.FUNCTIONAL_ADMIN, Role.REGION_ADMIN)


def admin_municipalities(actor: User) -> QuerySet[Organisation]:
    return municipalities_where(actor, Permission.MANAGE_ORGANISATION)


def _region_ids(actor: User) -> list[object]:
    """The regions the actor administers (the region's administrator)."""
    return sorted(
        {
            org.region_id
            for org in organisations_where(actor, Permission.MANAGE_REGION).only("region_id")
        },
        key=str,
    )


def _reach(actor: User) -> Q:
    """The memberships the actor administers: every role in its municipalities and their
    teams; for a region's administrator every role in the region's chain partners and the
    administrator role of its municipalities (nothing else of a municipality)."""
    own = admin_municipalities(actor)
    reach = Q(organisation__in=own) | Q(
        organisation__parent__in=own, organisation__kind=OrganisationKind.TEAM
    )
    if regions := _region_ids(actor):
        reach |= Q(organisation__region_id__in=regions, organisation__kind=OrganisationKind.PARTNER)
        reach |= Q(
            organisation__region_id__in=regions,
            organisation__kind=OrganisationKind.MUNICIPALITY,
            role=Role.FUNCTIONAL_ADMIN,
        )
    return reach


def municipal_organisations(actor: User) -> QuerySet[Organisation]:
    """The municipalities the actor administers and their teams (not what the actor reaches
    as the region's administrator): the scope of a municipality's own pages."""
    own = admin_municipalities(actor)
    return Organisation.objects.filter(
        Q(pk__in=own) | Q(parent__in=own, kind=OrganisationKind.TEAM)
    )


def organisations_for(actor: User) -> QuerySet[Organisation]:
    """The organisations in which the actor hands out roles (see ``allowed_roles``)."""
    found = municipal_organisations(actor)
    if regions := _region_ids(actor):
        found = found | Organisation.objects.filter(
            region_id__in=regions,
            kind__in=[OrganisationKind.PARTNER, OrganisationKind.MUNICIPALITY],
        )
    return found


def allowed_roles(actor: User, organisation: Organisation) -> tuple[Role, ...]:
    """The roles the actor may give in ``organisation`` (one place for the rule)."""
    municipality = organisation.municipality
    if municipality is not None and admin_municipalities(actor).filter(pk=municipality.pk):
        return MUNICIPAL_ROLES
    if organisation.region_id in _region_ids(actor):
        if organisation.kind == OrganisationKind.PARTNER:
            return PARTNER_ROLES
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            return (Role.FUNCTIONAL_ADMIN,)
    return ()


def people_for(actor: User) -> QuerySet[User]:
    """Everyone with a role the actor administers (active or not)."""
    ours = Membership.objects.filter(_reach(actor))
    return (
        User.objects.filter(pk__in=ours.values("user_id"))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def roles_for(actor: User) -> list[Role]:
    """Every role the actor hands out somewhere (for the choice in a form)."""
    roles = set(MUNICIPAL_ROLES) if admin_municipalities(actor).exists() else set()
    if _region_ids(actor):
        roles |= {*PARTNER_ROLES, Role.FUNCTIONAL_ADMIN}
    return [role for role in Role if role in roles]


def memberships_for(actor: User) -> QuerySet[Membership]:
    """The roles the actor administers."""
    return Membership.objects.filter(_reach(actor))


def _require(actor: User, person: User) -> None:
    if not people_for(actor).filter(pk=person.pk).exists():
        raise PermissionDenied


def wholly_ours(actor: User, person: User) -> bool:
    """Whether every role the person holds is one the actor administers: only then may the
    actor act on the whole account (deactivate, reactivate, reset the second step). Someone who
    also works elsewhere is another administrator's to change there."""
    return not person.memberships.exclude(pk__in=memberships_for(actor).values("pk")).exists()


def _require_whole(actor: User, person: User) -> None:
    _require(actor, person)
    if not wholly_ours(actor, person):
        raise ValidationError(
            _("This person also has roles elsewhere: ask that organisation's administrator.")
        )


def _administrators(membership: Membership) -> QuerySet[Membership]:
    """The active holders of the same administrator role: of the municipality, or of any
    organisation of the region for the region's administrator."""
    if membership.role == Role.REGION_ADMIN:
        where = Q(organisation__region_id=membership.organisation.region_id)
    else:
        where = Q(organisation=membership.organisation)
    return Membership.objects.filter(where, role=membership.role, user__is_active=True)


def _last_administrator(person: User) -> Role | None:
    """The administrator role of which the person is the last active holder, if any."""
    for membership in person.memberships.filter(role__in=ADMIN_ROLES).select_related(
        "organisation"
    ):
        if not _administrators(membership).exclude(user=person).exists():
            return Role(membership.role)
    return None


def check_role(actor: User, organisation: Organisation, role: str, domain: str) -> None:
    if not organisations_for(actor).filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": _("Choose an organisation whose people you administer.")}
        )
    if role not in allowed_roles(actor, organisation):
        raise ValidationError({"role": _("You do not hand out this role in this organisation.")})
    if role == Role.FOCAL_OFFICER and organisation.kind != OrganisationKind.MUNICIPALITY:
        raise ValidationError(
            {"organisation": _("A focal officer belongs to the municipality itself.")}
        )
    if domain and role != Role.FOCAL_OFFICER:
        raise ValidationError({"domain": _("Only a focal officer has a domain.")})


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def person_invite(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    role: str,
    domain: str = "",
) -> tuple[User, str]:
    """Make the account and send the activation link; returns the person and the link's
    token (shown to nobody: it goes by e-mail). An address that has an account already is
    refused with a pointer to that person."""
    check_role(actor, organisation, role, domain)
    email = email.strip().lower()
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise ValidationError({"email": _("There is an account with this address already.")})
    person = User(
        username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    Membership.objects.create(user=person, organisation=organisation, role=role, domain=domain)
    token = _send_invitation(actor, person)
    audit_record(
        actor=actor,
        action="accounts.person_invite",
        obj=person,
        organisation_id=organisation.pk,
        extra={"role": role},
    )
    return person, token


def _send_invitation(actor: User, person: User) -> str:
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=person,
        token_hash=_hash(token),
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
        created_by=actor,
    )
    link = settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse("accounts:activate", args=[token])
    with translation.override("nl"):
        notification_queue(
            kind="invitation",
            recipients=[person.email],
            subject=_("Your account for signaalroute"),
            body=_(
                "An account has been made for you in signaalroute. Set your password within "
                "%(days)s days: %(link)s\nAfter that you log in and, for most roles, set up "
                "a second step with an authenticator app."
            )
            % {"days": INVITATION_DAYS, "link": link},
        )
    return token


@transaction.atomic
def invitation_renew(*, actor: User, person: User) -> str:
    """A new activation link for someone who never set a password (the old links stop)."""
    _require_whole(actor, person)
    if person.has_usable_password():
        raise ValidationError(_("This person has activated the account already."))
    Invitation.objects.filter(user=person, used_at__isnull=True).update(used_at=timezone.now())
    token = _send_invitation(actor, person)
    audit_record(actor=actor, action="accounts.invitation_renew", obj=person)
    return token


def invitation_for(token: str) -> Invitation | None:
    """The invitation of a link, if it is still usable (not used, not expired)."""
    found = Invitation.objects.filter(token_hash=_hash(token)).select_related("user").first()
    if found is None or found.used_at is not None or found.expires_at < timezone.now():
        return None
    return found


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    invitation = invitation_for(token)
    if invitation is None:
        raise ValidationError(_("This link has expired or has been used already."))
    person = invitation.user
    validate_password(password, person)
    person.set_password(password)
    person.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_record(actor=person, action="accounts.invitation_accept", obj=person)
    return person


@transaction.atomic
def person_set_active(*, actor: User, person: User, active: bool) -> User:
    """Deactivate (every session and API token ends at once) or reactivate."""
    _require_whole(actor, person)
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    if not active and (last := _last_administrator(person)):
        raise ValidationError(_LAST_ADMINISTRATOR[last])
    person.is_active = active
    person.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    audit_record(
        actor=actor,
        action="accounts.person_reactivate" if active else "accounts.person_deactivate",
        obj=person,
    )
    return person


@transaction.atomic
def second_factor_reset(*, actor: User, person: User, reason: str) -> int:
    """Remove the person's authenticator devices; they set up a new one at their next login."""
    _require_whole(actor, person)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the reset.")})
    removed, _unused = TOTPDevice.objects.filter(user=person).delete()
    audit_record(
        actor=actor,
        action="accounts.second_factor_reset",
        obj=person,
        extra={"reason": reason.strip()[:200], "devices": removed},
    )
    return removed


@transaction.atomic
def membership_add(
    *, actor: User, person: User, organisation: Organisation, role: str, domain: str = ""
) -> Membership:
    _require(actor, person)
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot give yourself a role: ask another administrator."))
    check_role(actor, organisation, role, domain)
    membership, created = Membership.objects.get_or_create(
        user=person, organisation=organisation, role=role, defaults={"domain": domain}
    )
    if not created:
        raise ValidationError({"role": _("This person has this role here already.")})
    forget_memberships(person)
    audit_record(
        actor=actor,
        action="accounts.membership_add",
        obj=person,
        organisation_id=organisation.pk,
        extra={"role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    _require(actor, membership.user)
    if not memberships_for(actor).filter(pk=membership.pk).exists():
        raise PermissionDenied
    if membership.role in ADMIN_ROLES:
        if membership.user_id == actor.pk:
            raise ValidationError(_("You cannot take away your own administrator role."))
        if _administrators(membership).count() <= 1:
            raise ValidationError(_LAST_ADMINISTRATOR[Role(membership.role)])
    audit_record(
        actor=actor,
        action="accounts.membership_remove",
        obj=membership.user,
        organisation_id=membership.organisation_id,
        extra={"role": membership.role},
    )
    membership.delete()
    forget_memberships(membership.user)
