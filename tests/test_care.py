"""Victim care (issue: victim care): the responsible municipality with its reason, trajectories
scoped to the care domain and the assigned care coordination, shelter with its waiting time,
consent that the sharing gate reads, and the handover to the responsible municipality."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.care.handovers import handover_decide, trajectory_handover
from signaalroute.care.lists import care_lists
from signaalroute.care.models import (
    CareSettings,
    CareTrajectory,
    Reading,
    Registration,
    Residence,
    ShelterPlacement,
)
from signaalroute.care.responsibility import responsible_municipality
from signaalroute.care.services import (
    placement_add,
    trajectory_consent_record,
    trajectory_consent_withdraw,
    trajectory_open,
    trajectory_update,
)
from signaalroute.partners.consents.services import consent_record
from signaalroute.partners.referrals.models import Disclosure, Referral
from signaalroute.partners.referrals.sharing import Basis
from signaalroute.signals.models import SubjectRole
from signaalroute.signals.states import State
from signaalroute.workflow.errors import TransitionRefused
from signaalroute.workflow.services import signal_transition

from .referrals import org, send
from .signals import internal_signal

pytestmark = pytest.mark.django_db

CARE = "Zorgcoördinatie"


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@pytest.fixture
def signal(personas: Any) -> Any:
    signal = internal_signal(personas, via_bob=False)
    signal_transition(
        actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    signal.refresh_from_db()
    return signal


@pytest.fixture
def trajectory(personas: Any, signal: Any) -> CareTrajectory:
    return trajectory_open(
        actor=personas["daan"],
        signal=signal,
        victim=signal.subjects.get(role=SubjectRole.VICTIM),
        care_coordinator_org=org(CARE),
    )


def _update(actor: Any, t: CareTrajectory, **changes: Any) -> CareTrajectory:
    t.refresh_from_db()
    return trajectory_update(actor=actor, trajectory=t, expected_version=t.version, changes=changes)


# --- The responsible municipality ------------------------------------------------------------


@pytest.fixture
def english() -> Any:
    with translation.override("en"):
        yield


def test_registered_beats_found_and_says_why(english: Any) -> None:
    zeist, soest = _org("Zeist"), _org("Soest")
    answer = responsible_municipality(
        registration=Registration.REGISTERED,
        registered_in=zeist,
        registered_elsewhere="",
        found_in=soest,
        residence=Residence.TEMPORARY,
        reading=Reading.EVERYONE,
    )
    assert answer.municipality == zeist
    assert answer.sentence == "Zeist, because registered there"


def test_not_registered_means_where_found(english: Any) -> None:
    soest = _org("Soest")
    answer = responsible_municipality(
        registration=Registration.NOT_REGISTERED,
        registered_in=None,
        registered_elsewhere="",
        found_in=soest,
        residence=Residence.NONE,
        reading=Reading.EVERYONE,
    )
    assert answer.municipality == soest and "found there" in answer.reason


@pytest.mark.parametrize(
    ("registration", "residence", "reading", "why"),
    [
        (Registration.UNKNOWN, Residence.LAWFUL, Reading.EVERYONE, "BRP"),
        (Registration.REGISTERED, Residence.TEMPORARY, Reading.LAWFUL_ONLY, "lawfully"),
        (Registration.NOT_REGISTERED, Residence.UNKNOWN, Reading.LAWFUL_ONLY, "not known"),
        (Registration.NOT_REGISTERED, Residence.LAWFUL, Reading.EVERYONE, "found"),
    ],
)
def test_unknown_always_says_why(
    registration: str, residence: str, reading: str, why: str, english: Any
) -> None:
    answer = responsible_municipality(
        registration=registration,
        registered_in=_org("Zeist") if registration == Registration.REGISTERED else None,
        registered_elsewhere="",
        found_in=None,
        residence=residence,
        reading=reading,
    )
    assert answer.municipality is None and answer.name == "Unknown"
    assert why in answer.reason


def test_the_regional_reading_decides_for_a_temporary_status(
    trajectory: Any, personas: Any
) -> None:
    t = _update(
        personas["daan"],
        trajectory,
        registration=Registration.REGISTERED,
        registered_in=_org("Zeist"),
        residence=Residence.TEMPORARY,
    )
    from signaalroute.care.selectors import responsibility

    assert responsibility(t).municipality == _org("Zeist")
    CareSettings.objects.update_or_create(
        region=t.municipality.region, defaults={"reading": Reading.LAWFUL_ONLY}
    )
    assert responsibility(t).municipality is None


# --- Who works on a trajectory ---------------------------------------------------------------


def test_daan_opens_carla_and_karin_and_fenna_get_404(trajectory: Any, client_for: Any) -> None:
    url = f"/zorg/trajecten/{trajectory.pk}/"
    page = client_for("daan").get(url)
    assert page.status_code == 200
    assert "Vrouw, ca. 25 jaar" in page.content.decode()
    for name in ("carla", "karin", "fenna", "nora"):
        assert client_for(name).get(url).status_code in (403, 404), name
    assert AuditEntry.objects.filter(action="care.trajectory_read").exists()


def test_carla_safety_cannot_open_a_trajectory(personas: Any, signal: Any) -> None:
    with pytest.raises(TransitionRefused):
        trajectory_open(
            actor=personas["carla"], signal=signal, victim=None, care_coordinator_org=None
        )
    assert not CareTrajectory.objects.exists()


def test_eva_sees_only_what_is_assigned_and_what_the_basis_allows(
    personas: Any, trajectory: Any, client_for: Any, signal: Any
) -> None:
    eva = client_for("eva")
    page = eva.get(f"/zorg/trajecten/{trajectory.pk}/").content.decode()
    # Assigned, but no referral shared the victim: nothing of the person.
    assert "Vrouw, ca. 25 jaar" not in page and trajectory.reference in page
    send(personas, signal, CARE, Basis.VITAL_INTEREST, vital_reason="Geen onderdak")
    page = eva.get(f"/zorg/trajecten/{trajectory.pk}/").content.decode()
    assert "Vrouw, ca. 25 jaar" in page
    # Not assigned: 404.
    CareTrajectory.objects.filter(pk=trajectory.pk).update(care_coordinator_org=None)
    assert eva.get(f"/zorg/trajecten/{trajectory.pk}/").status_code == 404


def test_eva_opens_a_trajectory_from_a_referral(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, CARE, Basis.ANONYMOUS_CONSULTATION)
    eva = client_for("eva")
    detail = eva.get(f"/partner/overdrachten/{referral.pk}/").content.decode()
    assert f"/zorg/uit-overdracht/{referral.pk}/" in detail
    response = eva.post(f"/zorg/uit-overdracht/{referral.pk}/")
    t = CareTrajectory.objects.get()
    assert response.status_code == 302 and t.care_coordinator_org == referral.partner
    assert t.victim is None and t.care_coordinator == personas["eva"]
    # fenna (police) cannot open from a referral that is not hers.
    assert client_for("fenna").post(f"/zorg/uit-overdracht/{referral.pk}/").status_code in (
        403,
        404,
    )


# --- Bad input: refused at the field, nothing half-saved ------------------------------------


def test_a_placement_before_its_request_is_refused(personas: Any, trajectory: Any) -> None:
    with pytest.raises(ValidationError) as error:
        placement_add(
            actor=personas["daan"],
            trajectory=trajectory,
            shelter_type="specialised",
            requested_on=dt.date(2026, 11, 10),
            placed_on=dt.date(2026, 11, 1),
        )
    assert "placed_on" in error.value.message_dict
    assert not ShelterPlacement.objects.exists()


def test_the_waiting_time_shows(personas: Any, trajectory: Any, client_for: Any) -> None:
    placement_add(
        actor=personas["eva"],
        trajectory=trajectory,
        shelter_type="specialised",
        requested_on=dt.date(2026, 11, 2),
        placed_on=dt.date(2026, 11, 16),
    )
    page = client_for("daan").get(f"/zorg/trajecten/{trajectory.pk}/").content.decode()
    assert "14 dagen" in page or "14 days" in page


def test_an_end_before_the_start_and_dates_out_of_order_change_nothing(
    personas: Any, trajectory: Any, client_for: Any
) -> None:
    response = client_for("daan").post(
        f"/zorg/trajecten/{trajectory.pk}/wijzigen/",
        {
            "version": trajectory.version,
            "registration": "unknown",
            "residence": "unknown",
            "status": "closed",
            "goals": "Veilige opvang",
            "ended_on": "2020-01-01",
            "end_reason": "goals_reached",
            "reflection_start": "2026-11-10",
            "reflection_end": "2026-11-01",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "voordat het geopend" in body or "before it was opened" in body
    trajectory.refresh_from_db()
    assert trajectory.status == "open" and trajectory.goals == "" and trajectory.version == 1


def test_consent_without_who_and_when_is_refused(personas: Any, trajectory: Any) -> None:
    with pytest.raises(ValidationError) as error:
        trajectory_consent_record(
            actor=personas["daan"],
            trajectory=trajectory,
            given_by=" ",
            given_on=None,
            scope="CoMensha",
            how="written",
        )
    assert "given_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        trajectory_consent_record(
            actor=personas["daan"],
            trajectory=trajectory,
            given_by=" ",
            given_on=dt.date(2026, 11, 2),
            scope="CoMensha",
            how="written",
        )
    assert "given_by" in error.value.message_dict
    assert not trajectory.signal.consents.exists()


def test_comensha_registration_needs_written_consent(personas: Any, trajectory: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _update(personas["daan"], trajectory, comensha_registered_on=dt.date(2026, 11, 20))
    assert "comensha_consent" in error.value.message_dict
    verbal = trajectory_consent_record(
        actor=personas["daan"],
        trajectory=trajectory,
        given_by="Het slachtoffer",
        given_on=dt.date(2026, 11, 2),
        scope="Registratie bij CoMensha",
        how="verbal",
    )
    with pytest.raises(ValidationError):
        _update(
            personas["daan"],
            trajectory,
            comensha_registered_on=dt.date(2026, 11, 20),
            comensha_consent=verbal,
        )
    written = trajectory_consent_record(
        actor=personas["eva"],
        trajectory=trajectory,
        given_by="Het slachtoffer",
        given_on=dt.date(2026, 11, 3),
        scope="Registratie bij CoMensha",
        how="written",
    )
    t = _update(
        personas["daan"],
        trajectory,
        comensha_registered_on=dt.date(2026, 11, 20),
        comensha_consent=written,
    )
    assert t.comensha_consent == written and t.version == 2


def test_a_withdrawn_consent_stops_sharing_on_it_at_once(personas: Any, signal: Any) -> None:
    consent = consent_record(
        actor=personas["carla"],
        signal=signal,
        given_by="Het slachtoffer",
        given_on=dt.date(2026, 11, 30),
        scope="Hulp via Veilig Thuis",
        how="verbal",
    )
    referral = send(personas, signal, "Veilig Thuis", Basis.CONSENT, consent=str(consent.pk))
    assert referral.consent == consent and referral.shared.get("victims")
    trajectory = trajectory_open(
        actor=personas["daan"], signal=signal, victim=None, care_coordinator_org=None
    )
    trajectory_consent_withdraw(
        actor=personas["daan"],
        trajectory=trajectory,
        consent=consent,
        withdrawn_on=dt.date(2026, 12, 1),
        note="Telefonisch",
    )
    referral.refresh_from_db()
    assert referral.state == "revoked" and referral.shared == {}
    with pytest.raises(ValidationError) as error:
        send(personas, signal, "Huisartsenpraktijk", Basis.CONSENT, consent=str(consent.pk))
    assert "consent" in error.value.message_dict
    assert Referral.objects.count() == 1


# --- The handover ----------------------------------------------------------------------------


def _registered_in_zeist(personas: Any, trajectory: Any) -> CareTrajectory:
    return _update(
        personas["daan"],
        trajectory,
        registration=Registration.REGISTERED,
        registered_in=_org("Zeist"),
        found_in=_org("Soest"),
        residence=Residence.LAWFUL,
    )


def test_handover_to_zeist_karin_accepts(
    personas: Any, trajectory: Any, client_for: Any, mailoutbox: Any
) -> None:
    t = _registered_in_zeist(personas, trajectory)
    handover = trajectory_handover(
        actor=personas["daan"],
        trajectory=t,
        purpose="Ingeschreven in Zeist; zorg graag daar.",
        basis=Basis.STATUTORY_TASK,
        details={"article": "art. 2.3.5 Wmo 2015"},
    )
    disclosure = Disclosure.objects.get(referral=handover.referral)
    assert disclosure.recipient == _org("Zeist")
    # What care needs, never the possible perpetrators.
    assert "subjects" not in handover.referral.shared_fields
    karin = client_for("karin")
    assert karin.get(f"/zorg/trajecten/{t.pk}/").status_code == 404
    assert str(handover.pk) in karin.get("/zorg/").content.decode()
    answer = karin.get(f"/zorg/overdrachten/{handover.pk}/").content.decode()
    assert "Vrouw, ca. 25 jaar" in answer
    response = karin.post(f"/zorg/overdrachten/{handover.pk}/", {"answer": "accept"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.municipality == _org("Zeist")
    assert karin.get(f"/zorg/trajecten/{t.pk}/").status_code == 200
    assert client_for("daan").get(f"/zorg/trajecten/{t.pk}/").status_code == 404


def test_declining_needs_a_reason_and_keeps_the_trajectory(
    personas: Any, trajectory: Any, client_for: Any
) -> None:
    t = _registered_in_zeist(personas, trajectory)
    handover = trajectory_handover(
        actor=personas["daan"],
        trajectory=t,
        purpose="Ingeschreven in Zeist.",
        basis=Basis.STATUTORY_TASK,
        details={"article": "art. 2.3.5 Wmo 2015"},
    )
    karin = client_for("karin")
    response = karin.post(f"/zorg/overdrachten/{handover.pk}/", {"answer": "decline"})
    assert response.status_code == 400
    handover.refresh_from_db()
    assert handover.state == "sent"
    handover_decide(
        actor=personas["karin"], handover=handover, accept=False, reason="Woont feitelijk in Soest"
    )
    t.refresh_from_db()
    assert t.municipality == _org("Soest")
    page = client_for("daan").get(f"/zorg/trajecten/{t.pk}/").content.decode()
    assert "Woont feitelijk in Soest" in page


def test_no_handover_when_the_responsible_municipality_is_unknown(
    personas: Any, trajectory: Any
) -> None:
    with pytest.raises(ValidationError):
        trajectory_handover(
            actor=personas["daan"],
            trajectory=trajectory,
            purpose="x",
            basis=Basis.STATUTORY_TASK,
            details={"article": "x"},
        )
    assert not Referral.objects.exists()


def test_karin_cannot_answer_a_handover_to_another_municipality(
    personas: Any, trajectory: Any, client_for: Any
) -> None:
    t = _registered_in_zeist(personas, trajectory)
    handover = trajectory_handover(
        actor=personas["daan"],
        trajectory=t,
        purpose="Ingeschreven in Zeist.",
        basis=Basis.STATUTORY_TASK,
        details={"article": "art. 2.3.5 Wmo 2015"},
    )
    for name in ("carla", "daan", "eva"):
        assert client_for(name).get(f"/zorg/overdrachten/{handover.pk}/").status_code == 404


# --- Figures -----------------------------------------------------------------------------------


def _care_values(client: Any) -> list[str]:
    """The care table's values in row order: opened, own / other / unknown responsible, one row
    per shelter type, waiting median and p90, CoMensha, withdrawn, closed without coordinator."""
    html = client.get("/cijfers/").content.decode()
    table = html.split('data-testid="table-care"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row"[^>]*>.*?</th><td[^>]*>(.*?)</td>', table)
    return [unescape(value) for value in rows]


def test_care_figures_exact_for_the_focal_officer_suppressed_for_the_policy_officer(
    personas: Any, trajectory: Any, client_for: Any
) -> None:
    _update(personas["daan"], trajectory, registration=Registration.NOT_REGISTERED)
    placement_add(
        actor=personas["daan"],
        trajectory=trajectory,
        shelter_type="specialised",
        requested_on=dt.date.today(),  # the same day: counted in this year whatever the date
        placed_on=dt.date.today(),
    )
    exact, hidden = _care_values(client_for("daan")), _care_values(client_for("gijs"))
    median = 4 + len(care_lists().shelter_types)
    assert exact[0] == "1" and hidden[0] == "< 5"
    assert exact[1] == "1"  # responsible: this municipality (not registered, found in Soest)
    # One placement: the focal officer's own exact figure shows; to anyone else the waiting
    # time is shown only over five placements or more.
    assert exact[median] == "0" and hidden[median] == "—"


def test_the_region_sets_its_reading_and_it_is_audited(personas: Any) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    region = _org("Soest").region
    with pytest.raises(CommandError):
        call_command("care_reading", "--region", "Nergensland", "--reading", "lawful_only")
    with pytest.raises(CommandError):
        call_command("care_reading", "--reading", "lawful_only")  # which region?
    out = StringIO()
    call_command("care_reading", "--region", region.name, "--reading", "lawful_only", stdout=out)
    assert CareSettings.objects.get(region=region).reading == Reading.LAWFUL_ONLY
    assert "Midden-Delfland" in out.getvalue() and ".txt" not in out.getvalue()
    assert AuditEntry.objects.filter(action="care.reading_set").exists()


def test_while_daan_is_away_carla_backs_him_up_on_care(
    personas: Any, trajectory: Any, client_for: Any
) -> None:
    from signaalroute.workflow.assignment_services import away_set

    url = f"/zorg/trajecten/{trajectory.pk}/"
    assert client_for("carla").get(url).status_code == 404
    away_set(actor=personas["daan"], municipality=_org("Soest"), away=True)
    assert client_for("carla").get(url).status_code == 200
    away_set(actor=personas["daan"], municipality=_org("Soest"), away=False)
    assert client_for("carla").get(url).status_code == 404


def test_a_handover_taken_back_leaves_karins_list_and_can_be_sent_again(
    personas: Any, trajectory: Any, client_for: Any
) -> None:
    from signaalroute.partners.referrals.services import referral_revoke

    t = _registered_in_zeist(personas, trajectory)
    details = {"article": "art. 2.3.5 Wmo 2015"}
    handover = trajectory_handover(
        actor=personas["daan"],
        trajectory=t,
        purpose="x",
        basis=Basis.STATUTORY_TASK,
        details=details,
    )
    referral = handover.referral
    referral_revoke(
        actor=personas["daan"],
        referral=referral,
        reason="Te vroeg",
        expected_version=referral.version,
    )
    assert str(handover.pk) not in client_for("karin").get("/zorg/").content.decode()
    with pytest.raises(ValidationError):
        handover_decide(actor=personas["karin"], handover=handover, accept=True, reason="")
    page = client_for("daan").get(f"/zorg/trajecten/{t.pk}/").content.decode()
    assert "Door de afzender teruggenomen" in page
    again = trajectory_handover(
        actor=personas["daan"],
        trajectory=t,
        purpose="x",
        basis=Basis.STATUTORY_TASK,
        details=details,
    )
    assert again.pk != handover.pk
