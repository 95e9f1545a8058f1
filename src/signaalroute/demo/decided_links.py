"""Demo: possible links that Soest's focal officer decided in earlier years, so that the stack
pages can show the municipality's track record (``stacking.track_record``) beside a possible
link: "3 van de 12 bevestigd".

Twelve pairs of earlier, handled signals (``history.py``) each name one person by name only,
two years apart: the engine proposes them as "possible" (a name alone is no person), and carla
decides them through the service: three confirmed, nine rejected (namesakes). Two years apart,
so the confirmed ones make no stacking alert today.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.signals.models import Signal
from signaalroute.signals.services import subject_add
from signaalroute.stacking.models import Candidate, CandidateStatus, Trace
from signaalroute.stacking.services import candidate_decide, subject_enrich

from .history import PREFIX

# (given names, surname, confirmed?) — one person named in two earlier signals.
NAMES = (
    ("Ioana", "Dumitrescu", True),
    ("Marek", "Wiśniewski", False),
    ("Svetlana", "Petrova", False),
    ("Andrei", "Constantin", True),
    ("Dorota", "Kamińska", False),
    ("Nikolai", "Ivanov", False),
    ("Gabriela", "Stoica", False),
    ("Tomasz", "Zieliński", True),
    ("Ana", "Georgieva", False),
    ("Florin", "Munteanu", False),
    ("Katarzyna", "Lewandowska", False),
    ("Stefan", "Dimitrov", False),
)
MARK = "Persoon genoemd in een eerder signaal (demo)"


def build_demo_decided_links(users: dict[str, Any]) -> int:
    """Add the persons to earlier signals and decide their links, once (0 when done)."""
    soest = Organisation.objects.get(name="Soest", kind=OrganisationKind.MUNICIPALITY)
    earlier = Signal.objects.filter(municipality=soest, reference__startswith=PREFIX)
    if earlier.filter(subjects__description=MARK).exists():
        return 0
    by_year: dict[int, list[Signal]] = {}
    for signal in earlier.order_by("created_at", "reference"):
        by_year.setdefault(signal.created_at.year, []).append(signal)
    years = sorted(by_year)
    if len(years) < 3:
        return 0
    officer = users["carla"]
    decided = 0
    for n, (given, surname, confirmed) in enumerate(NAMES):
        first = by_year[years[n % (len(years) - 2)]][n // 3]
        second = by_year[years[n % (len(years) - 2) + 2]][n // 3 + 10]
        traces = []
        for signal in (first, second):
            with transaction.atomic():  # subject_add writes in its caller's transaction
                subject = subject_add(signal=signal, kind="person", role="victim", description=MARK)
            subject_enrich(  # matches it at once, as the focal officer's step 3 does
                actor=officer, subject=subject, details={"given_names": given, "surname": surname}
            )
            traces.append(Trace.objects.get(subject=subject))
        a, b = sorted((t.pk for t in traces), key=str)
        candidate = Candidate.objects.filter(trace_a_id=a, trace_b_id=b).first()
        if candidate is None or candidate.status != CandidateStatus.PROPOSED:
            continue
        candidate_decide(
            actor=officer,
            candidate=candidate,
            decision="confirm" if confirmed else "reject",
            expected_version=candidate.version,
        )
        decided += 1
    return decided
