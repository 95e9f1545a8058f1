"""Signalling meetings (issue 16 "The approach", meetings): focal officers plan and run them,
the agenda is proposed from flagged signals and approach cases due, attendees from outside the
municipality see items pseudonymised (never the reporter, the description or the address),
decisions with actions have an owner, and the next meeting opens with what came of them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from signaalroute.accounts.models import Membership, Organisation, OrganisationKind, Region, User
from signaalroute.accounts.rules import Role
from signaalroute.approach.models import ApproachCase
from signaalroute.approach.services import case_open
from signaalroute.audit.models import AuditEntry
from signaalroute.meetings.models import Action, AgendaItem, Decision, ItemKind, Meeting
from signaalroute.meetings.selectors import meeting_action_figures
from signaalroute.meetings.services import (
    action_done,
    agenda_propose,
    decision_record,
    item_add,
    meeting_plan,
    meeting_update,
    stack_to_agenda,
)
from signaalroute.meetings.types import meeting_types
from signaalroute.stacking.models import Trace
from signaalroute.workflow.services import meeting_agenda_set

from .signals import committed, internal_signal, soest

pytestmark = pytest.mark.django_db

DESCRIPTION = "Vrouw aan de balie; haar paspoort wordt door een begeleider vastgehouden."
TODAY = dt.date(2026, 6, 10)


def _flagged(personas: dict[str, Any], **overrides: Any) -> Any:
    signal = internal_signal(
        personas,
        via_bob=False,
        subjects=[],
        indicator_codes=["ilo-lab-dr-m1"],
        **overrides,
    )
    signal.refresh_from_db()
    return meeting_agenda_set(
        actor=personas["carla"], signal=signal, on_agenda=True, expected_version=signal.version
    )


def _meeting(personas: dict[str, Any], held_on: dt.date = TODAY, **kw: Any) -> Meeting:
    return meeting_plan(
        actor=personas["carla"],
        municipality=soest(),
        kind=kw.pop("kind", "local_signalling"),
        held_on=held_on,
        chair=personas["carla"],
        attendees=kw.pop("attendees", [personas["fenna"]]),
        **kw,
    )


def test_every_meeting_type_names_its_basis_and_source() -> None:
    types = meeting_types()
    assert {"local_signalling", "regional_focal", "chain_partners", "case_consultation"} <= (
        types.codes()
    )
    for t in types.types:
        assert t.basis and t.source_ref and t.led_by
        assert t.personal_data or not t.outside_fields


def test_carla_plans_proposes_and_the_signal_page_says_which_meeting(
    personas: Any, client_for: Any
) -> None:
    signal = _flagged(personas)
    carla = client_for("carla")
    response = carla.post(
        "/overleggen/nieuw/",
        {
            "municipality": str(soest().pk),
            "kind": "local_signalling",
            "held_on": "2026-06-10",
            "chair": str(personas["carla"].pk),
            "attendees": [str(personas["fenna"].pk)],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    page = carla.get(f"/overleggen/{meeting.pk}/")
    assert 'data-testid="proposal-counts">1 ' in page.content.decode()
    assert carla.post(f"/overleggen/{meeting.pk}/agenda-voorstellen/").status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.signal == signal and item.proposed
    # Proposed once: a second proposal adds nothing.
    assert agenda_propose(actor=personas["carla"], meeting=meeting) == []
    detail = carla.get(f"/signalen/{signal.pk}/").content.decode()
    assert 'data-testid="signal-meetings"' in detail
    assert f"/overleggen/{meeting.pk}/" in detail
    full = carla.get(f"/overleggen/{meeting.pk}/").content.decode()
    assert "3762 AB 12" in full and f"/signalen/{signal.pk}/" in full


def test_fenna_sees_the_item_pseudonymised_and_never_the_reporter(
    personas: Any, client_for: Any
) -> None:
    signal = _flagged(personas)
    meeting = _meeting(personas)
    agenda_propose(actor=personas["carla"], meeting=meeting)
    fenna = client_for("fenna")
    page = fenna.get(f"/overleggen/{meeting.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert signal.reference in html and "3762" in html
    assert 'data-testid="pseudonymised"' in html
    for secret in (DESCRIPTION, "3762 AB", "Alice", "de Vries", f"/signalen/{signal.pk}/"):
        assert secret not in html
    assert "agenda-voorstellen" not in html  # she does not run it
    printed = fenna.get(f"/overleggen/{meeting.pk}/afdrukken/").content.decode()
    assert signal.reference in printed and DESCRIPTION not in printed and "3762 AB" not in printed
    pdf = fenna.get(f"/overleggen/{meeting.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert signal.reference in text and "3762 AB" not in text and "paspoort" not in text
    read = AuditEntry.objects.filter(action="meetings.agenda_read", actor_username="fenna")
    assert read.exists() and read.first().extra["pseudonymised"] is True
    assert AuditEntry.objects.filter(action="meetings.agenda_print").count() == 2
    # Under the case consultation's basis she also sees the possible victim; never the address.
    consult = _meeting(personas, kind="case_consultation", held_on=TODAY + dt.timedelta(days=1))
    victim_signal = internal_signal(personas, via_bob=False)
    item_add(actor=personas["carla"], meeting=consult, kind=ItemKind.SIGNAL, signal=victim_signal)
    html = fenna.get(f"/overleggen/{consult.pk}/").content.decode()
    assert "Vrouw, ca. 25 jaar" in html and "3762 AB" not in html and DESCRIPTION not in html
    local = fenna.get(f"/overleggen/{meeting.pk}/").content.decode()
    assert "Vrouw, ca. 25 jaar" not in local


def test_the_refused_get_404_or_403(personas: Any, client_for: Any) -> None:
    attended = _meeting(personas)
    other = _meeting(personas, attendees=[personas["daan"]], held_on=TODAY + dt.timedelta(days=7))
    fenna = client_for("fenna")
    assert fenna.get(f"/overleggen/{attended.pk}/").status_code == 200
    assert fenna.get(f"/overleggen/{other.pk}/").status_code == 404
    assert fenna.get(f"/overleggen/{other.pk}/pdf/").status_code == 404
    assert fenna.post(f"/overleggen/{attended.pk}/", {"minutes": "x"}).status_code == 404
    assert fenna.post(f"/overleggen/{attended.pk}/agenda-voorstellen/").status_code == 403
    karin = client_for("karin")
    assert karin.get(f"/overleggen/{attended.pk}/").status_code == 404
    assert karin.get(f"/overleggen/{attended.pk}/wijzigen/").status_code == 404
    assert karin.post(f"/overleggen/{attended.pk}/agenda-voorstellen/").status_code == 404
    assert client_for("eva").get(f"/overleggen/{attended.pk}/").status_code == 404
    assert client_for("lotte").get(f"/overleggen/{attended.pk}/").status_code == 404
    assert client_for("gijs").get("/overleggen/").status_code == 403
    assert client_for("alice").get(f"/overleggen/{attended.pk}/").status_code == 403
    assert fenna.get("/overleggen/").status_code == 200


def test_a_decision_without_owner_is_refused_and_nothing_is_saved(
    personas: Any, client_for: Any
) -> None:
    signal = _flagged(personas)
    meeting = _meeting(personas)
    item = item_add(actor=personas["carla"], meeting=meeting, kind=ItemKind.SIGNAL, signal=signal)
    cases = ApproachCase.objects.count()
    url = f"/overleggen/{meeting.pk}/punten/{item.pk}/besluit/"
    response = client_for("carla").post(
        url,
        {
            "text": "Integrale controle.",
            "action": "Controle plannen",
            "due_on": "2026-06-20",
            "open_case": "on",
            "case_kind": "location",
            "case_title": "Bakkerstraat 3",
        },
    )
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert not Decision.objects.exists() and not Action.objects.exists()
    assert ApproachCase.objects.count() == cases
    early = client_for("carla").post(
        url,
        {
            "text": "Integrale controle.",
            "action": "Controle plannen",
            "owner": str(personas["fenna"].pk),
            "due_on": "2026-06-01",
        },
    )
    assert early.status_code == 400 and "due_on" in early.context["form"].errors
    assert not Decision.objects.exists()


def test_a_decision_opens_an_approach_case_and_the_action_points_to_it(
    personas: Any, client_for: Any
) -> None:
    signal = _flagged(personas)
    meeting = _meeting(personas)
    item = item_add(actor=personas["carla"], meeting=meeting, kind=ItemKind.SIGNAL, signal=signal)
    response = client_for("carla").post(
        f"/overleggen/{meeting.pk}/punten/{item.pk}/besluit/",
        {
            "text": "Aanpakdossier openen en integrale controle.",
            "owner": str(personas["fenna"].pk),
            "due_on": "2026-06-24",
            "open_case": "on",
            "case_kind": "location",
            "case_title": "Bakkerstraat 3",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.owner == personas["fenna"] and action.approach_case is not None
    assert list(action.approach_case.signals.all()) == [signal]


def test_bad_input_is_refused_at_the_field(personas: Any, client_for: Any) -> None:
    carla = client_for("carla")
    base = {
        "municipality": str(soest().pk),
        "kind": "local_signalling",
        "chair": str(personas["carla"].pk),
    }
    missing = carla.post("/overleggen/nieuw/", base)
    assert missing.status_code == 400 and "held_on" in missing.context["form"].errors
    region = Region.objects.create(name="Elders (test)")
    elsewhere = Organisation.objects.create(
        region=region, kind=OrganisationKind.PARTNER, name="Politie elders (test)"
    )
    stranger = User.objects.create_user(username="stranger", password="x")
    Membership.objects.create(user=stranger, organisation=elsewhere, role=Role.PARTNER_CONTACT)
    with pytest.raises(ValidationError) as refused:
        _meeting(personas, attendees=[stranger])
    assert "attendees" in refused.value.message_dict
    with pytest.raises(ValidationError) as no_date:
        meeting_plan(
            actor=personas["carla"],
            municipality=soest(),
            kind="local_signalling",
            held_on=None,
            chair=personas["carla"],
        )
    assert "held_on" in no_date.value.message_dict
    assert not Meeting.objects.exists()
    meeting = _meeting(personas)
    item = item_add(actor=personas["carla"], meeting=meeting, kind=ItemKind.TOPIC, topic="Parken")
    with pytest.raises(ValidationError) as early:
        decision_record(
            actor=personas["carla"],
            item=item,
            text="Iets",
            action="Doen",
            owner=personas["carla"],
            due_on=TODAY - dt.timedelta(days=1),
        )
    assert "due_on" in early.value.message_dict
    unknown = carla.post(f"/overleggen/{meeting.pk}/punten/", {"reference": "SR-0000-0000"})
    assert unknown.status_code == 400 and "reference" in unknown.context["item_form"].errors


def test_the_next_meeting_opens_with_the_previous_actions(personas: Any, client_for: Any) -> None:
    carla, fenna = personas["carla"], personas["fenna"]
    last = _meeting(personas, held_on=TODAY - dt.timedelta(days=28))
    item = item_add(actor=carla, meeting=last, kind=ItemKind.TOPIC, topic="Vakantieparken")
    decision_record(
        actor=carla,
        item=item,
        text="Letten op busjes.",
        action="Terugkoppelen",
        owner=fenna,
        due_on=TODAY - dt.timedelta(days=14),
    )
    decision_record(
        actor=carla,
        item=item,
        text="Controle.",
        action="Controle plannen",
        owner=carla,
        due_on=TODAY - dt.timedelta(days=14),
    )
    action_done(
        actor=carla,
        action=Action.objects.get(owner=carla),
        done_on=TODAY - dt.timedelta(days=20),
        note="Gepland.",
    )
    meeting_update(actor=carla, meeting=last, values={"state": "held", "minutes": "Besproken."})
    upcoming = _meeting(personas)
    html = client_for("fenna").get(f"/overleggen/{upcoming.pk}/").content.decode()
    earlier = html.split('data-testid="earlier-actions"')[1].split("</section>")[0]
    assert "Terugkoppelen" in earlier and "Controle plannen" in earlier
    assert 'data-testid="action-done"' in earlier and "Gepland." in earlier
    assert 'data-testid="action-overdue"' in earlier


def test_a_stack_goes_on_the_next_meeting_from_the_stack_page(
    personas: Any, client_for: Any
) -> None:
    with committed():
        signal = internal_signal(
            personas,
            via_bob=False,
            subjects=[],
            forms=["labour"],
        )
    trace = Trace.objects.filter(signal=signal).first()
    assert trace is not None
    carla = client_for("carla")
    page = carla.get(f"/stapels/spoor/{trace.pk}/").content.decode()
    assert 'data-testid="stack-meetings"' in page and "/overleggen/nieuw/" in page
    meeting = _meeting(personas)
    response = carla.post(f"/overleggen/stapel/{trace.pk}/", {"meeting": str(meeting.pk)})
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.kind == ItemKind.STACK and item.facts["signals"] == 1
    assert item.facts["areas"] == ["3762"]
    html = client_for("fenna").get(f"/overleggen/{meeting.pk}/").content.decode()
    assert f"/stapels/spoor/{trace.pk}/" not in html and "3762" in html
    with pytest.raises(ValidationError):
        stack_to_agenda(actor=personas["carla"], trace=trace, meeting=meeting)
    assert (
        client_for("karin")
        .post(f"/overleggen/stapel/{trace.pk}/", {"meeting": str(meeting.pk)})
        .status_code
        == 404
    )


def test_approach_cases_due_are_proposed(personas: Any) -> None:
    case = case_open(
        actor=personas["carla"],
        municipality=soest(),
        kind="location",
        title="Bakkerstraat 3",
        next_discussion_on=TODAY,
    )
    meeting = _meeting(personas)
    added = agenda_propose(actor=personas["carla"], meeting=meeting)
    assert [i.approach_case for i in added] == [case]


def test_the_figures_for_monitoring(personas: Any) -> None:
    carla = personas["carla"]
    meeting = _meeting(personas, held_on=dt.date(2026, 3, 1))
    item = item_add(actor=carla, meeting=meeting, kind=ItemKind.TOPIC, topic="Onderwerp")
    for n, (due, done) in enumerate(
        [
            (dt.date(2026, 3, 10), dt.date(2026, 3, 9)),
            (dt.date(2026, 3, 10), dt.date(2026, 3, 12)),
            (dt.date(2026, 4, 10), None),
            (dt.date(2027, 1, 10), None),
        ]
    ):
        decision_record(
            actor=carla,
            item=item,
            text=f"Besluit {n}",
            action=f"Actie {n}",
            owner=carla,
            due_on=due,
        )
        if done:
            action_done(actor=carla, action=Action.objects.get(text=f"Actie {n}"), done_on=done)
    figures = meeting_action_figures([soest().pk], 2026)
    assert figures == {"due": 3, "done_on_time": 1, "done_late": 1, "open": 1}
    assert meeting_action_figures([soest().pk], 2025)["due"] == 0


def test_the_demo_has_a_held_and_a_planned_meeting(personas: Any) -> None:
    from signaalroute.demo.meetings import build_demo_meetings

    assert build_demo_meetings(personas) == 2
    assert build_demo_meetings(personas) == 0
    held, planned = Meeting.objects.order_by("held_on")
    assert held.state == "held" and held.actions.count() == 2
    assert planned.state == "planned" and planned.items.filter(proposed=True).exists()
    assert personas["fenna"] in planned.attendees.all()
