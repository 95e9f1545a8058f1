"""The routing rules as sentences an administrator reads: every rule said in Dutch words, the
JSON kept beside it for editing, and no code value in the readable view."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import override

from signaalroute.demo.partners import build_demo_partners
from signaalroute.partners.routing.describe import rule_sentence
from signaalroute.partners.routing.rules import (
    CONDITIONS,
    FORM_GROUPS,
    ILO_STRENGTHS,
    ROLES,
    URGENCIES,
)
from signaalroute.partners.routing.selectors import default_rules
from signaalroute.signals.models import ExploitationForm, LocationKind, SubjectRole

from .visible import codes_in, visible_text

pytestmark = pytest.mark.django_db

RULES_URL = "/beheer/doorverwijsregels/"

# Every code a rule may hold. "online" is left out: it is a Dutch word as well ("seksuele
# uitbuiting online"), and stands only inside the words of a label.
CODES = (
    {rule["id"] for rule in default_rules()}
    | set(CONDITIONS)
    | set(ROLES)
    | set(URGENCIES)
    | set(FORM_GROUPS)
    | set(ILO_STRENGTHS)
    | set(ExploitationForm.values)
    | set(SubjectRole.values)
    | (set(LocationKind.values) - {"online"})
    | {"true", "false", "yes", "when", "advise"}
)


def _sentence(rule_id: str) -> str:
    rule = next(r for r in default_rules() if r["id"] == rule_id)
    with override("nl"):
        return str(rule_sentence(rule))


def test_each_default_rule_reads_as_a_dutch_sentence() -> None:
    assert _sentence("labour-investigation") == (
        "Als de vorm arbeidsuitbuiting is en er sterke ILO-indicatoren zijn "
        "→ Arbeidsinspectie: opsporing"
    )
    assert (
        _sentence("acute-police") == "Als er acuut gevaar is → Politie (AVIM; 112 bij acuut gevaar)"
    )
    assert _sentence("victim-police-consultation").startswith(
        "Als er een mogelijk slachtoffer is vastgelegd en er geen acuut gevaar is → Politie"
    )
    assert _sentence("location-signalling-meeting").startswith(
        "Als het signaal gaat over een adres of plek of een organisatie of bedrijf →"
    )
    assert "mogelijke dader" in _sentence("perpetrator-police")
    with override("nl"):
        for rule in default_rules():
            text = str(rule_sentence(rule))
            assert text.startswith("Als ") and "onbekend" not in text, rule["id"]
            assert codes_in(text, CODES) == [], rule["id"]


def test_a_rule_without_conditions_and_an_unknown_value_are_said_in_words() -> None:
    with override("nl"):
        always = rule_sentence({"when": {}, "advise": {"role": "riec", "urgency": "soon"}})
        odd = rule_sentence({"when": {"forms_any": ["sailing"]}, "advise": {"role": "navy"}})
    assert always.condition == "Altijd" and always.urgency == "Spoedig"
    assert "sailing" not in str(odd) and "navy" not in str(odd)


def test_the_readable_view_shows_no_code_and_the_editor_keeps_the_json(
    personas: Any, client_for: Any
) -> None:
    build_demo_partners()
    page = client_for("henk").get(RULES_URL)
    assert page.status_code == 200
    readable = visible_text(page.content, "rules-readable")
    assert "Als de vorm arbeidsuitbuiting is en er sterke ILO-indicatoren zijn" in readable
    assert codes_in(readable, CODES) == []
    # Beside it, for the administrator: the JSON editor and what each code means.
    assert "labour-investigation" in page.content.decode()
    assert "labour_inspectorate_investigation" in visible_text(page.content)
