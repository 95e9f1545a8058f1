"""The regional hit/no-hit index: keyed hashes, the question and its audit entry, who may ask,
export and import between installations, and rotating the regional key."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from signaalroute.accounts.models import Organisation, Region
from signaalroute.audit.models import AuditEntry
from signaalroute.hits.digests import digests_for, identifier_values
from signaalroute.hits.exchange import hit_index_export, hit_index_import
from signaalroute.hits.keys import HitKey, hit_digest, hit_key
from signaalroute.hits.models import HitEntry, HitSource
from signaalroute.hits.services import HitImportRefused, HitQueryRefused, hit_query
from signaalroute.intake.inputs import SignalInput, SubjectInput
from signaalroute.intake.services import signal_submit_internal
from signaalroute.stacking.services import subject_enrich

pytestmark = pytest.mark.django_db

OTHER_KEY = "ab" * 32
PHONE = "06-12345678"
PERSON = {
    "given_names": "Jan Willem",
    "surname_prefix": "van der",
    "surname": "Berg",
    "date_of_birth": "03-11-1988",
    "phones": PHONE,
    "emails": "J.Berg@Example.org",
}


def report(personas: Any, who: str, municipality: str, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "description": "Busje haalt elke ochtend mannen op.",
        "location_kind": "address",
        "postcode": "3762 AB",
        "house_number": 12,
        "forms": ["labour"],
        "subjects": [SubjectInput(kind="person", role="victim", description="man")],
    }
    data.update(overrides)
    return signal_submit_internal(
        reporter=personas[who],
        municipality=Organisation.objects.get(name=municipality),
        data=SignalInput(**data),
        team_coordinator=None,
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """The index follows a save after it commits: run those callbacks as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def soest_subject(personas: Any, committed: Any) -> Any:
    with committed():
        signal = report(personas, "alice", "Soest")
        subject = signal.subjects.get()
        return subject_enrich(actor=personas["carla"], subject=subject, details=dict(PERSON))


def _check(client: Any, **data: str) -> Any:
    return client.post("/stapels/regiocheck/", data)


# --- hashes -----------------------------------------------------------------------------------


def test_digests_are_keyed_and_never_hold_the_value() -> None:
    key = hit_key()
    assert key is not None
    other = HitKey("other", bytes.fromhex(OTHER_KEY))
    ours = digests_for("person", PERSON, key)
    theirs = digests_for("person", PERSON, other)
    assert {k for k, _ in ours} == {"phone", "email", "name_dob"}
    assert ours.isdisjoint(theirs)
    for _kind, digest in ours:
        assert len(digest) == 64
        assert "12345678" not in digest and "berg" not in digest
    assert hit_digest(key, "phone", "+31612345678") != hit_digest(key, "email", "+31612345678")


def test_only_certain_values_are_published() -> None:
    values = identifier_values(
        "person",
        {
            "surname": "Berg",
            "given_names": "Jan",
            "date_of_birth": "1990",  # a year is partial: no name + date of birth
            "phones": ["06-1234abcd", "+31 6 1234 5678"],
        },
    )
    assert values == {("phone", "+31612345678")}
    address = identifier_values("address", {"postcode": "3762", "house_number": "12"})
    assert address == set()  # a partial postcode is never certain
    organisation = identifier_values(
        "organisation", {"kvk": "KvK 1234.5678", "postcode": "3762ab", "house_number": "12a"}
    )
    assert organisation == {("kvk", "12345678"), ("address", "3762AB|12|A|")}


# --- the question -----------------------------------------------------------------------------


def test_karin_of_zeist_hears_that_soest_knows_the_number(
    personas: Any, soest_subject: Any
) -> None:
    assert hit_query(
        actor=personas["karin"], kind="phone", values={"phone": "+31 6 1234 5678"}
    ) == ["Soest"]
    values = {"surname": "van der berg", "given_names": "J.", "date_of_birth": "1988-11-03"}
    assert hit_query(actor=personas["karin"], kind="name_dob", values=values) == ["Soest"]
    # The signal's own location is published too.
    address = {"postcode": "3762ab", "house_number": "12"}
    assert hit_query(actor=personas["karin"], kind="address", values=address) == ["Soest"]


def test_no_self_hit_and_no_hit_for_the_unknown(personas: Any, soest_subject: Any) -> None:
    assert hit_query(actor=personas["carla"], kind="phone", values={"phone": PHONE}) == []
    assert hit_query(actor=personas["karin"], kind="phone", values={"phone": "0612345679"}) == []
    assert (
        hit_query(actor=personas["karin"], kind="email", values={"email": "iemand@example.org"})
        == []
    )


def test_a_changed_identifier_leaves_the_index(
    personas: Any, soest_subject: Any, committed: Any
) -> None:
    details = dict(PERSON, phones="0687654321")
    with committed():
        subject_enrich(actor=personas["carla"], subject=soest_subject, details=details)
    assert hit_query(actor=personas["karin"], kind="phone", values={"phone": PHONE}) == []
    assert hit_query(actor=personas["karin"], kind="phone", values={"phone": "0687654321"}) == [
        "Soest"
    ]


def test_the_question_is_audited_without_the_value(personas: Any, soest_subject: Any) -> None:
    key = hit_key()
    assert key is not None
    hit_query(actor=personas["karin"], kind="phone", values={"phone": "+31 6 1234 5678"})
    entry = AuditEntry.objects.filter(action="stacking.hit_query").get()
    assert entry.actor_username == "karin"
    assert entry.extra == {"kind": "phone", "hits": 1}
    dumped = json.dumps(
        {f.name: str(getattr(entry, f.name)) for f in entry._meta.fields}, ensure_ascii=False
    )
    for secret in (
        "12345678",
        "+31612345678",
        "1234 5678",
        hit_digest(key, "phone", "+31612345678"),
    ):
        assert secret not in dumped


def test_the_page_gives_karin_only_a_hit(client_for: Any, soest_subject: Any) -> None:
    client = client_for("karin")
    page = client.get("/stapels/regiocheck/")
    assert page.status_code == 200
    response = _check(client, kind="phone", phone="+31 6 1234 5678")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Soest" in text
    assert "focal officer" in text or "aandachtsfunctionaris" in text
    for data in ("Jan Willem", "03-11-1988", "j.berg@example.org", "Dorpsstraat"):
        assert data.lower() not in text.lower()  # never the data
    nothing = _check(client, kind="email", email="iemand@example.org")
    assert "Not known in the other municipalities" in nothing.content.decode() or (
        "niet bekend" in nothing.content.decode().lower()
    )


def test_the_check_is_post_only_and_keeps_values_out_of_urls(client_for: Any) -> None:
    client = client_for("karin")
    page = client.get("/stapels/regiocheck/", {"kind": "phone", "phone": PHONE})
    assert page.status_code == 200
    assert not AuditEntry.objects.filter(action="stacking.hit_query").exists()
    assert 'method="post"' in page.content.decode()


@pytest.mark.parametrize("name", ["alice", "eva", "fenna", "gijs", "henk", "ida"])
def test_others_are_refused(client_for: Any, name: str) -> None:
    client = client_for(name)
    assert client.get("/stapels/regiocheck/").status_code == 403
    assert _check(client, kind="phone", phone=PHONE).status_code == 403
    assert not AuditEntry.objects.filter(action="stacking.hit_query").exists()


def test_invalid_input_is_refused_clearly_and_kept(client_for: Any) -> None:
    client = client_for("karin")
    response = _check(client, kind="phone", phone="06-1234abcd")
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="06-1234abcd"' in text
    assert "id_phone-fout" in text
    assert not AuditEntry.objects.filter(action="stacking.hit_query").exists()
    partial = _check(client, kind="address", postcode="3762", house_number="12")
    assert partial.status_code == 400 and "id_postcode-fout" in partial.content.decode()
    estimate = _check(
        client, kind="name_dob", surname="Berg", given_names="J", date_of_birth="1990"
    )
    assert estimate.status_code == 400 and "id_date_of_birth-fout" in estimate.content.decode()
    missing = _check(client, kind="kvk")
    assert missing.status_code == 400 and "id_kvk-fout" in missing.content.decode()


@override_settings(SIGNAALROUTE_HIT_KEY="", SIGNAALROUTE_HIT_KEY_ID="")
def test_without_a_key_the_page_says_so(client_for: Any) -> None:
    client = client_for("karin")
    assert 'data-testid="hit-not-configured"' in client.get("/stapels/regiocheck/").content.decode()
    assert _check(client, kind="phone", phone=PHONE).status_code == 409


def test_many_questions_in_an_hour_are_refused(personas: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("signaalroute.hits.services.HIT_QUERY_LIMIT", 2)
    for _ in range(2):
        hit_query(actor=personas["karin"], kind="kvk", values={"kvk": "12345678"})
    with pytest.raises(HitQueryRefused):
        hit_query(actor=personas["karin"], kind="kvk", values={"kvk": "12345678"})
    denied = AuditEntry.objects.get(action="stacking.hit_query", outcome="denied")
    assert denied.extra == {"kind": "kvk", "reason": "rate_limit"}
    # Another focal officer still may.
    assert hit_query(actor=personas["carla"], kind="kvk", values={"kvk": "12345678"}) == []


# --- exchange and rotation --------------------------------------------------------------------


def test_export_then_import_into_another_installation(personas: Any, soest_subject: Any) -> None:
    region = Region.objects.get()
    data = json.loads(json.dumps(hit_index_export(region)))
    assert data["key_id"] == "demo" and data["region"] == region.name
    assert {e["municipality"] for e in data["entries"]} == {"Soest"}
    assert PHONE not in json.dumps(data) and "+31612345678" not in json.dumps(data)
    # The other installation: a fresh region whose Soest has no signals of its own.
    other = Region.objects.create(name="Regio elders")
    result = hit_index_import(data, other)
    assert result == {"imported": {"Soest": len(data["entries"])}, "skipped": []}
    imported = HitEntry.objects.filter(region=other)
    assert imported.count() == len(data["entries"])
    assert set(imported.values_list("origin", flat=True)) == {"import"}
    assert not imported.exclude(municipality=None).exists()
    # Importing again replaces, it does not add up.
    hit_index_import(data, other)
    assert HitEntry.objects.filter(region=other).count() == len(data["entries"])
    # Importing into the region that has Soest's local entries never touches those.
    local_before = HitEntry.objects.filter(region=region, origin="local").count()
    assert hit_index_import(data, region)["skipped"] == ["Soest"]
    assert HitEntry.objects.filter(region=region).count() == local_before
    assert AuditEntry.objects.filter(action="stacking.hit_import").count() == 3


def test_import_is_refused_for_another_key_id_or_a_bad_file(
    personas: Any, soest_subject: Any
) -> None:
    region = Region.objects.get()
    data = hit_index_export(region)
    other = Region.objects.create(name="Regio elders")
    with pytest.raises(HitImportRefused) as refused:
        hit_index_import(dict(data, key_id="2025-2"), other)
    assert "2025-2" in str(refused.value.message)
    broken = dict(data, entries=[{"municipality": "X", "kind": "phone", "digest": "nope"}])
    with pytest.raises(HitImportRefused):
        hit_index_import(broken, other)
    assert not HitEntry.objects.filter(region=other).exists()


def test_imported_entries_answer_the_question(personas: Any) -> None:
    key = hit_key()
    assert key is not None
    region = Region.objects.get()
    data: dict[str, Any] = {
        "format": "signaalroute-hit-index",
        "version": 1,
        "region": region.name,
        "key_id": key.key_id,
        "entries": [
            {
                "municipality": "Utrechtse Heuvelrug",
                "kind": "kvk",
                "digest": hit_digest(key, "kvk", "12345678"),
            }
        ],
    }
    hit_index_import(data, region)
    answer = hit_query(actor=personas["karin"], kind="kvk", values={"kvk": "1234 5678"})
    assert answer == ["Utrechtse Heuvelrug"]


def test_rotating_the_key_leaves_nothing_under_the_old_id(
    personas: Any, soest_subject: Any
) -> None:
    region = Region.objects.get()
    hit_index_import(
        {
            "format": "signaalroute-hit-index",
            "version": 1,
            "region": region.name,
            "key_id": "demo",
            "entries": [{"municipality": "Elders", "kind": "kvk", "digest": "0" * 64}],
        },
        region,
    )
    assert HitEntry.objects.filter(key_id="demo").count() > 1
    with override_settings(SIGNAALROUTE_HIT_KEY_ID="new", SIGNAALROUTE_HIT_KEY=OTHER_KEY):
        call_command("hit_index_rebuild", stdout=StringIO())
        assert not HitEntry.objects.filter(key_id="demo").exists()
        assert HitEntry.objects.filter(key_id="new", municipality_name="Soest").exists()
        assert hit_query(actor=personas["karin"], kind="phone", values={"phone": PHONE}) == [
            "Soest"
        ]


def test_the_commands_rebuild_export_and_import(
    personas: Any, soest_subject: Any, tmp_path: Any
) -> None:
    HitEntry.objects.all().delete()
    out = StringIO()
    call_command("hit_index_rebuild", stdout=out)
    assert HitEntry.objects.filter(municipality_name="Soest").exists()
    region = Region.objects.get()
    target = tmp_path / "export.json"
    call_command(
        "hit_index_export", "--region", region.name, "--output", str(target), stderr=StringIO()
    )
    assert json.loads(target.read_text())["entries"]
    assert target.stat().st_mode & 0o077 == 0
    Region.objects.create(name="Regio elders")
    out = StringIO()
    call_command("hit_index_import", str(target), "--region", "Regio elders", stdout=out)
    assert "Soest" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("hit_index_import", str(target), "--region", "Bestaat niet")
    assert AuditEntry.objects.filter(action="stacking.hit_rebuild").exists()


# --- keeping the index current, per signal, after commit --------------------------------------


def _karin_hears(personas: Any, phone: str) -> list[str]:
    return hit_query(actor=personas["karin"], kind="phone", values={"phone": phone})


def test_an_entry_stays_while_another_signal_still_holds_the_identifier(
    personas: Any, soest_subject: Any, committed: Any
) -> None:
    with committed():
        second = report(personas, "otto", "Soest").subjects.get()
        second = subject_enrich(actor=personas["carla"], subject=second, details=dict(PERSON))
    assert HitSource.objects.filter(digest__in=_phone_digests()).count() == 2
    with committed():
        subject_enrich(
            actor=personas["carla"],
            subject=soest_subject,
            details=dict(PERSON, phones="0611111111"),
        )
    assert _karin_hears(personas, PHONE) == ["Soest"]  # the second signal still holds it
    with committed():
        subject_enrich(
            actor=personas["carla"], subject=second, details=dict(PERSON, phones="0622222222")
        )
    assert _karin_hears(personas, PHONE) == []  # nobody holds it: no stale entry
    assert _karin_hears(personas, "0622222222") == ["Soest"]


def _phone_digests() -> list[str]:
    key = hit_key()
    assert key is not None
    return [d for k, d in digests_for("person", {"phones": PHONE}, key) if k == "phone"]


def test_a_save_that_rolls_back_publishes_nothing(personas: Any, committed: Any) -> None:
    with committed():
        try:
            with transaction.atomic():
                subject = report(personas, "alice", "Soest").subjects.get()
                subject_enrich(actor=personas["carla"], subject=subject, details=dict(PERSON))
                raise RuntimeError("the request failed after the save")
        except RuntimeError:
            pass
    assert _karin_hears(personas, PHONE) == []
    assert not HitSource.objects.exists()


def test_one_save_touches_only_its_own_signals_sources(
    personas: Any, soest_subject: Any, committed: Any
) -> None:
    with committed():
        other = report(personas, "otto", "Soest").subjects.get()
        subject_enrich(
            actor=personas["carla"], subject=other, details=dict(PERSON, phones="0633333333")
        )
    before = set(
        HitSource.objects.filter(source_id=soest_subject.signal_id).values_list("pk", flat=True)
    )
    with committed():
        subject_enrich(
            actor=personas["carla"], subject=other, details=dict(PERSON, phones="0644444444")
        )
    after = set(
        HitSource.objects.filter(source_id=soest_subject.signal_id).values_list("pk", flat=True)
    )
    assert before == after and before
