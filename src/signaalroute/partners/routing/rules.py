"""The routing-rule language (doorverwijsregels): the conditions a rule may test, how a rule set
is validated, the facts of a signal it is tested on, and which rules fire.

Step 4 of the meldroute (seed 002_f9bb08b28be3f2cb.txt annex 1). The rules themselves are data:
the defaults in ``data/routing-defaults.json``, each citing its seed section, and a region's
published versions (``RoutingRuleSet``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from signaalroute.signals.indicators import load_catalogue
from signaalroute.signals.models import (
    CATALOGUE_FORM,
    ExploitationForm,
    LocationKind,
    Signal,
    SubjectKind,
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
    "subject_kinds_any",
    "location_kinds_any",
    "ilo_strength",
    "victim_identified",
    "help_refused",
)


MAX_RULES = 200


MAX_REASON = 1000


MAX_SOURCE = 300


_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
    if key == "subject_kinds_any":
        return _list_problems(value, SubjectKind.values)
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
    subjects = list(signal.subjects.all())
    roles = frozenset(subject.role for subject in subjects)
    return {
        "acute": bool(signal.acute),
        "forms": forms,
        "form_groups": frozenset(
            CATALOGUE_FORM[ExploitationForm(f)] for f in forms if f in CATALOGUE_FORM
        ),
        "minors": signal.minors,
        "subject_roles": roles,
        # A place or business that is itself what the signal is about (seed 000 §2.4), not
        # where a possible victim was seen.
        "subject_kinds": frozenset(s.kind for s in subjects if s.role != SubjectRole.VICTIM),
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
    if key == "subject_kinds_any":
        return bool(facts["subject_kinds"] & set(value))
    if key == "location_kinds_any":
        return facts["location_kind"] in value
    return bool(facts[key] == value)  # acute, minors, ilo_strength, the booleans


def fires(rule: dict[str, Any], facts: dict[str, Any]) -> bool:
    return all(_holds(key, value, facts) for key, value in rule["when"].items())


def rules_firing(rules: list[dict[str, Any]], facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The rules that fire on these facts, in the order of the rule set (validated rules)."""
    return [rule for rule in rules if fires(rule, facts)]
