"""A routing rule as a sentence a functional administrator reads: "If the form is labour
exploitation and there are strong ILO indicators → Labour inspectorate: criminal investigation".

Every value a rule may hold (see `rules.CONDITIONS`) is said in words here, with the labels
users know (forms of exploitation, roles of the parties, kinds of place, the routing roles):
the readable view of the rules shows no code. A value these tables do not know (a rule set is
validated before it is published, so only in a rule being edited) is said as "an unknown
value", never as its code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from signaalroute.partners.routing.rules import (
    CONDITIONS,
    FORM_GROUPS,
    ILO_STRENGTHS,
    ROLE_LABELS,
    ROLES,
    URGENCIES,
    URGENCY_LABELS,
)
from signaalroute.signals.models import ExploitationForm, LocationKind, SubjectKind, SubjectRole

# The catalogue's groups of forms (`rules.FORM_GROUPS`): any form of that group.
FORM_GROUP_PHRASES: dict[str, Any] = {
    "sexual": _("a form of sexual exploitation"),
    "labour": _("labour exploitation"),
    "criminal": _("a form of criminal exploitation"),
}

SUBJECT_ROLE_PHRASES: dict[str, Any] = {
    "victim": _("a possible victim"),
    "perpetrator": _("a possible perpetrator"),
    "witness": _("a witness"),
    "other": _("another party"),
}

LOCATION_KIND_PHRASES: dict[str, Any] = {
    "address": _("an address"),
    "place": _("a place without an address"),
    "online": _("a place online (website, advert or profile)"),
    "unknown": _("no known place"),
}

# What a signal is about (a party involved other than a possible victim).
SUBJECT_KIND_PHRASES: dict[str, Any] = {
    "person": _("a person"),
    "address": _("an address or place"),
    "organisation": _("an organisation or business"),
    "vehicle": _("a vehicle"),
    "online": _("an online trace"),
}

# Conditions that are true or false: what each says either way.
YES_NO_PHRASES: dict[str, tuple[Any, Any]] = {
    "acute": (_("there is acute danger"), _("there is no acute danger")),
    "victim_identified": (
        _("a possible victim is recorded"),
        _("no possible victim is recorded"),
    ),
    "help_refused": (
        _("a partner reported that the person does not want help"),
        _("no partner reported that the person does not want help"),
    ),
}

ILO_PHRASES: dict[str, Any] = {
    "strong": _("there are strong ILO indicators"),
    "not_strong": _("there are no strong ILO indicators"),
}


# For the editor, beside the codes it needs: what each condition tests and the values it takes.
CONDITION_LABELS: dict[str, Any] = {
    "acute": _("acute danger was reported (true or false)"),
    "forms_any": _("one of these forms of exploitation, or a group of them (a list)"),
    "minors": _("minors are involved (only the value “yes”)"),
    "subject_roles_any": _("one of these roles is recorded for a party involved (a list)"),
    "subject_kinds_any": _(
        "the signal is about one of these, other than a possible victim (a list of kinds)"
    ),
    "location_kinds_any": _("the kind of place is one of these (a list)"),
    "ilo_strength": _("strong ILO indicators were ticked, or not"),
    "victim_identified": _("a possible victim is recorded (true or false)"),
    "help_refused": _("a partner reported that the person does not want help (true or false)"),
}


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _unknown() -> str:
    return gettext("an unknown value")


def _either(words: list[str]) -> str:
    """ "a, b or c"."""
    if len(words) < 2:
        return "".join(words)
    return gettext("%(some)s or %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _said(table: dict[str, Any], value: Any) -> str:
    return str(table[value]) if isinstance(value, str) and value in table else _unknown()


def _form(value: Any) -> str:
    if isinstance(value, str) and value in ExploitationForm.values:
        return _first_lower(str(ExploitationForm(value).label))
    return _said(FORM_GROUP_PHRASES, value)


def condition_text(key: str, value: Any) -> str:
    """One condition of a rule, as a clause that follows "If"."""
    if key in YES_NO_PHRASES:
        yes, no = YES_NO_PHRASES[key]
        return str(yes if value is True else no)
    if key == "forms_any":
        return gettext("the form is %(forms)s") % {
            "forms": _either([_form(v) for v in _values(value)])
        }
    if key == "minors":
        return gettext("minors are involved")
    if key == "subject_roles_any":
        roles = [_said(SUBJECT_ROLE_PHRASES, v) for v in _values(value)]
        return gettext("%(roles)s is recorded among those involved") % {"roles": _either(roles)}
    if key == "subject_kinds_any":
        kinds = [_said(SUBJECT_KIND_PHRASES, v) for v in _values(value)]
        return gettext("the signal is about %(kinds)s") % {"kinds": _either(kinds)}
    if key == "location_kinds_any":
        kinds = [_said(LOCATION_KIND_PHRASES, v) for v in _values(value)]
        return gettext("the signal names %(kinds)s") % {"kinds": _either(kinds)}
    if key == "ilo_strength":
        return _said(ILO_PHRASES, value)
    return gettext("a condition this version does not know")


@dataclass(frozen=True)
class RuleSentence:
    condition: str  # "If the form is labour exploitation and …", or "Always"
    role: str  # the advised role, by its label
    urgency: str

    def __str__(self) -> str:
        return f"{self.condition} → {self.role}"


def rule_sentence(rule: dict[str, Any]) -> RuleSentence:
    when = rule.get("when") if isinstance(rule.get("when"), dict) else {}
    advise = rule.get("advise") if isinstance(rule.get("advise"), dict) else {}
    clauses = [condition_text(key, value) for key, value in (when or {}).items()]
    if clauses:
        joined = clauses[0]
        for clause in clauses[1:]:
            joined = gettext("%(first)s and %(next)s") % {"first": joined, "next": clause}
        condition = gettext("If %(conditions)s") % {"conditions": joined}
    else:
        condition = gettext("Always")
    role, urgency = (advise or {}).get("role"), (advise or {}).get("urgency")
    known_role = isinstance(role, str) and role in ROLE_LABELS
    return RuleSentence(
        condition=condition,
        role=_said(ROLE_LABELS, role) if known_role else gettext("an unknown role"),
        urgency=_said(URGENCY_LABELS, urgency),
    )


@dataclass(frozen=True)
class CodeList:
    """Codes the JSON editor takes for one part of a rule, each with what it means."""

    title: str
    codes: list[tuple[str, str]]


def editor_codes() -> list[CodeList]:
    """Every code a rule may hold, with its label: the help beside the JSON editor."""
    return [
        CodeList(
            gettext("Conditions (in “when”)"),
            [(key, str(CONDITION_LABELS[key])) for key in CONDITIONS],
        ),
        CodeList(
            gettext("Forms of exploitation (forms_any)"),
            [(key, str(FORM_GROUP_PHRASES[key])) for key in FORM_GROUPS]
            + [(form.value, str(form.label)) for form in ExploitationForm],
        ),
        CodeList(
            gettext("Roles of a party involved (subject_roles_any)"),
            [(role.value, str(role.label)) for role in SubjectRole],
        ),
        CodeList(
            gettext("What the signal is about (subject_kinds_any)"),
            [(kind.value, str(SUBJECT_KIND_PHRASES[kind.value])) for kind in SubjectKind],
        ),
        CodeList(
            gettext("Kinds of place (location_kinds_any)"),
            [(kind.value, str(kind.label)) for kind in LocationKind],
        ),
        CodeList(
            gettext("ILO indicators (ilo_strength)"),
            [(key, str(ILO_PHRASES[key])) for key in ILO_STRENGTHS],
        ),
        CodeList(
            gettext("Advised roles (advise → role)"),
            [(key, str(ROLE_LABELS[key])) for key in ROLES],
        ),
        CodeList(
            gettext("Urgencies (advise → urgency)"),
            [(key, str(URGENCY_LABELS[key])) for key in URGENCIES],
        ),
    ]
