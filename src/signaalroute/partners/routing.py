"""Routing advice (doorverwijsadvies): which partner role a signal should go to, and why.

Step 4 of the meldroute (seed 002_f9bb08b28be3f2cb.txt annex 1) and the route variants on a
person and on a location (seed 000_a1f13d5d9f6634fb.txt §2.3-2.4). The advice shows the focal
officer what to do and why; the officer decides. Nothing here writes.

A region's rules are a list of rules, versioned in ``RoutingRuleSet``; without an active
version the shipped defaults (``data/routing-defaults.json``) apply. One rule::

    {"id": "acute-police",                       # lowercase words joined by "-", unique
     "when": {"acute": true},                    # every condition must hold (AND)
     "advise": {"role": "police", "urgency": "now"},
     "reason": "plain Dutch: why",              # shown to the focal officer
     "source": "seed file + section"}            # where the rule comes from

Conditions in ``when`` (an empty ``when`` fires on every signal):

``acute`` (true/false)
    the reporter marked acute danger.
``forms_any`` (list)
    at least one of the signal's forms of exploitation is listed. Values are those of
    ``signals.models.ExploitationForm``, or a group: ``"sexual"`` (also online), ``"labour"``,
    ``"criminal"`` (every criminal form). ``"sexual"`` and ``"labour"`` are always read as groups.
``minors`` (``"yes"``)
    the reporter said minors are involved ("no" and "unknown" are not conditions).
``subject_roles_any`` (list of ``SubjectRole`` values)
    a subject with one of these roles (victim, perpetrator, witness, other) is recorded.
``location_kinds_any`` (list of ``LocationKind`` values)
    where it was seen: address, place, online or unknown.
``ilo_strength`` (``"strong"`` or ``"not_strong"``)
    ``"strong"`` when at least one ticked indicator is a *strong* ILO/EC indicator of the
    signal's catalogue version (``intake/indicators.py``), ``"not_strong"`` otherwise.
``victim_identified`` (true/false)
    a subject with the role victim is recorded. It says nothing about whether the person is
    known by name: a recorded "woman, about 25" counts as identified.
``help_refused`` (true/false)
    a partner answered a referral of this signal with "the person does not want help or
    shelter" (feedback kind ``help_refused`` in partners/referrals.py).

Facts the product does not record have no condition, so no rule can pretend to evaluate them.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.signals.indicators import load_catalogue
from signaalroute.signals.models import (
    CATALOGUE_FORM,
    ExploitationForm,
    LocationKind,
    Signal,
    SubjectRole,
)

DEFAULTS_FILE = Path(__file__).with_name("data") / "routing-defaults.json"

ROLES = (
    "police",
    "labour_inspectorate_investigation",
    "labour_inspectorate_supervision",
    "care_coordinator",
    "veilig_thuis",
    "youth_care",
    "signalling_meeting",
    "municipal_control",
    "riec",
    "comensha",
    "migration",
)

ROLE_LABELS: dict[str, Any] = {
    "police": _("Police (AVIM; 112 when acute)"),
    "labour_inspectorate_investigation": _("Labour inspectorate: criminal investigation"),
    "labour_inspectorate_supervision": _("Labour inspectorate: supervision"),
    "care_coordinator": _("Care coordinator for human trafficking"),
    "veilig_thuis": _("Veilig Thuis"),
    "youth_care": _("Youth care"),
    "signalling_meeting": _("Local signalling or undermining meeting"),
    "municipal_control": _("Control by the municipal inspectors"),
    "riec": _("RIEC, through the chain director"),
    "comensha": _("CoMensha"),
    "migration": _("Migration chain (IND, KMar, COA)"),
}

# Most urgent first; the order advice is shown in.
URGENCIES = ("now", "soon", "normal")
URGENCY_LABELS: dict[str, Any] = {
    "now": _("Now"),
    "soon": _("Soon"),
    "normal": _("In the normal course"),
}

FORM_GROUPS = ("sexual", "labour", "criminal")
ILO_STRENGTHS = ("strong", "not_strong")
RULE_KEYS = ("id", "when", "advise", "reason", "source")
ADVISE_KEYS = ("role", "urgency")
CONDITIONS = (
    "acute",
    "forms_any",
    "minors",
    "subject_roles_any",
    "location_kinds_any",
    "ilo_strength",
    "victim_identified",
    "help_refused",
)
MAX_RULES = 200
MAX_REASON = 1000
MAX_SOURCE = 300
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# --- Validation --------------------------------------------------------------------------------


def _list_problems(value: Any, allowed: Iterable[str]) -> str | None:
    """None when `value` is a non-empty list of known strings; else what is wrong with it."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        return gettext("give a non-empty list of values")
    unknown = [v for v in value if v not in set(allowed)]
    if unknown:
        return gettext("unknown value(s) %(values)s") % {"values": ", ".join(unknown)}
    return None


def _condition_problem(key: str, value: Any) -> str | None:
    if key in ("acute", "victim_identified", "help_refused"):
        return None if isinstance(value, bool) else gettext("use true or false")
    if key == "forms_any":
        return _list_problems(value, (*ExploitationForm.values, *FORM_GROUPS))
    if key == "minors":
        return None if value == "yes" else gettext('the only value is "yes"')
    if key == "subject_roles_any":
        return _list_problems(value, SubjectRole.values)
    if key == "location_kinds_any":
        return _list_problems(value, LocationKind.values)
    if key == "ilo_strength":
        return None if value in ILO_STRENGTHS else gettext('use "strong" or "not_strong"')
    return gettext("unknown condition")


def _rule_problems(rule: dict[str, Any]) -> list[str]:
    out = [gettext("unknown key %(key)s") % {"key": key} for key in rule if key not in RULE_KEYS]
    when = rule.get("when")
    if not isinstance(when, dict):
        out.append(gettext("“when” must be an object with conditions (it may be empty: {})"))
    else:
        for key, value in when.items():
            problem = _condition_problem(key, value)
            if problem:
                out.append(
                    gettext("condition %(key)s: %(problem)s") % {"key": key, "problem": problem}
                )
    advise = rule.get("advise")
    if not isinstance(advise, dict):
        out.append(gettext("“advise” must be an object with a role and an urgency"))
    else:
        out += [
            gettext("unknown key %(key)s in “advise”") % {"key": key}
            for key in advise
            if key not in ADVISE_KEYS
        ]
        if advise.get("role") not in ROLES:
            out.append(
                gettext("unknown role %(role)s; use one of %(roles)s")
                % {"role": json.dumps(advise.get("role")), "roles": ", ".join(ROLES)}
            )
        if advise.get("urgency") not in URGENCIES:
            out.append(
                gettext("unknown urgency %(urgency)s; use one of %(urgencies)s")
                % {"urgency": json.dumps(advise.get("urgency")), "urgencies": ", ".join(URGENCIES)}
            )
    for key, limit, missing in (
        ("reason", MAX_REASON, gettext("give the reason, in plain Dutch")),
        ("source", MAX_SOURCE, gettext("give the source (seed file and section)")),
    ):
        text = rule.get(key)
        if not isinstance(text, str) or not text.strip():
            out.append(missing)
        elif len(text) > limit:
            out.append(
                gettext("%(key)s is longer than %(limit)s characters")
                % {"key": key, "limit": limit}
            )
    return out


def validate_rules(data: Any) -> list[str]:
    """Everything wrong with a rule set, as Dutch sentences; an empty list when it is valid."""
    if not isinstance(data, list):
        return [gettext("The rules must be a list of rules: [ {…}, {…} ].")]
    if not data:
        return [gettext("Give at least one rule.")]
    if len(data) > MAX_RULES:
        return [gettext("Give at most %(max)s rules.") % {"max": MAX_RULES}]
    errors: list[str] = []
    seen: set[str] = set()
    for number, rule in enumerate(data, start=1):
        if not isinstance(rule, dict):
            errors.append(
                gettext("Rule %(rule)s: a rule must be an object { … }.") % {"rule": number}
            )
            continue
        rule_id = rule.get("id")
        name = f"{number} ({rule_id})" if isinstance(rule_id, str) and rule_id else str(number)
        problems = _rule_problems(rule)
        if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id) or len(rule_id) > 60:
            problems.insert(
                0, gettext("give an id of lowercase letters and digits, joined by hyphens")
            )
        elif rule_id in seen:
            problems.insert(0, gettext("the id %(id)s is used twice") % {"id": rule_id})
        else:
            seen.add(rule_id)
        errors += [
            gettext("Rule %(rule)s: %(problem)s.") % {"rule": name, "problem": problem}
            for problem in problems
        ]
    return errors


# --- Facts and evaluation ---------------------------------------------------------------------


def _ilo_strength(codes: Iterable[str], catalogue_version: str) -> str:
    try:
        catalogue = load_catalogue(catalogue_version or None)
    except ValueError:  # a version no longer shipped: judge by the newest
        catalogue = load_catalogue()
    for code in codes:
        indicator = catalogue.by_code.get(code)
        if indicator and indicator.family == "ilo_delphi" and indicator.strength == "strong":
            return "strong"
    return "not_strong"


def facts_for(signal: Signal) -> dict[str, Any]:
    """The facts the rules can test, derived from a signal in this one place.

    Reads ``signal.subjects`` and ``signal.referrals`` (prefetch them when evaluating many
    signals).
    """
    forms = frozenset(signal.forms or ())
    roles = frozenset(subject.role for subject in signal.subjects.all())
    return {
        "acute": bool(signal.acute),
        "forms": forms,
        "form_groups": frozenset(
            CATALOGUE_FORM[ExploitationForm(f)] for f in forms if f in CATALOGUE_FORM
        ),
        "minors": signal.minors,
        "subject_roles": roles,
        "location_kind": signal.location_kind,
        "ilo_strength": _ilo_strength(signal.indicator_codes or (), signal.catalogue_version),
        "victim_identified": SubjectRole.VICTIM in roles,
        "help_refused": any(
            referral.feedback_kind == "help_refused" and referral.state != "revoked"
            for referral in signal.referrals.all()
        ),
    }


def _holds(key: str, value: Any, facts: dict[str, Any]) -> bool:
    if key == "forms_any":
        return any(
            v in facts["form_groups"] if v in FORM_GROUPS else v in facts["forms"] for v in value
        )
    if key == "subject_roles_any":
        return bool(facts["subject_roles"] & set(value))
    if key == "location_kinds_any":
        return facts["location_kind"] in value
    return bool(facts[key] == value)  # acute, minors, ilo_strength, the booleans


def fires(rule: dict[str, Any], facts: dict[str, Any]) -> bool:
    return all(_holds(key, value, facts) for key, value in rule["when"].items())


def rules_firing(rules: list[dict[str, Any]], facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The rules that fire on these facts, in the order of the rule set (validated rules)."""
    return [rule for rule in rules if fires(rule, facts)]


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


def partners_by_role(region: Any) -> dict[str, list[Any]]:
    """Partner organisations of a region per routing role (PartnerProfile.routing_roles).

    Filtered in Python: a region has tens of partners, and JSON ``contains`` is not portable.
    """

    region_id = getattr(region, "pk", region)
    found: dict[str, list[Any]] = {}
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


# --- Which rules apply ---------------------------------------------------------------------------


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


def active_rules(region: Any) -> tuple[int | None, list[dict[str, Any]]]:
    """(version, rules) of the region's active rule set; (None, defaults) when it has none."""
    from .models import RoutingRuleSet

    region_id = getattr(region, "pk", region)
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
