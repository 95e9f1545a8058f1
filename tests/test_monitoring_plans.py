"""The action plan (import in the shape of seed 002's tables, progress per pillar, overdue) and
the policy cycle (evaluation due every two years, the reminder)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from openpyxl import Workbook

from signaalroute.audit.models import AuditEntry
from signaalroute.core.models import Notification
from signaalroute.monitoring.models import ActionPlan, ActionStatus, PlanAction, PolicyDocument
from signaalroute.monitoring.plan_services import plan_progress
from signaalroute.monitoring.reminders import evaluation_reminders
from signaalroute.monitoring.templates_data import EXAMPLE_CSV, example_owners, example_plan
from tests.signals import soest

pytestmark = pytest.mark.django_db


def _plan(client: Any) -> ActionPlan:
    pillars = "\n".join(example_plan()["pillars"])  # type: ignore[arg-type]
    made = client.post(
        "/uitvoeringsplan/",
        {"title": "Uitvoeringsplan", "first_year": "2025", "last_year": "2026", "pillars": pillars},
    )
    assert made.status_code == 302, made.content.decode()[:1500]
    return ActionPlan.objects.get(title="Uitvoeringsplan")


def _upload(client: Any, plan: ActionPlan, name: str, content: bytes) -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(f"/uitvoeringsplan/{plan.pk}/", {"what": "import", "file": upload})


def test_henk_imports_seed_002s_plan_and_progress_shows(personas: Any, client_for: Any) -> None:
    henk = client_for("henk")
    plan = _plan(henk)
    refused = _upload(henk, plan, "plan.csv", EXAMPLE_CSV.read_bytes())
    assert refused.status_code == 400  # nobody on the owners' list yet
    assert "Onbekende eigenaar" in refused.content.decode()
    assert PlanAction.objects.count() == 0
    example_owners(personas["henk"], soest())
    done = _upload(henk, plan, "plan.csv", EXAMPLE_CSV.read_bytes())
    assert done.status_code == 302
    assert PlanAction.objects.filter(pillar__plan=plan).count() == 17
    spring = PlanAction.objects.get(description="Interne meldroute verder uitwerken.")
    assert spring.due_on == dt.date(2025, 5, 31) and not spring.recurring
    assert PlanAction.objects.get(description="Overleg met de uitvoerende ketenpartners.").recurring
    progress = {p.pillar: p for p in plan_progress(plan)}
    assert progress["Uitwerken en bekend maken interne meldroute"].overdue == 2
    page = henk.get(f"/uitvoeringsplan/{plan.pk}/").content.decode()
    assert "Over de termijn" in page
    assert AuditEntry.objects.filter(action="monitoring.plan_import").exists()


def test_a_bad_import_names_every_row_and_imports_nothing(personas: Any, client_for: Any) -> None:
    henk = client_for("henk")
    plan = _plan(henk)
    example_owners(personas["henk"], soest())
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Pijler", "Actie", "Planning", "Wie"])
    sheet.append(["Aanpak dadernetwerken", "Goede actie", "K2 2025", "Team OOV"])
    sheet.append(["Onbekende pijler", "Actie", "31-02-2025", "Iemand anders"])
    sheet.append(["Aanpak dadernetwerken", "", "maart", "Team OOV"])
    out = io.BytesIO()
    book.save(out)
    response = _upload(henk, plan, "plan.xlsx", out.getvalue())
    assert response.status_code == 400
    text = response.content.decode()
    for expected in (
        "Rij 3",
        "Rij 4",
        "Onbekende pijler",
        "geen bestaande datum",
        "Iemand anders",
        "jaar",
    ):
        assert expected in text, expected
    assert PlanAction.objects.count() == 0
    wrong = _upload(henk, plan, "plan.csv", b"Wat;Wanneer\nx;y\n")
    assert wrong.status_code == 400 and "Kolom" in wrong.content.decode()
    assert _upload(henk, plan, "plan.txt", b"x").status_code == 400


def test_an_action_is_changed_with_its_evidence(personas: Any, client_for: Any) -> None:
    henk = client_for("henk")
    plan = _plan(henk)
    example_owners(personas["henk"], soest())
    _upload(henk, plan, "plan.csv", EXAMPLE_CSV.read_bytes())
    action = PlanAction.objects.get(description="Interne meldroute verder uitwerken.")
    gijs = client_for("gijs")
    data = {
        "pillar": str(action.pillar_id),
        "description": action.description,
        "planning": "Voorjaar 2025",
        "owners": [str(o.pk) for o in action.owners.all()],
        "status": ActionStatus.DONE,
        "evidence": "Meldroute vastgesteld door het college op 1 april 2025.",
        "version": action.version,
    }
    assert gijs.post(f"/uitvoeringsplan/actie/{action.pk}/", data).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and not action.overdue
    stale = gijs.post(f"/uitvoeringsplan/actie/{action.pk}/", data)  # the old version again
    assert stale.status_code == 409
    bad = gijs.post(
        f"/uitvoeringsplan/actie/{action.pk}/", {**data, "owners": [], "version": action.version}
    )
    assert bad.status_code == 400
    assert client_for("karin").get(f"/uitvoeringsplan/actie/{action.pk}/").status_code == 404
    assert client_for("ida").get(f"/uitvoeringsplan/{plan.pk}/").status_code == 403


def test_the_policy_evaluation_falls_due_and_is_reminded_once(
    personas: Any, client_for: Any
) -> None:
    gijs = client_for("gijs")
    adopted = dt.date.today() - dt.timedelta(days=2 * 365 - 10)
    assert (
        gijs.post(
            "/beleid/",
            {"title": "Beleid mensenhandel", "adopted_on": adopted.isoformat(), "every": "2"},
        ).status_code
        == 302
    )
    document = PolicyDocument.objects.get()
    assert document.evaluation_due == adopted.replace(year=adopted.year + 2)
    assert evaluation_reminders() == 1
    assert evaluation_reminders() == 0  # once per due date
    notice = Notification.objects.get(kind="policy_evaluation")
    assert "Beleid mensenhandel" in notice.body and notice.recipients
    bad = gijs.post(
        f"/beleid/{document.pk}/evaluatie/", {"evaluated_on": "2000-01-01", "outcome": ""}
    )
    assert bad.status_code == 400
    done = gijs.post(
        f"/beleid/{document.pk}/evaluatie/",
        {
            "evaluated_on": dt.date.today().isoformat(),
            "outcome": "Beleid werkt; meldroute aanscherpen.",
        },
    )
    assert done.status_code == 302
    document.refresh_from_db()
    assert document.evaluation_due.year == dt.date.today().year + 2
    assert client_for("alice").get("/beleid/").status_code == 403
    del mail.outbox[:]
