"""Encryption at rest of identity-document numbers (issue 13): a subject's details and the
stacking trace's copy hold the number only as "enc1:<token>", the blocking index only as a
keyed hash; the application reads plain text, so stacking still finds two signals sharing a
document, the regional hit/no-hit still answers, the keys rotate, and the migration encrypts
(and decrypts back) rows stored before."""

from __future__ import annotations

import importlib
import os
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from signaalroute.accounts.models import Organisation
from signaalroute.core import crypto
from signaalroute.hits.services import hit_query
from signaalroute.intake.inputs import SignalInput, SubjectInput
from signaalroute.intake.services import signal_submit_internal
from signaalroute.privacy.access import subject_matches
from signaalroute.privacy.restore import _check_encrypted_fields
from signaalroute.signals.models import SignalSubject
from signaalroute.stacking.models import Candidate, Trace
from signaalroute.stacking.services import subject_enrich
from signaalroute.stacking.traces import trace_keys

from .signals import committed

pytestmark = pytest.mark.django_db

NUMBER = "NW12AB345"  # as the engine normalises it
WRITTEN = "nw12 ab345"  # as a focal officer may type it
PHONE = "06-12345678"


def _signal(personas: Any, who: str, municipality: str = "Soest", postcode: str = "3762 AB") -> Any:
    with committed():
        return signal_submit_internal(
            reporter=personas[who],
            municipality=Organisation.objects.get(name=municipality),
            data=SignalInput(
                description="Vrouw aan de balie; haar paspoort wordt vastgehouden.",
                location_kind="address",
                postcode=postcode,
                house_number=12,
                forms=["sexual"],
                subjects=[SubjectInput(kind="person", role="victim", description="Vrouw")],
            ),
            team_coordinator=None,
        )


def _enriched(personas: Any, who: str = "alice", number: str = WRITTEN, **details: Any) -> Any:
    signal = _signal(personas, who, **{k: details.pop(k) for k in ("postcode",) if k in details})
    details = {
        "given_names": "Maria",
        "surname": "Popescu",
        "id_document_kind": "paspoort",
        "id_document_number": number,
        **details,
    }
    with committed():
        return subject_enrich(
            actor=personas["carla"], subject=signal.subjects.get(), details=details
        )


def _uuid(value: Any) -> Any:
    return value.hex if connection.vendor == "sqlite" else value


def _raw(sql: str, *params: Any) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [str(row[0]) for row in cursor.fetchall()]


def _stored(subject: SignalSubject) -> str:
    """Everything the database holds about the subject's number: details, trace, keys."""
    trace = Trace.objects.get(subject=subject)
    return " ".join(
        _raw("SELECT details FROM intake_signalsubject WHERE id = %s", _uuid(subject.pk))
        + _raw("SELECT record FROM stacking_trace WHERE id = %s", _uuid(trace.pk))
        + _raw("SELECT key FROM stacking_tracekey WHERE trace_id = %s", _uuid(trace.pk))
    )


def _no_number(text: str) -> bool:
    plain = text.upper().replace(" ", "")
    return NUMBER not in plain and "AB345" not in plain


def test_the_database_holds_the_number_only_encrypted(personas: Any) -> None:
    subject = _enriched(personas)
    stored = _stored(subject)
    assert stored and "enc1:" in stored and _no_number(stored)
    assert "person|doc#" in stored  # the blocking key, as a keyed hash
    assert "Popescu" in stored  # the other details stay plain JSON
    # The application reads plain text, as given.
    assert SignalSubject.objects.get(pk=subject.pk).details["id_document_number"] == WRITTEN
    assert Trace.objects.get(subject=subject).record["id_document_number"] == WRITTEN
    values = SignalSubject.objects.filter(pk=subject.pk).values_list("details", flat=True)
    assert values.get()["id_document_number"] == WRITTEN


def test_two_signals_sharing_a_document_still_stack(personas: Any) -> None:
    # A surname and a document, no given name, no date of birth, seen at other addresses: the
    # document's keyed hash is the one blocking key the two share.
    first = _enriched(personas, "alice", number=WRITTEN, given_names="")
    second = _enriched(personas, "otto", number="NW12-AB345", postcode="3811 AA", given_names="")
    keys = [
        set(Trace.objects.get(subject=s).keys.values_list("key", flat=True))
        for s in (first, second)
    ]
    (shared,) = keys[0] & keys[1]
    assert shared.startswith("person|doc#")
    candidate = Candidate.objects.get()
    assert candidate.tier == "certain" and ["id_document", "agree"] in candidate.reasons
    # Another number under the same name: compared on the decrypted records, it disagrees.
    third = _enriched(personas, "bob", number="XR98765432", postcode="3811 AA")
    other = Candidate.objects.filter(trace_b__subject=third) | Candidate.objects.filter(
        trace_a__subject=third
    )
    assert all(["id_document", "agree"] not in c.reasons for c in other)


def test_the_regional_check_still_answers(personas: Any) -> None:
    _enriched(personas, phones=PHONE)
    assert hit_query(actor=personas["karin"], kind="phone", values={"phone": PHONE}) == ["Soest"]


def test_the_focal_officer_sees_the_number_and_others_do_not(
    personas: Any, client_for: Any
) -> None:
    subject = _enriched(personas)
    url = reverse("stacking:subject-enrich", args=[subject.signal_id, subject.pk])
    page = client_for("carla").get(url)
    assert page.status_code == 200 and WRITTEN in page.content.decode()
    assert client_for("karin").get(url).status_code == 404


def test_a_data_subject_request_still_finds_the_person_by_document(personas: Any) -> None:
    subject = SignalSubject.objects.get(pk=_enriched(personas).pk)
    assert subject_matches(subject, name="", birth="", identifiers="NW12 AB345")


def test_without_a_key_nothing_is_stored_in_plain_text(personas: Any) -> None:
    signal = _signal(personas, "alice")
    subject = signal.subjects.get()
    with (
        override_settings(SIGNAALROUTE_FIELD_KEYS=[]),
        pytest.raises(ImproperlyConfigured, match="SIGNAALROUTE_FIELD_KEYS"),
    ):
        subject_enrich(
            actor=personas["carla"], subject=subject, details={"id_document_number": NUMBER}
        )
    assert "id_document_number" not in SignalSubject.objects.get(pk=subject.pk).details


def test_keys_rotate_and_the_stack_holds(personas: Any, settings: Any) -> None:
    subject = _enriched(personas)
    trace = Trace.objects.get(subject=subject)
    old = list(settings.SIGNAALROUTE_FIELD_KEYS)
    new = crypto.new_key()
    quiet = open(os.devnull, "w")  # noqa: SIM115
    with override_settings(SIGNAALROUTE_FIELD_KEYS=[new, *old]):
        call_command("rotate_field_keys", stdout=quiet)
        # While the old key is listed, the trace is filed under both keys' hashes.
        assert trace.keys.filter(key__contains="|doc#").count() == 2
    with override_settings(SIGNAALROUTE_FIELD_KEYS=[new]):  # the old key is gone
        assert SignalSubject.objects.get(pk=subject.pk).details["id_document_number"] == WRITTEN
        assert Trace.objects.get(pk=trace.pk).record["id_document_number"] == WRITTEN
        call_command("rotate_field_keys", stdout=quiet)  # again: the old key's hashes go
        (key,) = trace.keys.filter(key__contains="|doc#").values_list("key", flat=True)
        assert key == f"person|doc#{crypto.keyed_hashes('doc:' + NUMBER)[0]}"
        _enriched(personas, "otto", number=NUMBER, postcode="3811 AA")
        assert ["id_document", "agree"] in Candidate.objects.get().reasons
        assert _no_number(_stored(subject))
    with override_settings(SIGNAALROUTE_FIELD_KEYS=old), pytest.raises(ImproperlyConfigured):
        SignalSubject.objects.get(pk=subject.pk)


def test_the_migration_encrypts_rows_stored_before_and_back(personas: Any) -> None:
    subject = _enriched(personas)
    trace = Trace.objects.get(subject=subject)
    signals_step = importlib.import_module(
        "signaalroute.signals.migrations.0007_document_encrypted"
    )
    stacking_step = importlib.import_module(
        "signaalroute.stacking.migrations.0008_document_encrypted"
    )
    stacking_step.decrypt_existing(apps, None)  # as before the migration: plain text
    signals_step.decrypt_existing(apps, None)
    stored = _stored(subject)
    assert "enc1:" not in stored and WRITTEN in stored and f"person|doc:{NUMBER}" in stored
    signals_step.encrypt_existing(apps, None)
    stacking_step.encrypt_existing(apps, None)
    stored = _stored(subject)
    assert "enc1:" in stored and _no_number(stored)
    filed = set(trace.keys.values_list("key", flat=True))
    assert filed == trace_keys("person", Trace.objects.get(pk=trace.pk).record)
    signals_step.encrypt_existing(apps, None)  # twice does no harm
    assert SignalSubject.objects.get(pk=subject.pk).details["id_document_number"] == WRITTEN


def test_a_restore_reports_document_numbers_the_keys_cannot_read(
    personas: Any, settings: Any
) -> None:
    _enriched(personas)
    assert list(_check_encrypted_fields()) == []
    settings.SIGNAALROUTE_FIELD_KEYS = [crypto.new_key()]  # not the one used
    problems = " ".join(_check_encrypted_fields())
    assert "1 rows of signals.SignalSubject cannot be decrypted" in problems
    assert "1 rows of stacking.Trace cannot be decrypted" in problems


def test_a_number_typed_with_the_mark_is_encrypted_like_any_other(personas: Any) -> None:
    """Text that merely starts with "enc1:" is no token: stored as it is, no key would open it
    and every page showing the subject would fail."""
    typed = crypto.MARK + "NOTATOKEN"
    stored = crypto.encrypt_keys({"id_document_number": typed}, ["id_document_number"])
    assert stored["id_document_number"] != typed
    assert crypto.decrypt_keys(stored, ["id_document_number"]) == {"id_document_number": typed}
    # A real token is left alone, so encrypting twice does no harm.
    assert crypto.encrypt_keys(stored, ["id_document_number"]) == stored
