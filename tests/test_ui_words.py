"""What the main pages say: labels, never code values, and dates as 28-11-2025. Each page is
rendered for the persona who works with it, over demo-like data (the demo's signals, a
referral to the police, a stack of two reports about one address, a public report)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.accounts.models import Membership, Organisation, User
from signaalroute.accounts.rules import Domain, Role
from signaalroute.demo.partners import build_demo_partners
from signaalroute.demo.signals import build_demo_signals
from signaalroute.partners.referrals.models import ReferralState
from signaalroute.partners.referrals.services import referral_send
from signaalroute.partners.referrals.sharing import Basis
from signaalroute.partners.routing.rules import ROLES
from signaalroute.signals.models import (
    Capacity,
    Channel,
    EventKind,
    ExploitationForm,
    LocationKind,
    Signal,
    SubjectKind,
    SubjectRole,
)
from signaalroute.signals.states import Outcome, State
from signaalroute.stacking.models import CandidateStatus, Tier, Trace, TraceKind
from signaalroute.stacking.services import subject_enrich
from signaalroute.stacking.traces import FIELD_LABELS as DETAIL_FIELD_LABELS
from signaalroute.workflow.services import signal_transition

from .conftest import login_client
from .signals import internal_signal
from .visible import ISO_DATE, US_DATE, codes_in, visible_text

pytestmark = pytest.mark.django_db

# Codes that are Dutch words as well ("seksuele uitbuiting online", "de agenda van het overleg")
# are left out; every other value of these tables is a code a person should never see.
_WORDS = {"online", "agenda"}
CODES = sorted(
    (
        set(ExploitationForm.values)
        | set(State.values)
        | set(Outcome.values)
        | set(Channel.values)
        | set(Capacity.values)
        | set(LocationKind.values)
        | set(SubjectKind.values)
        | set(SubjectRole.values)
        | set(EventKind.values)
        | {b.value for b in Basis}
        | set(ReferralState.values)
        | set(TraceKind.values)
        | set(Tier.values)
        | set(CandidateStatus.values)
        | {role.value for role in Role}
        | {domain.value for domain in Domain}
        | set(ROLES)
        | {"description", "observed_on", "location_kind", "house_number", "indicator_codes"}
        | (set(DETAIL_FIELD_LABELS) - {"postcode", "sector"})  # a party's details
        | {"partial", "estimate"}  # the normalisers' flags ("invalid" ends the demo's e-mail)
    )
    - _WORDS
)


@pytest.fixture
def world(personas: dict[str, User]) -> dict[str, Any]:
    """The demo's signals and partners, a public report, and a privacy officer."""
    build_demo_partners()
    build_demo_signals(personas)
    Client().post("/melden/", _public_payload())
    officer = User.objects.create_user(username="fg", first_name="Fatma", last_name="Gül")
    Membership.objects.create(
        user=officer, organisation=Organisation.objects.get(name="Soest"), role="privacy_officer"
    )
    TOTPDevice.objects.create(user=officer, name="demo", confirmed=True)
    # A referral that shares the date it was seen (the snapshot keeps dates as ISO text).
    seen = internal_signal(personas, via_bob=False, observed_on=dt.date(2025, 11, 28))
    signal_transition(
        actor=personas["carla"], signal=seen, to="triage", expected_version=seen.version
    )
    seen.refresh_from_db()
    referral_send(
        actor=personas["carla"],
        signal=seen,
        partner=Organisation.objects.get(name__startswith="Politie basisteam"),
        purpose="Graag beoordelen",
        basis=Basis.STATUTORY_TASK,
        details={"article": "Art. 3 Politiewet 2012"},
        expected_version=seen.version,
    )
    # A person with a telephone number that cannot be checked: the enrich page flags it.
    victim = seen.subjects.get()
    subject_enrich(
        actor=personas["carla"],
        subject=victim,
        details={"given_names": "Anna", "phones": ["06-ABC"], "date_of_birth": "ca. 25 jaar"},
    )
    return {**personas, "fg": officer}


def _public_payload() -> dict[str, Any]:
    return {
        "municipality": str(Organisation.objects.get(name="Soest").pk),
        "capacity": "resident",
        "description": "Busje haalt elke ochtend mannen op bij de loods aan de Industrieweg.",
        "location_kind": "place",
        "place_description": "Loods aan de Industrieweg",
        "exploitation_forms": ["labour"],
        "minors": "unknown",
        "submission_key": str(uuid.uuid4()),
    }


def _pages(world: dict[str, Any]) -> list[tuple[str, str, dict[str, str] | None]]:
    """(persona, path) for each main page, over the world's own objects."""
    routed = Signal.objects.get(description__startswith="Anonieme tip")
    seen = Signal.objects.get(observed_on=dt.date(2025, 11, 28))
    stacked = Signal.objects.get(description__startswith="Elke ochtend om 5 uur")
    referral = routed.referrals.get()
    trace = Trace.objects.filter(signal=stacked, kind="address").first()
    assert trace is not None
    return [
        ("carla", "/werkvoorraad/", None),
        ("carla", f"/signalen/{routed.pk}/", None),
        ("carla", f"/signalen/{stacked.pk}/", None),
        *(("carla", f"/signalen/{s.pk}/", None) for s in Signal.objects.filter(channel="public")),
        ("carla", f"/signalen/{routed.pk}/overdracht/", None),
        ("carla", "/stapels/", None),
        ("carla", f"/stapels/spoor/{trace.pk}/", None),
        ("carla", "/adviesvragen/", None),
        ("fenna", "/partner/overdrachten/", None),
        ("fenna", f"/partner/overdrachten/{referral.pk}/", None),
        ("fenna", f"/partner/overdrachten/{seen.referrals.get().pk}/", None),
        ("carla", f"/signalen/{seen.pk}/", None),
        ("carla", f"/signalen/{seen.pk}/betrokkenen/{seen.subjects.get().pk}/aanvullen/", None),
        ("fg", "/privacy/verstrekkingen/", {"q": "3764"}),
        ("ida", "/auditlog/", None),
        ("bob", "/teamcoordinator/", None),
        (
            "bob",
            f"/teamcoordinator/{Signal.objects.filter(team_coordinator__username='bob').first().pk}/",
            None,
        ),
        ("alice", "/mijn-meldingen/", None),
        ("alice", f"/mijn-meldingen/{stacked.pk}/", None),
        ("henk", "/beheer/meldroute/", None),
        ("lotte", "/overdrachten/cijfers/", None),
    ]


def test_the_main_pages_show_labels_and_dutch_dates(world: dict[str, Any]) -> None:
    problems = []
    for name, path, post in _pages(world):
        client = login_client(Client(), world[name])
        response = client.post(path, post) if post else client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        text = visible_text(response.content, language="nl")
        found = codes_in(text, CODES)
        dates = ISO_DATE.findall(text) + US_DATE.findall(text)
        if found or dates:
            problems.append((name, path, found, dates))
    assert problems == [], "\n".join(map(str, problems))
