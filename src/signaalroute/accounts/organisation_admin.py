"""Administration of a municipality's own organisation (beheer van de organisatie): its teams,
and the identity-provider groups that give roles at single sign-on. The same role rules as for
people (``people.check_role``): a mapping the login would skip is refused when it is made."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from signaalroute.audit.services import audit_record

from .models import IdentityProviderGroupMapping, Organisation, OrganisationKind, User
from .people import check_role, municipal_organisations
from .rules import Permission
from .selectors import holds_in


def teams_of(municipality: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(parent=municipality, kind=OrganisationKind.TEAM).order_by(
        "name"
    )


def mappings_for(actor: User) -> QuerySet[IdentityProviderGroupMapping]:
    return IdentityProviderGroupMapping.objects.filter(
        organisation__in=municipal_organisations(actor)
    ).select_related("organisation")


@transaction.atomic
def team_add(*, actor: User, municipality: Organisation, name: str) -> Organisation:
    if not holds_in(actor, Permission.MANAGE_ORGANISATION, municipality.pk):
        raise PermissionDenied
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    # Team names are unique in a region, so a team carries its municipality's name, as the
    # existing teams do ("Soest — Handhaving"): two municipalities may both have a "Wijkteam".
    full = name if name.startswith(f"{municipality.name} — ") else f"{municipality.name} — {name}"
    if teams_of(municipality).filter(name__iexact=full).exists():
        raise ValidationError({"name": _("There is a team with this name already.")})
    team = Organisation(
        region_id=municipality.region_id,
        kind=OrganisationKind.TEAM,
        name=full,
        parent=municipality,
    )
    team.full_clean()
    team.save()
    audit_record(actor=actor, action="accounts.team_add", obj=team, organisation_id=municipality.pk)
    return team


@transaction.atomic
def mapping_add(
    *, actor: User, group: str, organisation: Organisation, role: str, domain: str = ""
) -> IdentityProviderGroupMapping:
    # A municipality's page: its own organisations only, also for someone who is the region's
    # administrator as well (a partner's people are invited, not mapped).
    if not municipal_organisations(actor).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Choose your municipality or one of its teams.")})
    check_role(actor, organisation, role, domain)
    mapping = IdentityProviderGroupMapping(
        group=group.strip(), organisation=organisation, role=role, domain=domain
    )
    mapping.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            mapping.save()
    except IntegrityError as error:
        raise ValidationError({"group": _("This group gives this role here already.")}) from error
    audit_record(
        actor=actor,
        action="accounts.idp_mapping_add",
        obj=mapping,
        organisation_id=organisation.pk,
        extra={"role": role},
    )
    return mapping


@transaction.atomic
def mapping_remove(*, actor: User, mapping: IdentityProviderGroupMapping) -> None:
    if not municipal_organisations(actor).filter(pk=mapping.organisation_id).exists():
        raise PermissionDenied
    audit_record(
        actor=actor,
        action="accounts.idp_mapping_remove",
        obj=mapping,
        organisation_id=mapping.organisation_id,
        extra={"role": mapping.role},
    )
    mapping.delete()
