"""Retention: a dry run counts, a run anonymises what expired and keeps what is counted, a
legal hold stops it, every run leaves a destruction record, and nothing is done twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from signaalroute.audit.models import AuditEntry
from signaalroute.privacy.models import DestructionRecord, LegalHold
from signaalroute.privacy.retention import retention_run, rules_for
from signaalroute.signals.models import ReporterIdentity, Signal
from signaalroute.signals.states import Outcome
from tests.signals import internal_signal, soest

pytestmark = pytest.mark.django_db


def _closed_long_ago(personas: Any, **extra: Any) -> Signal:
    signal = internal_signal(personas, via_bob=False, **extra)
    Signal.objects.filter(pk=signal.pk).update(
        state="closed",
        outcome=Outcome.NO_TRAFFICKING,
        state_changed_at=timezone.now() - dt.timedelta(days=400),
    )
    return Signal.objects.get(pk=signal.pk)


def test_a_run_anonymises_what_expired_and_keeps_the_counts(personas: Any, client_for: Any) -> None:
    old = _closed_long_ago(personas, sector="construction", forms=["labour"])
    held = _closed_long_ago(personas)
    fresh = internal_signal(personas, via_bob=False)
    LegalHold.objects.create(signal=held, reason="Lopende strafzaak", placed_by=personas["pim"])
    pim = client_for("pim")
    assert (
        pim.post(
            "/privacy/bewaartermijnen/",
            {"what": "months", "code": "signal_without_referral", "months": "12"},
        ).status_code
        == 302
    )
    assert pim.post("/privacy/bewaartermijnen/", {"what": "dry_run"}).status_code == 302
    dry = DestructionRecord.objects.get(code="signal_without_referral", dry_run=True)
    assert dry.count == 1
    assert Signal.objects.get(pk=old.pk).description  # a dry run changes nothing
    asked = pim.post("/privacy/bewaartermijnen/", {"what": "run"})
    assert asked.status_code == 200 and 'data-testid="confirm"' in asked.content.decode()
    assert Signal.objects.get(pk=old.pk).description  # nothing happens before the confirmation
    pim.post("/privacy/bewaartermijnen/", {"what": "run", "confirm": "yes"})
    gone = Signal.objects.get(pk=old.pk)
    assert gone.description == "" and gone.postcode == "" and not gone.subjects.exists()
    assert (gone.sector, gone.forms, gone.outcome) == (
        "construction",
        ["labour"],
        Outcome.NO_TRAFFICKING,
    )
    identity = ReporterIdentity.objects.get(signal=gone)
    assert identity.user is None and identity.anonymous
    assert (
        Signal.objects.get(pk=held.pk).description and Signal.objects.get(pk=fresh.pk).description
    )
    assert DestructionRecord.objects.get(code="signal_without_referral", dry_run=False).count == 1
    again = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert [r.count for r in again if r.code == "signal_without_referral"] == [0]  # once
    assert AuditEntry.objects.filter(action="privacy.retention_run").exists()
    csv_text = pim.get("/privacy/bewaartermijnen/vernietigingen.csv").content.decode()
    assert "Afgesloten signalen zonder overdracht" in csv_text


def test_bad_input_on_the_retention_page(personas: Any, client_for: Any) -> None:
    pim = client_for("pim")
    bad = pim.post(
        "/privacy/bewaartermijnen/",
        {"what": "months", "code": "signal_without_referral", "months": "0"},
    )
    assert bad.status_code == 400
    unknown = pim.post(
        "/privacy/bewaartermijnen/", {"what": "hold", "reference": "SR-NOPE", "reason": "x"}
    )
    assert unknown.status_code == 400 and not LegalHold.objects.exists()
    assert client_for("ida").get("/privacy/bewaartermijnen/").status_code == 403
    assert client_for("carla").get("/privacy/bewaartermijnen/").status_code == 403


def test_nothing_that_names_anyone_is_left_behind(personas: Any) -> None:
    from signaalroute.intake.models import PublicReceipt
    from signaalroute.workflow.models import Task

    old = _closed_long_ago(personas)
    Task.objects.create(
        signal=old, title="Bel mevrouw Jansen, Dorpsstraat 1", due_on=dt.date.today()
    )
    merged = _closed_long_ago(personas)
    Signal.objects.filter(pk=merged.pk).update(state="merged", merged_into=old)
    from signaalroute.privacy.models import RetentionSetting

    RetentionSetting.objects.create(municipality=soest(), code="signal_without_referral", months=12)
    retention_run(actor=None, municipality=soest(), dry_run=False)
    assert Task.objects.get(signal=old).title == ""
    assert Signal.objects.get(pk=merged.pk).description == ""  # the merged one goes too
    assert not PublicReceipt.objects.filter(signal=old).exists()


def test_a_legal_hold_is_placed_and_lifted(personas: Any, client_for: Any) -> None:
    signal = _closed_long_ago(personas)
    pim = client_for("pim")
    placed = pim.post(
        "/privacy/bewaartermijnen/",
        {"what": "hold", "reference": signal.reference, "reason": "Lopende strafzaak"},
    )
    assert placed.status_code == 302
    hold = LegalHold.objects.get(signal=signal)
    assert client_for("ida").post(f"/privacy/blokkades/{hold.pk}/opheffen/").status_code == 403
    assert pim.post(f"/privacy/blokkades/{hold.pk}/opheffen/").status_code == 302
    assert not LegalHold.objects.exists()
    assert AuditEntry.objects.filter(action="privacy.legal_hold_lift").exists()


def test_every_rule_names_its_proposed_process_type_of_the_selectielijst(
    personas: Any, client_for: Any
) -> None:
    page = client_for("pim").get("/privacy/bewaartermijnen/").content.decode()
    for rule in rules_for(soest()):
        assert rule.selectielijst, rule.code
        assert f'data-testid="selectielijst-{rule.code}"' in page
    assert "procestype 8 &#x27;Voorzieningen verstrekken&#x27;" in page  # care trajectories
    assert "procestype 12 &#x27;Toezien en handhaven&#x27;" in page  # approach cases


def test_the_audit_log_is_kept_at_least_six_months(personas: Any, client_for: Any) -> None:
    pim = client_for("pim")
    short = pim.post(
        "/privacy/bewaartermijnen/", {"what": "months", "code": "audit_log", "months": "3"}
    )
    assert short.status_code == 400
    assert "van 6 tot 1200" in short.content.decode()
    ok = pim.post(
        "/privacy/bewaartermijnen/", {"what": "months", "code": "audit_log", "months": "6"}
    )
    assert ok.status_code == 302
