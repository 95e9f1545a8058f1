"""The approach: cases on a perpetrator, location or organisation, owned by the safety officer,
linked to the signals and stacks they came from; interventions from the catalogue with their
own required fields and the barrier they raise; findings per partner. Care data never shows in a
case, and a case never shows in care."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from signaalroute.accounts.models import Organisation
from signaalroute.approach.catalogue import catalogue
from signaalroute.approach.models import ApproachCase, Finding, Intervention
from signaalroute.approach.selectors import cases_due_for_discussion, intervention_figures
from signaalroute.approach.services import (
    case_open,
    case_update,
    finding_record,
    intervention_add,
    intervention_update,
)
from signaalroute.audit.models import AuditEntry
from signaalroute.care.services import trajectory_open
from signaalroute.intake.inputs import SubjectInput
from signaalroute.signals.models import SubjectRole
from signaalroute.workflow.errors import TransitionRefused

from .signals import internal_signal, soest

pytestmark = pytest.mark.django_db

VICTIM = "Vrouw, ca. 25 jaar"
PERPETRATOR = "Man met bestelbus"
TODAY = dt.date.today()


@pytest.fixture
def signal(personas: Any) -> Any:
    return internal_signal(
        personas,
        via_bob=False,
        forms=["labour"],
        subjects=[
            SubjectInput(kind="person", role="victim", description=VICTIM),
            SubjectInput(kind="person", role="perpetrator", description=PERPETRATOR),
        ],
    )


@pytest.fixture
def case(personas: Any, signal: Any) -> ApproachCase:
    return case_open(
        actor=personas["carla"],
        municipality=soest(),
        kind="location",
        title="Dorpsstraat 12, Soest",
        signals=[signal],
    )


def _org(prefix: str) -> Organisation:
    return Organisation.objects.get(name__startswith=prefix)


def test_a_case_is_owned_by_the_safety_officer_and_audited(personas: Any, case: Any) -> None:
    # daan (care) opening one still gives it to carla (safety): seed 004 §5.1.
    other = case_open(actor=personas["daan"], municipality=soest(), kind="person", title="M.")
    assert case.owner == personas["carla"] and other.owner == personas["carla"]
    assert AuditEntry.objects.filter(action="approach.case_open").count() == 2
    assert case.reference.startswith("AD-")


def test_the_case_shows_perpetrators_never_victims_and_care_never_shows_the_case(
    personas: Any, case: Any, signal: Any, client_for: Any
) -> None:
    page = client_for("carla").get(f"/aanpak/{case.pk}/").content.decode()
    assert PERPETRATOR in page and VICTIM not in page
    trajectory = trajectory_open(
        actor=personas["daan"],
        signal=signal,
        victim=signal.subjects.get(role=SubjectRole.VICTIM),
        care_coordinator_org=None,
    )
    care = client_for("daan").get(f"/zorg/trajecten/{trajectory.pk}/").content.decode()
    assert case.reference not in care and "Dorpsstraat 12" not in care
    assert trajectory.reference not in page


def test_others_get_404_on_a_case(case: Any, client_for: Any) -> None:
    for name in ("karin", "fenna", "eva", "nora", "gijs"):
        assert client_for(name).get(f"/aanpak/{case.pk}/").status_code in (403, 404), name
    assert client_for("karin").get(f"/aanpak/{case.pk}/").status_code == 404


def test_a_closure_needs_its_legal_basis_and_dates_in_order(personas: Any, case: Any) -> None:
    values = {"responsible": "Burgemeester", "planned_on": TODAY, "starts_on": TODAY}
    with pytest.raises(ValidationError) as error:
        intervention_add(actor=personas["carla"], case=case, kind="closure", values=values)
    assert "legal_basis" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        intervention_add(
            actor=personas["carla"],
            case=case,
            kind="closure",
            values={
                **values,
                "legal_basis": "art. 174a Gemeentewet",
                "ends_on": TODAY - dt.timedelta(days=1),
            },
        )
    assert "ends_on" in error.value.message_dict
    assert not Intervention.objects.exists()
    done = intervention_add(
        actor=personas["carla"],
        case=case,
        kind="closure",
        values={**values, "legal_basis": "art. 174a Gemeentewet"},
    )
    assert done.barrier == "housing" and done.details["legal_basis"] == "art. 174a Gemeentewet"


def test_an_integral_control_needs_partners_and_records_findings_per_partner(
    personas: Any, case: Any
) -> None:
    values = {"responsible": "Team Toezicht", "planned_on": TODAY}
    with pytest.raises(ValidationError) as error:
        intervention_add(actor=personas["carla"], case=case, kind="integral_control", values=values)
    assert "partners" in error.value.message_dict
    police, inspectorate = _org("Politie"), _org("Nederlandse Arbeidsinspectie — toezicht")
    control = intervention_add(
        actor=personas["carla"],
        case=case,
        kind="integral_control",
        values={**values, "checklist": ["x"]},
        partners=[police, inspectorate],
    )
    finding_record(
        actor=personas["carla"],
        intervention=control,
        partner=inspectorate,
        text="Veertien matrassen, geen arbeidscontracten.",
    )
    with pytest.raises(ValidationError):
        finding_record(
            actor=personas["carla"], intervention=control, partner=_org("CoMensha"), text="x"
        )
    assert Finding.objects.count() == 1
    intervention_update(
        actor=personas["carla"],
        intervention=control,
        values={"state": "done", "done_on": TODAY, "outcome": "Doorverwezen naar NLA"},
    )
    control.refresh_from_db()
    assert control.state == "done"


def test_an_ad_check_needs_the_privacy_officers_signoff_before_it(personas: Any, case: Any) -> None:
    values = {
        "responsible": "Team Handhaving",
        "planned_on": TODAY,
        "platforms": "Kinky, Sexjobs",
        "state": "done",
        "done_on": TODAY,
    }
    with pytest.raises(ValidationError) as error:
        intervention_add(actor=personas["carla"], case=case, kind="ad_check", values=values)
    assert "signoff_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        intervention_add(
            actor=personas["carla"],
            case=case,
            kind="ad_check",
            values={**values, "signoff_by": "Pim Kok", "signoff_on": TODAY + dt.timedelta(1)},
        )
    ok = intervention_add(
        actor=personas["carla"],
        case=case,
        kind="ad_check",
        values={**values, "signoff_by": "Pim Kok", "signoff_on": TODAY},
    )
    assert ok.state == "done"


def test_every_kind_in_the_catalogue_has_a_known_barrier_and_a_source() -> None:
    barriers = {b.code for b in catalogue().barriers}
    assert {"entry_identity", "housing", "work", "finances"} == barriers
    for kind in catalogue().kinds:
        assert kind.barrier in barriers and kind.source_ref, kind.code
    assert {"bibob", "integral_control", "closure", "ad_check", "riec_submission"} <= set(
        catalogue().by_code
    )


def test_a_case_due_for_discussion_and_the_figures(personas: Any, case: Any) -> None:
    case_update(
        actor=personas["carla"],
        case=case,
        expected_version=case.version,
        changes={"next_discussion_on": TODAY},
    )
    assert list(cases_due_for_discussion([soest().pk], TODAY)) == [case]
    intervention_add(
        actor=personas["carla"],
        case=case,
        kind="bibob",
        values={
            "responsible": "Vergunningen",
            "planned_on": TODAY,
            "permit": "Exploitatie",
            "question": "Integriteit exploitant",
        },
    )
    figures = intervention_figures([soest().pk], TODAY.year)
    assert figures[(soest().pk, "bibob", "work", "planned")] == 1


def test_closing_a_case_needs_date_and_reason_and_karin_cannot_touch_it(
    personas: Any, case: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        case_update(
            actor=personas["carla"], case=case, expected_version=1, changes={"state": "closed"}
        )
    assert "close_reason" in error.value.message_dict
    case.refresh_from_db()
    assert case.state == "open" and case.version == 1
    with pytest.raises(TransitionRefused):
        case_update(actor=personas["karin"], case=case, expected_version=1, changes={"title": "x"})


def test_the_intervention_form_refuses_at_the_field_and_saves_nothing(
    case: Any, client_for: Any
) -> None:
    carla = client_for("carla")
    chooser = carla.get(f"/aanpak/{case.pk}/interventie/")
    assert chooser.status_code == 200 and "closure" in chooser.content.decode()
    response = carla.post(
        f"/aanpak/{case.pk}/interventie/?soort=closure",
        {
            "barrier": "housing",
            "responsible": "Burgemeester",
            "planned_on": TODAY.isoformat(),
            "state": "planned",
            "starts_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Intervention.objects.exists()


def test_the_dashboard_counts_interventions_suppressed(
    personas: Any, case: Any, client_for: Any
) -> None:
    intervention_add(
        actor=personas["carla"],
        case=case,
        kind="bibob",
        values={
            "responsible": "Vergunningen",
            "planned_on": TODAY,
            "permit": "Exploitatie",
            "question": "Integriteit exploitant",
        },
    )

    def first_value(client: Any) -> str:
        html = client.get("/cijfers/").content.decode()
        table = html.split('data-testid="table-approach"', 1)[1].split("</table>", 1)[0]
        return table.split('<td class="utrecht-table__cell utrecht-table__cell--numeric">', 1)[
            1
        ].split("<", 1)[0]

    assert first_value(client_for("carla")) == "1"  # her own municipality: exact
    assert first_value(client_for("gijs")) == "&lt; 5"


def test_the_dashboard_shows_controls_done_against_planned(personas: Any, client_for: Any) -> None:
    from signaalroute.locations.services import control_record, location_save, schedule_save

    saved = location_save(
        actor=personas["carla"],
        municipality=soest(),
        name="Vakantiepark De Heide",
        location_type="holiday_park",
        description="Recreatiepark aan de rand",
    )
    schedule = schedule_save(
        actor=personas["carla"], location=saved.location, kind="integral", times_per_year=4
    )
    control_record(actor=personas["carla"], schedule=schedule, done_on=TODAY, outcome="Niets")
    html = client_for("carla").get("/cijfers/").content.decode()
    table = html.split('data-testid="table-controls"', 1)[1].split("</table>", 1)[0]
    values = [v.split("<", 1)[0] for v in table.split('utrecht-table__cell--numeric">')[1:]]
    assert values == ["1", "4", "1"]


def test_the_dashboard_shows_meeting_actions_done_on_time(personas: Any, client_for: Any) -> None:
    from signaalroute.demo.meetings import build_demo_meetings
    from signaalroute.meetings.models import Action

    build_demo_meetings(personas)
    year = Action.objects.order_by("due_on").first().due_on.year
    html = client_for("carla").get(f"/cijfers/?gebied=m-{soest().pk}&jaar={year}").content.decode()
    assert 'data-testid="table-meetings"' in html
    assert 'data-testid="not-recorded"' not in html  # nothing left unrecorded


def test_the_worklist_shows_the_controls_that_are_due(personas: Any, client_for: Any) -> None:
    from signaalroute.locations.services import location_save, schedule_save

    saved = location_save(
        actor=personas["carla"],
        municipality=soest(),
        name="Nagelstudio Glans",
        location_type="nail_salon",
        description="Winkelcentrum",
    )
    schedule_save(
        actor=personas["carla"], location=saved.location, kind="online_ads", times_per_year=2
    )
    page = client_for("carla").get("/werkvoorraad/").content.decode()
    assert 'data-testid="home-controls"' in page and "Nagelstudio Glans" in page
    # Another municipality's officer does not see Soest's controls.
    assert "Nagelstudio Glans" not in client_for("karin").get("/werkvoorraad/").content.decode()
