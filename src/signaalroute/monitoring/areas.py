"""Which areas a person may see figures of: their own municipality (policy officer, focal
officer, privacy officer), the groups it belongs to, and the whole region for a regional role
(chain director). Anything else is not there for them (the views answer 404)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import municipalities_where

from .models import MunicipalityGroup


@dataclass(frozen=True)
class Area:
    key: str  # "m-<uuid>", "g-<uuid>" or "r-<uuid>": safe in a URL, no personal data
    label: str
    kind: str  # "municipality", "group" or "region"
    members: tuple[uuid.UUID, ...]  # the municipalities it adds up


def areas_for(user: User) -> list[Area]:
    """Every area this user may see aggregates of: municipalities first, then groups, then
    regions."""
    own = list(
        municipalities_where(user, Permission.VIEW_AGGREGATES)
        .select_related("region")
        .order_by("name")
    )
    if not own:
        return []
    own_ids = {m.pk for m in own}
    areas = [Area(f"m-{m.pk}", m.name, "municipality", (m.pk,)) for m in own]
    groups = (
        MunicipalityGroup.objects.filter(members__in=own_ids).distinct().prefetch_related("members")
    )
    for group in groups:
        members = tuple(sorted((m.pk for m in group.members.all()), key=str))
        label = _("%(name)s (group)") % {"name": group.name}
        areas.append(Area(f"g-{group.pk}", label, "group", members))
    for region in {m.region for m in own}:
        everyone = set(
            Organisation.objects.filter(
                region=region, kind=OrganisationKind.MUNICIPALITY
            ).values_list("pk", flat=True)
        )
        if everyone <= own_ids:
            label = _("Region %(name)s") % {"name": region.name}
            areas.append(Area(f"r-{region.pk}", label, "region", tuple(sorted(everyone, key=str))))
    return areas


def exact_municipalities(user: User) -> set[uuid.UUID]:
    """Where this user sees exact figures: the focal officers' own municipality."""
    return set(municipalities_where(user, Permission.HANDLE_SIGNAL).values_list("pk", flat=True))
