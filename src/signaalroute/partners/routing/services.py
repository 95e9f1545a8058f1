"""Writes and previews of a region's routing rules (doorverwijsregels).

Only a functional administrator with MANAGE_ORGANISATION in a municipality of the region may
publish or preview its rules. Publishing makes a new version and activates it in one
transaction; older versions stay as history. The preview runs a proposed rule set over recent
signals and returns references, forms and counts only: no personal data.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Region, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import handling_municipalities, municipalities_where
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import DomainError
from signaalroute.partners.routing.models import RoutingRuleSet
from signaalroute.partners.routing.rules import ROLE_LABELS, facts_for, rules_firing, validate_rules
from signaalroute.partners.routing.selectors import active_rules
from signaalroute.signals.models import ExploitationForm, Signal
from signaalroute.signals.states import State


class RoutingRefused(DomainError):
    code = "routing_refused"
    status = 403

    def default_message(self) -> Any:
        return _("You do not manage the routing rules of this region.")


def managed_regions(user: User) -> set[uuid.UUID]:
    """Regions of the municipalities the user administers (a partner's own administrator does
    not manage the region's rules)."""
    return set(
        municipalities_where(user, Permission.MANAGE_ORGANISATION).values_list(
            "region_id", flat=True
        )
    )


def _require_manager(user: User, region: Region | uuid.UUID) -> None:
    if getattr(region, "pk", region) not in managed_regions(user):
        raise RoutingRefused()


def _validated(rules: Any) -> None:
    errors = validate_rules(rules)
    if errors:
        raise ValidationError({"rules": errors})


@transaction.atomic
def ruleset_publish(*, actor: User, region: Region, rules: Any, note: str) -> RoutingRuleSet:
    """Publish `rules` as the region's next version and make it the only active one."""
    _require_manager(actor, region)
    _validated(rules)
    # Serialise publishers of one region (PostgreSQL; SQLite writers are serial already).
    Region.objects.select_for_update().filter(pk=region.pk).first()
    sets = RoutingRuleSet.objects.filter(region=region)
    version = (sets.aggregate(last=Max("version"))["last"] or 0) + 1
    ruleset = RoutingRuleSet(
        region=region,
        version=version,
        rules=rules,
        active=True,
        note=note.strip(),
        created_by=actor,
    )
    # Deactivate first: one active version per region is a constraint (rolled back on error).
    sets.filter(active=True).update(active=False)
    ruleset.full_clean()
    ruleset.save(force_insert=True)
    audit_record(
        actor=actor,
        action="routing.publish",
        obj=ruleset,
        fields=["rules"],
        extra={"version": version},
    )
    return ruleset


@dataclass(frozen=True)
class RuleCount:
    rule_id: str
    role: str
    urgency: str
    signals: int

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS.get(self.role, self.role))


@dataclass(frozen=True)
class PreviewRow:
    """One signal in the preview: its reference and forms, and the roles advised."""

    reference: str
    created_at: dt.datetime
    forms: tuple[str, ...]
    roles: tuple[str, ...]  # under the proposed rules
    current_roles: tuple[str, ...]  # under the rules that apply now

    @property
    def changed(self) -> bool:
        return set(self.roles) != set(self.current_roles)

    @property
    def form_labels(self) -> list[str]:
        return [str(ExploitationForm(f).label) for f in self.forms if f in ExploitationForm.values]

    @property
    def role_labels(self) -> list[str]:
        return [str(ROLE_LABELS.get(r, r)) for r in self.roles]

    @property
    def current_role_labels(self) -> list[str]:
        return [str(ROLE_LABELS.get(r, r)) for r in self.current_roles]


@dataclass(frozen=True)
class Preview:
    signals: int
    rules: list[RuleCount]
    rows: list[PreviewRow]
    without_advice: int
    changed: int
    current_version: int | None


def _roles(fired: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rule["advise"]["role"] for rule in fired))


def preview_signals(user: User, region: Region | uuid.UUID, limit: int) -> list[Signal]:
    """The region's most recent signals in municipalities where the user manages or handles."""
    municipalities = municipalities_where(user, Permission.MANAGE_ORGANISATION) | (
        handling_municipalities(user)
    )
    return list(
        Signal.objects.filter(
            municipality__in=municipalities.filter(region_id=getattr(region, "pk", region))
        )
        .exclude(state=State.MERGED)
        .only(
            "id",
            "reference",
            "created_at",
            "forms",
            "acute",
            "minors",
            "location_kind",
            "indicator_codes",
            "catalogue_version",
        )
        .prefetch_related("subjects", "referrals")
        .order_by("-created_at")[:limit]
    )


def ruleset_preview(*, user: User, region: Region, rules: Any, limit: int = 200) -> Preview:
    """Run `rules` (not published) over recent signals; compare with the rules in force."""
    _require_manager(user, region)
    _validated(rules)
    current_version, current = active_rules(region)
    signals = preview_signals(user, region, limit)
    counts = dict.fromkeys((rule["id"] for rule in rules), 0)
    rows = []
    for signal in signals:
        facts = facts_for(signal)
        fired = rules_firing(rules, facts)
        for rule in fired:
            counts[rule["id"]] += 1
        rows.append(
            PreviewRow(
                reference=signal.reference,
                created_at=signal.created_at,
                forms=tuple(signal.forms or ()),
                roles=_roles(fired),
                current_roles=_roles(rules_firing(current, facts)),
            )
        )
    audit_record(
        actor=user,
        action="routing.preview",
        object_type="accounts.region",
        object_id=str(region.pk),
        fields=["forms", "acute", "minors", "location_kind", "indicator_codes", "subjects"],
        extra={"signals": len(rows)},
    )
    return Preview(
        signals=len(rows),
        rules=[
            RuleCount(
                rule_id=rule["id"],
                role=rule["advise"]["role"],
                urgency=rule["advise"]["urgency"],
                signals=counts[rule["id"]],
            )
            for rule in rules
        ],
        rows=rows,
        without_advice=sum(1 for row in rows if not row.roles),
        changed=sum(1 for row in rows if row.changed),
        current_version=current_version,
    )
