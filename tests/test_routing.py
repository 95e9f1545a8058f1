"""Routing advice (doorverwijsadvies): the shipped defaults, evaluation, and the rules editor
with its versioning and preview."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from signaalroute.accounts.models import Organisation, Region
from signaalroute.audit.models import AuditEntry
from signaalroute.demo.partners import build_demo_partners
from signaalroute.intake.inputs import SubjectInput
from signaalroute.partners.referrals.answers import referral_accept, referral_feedback
from signaalroute.partners.referrals.services import referral_send
from signaalroute.partners.referrals.sharing import Basis
from signaalroute.partners.routing.models import RoutingRuleSet
from signaalroute.partners.routing.rules import validate_rules
from signaalroute.partners.routing.selectors import advice_for, default_rules
from signaalroute.partners.routing.services import RoutingRefused, ruleset_publish
from signaalroute.signals.states import State
from signaalroute.workflow.services import signal_transition

from .signals import internal_signal

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
RULES_URL = "/beheer/doorverwijsregels/"
PREVIEW_URL = "/beheer/doorverwijsregels/voorbeeld/"


@pytest.fixture
def world(personas: Any) -> Any:
    build_demo_partners()
    return personas


def roles(signal: Any) -> list[str]:
    return [a.role for a in advice_for(signal)]


def region() -> Region:
    return Organisation.objects.get(name="Soest").region


# --- the defaults ------------------------------------------------------------------------------


def test_defaults_are_valid_and_each_cites_a_seed_section() -> None:
    rules = default_rules()
    assert validate_rules(rules) == []
    seed_files = {p.name for p in SEEDS.glob("*.txt")} if SEEDS.exists() else set()
    for rule in rules:
        cited = re.findall(r"\d{3}_[0-9a-f]{16}\.txt", rule["source"])
        assert cited, rule["id"]
        assert "§" in rule["source"] or "bijlage" in rule["source"], rule["id"]
        if seed_files:
            assert set(cited) <= seed_files, rule["id"]


def test_acute_danger_advises_the_police_first(world: Any) -> None:
    signal = internal_signal(world, acute=True)
    advice = advice_for(signal)
    assert advice[0].role == "police" and advice[0].urgency == "now"
    assert "112" in advice[0].reason
    assert [p.name for p in advice[0].partners] == ["Politie basisteam Heuvelrug (demo)"]


def test_a_victim_always_goes_to_the_care_coordinator(world: Any) -> None:
    assert "care_coordinator" in roles(internal_signal(world))


def test_minors_go_to_veilig_thuis_and_youth_care(world: Any) -> None:
    found = roles(internal_signal(world, minors="yes"))
    assert "veilig_thuis" in found and "youth_care" in found
    assert "veilig_thuis" not in roles(internal_signal(world, minors="no"))


def test_labour_depends_on_the_strength_of_the_indicators(world: Any) -> None:
    strong = internal_signal(world, forms=["labour"], indicator_codes=["ilo-lab-cr-s1"])
    weak = internal_signal(world, forms=["labour"], indicator_codes=["ilo-lab-cr-m1"])
    assert "labour_inspectorate_investigation" in roles(strong)
    assert "labour_inspectorate_supervision" not in roles(strong)
    assert "labour_inspectorate_supervision" in roles(weak)
    assert "labour_inspectorate_investigation" not in roles(weak)
    investigation = next(
        a for a in advice_for(strong) if a.role == "labour_inspectorate_investigation"
    )
    assert [p.name for p in investigation.partners] == [
        "Nederlandse Arbeidsinspectie — opsporing (demo)"
    ]


def test_a_location_goes_to_the_meeting_then_control_then_police(world: Any) -> None:
    place = SubjectInput(kind="address", role="other", description="Woning met veel matrassen")
    found = roles(internal_signal(world, subjects=[place]))
    assert found.index("signalling_meeting") < found.index("municipal_control")
    # A possible victim seen at an address is not a signal about that location (seed 000 §2.4).
    seen_at = roles(internal_signal(world))
    assert "signalling_meeting" not in seen_at and "municipal_control" not in seen_at
    online = roles(
        internal_signal(
            world,
            location_kind="online",
            online_location="example.invalid/ad",
            postcode="",
            house_number=None,
            subjects=[],
        )
    )
    assert "signalling_meeting" not in online


def test_the_advice_names_each_partner_once(world: Any) -> None:
    """Police is advised by several rules (acute, perpetrator, location): one entry, with every
    reason, at its most urgent urgency."""
    from signaalroute.partners.routing.selectors import advice_grouped

    signal = internal_signal(
        world,
        acute=True,
        subjects=[
            SubjectInput(kind="person", role="perpetrator", description="Man met busje"),
            SubjectInput(kind="address", role="other", description="Loods achter de boerderij"),
        ],
    )
    advice = advice_for(signal)
    assert [a.role for a in advice].count("police") >= 3
    groups = advice_grouped(advice)
    names = [p.name for g in groups for p in g.partners]
    assert len(names) == len(set(names))
    police = next(g for g in groups if any(p.name.startswith("Politie") for p in g.partners))
    assert len(police.reasons) >= 3 and police.urgency_label == "Direct"


def test_an_unknown_victim_means_anonymous_consultation_and_comensha(world: Any) -> None:
    found = roles(
        internal_signal(
            world, subjects=[SubjectInput(kind="person", role="witness", description="buurman")]
        )
    )
    assert "care_coordinator" in found and "comensha" in found


def test_a_perpetrator_goes_to_police(world: Any) -> None:
    signal = internal_signal(
        world,
        forms=["labour"],
        subjects=[
            SubjectInput(kind="person", role="perpetrator", description="uitzendbureau-eigenaar")
        ],
    )
    found = roles(signal)
    assert "police" in found and "labour_inspectorate_investigation" in found


def test_help_refused_by_the_victim_advises_riec_via_the_chain_director(world: Any) -> None:
    signal = internal_signal(world, via_bob=False)
    signal_transition(
        actor=world["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    assert "riec" not in roles(signal)
    signal.refresh_from_db()
    referral = referral_send(
        actor=world["carla"],
        signal=signal,
        partner=Organisation.objects.get(name__startswith="Zorgcoördinatie"),
        purpose="Hulp aanbieden",
        basis=Basis.ANONYMOUS_CONSULTATION,
        details={},
        expected_version=signal.version,
    )
    referral = referral_accept(
        actor=world["eva"], referral=referral, expected_version=referral.version
    )
    referral_feedback(
        actor=world["eva"],
        referral=referral,
        kind="help_refused",
        text="Wil geen opvang.",
        expected_version=referral.version,
    )
    assert "riec" in roles(signal)


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda r: r[0]["advise"].update(role="brandweer"), "onbekende rol"),
        (lambda r: r[1].update(id=r[0]["id"]), "twee keer"),
        (lambda r: r[0].update(source=""), "bron"),
        (lambda r: r[0]["when"].update(weather="rain"), "onbekende voorwaarde"),
        (lambda r: r[0]["when"].update(forms_any=[]), "minstens één waarde"),
        (lambda r: r[0].update(extra=1), "onbekende sleutel"),
    ],
)
def test_invalid_rules_are_refused_with_the_reason(change: Any, fragment: str) -> None:
    rules = default_rules()
    change(rules)
    errors = validate_rules(rules)
    assert errors and any(fragment in e for e in errors), errors


def test_not_a_list_is_refused() -> None:
    assert validate_rules({"id": "x"}) and validate_rules([])


# --- publishing and versions ---------------------------------------------------------------------


def test_publishing_makes_a_new_active_version_that_the_advice_uses(world: Any) -> None:
    henk = world["henk"]
    signal = internal_signal(world, acute=True)
    first = ruleset_publish(actor=henk, region=region(), rules=default_rules(), note="Start")
    only_police = [
        {
            "id": "alles-politie",
            "when": {},
            "advise": {"role": "police", "urgency": "soon"},
            "reason": "Test",
            "source": "000_a1f13d5d9f6634fb.txt §2.3",
        }
    ]
    second = ruleset_publish(actor=henk, region=region(), rules=only_police, note="Alleen politie")
    first.refresh_from_db()
    assert (first.version, first.active, second.version, second.active) == (1, False, 2, True)
    assert roles(signal) == ["police"]
    assert AuditEntry.objects.filter(action="routing.publish", actor_username="henk").count() == 2


def test_only_a_functional_admin_of_the_region_may_publish(world: Any) -> None:
    with pytest.raises(RoutingRefused):
        ruleset_publish(actor=world["carla"], region=region(), rules=default_rules(), note="x")
    other = Region.objects.create(name="Andere regio")
    with pytest.raises(RoutingRefused):
        ruleset_publish(actor=world["henk"], region=other, rules=default_rules(), note="x")
    with pytest.raises(ValidationError):
        ruleset_publish(actor=world["henk"], region=region(), rules=[{"id": "x"}], note="x")
    assert not RoutingRuleSet.objects.exists()


# --- the editor page -------------------------------------------------------------------------------


def test_editor_shows_rules_in_force_and_refuses_others(world: Any, client_for: Any) -> None:
    page = client_for("henk").get(RULES_URL)
    assert page.status_code == 200
    assert "acute-police" in page.content.decode()
    for name in ("alice", "carla", "eva", "fenna", "gijs", "ida", "lotte"):
        assert client_for(name).get(RULES_URL).status_code == 403, name
        assert client_for(name).post(PREVIEW_URL, {"rules": "[]"}).status_code == 403, name


def test_bad_json_keeps_the_text_and_says_where(world: Any, client_for: Any) -> None:
    text = '[{"id": "a",, }]'
    response = client_for("henk").post(RULES_URL, {"rules": text, "note": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "[{&quot;id&quot;: &quot;a&quot;,, }]" in body
    assert "1" in body and not RoutingRuleSet.objects.exists()


def test_publish_needs_a_note(world: Any, client_for: Any) -> None:
    rules = json.dumps(default_rules())
    response = client_for("henk").post(RULES_URL, {"rules": rules, "note": ""})
    assert response.status_code == 400 and not RoutingRuleSet.objects.exists()
    response = client_for("henk").post(RULES_URL, {"rules": rules, "note": "Eerste versie"})
    assert response.status_code == 302
    assert RoutingRuleSet.objects.get().note == "Eerste versie"


def test_preview_runs_over_past_signals_without_personal_data(world: Any, client_for: Any) -> None:
    signal = internal_signal(world, forms=["labour"], indicator_codes=["ilo-lab-cr-s1"])
    # Without the police rules, the advice changes for this signal (it has a victim and an address).
    rules = [rule for rule in default_rules() if rule["advise"]["role"] != "police"]
    response = client_for("henk").post(PREVIEW_URL, {"rules": json.dumps(rules), "note": ""})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.signals == 1 and preview.changed == 1
    body = response.content.decode()
    assert signal.reference in body
    assert "paspoort" not in body and "ca. 25 jaar" not in body  # description, subjects
    assert not RoutingRuleSet.objects.exists()  # a preview publishes nothing
    assert AuditEntry.objects.filter(action="routing.preview", actor_username="henk").exists()


def test_demo_directory_entries_pass_the_directory_checks(world: Any) -> None:
    from signaalroute.partners.directory.models import PartnerProfile
    from signaalroute.partners.directory.rules import check_profile

    profiles = list(PartnerProfile.objects.all())
    assert len(profiles) == 10
    for profile in profiles:
        check_profile(profile)  # raises ValidationError on a bad demo value
