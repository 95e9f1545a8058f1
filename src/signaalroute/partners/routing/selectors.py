"""Routing advice (doorverwijsadvies) for a signal: which partner role it should go to, and why,
from the rules in force for its region (or the shipped defaults)."""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from signaalroute.accounts.models import Organisation, OrganisationKind, Region
from signaalroute.partners.routing.models import RoutingRuleSet
from signaalroute.partners.routing.rules import (
    DEFAULTS_FILE,
    ROLE_LABELS,
    URGENCIES,
    URGENCY_LABELS,
    facts_for,
    rules_firing,
    validate_rules,
)
from signaalroute.signals.models import (
    Signal,
)


@dataclass(frozen=True)
class Advice:
    """One fired rule: the role to involve, how urgently, why, and who fills the role."""

    rule_id: str
    role: str
    urgency: str
    reason: str
    source: str
    # The organisations of the signal's region that fill the role; empty: nobody does.
    partners: list[Any] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS.get(self.role, self.role))

    @property
    def urgency_label(self) -> str:
        return str(URGENCY_LABELS.get(self.urgency, self.urgency))


def partners_by_role(region: Region | uuid.UUID) -> dict[str, list[Organisation]]:
    """Partner organisations of a region per routing role (PartnerProfile.routing_roles).

    Filtered in Python: a region has tens of partners, and JSON ``contains`` is not portable.
    """

    region_id = region.pk if isinstance(region, Region) else region
    found: dict[str, list[Organisation]] = {}
    organisations = (
        Organisation.objects.filter(
            region_id=region_id,
            kind=OrganisationKind.PARTNER,
            partner_profile__isnull=False,
        )
        .select_related("partner_profile")
        .order_by("name")
    )
    for organisation in organisations:
        roles = organisation.partner_profile.routing_roles
        for role in roles if isinstance(roles, list) else ():
            found.setdefault(role, []).append(organisation)
    return found


def evaluate(rules: list[dict[str, Any]], signal: Signal) -> list[Advice]:
    """The advice of a (validated) rule set for a signal.

    Ordered so that the advice for one role stays together, the roles by their most urgent
    advice, then as in the rule set.
    """
    fired = rules_firing(rules, facts_for(signal))
    if not fired:
        return []
    partners = partners_by_role(signal.municipality.region_id)
    rank: dict[str, int] = {}
    first: dict[str, int] = {}
    for index, rule in enumerate(fired):
        role, urgency = rule["advise"]["role"], URGENCIES.index(rule["advise"]["urgency"])
        rank[role] = min(rank.get(role, urgency), urgency)
        first.setdefault(role, index)
    ordered = sorted(
        enumerate(fired),
        key=lambda item: (
            rank[item[1]["advise"]["role"]],
            first[item[1]["advise"]["role"]],
            URGENCIES.index(item[1]["advise"]["urgency"]),
            item[0],
        ),
    )
    return [
        Advice(
            rule_id=rule["id"],
            role=rule["advise"]["role"],
            urgency=rule["advise"]["urgency"],
            reason=rule["reason"],
            source=rule["source"],
            partners=list(partners.get(rule["advise"]["role"], [])),
        )
        for _index, rule in ordered
    ]


@cache
def _defaults_text() -> str:
    text = DEFAULTS_FILE.read_text(encoding="utf-8")
    errors = validate_rules(json.loads(text))
    if errors:
        raise ValueError(f"invalid {DEFAULTS_FILE.name}: " + " ".join(errors))
    return text


def default_rules() -> list[dict[str, Any]]:
    """The shipped defaults (a fresh copy; callers may change it)."""
    return list(json.loads(_defaults_text()))


def active_rules(region: Region | uuid.UUID) -> tuple[int | None, list[dict[str, Any]]]:
    """(version, rules) of the region's active rule set; (None, defaults) when it has none."""
    region_id = region.pk if isinstance(region, Region) else region
    active = (
        RoutingRuleSet.objects.filter(region_id=region_id, active=True)
        .only("version", "rules")
        .first()
    )
    if active is None:
        return None, default_rules()
    return active.version, copy.deepcopy(active.rules)


def advice_for(signal: Signal) -> list[Advice]:
    """The advice for a signal under its region's active rules (or the shipped defaults)."""
    _version, rules = active_rules(signal.municipality.region_id)
    return evaluate(rules, signal)


@dataclass(frozen=True)
class AdviceGroup:
    """The advice for one partner (or one unfilled role), however many rules named it: the
    roles it fills here, its most urgent urgency, and every reason with its source."""

    role_labels: list[str]
    urgency_label: str
    reasons: list[tuple[str, str]]
    partners: list[Any]


def advice_grouped(advice: list[Advice]) -> list[AdviceGroup]:
    """Each partner once: advice items whose roles the same organisations fill are one group,
    in the order of the advice (most urgent first)."""
    groups: dict[Any, list[Advice]] = {}
    for item in advice:
        key = frozenset(p.pk for p in item.partners) or ("role", item.role)
        groups.setdefault(key, []).append(item)
    out = []
    for items in groups.values():
        most_urgent = min(items, key=lambda a: URGENCIES.index(a.urgency))
        out.append(
            AdviceGroup(
                role_labels=list(dict.fromkeys(a.role_label for a in items)),
                urgency_label=most_urgent.urgency_label,
                reasons=list(dict.fromkeys((a.reason, a.source) for a in items)),
                partners=items[0].partners,
            )
        )
    return out
