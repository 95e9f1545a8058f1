"""The sharing table row by row (seed 004 §5.6.2 and the partner categories), per-organisation
rules, and sharing on another basis on an open referral without revoking it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from signaalroute.audit.models import AuditEntry
from signaalroute.partners.consents.services import consent_record
from signaalroute.partners.directory.models import PartnerProfile
from signaalroute.partners.referrals.models import Disclosure, Referral
from signaalroute.partners.referrals.services import referral_basis_change
from signaalroute.partners.referrals.sharing import (
    NON_PERSONAL,
    SHARING_TABLE,
    Basis,
    NamedProfile,
    allowed_fields,
    sharing_profile_of,
)
from signaalroute.signals.models import SignalSubject, SubjectKind, SubjectRole
from signaalroute.signals.states import State
from signaalroute.workflow.services import signal_transition

from .referrals import org, send
from .signals import internal_signal

pytestmark = pytest.mark.django_db

VICTIM = "Vrouw, ca. 25 jaar"
PERPETRATOR = "Man met bestelbus, noemt zich Marco"
CARE = "Zorgcoördinatie"
RIEC = "RIEC"


@pytest.fixture
def signal(personas: Any) -> Any:
    signal = internal_signal(personas, via_bob=False)
    SignalSubject.objects.create(
        signal=signal,
        kind=SubjectKind.PERSON,
        role=SubjectRole.PERPETRATOR,
        description=PERPETRATOR,
    )
    signal_transition(
        actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    return signal


# A basis "consent" points to a recorded consent; where the basis is refused anyway, any id.
CONSENT = {"consent": "00000000-0000-0000-0000-000000000000"}


def recorded_consent(personas: Any, signal: Any) -> dict[str, str]:
    consent = consent_record(
        actor=personas["carla"],
        signal=signal,
        given_by="Het slachtoffer",
        given_on=dt.date(2026, 11, 30),
        scope="hulp",
        how="verbal",
    )
    return {"consent": str(consent.pk)}


def test_the_demo_region_gives_care_coordinator_riec_and_comensha_their_own_rules() -> None:
    assert sharing_profile_of(org(CARE)) == NamedProfile.CARE_COORDINATOR
    assert sharing_profile_of(org(RIEC)) == NamedProfile.RIEC
    assert sharing_profile_of(org("CoMensha")) == NamedProfile.COMENSHA
    # Veilig Thuis, in the same category, keeps the category's rules (the reporting code).
    veilig_thuis = org("Veilig Thuis")
    assert sharing_profile_of(veilig_thuis) == veilig_thuis.category
    assert allowed_fields(veilig_thuis.category, Basis.PROFESSIONAL_RIGHT) - NON_PERSONAL


def test_care_coordinator_under_consent_gets_no_personal_data(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, CARE, Basis.CONSENT, **recorded_consent(personas, signal))
    assert set(referral.shared_fields) <= NON_PERSONAL
    page = client_for("eva").get(f"/partner/overdrachten/{referral.pk}/").content.decode()
    assert VICTIM not in page and PERPETRATOR not in page and "paspoort" not in page
    for basis in (Basis.PROFESSIONAL_RIGHT, Basis.STATUTORY_TASK):
        assert not allowed_fields(NamedProfile.CARE_COORDINATOR, basis)


def test_care_coordinator_under_vital_interest_gets_the_victim(personas: Any, signal: Any) -> None:
    referral = send(personas, signal, CARE, Basis.VITAL_INTEREST, vital_reason="Geen onderdak")
    assert [v["description"] for v in referral.shared["victims"]] == [VICTIM]


def test_riec_receives_on_its_covenant_without_the_victims(personas: Any, signal: Any) -> None:
    referral = send(
        personas, signal, RIEC, Basis.COVENANT, covenant="RIEC-convenant Midden-Nederland, art. 5"
    )
    assert [s["description"] for s in referral.shared["subjects"]] == [PERPETRATOR]
    assert "victims" not in referral.shared and VICTIM not in str(referral.shared)
    disclosure = Disclosure.objects.get(referral=referral)
    victim = signal.subjects.get(role=SubjectRole.VICTIM)
    assert str(victim.pk) not in disclosure.subject_ids
    # Its normal statutory basis is accepted as well, with the same fields.
    assert allowed_fields(NamedProfile.RIEC, Basis.STATUTORY_TASK) == frozenset(
        referral.shared_fields
    )


@pytest.mark.parametrize("basis", [Basis.VITAL_INTEREST, Basis.CONSENT, Basis.PROFESSIONAL_RIGHT])
def test_riec_gives_no_help_so_these_bases_send_nothing(
    personas: Any, signal: Any, basis: Basis
) -> None:
    with pytest.raises(ValidationError) as error:
        send(personas, signal, RIEC, basis, vital_reason="x", weighing="x", **CONSENT)
    message = " ".join(error.value.message_dict["basis"])
    assert "Regional covenant" in message or "convenant" in message.lower()
    assert not Referral.objects.exists()


def test_vital_interest_only_where_the_partner_gives_help() -> None:
    from signaalroute.accounts.models import PartnerCategory as C

    on_vital_interest = {p for p, rows in SHARING_TABLE.items() if Basis.VITAL_INTEREST in rows}
    assert on_vital_interest == {
        C.INVESTIGATIVE,
        C.CARE_MEDICAL_SECRECY,
        C.CARE_NO_MEDICAL_SECRECY,
        C.REPORTING_COORDINATION,
        NamedProfile.CARE_COORDINATOR,
    }


def test_a_directory_entry_can_name_the_sharing_rules(personas: Any, signal: Any) -> None:
    """Per organisation where the region says so: Veilig Thuis given the care coordinator's
    rules sends nothing personal under consent any more."""
    veilig_thuis = org("Veilig Thuis")
    PartnerProfile.objects.filter(organisation=veilig_thuis).update(
        sharing_profile=NamedProfile.CARE_COORDINATOR
    )
    referral = send(
        personas, signal, "Veilig Thuis", Basis.CONSENT, **recorded_consent(personas, signal)
    )
    assert set(referral.shared_fields) <= NON_PERSONAL


def test_anonymous_consultation_becomes_vital_interest_without_a_revoke(
    personas: Any, signal: Any, django_capture_on_commit_callbacks: Any
) -> None:
    referral = send(personas, signal, CARE, Basis.ANONYMOUS_CONSULTATION)
    version, state = referral.version, referral.state
    with pytest.raises(ValidationError) as error:
        referral_basis_change(
            actor=personas["carla"],
            referral=referral,
            basis=Basis.VITAL_INTEREST,
            details={},
            expected_version=referral.version,
        )
    assert "vital_reason" in error.value.message_dict
    changed = referral_basis_change(
        actor=personas["carla"],
        referral=referral,
        basis=Basis.VITAL_INTEREST,
        details={"vital_reason": "Minderjarig, geen onderdak"},
        expected_version=referral.version,
    )
    assert changed.pk == referral.pk and changed.state == state
    assert changed.basis == Basis.VITAL_INTEREST and changed.version == version + 1
    assert [v["description"] for v in changed.shared["victims"]] == [VICTIM]
    assert Disclosure.objects.filter(referral=referral).count() == 2
    assert AuditEntry.objects.filter(action="referral.basis_change").exists()
    # The partner is told, without personal data.
    from signaalroute.core.models import Notification

    notice = Notification.objects.filter(kind="referral_updated").get()
    assert VICTIM not in notice.body


def test_a_basis_change_is_refused_for_another_municipality_and_when_closed(
    personas: Any, signal: Any
) -> None:
    from signaalroute.workflow.errors import TransitionRefused

    referral = send(personas, signal, CARE, Basis.ANONYMOUS_CONSULTATION)
    with pytest.raises(TransitionRefused):
        referral_basis_change(
            actor=personas["karin"],
            referral=referral,
            basis=Basis.VITAL_INTEREST,
            details={"vital_reason": "x"},
            expected_version=referral.version,
        )
    with pytest.raises(ValidationError):
        referral_basis_change(
            actor=personas["carla"],
            referral=referral,
            basis=Basis.ANONYMOUS_CONSULTATION,
            details={},
            expected_version=referral.version,
        )


def test_basis_change_page_previews_then_shares(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, CARE, Basis.ANONYMOUS_CONSULTATION)
    carla = client_for("carla")
    url = f"/overdrachten/{referral.pk}/grondslag/"
    page = carla.get(url).content.decode()
    assert "Vitaal belang" in page and "waarom" in page.lower()
    assert "vital_interest" not in page.replace('value="vital_interest"', "")
    payload = {
        "basis": "vital_interest",
        "vital_reason": "Minderjarig",
        "version": referral.version,
        "action": "preview",
    }
    preview = carla.post(url, payload)
    assert preview.status_code == 200 and VICTIM in preview.content.decode()
    referral.refresh_from_db()
    assert referral.basis == Basis.ANONYMOUS_CONSULTATION  # the preview changed nothing
    token = preview.context["preview_token"]
    done = carla.post(url, {**payload, "action": "send", "previewed": token})
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.basis == Basis.VITAL_INTEREST
    # Refused personas: a partner and another municipality's focal officer.
    assert client_for("eva").get(url).status_code in (403, 404)
    assert client_for("karin").get(url).status_code in (403, 404)


def test_sharing_table_page_shows_every_row_with_its_reason(client_for: Any) -> None:
    page = client_for("alice").get("/ketenpartners/deelregels/").content.decode()
    rows = sum(len(r) for r in SHARING_TABLE.values())
    assert page.count('<th scope="row"') == rows
    assert "Zorgcoördinator" in page or "zorgcoördinator" in page
    for code in ("vital_interest", "statutory_task", "care_coordinator", "reporting"):
        assert code not in page
    assert "004_0e82b480fca28818" not in page


def test_the_partner_sees_who_sent_it_and_whom_to_ask(
    personas: Any, signal: Any, client_for: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3 Politiewet")
    page = client_for("fenna").get(f"/partner/overdrachten/{referral.pk}/").content.decode()
    assert "Carla Bakker" in page and personas["carla"].email in page
    assert referral.signal.reference in page and "Wettelijke taak" in page
    assert "statutory_task" not in page


def test_the_shared_address_is_written_as_the_post_office_writes_it(
    personas: Any, signal: Any
) -> None:
    referral = send(personas, signal, "Politie", Basis.STATUTORY_TASK, article="art. 3 Politiewet")
    assert referral.shared["location"] == "3762 AB 12"
