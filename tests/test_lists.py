"""Lists that show what they hold (issue 10): the worklist's rows, "my reports" and the partner
portal (the stack page's counts: test_stacking_page.py). Each list shows only what its reader
may see."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from signaalroute.audit.models import AuditEntry
from signaalroute.intake.inputs import ReporterInput, SubjectInput
from signaalroute.intake.services import signal_register
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import signal_summaries, summary_line
from signaalroute.signals.states import State
from signaalroute.stacking.models import Candidate, StackAlert
from signaalroute.stacking.services import candidate_decide
from signaalroute.workflow.services import signal_transition

from .referrals import answered, referred
from .signals import committed, internal_signal, signal_data, soest

pytestmark = pytest.mark.django_db


# An address no other signal of these tests uses (the default one is 3762 AB 12).
ELSEWHERE = {"postcode": "3768 CD", "house_number": 7, "subjects": []}


def _text(response: Any) -> str:
    return response.content.decode()


def _section(html: str, testid: str) -> str:
    match = re.search(rf'<section[^>]*data-testid="{testid}".*?</section>', html, re.S)
    assert match, f"no section {testid}"
    return match.group(0)


# --- 3. The worklist's rows -----------------------------------------------------------------


def _worklist(client: Any, **params: str) -> str:
    return _text(client.get("/werkvoorraad/", params))


def _row(html: str, reference: str) -> str:
    for row in re.findall(
        r'<tr class="utrecht-table__row" data-testid="worklist-row">.*?</tr>', html, re.S
    ):
        if reference in row:
            return row
    raise AssertionError(f"{reference} is not on the worklist")


def test_a_worklist_row_says_what_it_is_about(personas: Any, client_for: Any) -> None:
    text = (
        "Elke ochtend om vijf uur haalt een wit busje veertien mannen op bij een woning die "
        "voor vier personen is ingeschreven."
    )
    signal = internal_signal(
        personas,
        via_bob=False,
        description=text,
        forms=["labour", "criminal_drugs"],
        subjects=[
            SubjectInput(kind="person", role="victim", description="Man, ca. 30 jaar"),
            SubjectInput(kind="address", role="other", description="Dorpsstraat 12"),
        ],
    )
    row = _row(_worklist(client_for("carla")), signal.reference)
    assert "Arbeidsuitbuiting" in row and "Criminele uitbuiting: drugs" in row
    summary = summary_line(text)
    assert summary in row and summary.endswith("…") and len(summary) <= 81
    assert text not in row  # a summary, not the whole text
    assert "2 betrokkenen" in row
    assert "Nieuwe terugkoppeling" not in row and "stapel" not in row.lower()


def test_the_subject_count_is_not_narrowed_by_a_search(personas: Any, client_for: Any) -> None:
    signal = internal_signal(
        personas,
        via_bob=False,
        subjects=[
            SubjectInput(kind="person", role="victim", description="Vrouw met rode jas"),
            SubjectInput(kind="person", role="perpetrator", description="Begeleider"),
        ],
    )
    row = _row(_worklist(client_for("carla"), q="rode jas"), signal.reference)
    assert "2 betrokkenen" in row


def test_new_feedback_and_stacks_are_marked_on_the_worklist(personas: Any, client_for: Any) -> None:
    signal, _referral = answered(personas)
    with committed():
        first = internal_signal(personas, via_bob=False, **ELSEWHERE)
    with committed():
        second = signal_register(
            actor=personas["carla"],
            municipality=soest(),
            channel="phone",
            data=signal_data(**ELSEWHERE),
            reporter=ReporterInput(name="Bewoner", phone="0611111111"),
        )
    assert StackAlert.objects.filter(trace__signal=second, seen_at__isnull=True).exists()
    html = _worklist(client_for("carla"))
    assert "Nieuwe terugkoppeling" in _row(html, signal.reference)
    assert "Nieuwe stapelmelding" in _row(html, second.reference)
    assert "In een stapel" in _row(html, first.reference)  # linked by a certain proposal
    StackAlert.objects.update(seen_at=timezone.now())
    html = _worklist(client_for("carla"))
    assert "In een stapel" in _row(html, second.reference)
    assert "Nieuwe stapelmelding" not in html
    candidate = Candidate.objects.get(trace_a__signal__in=[first, second])
    candidate_decide(
        actor=personas["carla"],
        candidate=candidate,
        decision="reject",
        expected_version=candidate.version,
    )
    html = _worklist(client_for("carla"))
    assert "In een stapel" not in html


def test_the_worklist_never_names_the_reporter(personas: Any, client_for: Any) -> None:
    signal = signal_register(
        actor=personas["carla"],
        municipality=soest(),
        channel="phone",
        data=signal_data(
            description="Mevrouw Geheimhouder (petronella@example.org, 06 1239 8745) zag een "
            "meisje dat niet weg mocht."
        ),
        reporter=ReporterInput(
            name="Petronella Geheimhouder", email="petronella@example.org", phone="0612398745"
        ),
    )
    row = _row(_worklist(client_for("carla")), signal.reference)
    assert "Geheimhouder" not in row and "petronella" not in row.lower()
    assert "[melder]" in row and "zag een meisje" in row
    alice_signal = internal_signal(personas, via_bob=False, description="Alice Jansen zag het.")
    summary = signal_summaries([alice_signal])[alice_signal.pk]
    names = (personas["alice"].first_name, personas["alice"].last_name)
    assert all(name not in summary for name in names if name), summary


def test_the_worklist_read_of_descriptions_is_audited_without_the_text(
    personas: Any, client_for: Any
) -> None:
    signal = internal_signal(personas, via_bob=False)
    client_for("carla").get("/werkvoorraad/")
    entry = AuditEntry.objects.filter(action="signal.worklist_read").latest("position")
    assert entry.actor_username == "carla" and entry.fields == ["description"]
    assert signal.reference in entry.extra["references"]
    assert "paspoort" not in str(entry.content())


def test_karins_worklist_has_no_row_of_soest(personas: Any, client_for: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    assert signal.reference not in _worklist(client_for("karin"))


def _worklist_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/werkvoorraad/")
    assert response.status_code == 200
    return len(queries)


def test_the_worklist_query_count_does_not_grow_with_its_rows(
    personas: Any, client_for: Any
) -> None:
    def one(n: int) -> None:
        with committed():
            signal = internal_signal(
                personas,
                via_bob=False,
                acute=n % 2 == 0,
                postcode="3762 AB",
                house_number=n + 1,
                subjects=[
                    SubjectInput(kind="person", role="victim", description=f"Vrouw {n}"),
                    SubjectInput(kind="address", role="other", description=f"Laan {n}"),
                ],
            )
        signal_transition(
            actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
        )

    one(0)
    answered(personas)
    client = client_for("carla")
    _worklist_queries(client)  # warm up the session and caches
    few = _worklist_queries(client)
    for n in range(1, 9):
        one(n)
    answered(personas)
    assert Signal.objects.count() >= 11
    many = _worklist_queries(client)
    assert many == few, (few, many)


# --- 4. My reports --------------------------------------------------------------------------


def test_my_reports_say_what_each_was_about(personas: Any, client_for: Any) -> None:
    signal = internal_signal(personas, via_bob=False, forms=["labour"])
    html = _text(client_for("alice").get("/mijn-meldingen/"))
    row = re.search(r'<tr[^>]*data-testid="mine-row">.*?</tr>', html, re.S)
    assert row
    cells = row.group(0)
    assert signal.reference in cells and "Arbeidsuitbuiting" in cells
    assert timezone.localtime(signal.created_at).strftime("%d-%m-%Y") in cells
    assert "Ontvangen" in cells and "received" not in cells
    assert summary_line(signal.description) in cells
    assert "Vrouw, ca. 25" not in cells  # the subjects stay on the report's own page


def test_my_reports_list_only_my_own(personas: Any, client_for: Any) -> None:
    mine = internal_signal(personas, via_bob=False)
    other = signal_register(
        actor=personas["carla"],
        municipality=soest(),
        channel="phone",
        data=signal_data(description="Iemand anders belde hierover."),
        reporter=ReporterInput(name="Bewoner", phone="0611111111"),
    )
    html = _text(client_for("otto").get("/mijn-meldingen/"))
    assert mine.reference not in html and other.reference not in html
    assert "Iemand anders" not in _text(client_for("alice").get("/mijn-meldingen/"))


# --- 5. The partner portal ------------------------------------------------------------------


def test_the_portal_lists_reference_date_state_and_due_date(personas: Any, client_for: Any) -> None:
    signal, referral = referred(personas)
    html = _text(client_for("fenna").get("/partner/overdrachten/"))
    row = re.search(r'<tr[^>]*data-testid="portal-row">.*?</tr>', html, re.S)
    assert row
    cells = row.group(0)
    assert signal.reference in cells
    assert timezone.localtime(referral.sent_at).strftime("%d-%m-%Y") in cells
    assert not re.search(r"\d{2}:\d{2}", cells)  # the date, not the time
    assert "Verstuurd" in cells and "sent" not in cells
    assert referral.feedback_due_on.strftime("%d-%m-%Y") in cells
    assert signal.reference not in _text(client_for("eva").get("/partner/overdrachten/"))
