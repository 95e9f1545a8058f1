"""Groups of municipalities that share a policy (beleidsgroepen), kept by the region's
administrator: they count together on the dashboard and in a group's yearly report.

One rule protects the small-number suppression: a group either holds another group wholly, lies
wholly inside it, or shares no municipality with it. Partly overlapping groups would let a
small number be worked out from the difference of two totals (docs/monitoring.md, "Limits").
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, OrganisationKind, Region, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import organisations_where
from signaalroute.audit.services import audit_record

from .models import MunicipalityGroup, YearlyReport


def groups_administered(actor: User) -> QuerySet[MunicipalityGroup]:
    """The groups of the regions the actor administers."""
    regions = organisations_where(actor, Permission.MANAGE_REGION).values("region_id")
    return (
        MunicipalityGroup.objects.filter(region_id__in=regions)
        .prefetch_related("members")
        .order_by("name")
    )


def _require(actor: User, region: Region) -> None:
    if not organisations_where(actor, Permission.MANAGE_REGION).filter(region=region).exists():
        raise PermissionDenied


def _check(
    region: Region, name: str, members: Iterable[Organisation], group_id: uuid.UUID | None = None
) -> tuple[str, set[uuid.UUID]]:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    chosen = {m.pk: m for m in members}
    if any(
        m.region_id != region.pk or m.kind != OrganisationKind.MUNICIPALITY for m in chosen.values()
    ):
        raise ValidationError({"members": _("Choose municipalities of the region.")})
    if len(chosen) < 2:
        raise ValidationError({"members": _("A group has at least two municipalities.")})
    others = MunicipalityGroup.objects.filter(region=region)
    if group_id is not None:
        others = others.exclude(pk=group_id)
    if others.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The region has a group with this name already.")})
    ids = set(chosen)
    for other in others.prefetch_related("members"):
        theirs = {m.pk for m in other.members.all()}
        if ids == theirs:
            raise ValidationError(
                {
                    "members": _("The group %(name)s has these municipalities already.")
                    % {"name": other.name}
                }
            )
        if ids & theirs and not (ids < theirs or theirs < ids):
            raise ValidationError(
                {
                    "members": _(
                        "This group partly overlaps the group %(name)s. A group holds another "
                        "wholly, lies wholly inside it, or shares no municipality with it: "
                        "otherwise small numbers could be worked out from the two totals."
                    )
                    % {"name": other.name}
                }
            )
    return name, ids


@transaction.atomic
def group_save(
    *,
    actor: User,
    region: Region,
    name: str,
    members: Iterable[Organisation],
    group: MunicipalityGroup | None = None,
) -> MunicipalityGroup:
    """Add a group, or change the name and members of one."""
    _require(actor, region)
    if group is not None:
        group = MunicipalityGroup.objects.select_for_update().get(pk=group.pk, region=region)
    name, ids = _check(region, name, members, group.pk if group else None)
    created = group is None
    if group is None:
        group = MunicipalityGroup(region=region)
    group.name = name
    group.save()
    group.members.set(Organisation.objects.filter(pk__in=ids))
    audit_record(
        actor=actor,
        action="monitoring.group_add" if created else "monitoring.group_update",
        obj=group,
        extra={"members": sorted(map(str, ids))},
    )
    return group


@transaction.atomic
def group_remove(*, actor: User, group: MunicipalityGroup) -> None:
    _require(actor, group.region)
    if YearlyReport.objects.filter(group=group).exists():
        raise ValidationError(
            _("This group has yearly reports: it stays, so that they can be read and made again.")
        )
    audit_record(actor=actor, action="monitoring.group_remove", obj=group)
    group.delete()
