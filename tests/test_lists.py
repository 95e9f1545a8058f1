"""Lists that show what they hold, and feedback that arrives (issue 10): the focal officer's
home page, the signal page's referrals, the worklist's rows, "my reports" and the partner portal
(the stack page's counts: test_stacking_page.py). Each list shows only what its reader may see."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from signaalroute.audit.models import AuditEntry
from signaalroute.core.panels import panels_for
from signaalroute.intake.inputs import ReporterInput, SubjectInput
from signaalroute.intake.services import signal_register
from signaalroute.partners.referrals.models import Referral
from signaalroute.partners.referrals.panels import signal_referrals
from signaalroute.partners.referrals.selectors import signals_with_new_feedback
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import signal_summaries, summary_line
from signaalroute.signals.states import State
from signaalroute.stacking.models import Candidate, StackAlert
from signaalroute.stacking.services import candidate_decide
from signaalroute.workflow.services import signal_transition

from .referrals import FEEDBACK, POLICE, answered, referred
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


# --- 1. The focal officer's home page -------------------------------------------------------


def test_carlas_home_shows_acute_signals_first_then_new_feedback(
    personas: Any, client_for: Any
) -> None:
    acute = internal_signal(personas, via_bob=False, acute=True, forms=["labour"])
    calm = internal_signal(personas, via_bob=False)
    signal, _referral = answered(personas, forms=["criminal_drugs"])
    html = _text(client_for("carla").get("/"))
    acute_list = _section(html, "home-acute")
    feedback_list = _section(html, "home-feedback")
    assert acute.reference in acute_list and "Arbeidsuitbuiting" in acute_list
    assert calm.reference not in acute_list and signal.reference not in acute_list
    assert timezone.localtime(acute.created_at).strftime("%d-%m-%Y %H:%M") in acute_list
    assert f'href="/signalen/{acute.pk}/"' in acute_list
    assert signal.reference in feedback_list and POLICE in feedback_list
    assert "Criminele uitbuiting: drugs" in feedback_list
    assert f'href="/signalen/{signal.pk}/"' in feedback_list
    assert calm.reference not in feedback_list
    # At the top: before the role introductions, acute first.
    assert html.index("home-acute") < html.index("home-feedback") < html.index("Uw werk")


def test_the_home_lists_carry_no_personal_data(personas: Any, client_for: Any) -> None:
    acute = signal_register(
        actor=personas["carla"],
        municipality=soest(),
        channel="phone",
        data=signal_data(acute=True, description="Petronella zag het meisje bij de Dorpsstraat"),
        reporter=ReporterInput(name="Petronella Geheimhouder", phone="0612398745"),
    )
    answered(personas)
    html = _text(client_for("carla").get("/"))
    lists = _section(html, "home-acute") + _section(html, "home-feedback")
    assert acute.reference in lists
    for personal in ("Petronella", "Geheimhouder", "Dorpsstraat", "Vrouw, ca. 25", FEEDBACK):
        assert personal not in lists, personal


def test_a_closed_acute_signal_leaves_the_home_page_and_the_empty_states_speak_dutch(
    personas: Any, client_for: Any
) -> None:
    acute = internal_signal(personas, via_bob=False, acute=True)
    carla = personas["carla"]
    signal_transition(actor=carla, signal=acute, to=State.TRIAGE, expected_version=acute.version)
    signal_transition(
        actor=carla,
        signal=acute,
        to=State.CLOSED,
        expected_version=acute.version,
        reason="Dubbel gemeld",
        outcome="other",
        no_care_coordinator_reason="Dubbel gemeld; het eerste signaal ging naar de zorgcoördinator.",
    )
    html = _text(client_for("carla").get("/"))
    assert acute.reference not in html
    assert "Er zijn geen open acute signalen." in html
    assert "Er is geen nieuwe terugkoppeling van partners." in html


@pytest.mark.parametrize("persona", ["alice", "bob", "eva", "fenna", "gijs", "henk", "lotte"])
def test_who_handles_no_signals_gets_no_such_lists(
    personas: Any, client_for: Any, persona: str
) -> None:
    acute = internal_signal(personas, via_bob=False, acute=True)
    signal, _referral = answered(personas)
    html = _text(client_for(persona).get("/"))
    assert 'data-testid="home-acute"' not in html and 'data-testid="home-feedback"' not in html
    assert acute.reference not in html and signal.reference not in html


def test_karin_of_zeist_sees_nothing_of_soest_on_her_home(personas: Any, client_for: Any) -> None:
    acute = internal_signal(personas, via_bob=False, acute=True)
    signal, _referral = answered(personas)
    html = _text(client_for("karin").get("/"))
    assert 'data-testid="home-acute"' in html  # she is a focal officer, of Zeist
    assert acute.reference not in html and signal.reference not in html
    assert signals_with_new_feedback(personas["karin"]) == []


def test_new_feedback_names_every_partner_that_answered_latest_first(personas: Any) -> None:
    signal, first = answered(personas)
    rows = signals_with_new_feedback(personas["carla"])
    assert [r.signal.pk for r in rows] == [signal.pk]
    assert rows[0].partners == [POLICE] and rows[0].at == first.feedback_at


def test_the_pages_sections_come_from_the_setting_alone(
    personas: Any, settings: Any, client_for: Any
) -> None:
    internal_signal(personas, via_bob=False, acute=True)
    request = RequestFactory().get("/")
    request.user = personas["carla"]
    assert [p.template for p in panels_for("home", request)] == [
        "workflow/_home_acute.html",
        "partners/_home_feedback.html",
    ]
    settings.SIGNAALROUTE_PAGE_PANELS = {}
    assert panels_for("home", request) == []
    assert 'data-testid="home-acute"' not in _text(client_for("carla").get("/"))


# --- 2. The signal page's referrals ---------------------------------------------------------


def test_the_signal_page_lists_its_referrals_in_words(personas: Any, client_for: Any) -> None:
    signal, referral = answered(personas)
    html = _text(client_for("carla").get(f"/signalen/{signal.pk}/"))
    section = _section(html, "signal-referrals")
    assert "Overdrachten" in section
    assert POLICE in section
    assert "Wettelijke taak (met het artikel)" in section and "statutory_task" not in section
    assert "Teruggekoppeld" in section and "feedback_given" not in section
    assert timezone.localtime(referral.sent_at).strftime("%d-%m-%Y") in section
    assert referral.feedback_due_on.strftime("%d-%m-%Y") in section
    assert "Opsporingsonderzoek gestart" in section and FEEDBACK in section
    assert f'href="/signalen/{signal.pk}/overdracht/"' in section


def test_a_declined_referral_shows_the_reason_and_an_open_one_its_due_date(
    personas: Any, client_for: Any
) -> None:
    from signaalroute.partners.referrals.answers import referral_decline

    signal, referral = referred(personas)
    section = _section(
        _text(client_for("carla").get(f"/signalen/{signal.pk}/")), "signal-referrals"
    )
    assert "Verstuurd" in section and referral.feedback_due_on.strftime("%d-%m-%Y") in section
    assert "Over de termijn" not in section
    Referral.objects.filter(pk=referral.pk).update(
        feedback_due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    section = _section(
        _text(client_for("carla").get(f"/signalen/{signal.pk}/")), "signal-referrals"
    )
    assert "Over de termijn" in section
    referral.refresh_from_db()
    referral_decline(
        actor=personas["fenna"],
        referral=referral,
        reason="Geen capaciteit deze maand",
        expected_version=referral.version,
    )
    section = _section(
        _text(client_for("carla").get(f"/signalen/{signal.pk}/")), "signal-referrals"
    )
    assert "Afgewezen" in section and "Geen capaciteit deze maand" in section
    assert "Over de termijn" not in section


def test_a_signal_without_referrals_says_so(personas: Any, client_for: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    section = _section(
        _text(client_for("carla").get(f"/signalen/{signal.pk}/")), "signal-referrals"
    )
    assert "Dit signaal is nog niet aan een partner overgedragen." in section
    # The way to refer is the page's "next steps"; the section links on once there is one.
    assert "overdracht/" not in section


def test_the_referral_section_is_for_the_municipalitys_focal_officers_only(
    personas: Any, client_for: Any
) -> None:
    signal, _referral = answered(personas)
    request = RequestFactory().get("/")
    for persona in ("karin", "bob", "fenna", "lotte"):
        request.user = personas[persona]
        assert signal_referrals(request, signal) is None, persona
    request.user = personas["daan"]  # the other focal officer of Soest
    assert signal_referrals(request, signal) is not None
    assert client_for("karin").get(f"/signalen/{signal.pk}/").status_code == 404
    assert client_for("fenna").get(f"/signalen/{signal.pk}/").status_code == 403


# --- 3. The worklist's rows -----------------------------------------------------------------


def _worklist(client: Any, **params: str) -> str:
    # The whole municipality: carla's own signals ("Mijn signalen", her default) hold no
    # signal of the care domain, such as these with a possible victim.
    params.setdefault("weergave", "gemeente")
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
    client_for("carla").get("/werkvoorraad/", {"weergave": "gemeente"})
    entry = AuditEntry.objects.filter(action="signal.worklist_read").latest("position")
    assert entry.actor_username == "carla" and entry.fields == ["description"]
    assert signal.reference in entry.extra["references"]
    assert "paspoort" not in str(entry.content())


def test_karins_worklist_has_no_row_of_soest(personas: Any, client_for: Any) -> None:
    signal = internal_signal(personas, via_bob=False)
    assert signal.reference not in _worklist(client_for("karin"))


def _worklist_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/werkvoorraad/", {"weergave": "gemeente"})
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


# --- The demo ---------------------------------------------------------------------------------


def test_the_demo_shows_carla_an_acute_signal_and_new_feedback(personas: Any) -> None:
    import io

    from django.core.management import call_command

    from signaalroute.workflow.selectors import open_acute_signals

    with committed():
        call_command("seed_demo", stdout=io.StringIO())
    carla = personas["carla"]
    assert open_acute_signals(carla).exists()
    rows = signals_with_new_feedback(carla)
    assert len(rows) == 1 and rows[0].partners == [POLICE]
    assert StackAlert.objects.count() == 1  # the new demo signal stacks with nothing
