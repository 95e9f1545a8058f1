"""Demo signals for `make demo`: a Monday-morning worklist in Soest, one in Zeist. Fictitious."""

from __future__ import annotations

import uuid
from typing import Any

from signaalroute.accounts.models import Organisation
from signaalroute.intake.advice import advice_question_ask
from signaalroute.intake.inputs import ReporterInput, SignalInput, SubjectInput
from signaalroute.intake.models import AdviceQuestion
from signaalroute.intake.services import (
    signal_register,
    signal_submit_internal,
    signal_submit_public,
)
from signaalroute.partners.referrals.answers import referral_accept, referral_feedback
from signaalroute.partners.referrals.services import referral_send
from signaalroute.signals.models import ReportLanguage, Signal
from signaalroute.signals.states import State
from signaalroute.workflow.assignment_services import assignment_set
from signaalroute.workflow.services import feedback_to_reporter, signal_transition


def _english_report(soest: Organisation, carla: Any) -> Signal:
    """A resident reports in English on the public form (the feedback goes back in English);
    carla consults the care coordinator anonymously, which she can later share on another basis
    ("Grondslag wijzigen") should vital interest arise."""
    submitted = signal_submit_public(
        municipality=soest,
        data=SignalInput(
            description="Six workers from abroad sleep in a garden shed behind the house next "
            "door. A man collects their wages every Friday and they never go out alone.",
            location_kind="place",
            place_description="Garden shed behind a house near the Eem (demo)",
            capacity="resident",
            forms=["labour"],
            subjects=[
                SubjectInput(kind="person", role="victim", description="Six men, about 30 (demo)")
            ],
        ),
        reporter=ReporterInput(email="neighbour@demo.signaalroute.invalid"),
        submission_key=uuid.UUID("00000000-0000-4000-8000-0000000000e1"),
        language=ReportLanguage.ENGLISH,
    )
    if submitted is None:  # already made by an earlier run
        return Signal.objects.get(submission_key=uuid.UUID("00000000-0000-4000-8000-0000000000e1"))
    signal = submitted.signal
    signal_transition(actor=carla, signal=signal, to=State.TRIAGE, expected_version=signal.version)
    signal.refresh_from_db()
    referral_send(
        actor=carla,
        signal=signal,
        partner=Organisation.objects.get(name__startswith="Zorgcoördinatie"),
        purpose="Anoniem sparren: welke hulp past bij arbeidsmigranten die in een schuur wonen?",
        basis="anonymous_consultation",
        details={},
        expected_version=signal.version,
    )
    return signal


def build_demo_signals(users: dict[str, Any]) -> int:
    """Create the demo signals once; returns how many were made (0 when they exist)."""
    soest = Organisation.objects.get(name="Soest", kind="municipality")
    zeist = Organisation.objects.get(name="Zeist", kind="municipality")
    if Signal.objects.filter(municipality__in=[soest, zeist]).exists():
        return 0
    alice, bob, carla = users["alice"], users["bob"], users["carla"]
    police = Organisation.objects.get(name__startswith="Politie basisteam")
    made = []
    made.append(
        signal_submit_internal(
            reporter=alice,
            municipality=soest,
            team_coordinator=bob,
            data=SignalInput(
                description="Een jonge vrouw kwam een paspoort aanvragen. Haar 'vriend' hield haar "
                "documenten vast en gaf alle antwoorden.",
                location_kind="unknown",
                capacity="front_desk",
                forms=["sexual"],
                subjects=[
                    SubjectInput(kind="person", role="victim", description="Vrouw, ca. 20 jaar")
                ],
            ),
        )
    )
    labour = signal_submit_internal(
        reporter=alice,
        municipality=soest,
        data=SignalInput(
            description="Elke ochtend om 5 uur haalt een busje veertien mannen op bij een woning "
            "die voor vier personen is ingeschreven. Het busje heeft kenteken VR-123-B; de "
            "chauffeur belt de mannen vanaf 06-41234567.",
            location_kind="address",
            postcode="3762AB",
            house_number=12,
            capacity="enforcement",
            forms=["labour"],
            vulnerable_groups=["labour_migrant"],
            sector="construction",
            subjects=[
                SubjectInput(kind="address", role="other", description="Dorpsstraat 12, Soest")
            ],
        ),
    )
    made.append(labour)
    signal_transition(actor=carla, signal=labour, to=State.TRIAGE, expected_version=labour.version)
    signal_transition(
        actor=carla,
        signal=labour,
        to=State.ENRICHED,
        expected_version=labour.version,
        reason="Adres staat in BRP met 4 personen; geen vergunning kamerverhuur.",
    )
    # A second, independent source about the same address, written differently: it stacks.
    made.append(
        signal_submit_internal(
            reporter=users["otto"],
            municipality=soest,
            data=SignalInput(
                description="Bij een controle: matrassen op zolder, de bewoners zeggen niets.",
                location_kind="address",
                postcode="3762 ab",
                house_number=12,
                capacity="enforcement",
                forms=["labour"],
            ),
        )
    )
    acute = signal_register(
        actor=carla,
        municipality=soest,
        channel="phone",
        data=SignalInput(
            description="Beller ziet een meisje dat zegt dat ze niet weg mag uit een woning.",
            location_kind="place",
            place_description="Parkeerplaats achter het station",
            capacity="resident",
            forms=["sexual"],
            minors="yes",
            acute=True,
        ),
        reporter=ReporterInput(name="Bewoner (demo)", phone="0600000000"),
    )
    made.append(acute)
    routed = signal_register(
        actor=carla,
        municipality=soest,
        channel="mma",
        data=SignalInput(
            description="Anonieme tip: in een nagelsalon werken meisjes die er ook lijken te wonen.",
            location_kind="address",
            postcode="3764AA",
            house_number=3,
            forms=["labour"],
            sector="beauty",
        ),
        reporter=ReporterInput(anonymous=True),
    )
    made.append(routed)
    for to in (State.TRIAGE,):
        signal_transition(actor=carla, signal=routed, to=to, expected_version=routed.version)
    # Step 4-5: a lawful referral to the police (statutory task), which asks for feedback.
    referral_send(
        actor=carla,
        signal=routed,
        partner=police,
        purpose="Graag beoordelen of hier sprake is van uitbuiting in de nagelsalon.",
        basis="statutory_task",
        details={"article": "Art. 3 Politiewet 2012"},
        expected_version=routed.version,
    )
    routed.refresh_from_db()
    # Two focal officers (seed 004 §5.1): every signal got a proposed domain and owner from its
    # parties at submit. This tip names none (so: both, with carla); the girls may be victims,
    # so daan (care) takes it over by hand.
    assignment_set(actor=users["daan"], signal=routed, domain="both", owner=users["daan"])
    feedback_to_reporter(
        actor=carla,
        signal=routed,
        expected_version=routed.version,
        text="Dank voor uw melding. We hebben deze doorgegeven aan de organisatie die er iets mee kan.",
    )
    # Step 5 answered: the police took a referral up and reported back; the signal waits on
    # carla's home page ("new feedback") for step 6.
    answered = signal_submit_internal(
        reporter=users["otto"],
        municipality=soest,
        data=SignalInput(
            description="Bij een autowasstraat werken mannen zonder beschermende kleding; ze "
            "slapen volgens buren in een container achter het terrein.",
            location_kind="place",
            place_description="Autowasstraat aan de rand van het industrieterrein",
            capacity="enforcement",
            forms=["labour"],
            subjects=[
                SubjectInput(
                    kind="organisation", role="perpetrator", description="Autowasstraat (demo)"
                )
            ],
        ),
    )
    made.append(answered)
    signal_transition(
        actor=carla, signal=answered, to=State.TRIAGE, expected_version=answered.version
    )
    referral = referral_send(
        actor=carla,
        signal=answered,
        partner=police,
        purpose="Graag beoordelen of hier sprake is van arbeidsuitbuiting bij de autowasstraat.",
        basis="statutory_task",
        details={"article": "Art. 3 Politiewet 2012"},
        expected_version=answered.version,
    )
    referral = referral_accept(
        actor=users["fenna"], referral=referral, expected_version=referral.version
    )
    referral_feedback(
        actor=users["fenna"],
        referral=referral,
        kind="investigation",
        text="Controle met de Arbeidsinspectie gepland; wij koppelen de uitkomst terug.",
        expected_version=referral.version,
    )
    made.append(_english_report(soest, carla))
    made.append(
        signal_submit_internal(
            reporter=users["karin"],
            municipality=zeist,
            data=SignalInput(description="Signaal in Zeist (demo).", forms=["criminal_drugs"]),
        )
    )
    if not AdviceQuestion.objects.filter(municipality=soest).exists():
        advice_question_ask(
            actor=alice,
            municipality=soest,
            question="Een klant geeft steeds een ander woonadres op. Is dat een signaal?",
        )
    return len(made)
