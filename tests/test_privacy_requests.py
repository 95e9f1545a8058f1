"""Data subjects' requests (AVG art. 15-18): the deadline and its extension, overdue marks, the
reminder job (once), the access statement with the disclosure log and without the reporter or
third parties, an unknown person's empty statement, restriction (not shared, not matched),
erasure (refused under a legal hold, with the reason) and the personas that are refused."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.translation import override
from pypdf import PdfReader

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.core.models import Notification
from signaalroute.intake.inputs import SubjectInput
from signaalroute.partners.referrals.models import Disclosure
from signaalroute.privacy.models import DataSubjectRequest, LegalHold, RequestState
from signaalroute.privacy.reminders import privacy_reminders
from signaalroute.privacy.request_actions import request_erase
from signaalroute.privacy.requests import add_months, request_register
from signaalroute.signals.models import ReporterIdentity, Signal, SignalSubject
from signaalroute.stacking.models import Trace
from tests.referrals import referred, send
from tests.signals import soest

pytestmark = pytest.mark.django_db

VICTIM = "Ana Popescu"
THIRD = "Mihai Ionescu, de begeleider"


def _subjects() -> list[SubjectInput]:
    return [
        SubjectInput(
            kind="person",
            role="victim",
            description=f"{VICTIM}, ca. 25 jaar",
            details={"given_names": "Ana", "surname": "Popescu", "date_of_birth": "17-05-2000"},
        ),
        SubjectInput(kind="person", role="perpetrator", description=THIRD),
    ]


def _request(personas: Any, kind: str = "access", name: str = VICTIM, **extra: Any) -> Any:
    return request_register(
        actor=personas["pim"],
        municipality=soest(),
        kind=kind,
        received_on=extra.pop("received_on", timezone.localdate()),
        identified_how="Aan de balie, paspoort getoond",
        name=name,
        **extra,
    )


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 2) == dt.date(2027, 1, 15)


def test_pim_registers_a_request_due_in_a_month_and_extends_it(
    personas: Any, client_for: Any
) -> None:
    pim = client_for("pim")
    received = timezone.localdate() - dt.timedelta(days=40)
    answer = pim.post(
        "/privacy/verzoeken/nieuw/",
        {
            "kind": "access",
            "received_on": received.isoformat(),
            "identified_how": "Aan de balie, paspoort getoond",
            "name": VICTIM,
            "date_of_birth": "17-05-2000",
        },
    )
    assert answer.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert dsr.due_on == add_months(received, 1) and dsr.handled_by == personas["pim"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM privacy_datasubjectrequest WHERE id = %s",
            [DataSubjectRequest._meta.pk.get_db_prep_value(dsr.pk, connection)],
        )
        raw = cursor.fetchone()[0]
    assert raw and VICTIM not in raw  # encrypted at rest
    listing = pim.get("/privacy/verzoeken/").content.decode()
    assert 'data-testid="overdue"' in listing  # 40 days ago: past the month
    pim.post(f"/privacy/verzoeken/{dsr.pk}/actie/", {"what": "extend", "reason": "Veel signalen"})
    dsr.refresh_from_db()
    assert dsr.due_on == add_months(received, 3) and dsr.extension_reason == "Veel signalen"
    assert 'data-testid="overdue"' not in pim.get("/privacy/verzoeken/").content.decode()
    # Once only.
    pim.post(f"/privacy/verzoeken/{dsr.pk}/actie/", {"what": "extend", "reason": "Nog eens"})
    dsr.refresh_from_db()
    assert dsr.due_on == add_months(received, 3)
    assert AuditEntry.objects.filter(action="privacy.dsr_register").exists()
    assert AuditEntry.objects.filter(action="privacy.dsr_extend").count() == 1


def test_bad_input_on_the_register_form(personas: Any, client_for: Any) -> None:
    pim = client_for("pim")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    bad = pim.post(
        "/privacy/verzoeken/nieuw/",
        {"kind": "access", "received_on": tomorrow.isoformat(), "identified_how": "x", "name": ""},
    )
    assert bad.status_code == 400 and not DataSubjectRequest.objects.exists()


def test_a_refusal_needs_a_reason(personas: Any, client_for: Any) -> None:
    dsr = _request(personas)
    pim = client_for("pim")
    pim.post(f"/privacy/verzoeken/{dsr.pk}/actie/", {"what": "move", "to": "refused"})
    dsr.refresh_from_db()
    assert dsr.state == RequestState.RECEIVED
    pim.post(
        f"/privacy/verzoeken/{dsr.pk}/actie/",
        {"what": "move", "to": "refused", "reason": "Identiteit niet vastgesteld"},
    )
    dsr.refresh_from_db()
    assert dsr.state == RequestState.REFUSED and dsr.decided_on == timezone.localdate()


def test_reminders_a_week_ahead_and_on_the_day_once_each(personas: Any) -> None:
    today = timezone.localdate()
    dsr = _request(personas, received_on=today - dt.timedelta(days=25))
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(due_on=today + dt.timedelta(days=6))
    assert privacy_reminders(today) == 1
    assert privacy_reminders(today) == 0  # idempotent
    note = Notification.objects.get(kind="privacy_requests")
    assert personas["pim"].email in note.recipients and VICTIM not in note.body
    assert "/privacy/verzoeken/" in note.body
    assert privacy_reminders(today + dt.timedelta(days=6)) == 1  # on the due date
    assert privacy_reminders(today + dt.timedelta(days=7)) == 0
    assert Notification.objects.filter(kind="privacy_requests").count() == 2


def test_the_access_statement_lists_disclosures_without_reporter_or_third_parties(
    personas: Any, client_for: Any
) -> None:
    signal, _referral = referred(personas, subjects=_subjects())
    disclosure = Disclosure.objects.get(signal=signal)
    victim = signal.subjects.get(role="victim")
    assert str(victim.pk) in disclosure.subject_ids
    dsr = _request(personas, date_of_birth="2000-05-17")
    pim = client_for("pim")
    page = pim.get(f"/privacy/verzoeken/{dsr.pk}/inzage/").content.decode()
    with override("nl"):
        basis, fields = disclosure.basis_label, disclosure.field_labels
    assert signal.reference in page and disclosure.recipient.name in page
    assert str(basis) in page
    assert all(str(label) in page for label in fields)
    assert "Mogelijke slachtoffers" in [str(f) for f in fields]  # the labels are Dutch
    assert timezone.localtime(disclosure.at).strftime("%d-%m-%Y") in page
    assert VICTIM in page  # the person's own entry
    reporter = ReporterIdentity.objects.get(signal=signal)
    alice = personas["alice"]
    for never in (THIRD, signal.description, alice.get_full_name(), alice.email, reporter.name):
        if never:
            assert never not in page
    csv_text = pim.get(f"/privacy/verzoeken/{dsr.pk}/inzage.csv").content.decode()
    assert disclosure.recipient.name in csv_text and THIRD not in csv_text
    assert signal.description not in csv_text
    assert AuditEntry.objects.filter(action="privacy.dsr_export").count() == 2


def test_a_different_date_of_birth_is_not_the_person(personas: Any) -> None:
    from signaalroute.privacy.access import subjects_of

    referred(personas, subjects=_subjects())
    assert len(subjects_of(_request(personas, date_of_birth="17-05-2000"))) == 1
    assert subjects_of(_request(personas, date_of_birth="01-01-1990")) == []


def test_an_unknown_person_gets_an_empty_dated_statement(personas: Any, client_for: Any) -> None:
    dsr = _request(personas, name="Niemand Bekend")
    page = client_for("pim").get(f"/privacy/verzoeken/{dsr.pk}/inzage/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="empty"' in text
    assert timezone.localdate().strftime("%d-%m-%Y") in text


def test_a_restricted_subject_is_not_shared_and_not_matched(personas: Any, client_for: Any) -> None:
    signal, _referral = referred(personas, subjects=_subjects())
    victim = signal.subjects.get(role="victim")
    assert Trace.objects.filter(subject=victim).exists()
    dsr = _request(personas, kind="restriction")
    pim = client_for("pim")
    detail = pim.get(f"/privacy/verzoeken/{dsr.pk}/").content.decode()
    assert str(victim.pk) in detail
    pim.post(f"/privacy/verzoeken/{dsr.pk}/actie/", {"what": "restrict", "subject": victim.pk})
    assert hasattr(SignalSubject.objects.get(pk=victim.pk), "restriction")
    assert not Trace.objects.filter(subject=victim).exists()  # not matched
    other = send(personas, signal, "Zorgco", "vital_interest", vital_reason="Geen slaapplek")
    assert VICTIM not in str(other.shared) and THIRD in str(other.shared)
    assert str(victim.pk) not in Disclosure.objects.get(referral=other).subject_ids
    pim.post(f"/privacy/verzoeken/{dsr.pk}/actie/", {"what": "lift", "subject": victim.pk})
    assert Trace.objects.filter(subject=victim).exists()  # matched again
    assert AuditEntry.objects.filter(action="subject.restrict").exists()
    assert AuditEntry.objects.filter(action="privacy.dsr_read").exists()  # the page was read


def _closed(signal: Signal) -> None:
    Signal.objects.filter(pk=signal.pk).update(state="closed")


def test_erasure_is_refused_under_a_legal_hold_with_the_reason(personas: Any) -> None:
    signal, _referral = referred(personas, subjects=_subjects())
    _closed(signal)
    LegalHold.objects.create(signal=signal, reason="Lopende strafzaak", placed_by=personas["pim"])
    dsr = request_erase(actor=personas["pim"], request=_request(personas, kind="erasure"))
    assert dsr.state == RequestState.REFUSED and "Lopende strafzaak" in dsr.refusal_reason
    assert signal.subjects.filter(description__startswith=VICTIM).exists()


def test_erasure_of_an_open_signal_is_refused_and_of_a_closed_one_done(personas: Any) -> None:
    signal, _referral = referred(personas, subjects=_subjects())
    refused = request_erase(actor=personas["pim"], request=_request(personas, kind="erasure"))
    assert refused.state == RequestState.REFUSED and signal.reference in refused.refusal_reason
    _closed(signal)
    done = request_erase(actor=personas["pim"], request=_request(personas, kind="erasure"))
    assert done.state == RequestState.DONE
    assert not signal.subjects.filter(description__startswith=VICTIM).exists()
    assert signal.subjects.filter(description=THIRD).exists()  # others stay
    assert AuditEntry.objects.filter(action="privacy.dsr_erasure").exists()


@pytest.mark.parametrize("name", ["carla", "gijs", "fenna", "ida"])
def test_other_personas_are_refused(personas: Any, client_for: Any, name: str) -> None:
    dsr = _request(personas)
    client = client_for(name)
    for url in (
        "/privacy/verzoeken/",
        "/privacy/verzoeken/nieuw/",
        f"/privacy/verzoeken/{dsr.pk}/",
        f"/privacy/verzoeken/{dsr.pk}/inzage/",
        f"/privacy/verzoeken/{dsr.pk}/inzage.csv",
    ):
        assert client.get(url).status_code in (403, 404), url


def test_another_municipalitys_request_is_not_found(personas: Any, client_for: Any) -> None:
    zeist = Organisation.objects.get(name="Zeist")
    dsr = DataSubjectRequest.objects.create(
        municipality=zeist,
        kind="access",
        received_on=timezone.localdate(),
        due_on=add_months(timezone.localdate(), 1),
        identified_how="Balie",
        name="Iemand",
    )
    pim = client_for("pim")
    assert pim.get(f"/privacy/verzoeken/{dsr.pk}/").status_code == 404
    assert pim.get(f"/privacy/verzoeken/{dsr.pk}/inzage/").status_code == 404
    assert pim.post(f"/privacy/verzoeken/{dsr.pk}/actie/", {"what": "erase"}).status_code == 404
    assert "Iemand" not in pim.get("/privacy/verzoeken/").content.decode()


def test_the_demo_access_request_lists_the_disclosure_to_care(
    personas: Any, client_for: Any
) -> None:
    from signaalroute.demo.care import build_demo_care
    from signaalroute.demo.requests import DEMO_PERSON, build_demo_requests

    build_demo_care(personas)
    assert build_demo_requests(personas) == 2
    assert build_demo_requests(personas) == 0
    open_ = next(r for r in DataSubjectRequest.objects.all() if r.name == DEMO_PERSON)
    page = client_for("pim").get(f"/privacy/verzoeken/{open_.pk}/inzage/").content.decode()
    assert "Zorgcoördinatie" in page and "Mogelijke slachtoffers" in page
    assert "COSM-plek" not in page  # the shelter provider's name is not needed: its type is
    assert 'data-testid="empty"' not in page


def _pdf_text(content: bytes) -> tuple[PdfReader, str]:
    pdf = PdfReader(io.BytesIO(content))
    return pdf, "\n".join(page.extract_text() for page in pdf.pages)


def _flat(text: str) -> str:
    """PDF text as words: line breaks of the table cells become spaces."""
    return " ".join(text.split())


def test_the_access_statement_as_pdf_has_the_disclosures_and_no_reporter_or_third_party(
    personas: Any, client_for: Any
) -> None:
    signal, _referral = referred(personas, subjects=_subjects())
    disclosure = Disclosure.objects.get(signal=signal)
    dsr = _request(personas, date_of_birth="2000-05-17")
    response = client_for("pim").get(f"/privacy/verzoeken/{dsr.pk}/inzage.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="inzage.pdf"' in response["Content-Disposition"]
    pdf, text = _pdf_text(response.content)
    assert pdf.metadata.title == "Inzageoverzicht van Soest"
    assert pdf.trailer["/Root"].get("/Lang") == "nl"
    words = _flat(text)
    with override("nl"):
        basis, fields = str(disclosure.basis_label), [str(f) for f in disclosure.field_labels]
    assert signal.reference in words and _flat(disclosure.recipient.name) in words
    assert _flat(basis) in words
    assert "Mogelijke slachtoffers" in fields
    assert all(_flat(label) in words for label in fields)
    assert timezone.localtime(disclosure.at).strftime("%d-%m-%Y") in words
    assert "Verstrekt aan" in words and "Popescu" in words  # Dutch, and the person's own entry
    reporter = ReporterIdentity.objects.get(signal=signal)
    alice = personas["alice"]
    for never in (
        "Ionescu",
        "begeleider",
        signal.description,
        alice.get_full_name(),
        reporter.name,
    ):
        if never:
            assert _flat(never) not in words, never
    # Audited like the CSV: one export entry, format pdf.
    entry = AuditEntry.objects.get(action="privacy.dsr_export")
    assert entry.extra == {"format": "pdf", "signals": 1}


def test_markup_in_a_name_prints_as_text_in_the_pdf(personas: Any, client_for: Any) -> None:
    marked = "Ana #strong[Popescu] $x$ *vet*"
    subjects = [
        SubjectInput(
            kind="person",
            role="victim",
            description=marked,
            details={"given_names": "Ana", "surname": "Popescu"},
        )
    ]
    referred(personas, subjects=subjects)
    dsr = _request(personas, name="Ana Popescu")
    _pdf, text = _pdf_text(client_for("pim").get(f"/privacy/verzoeken/{dsr.pk}/inzage.pdf").content)
    assert marked in _flat(text)


def test_an_unknown_persons_pdf_is_empty_and_dated(personas: Any, client_for: Any) -> None:
    referred(personas, subjects=_subjects())
    dsr = _request(personas, name="Niemand Bekend")
    response = client_for("pim").get(f"/privacy/verzoeken/{dsr.pk}/inzage.pdf")
    assert response.status_code == 200
    _pdf, text = _pdf_text(response.content)
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert f"Geen gegevens gevonden op {today}." in _flat(text)
    assert "Signaal SR-" not in text and "Popescu" not in text
