"""Training and awareness: who must be trained, coverage, new colleagues not yet trained,
recording a training (bad input refused), the awareness calendar and the reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from signaalroute.accounts.models import Organisation
from signaalroute.audit.models import AuditEntry
from signaalroute.core.models import Notification
from signaalroute.training.models import AwarenessItem, Training, TrainingTarget
from signaalroute.training.reminders import training_reminders
from signaalroute.training.selectors import coverage, training_figures
from signaalroute.training.services import defaults_load, target_save, training_record
from tests.signals import soest

pytestmark = pytest.mark.django_db


def _front_desk() -> TrainingTarget:
    return TrainingTarget.objects.get(municipality=soest(), name__startswith="Balie")


def test_the_defaults_link_groups_to_teams_and_fill_the_calendar(personas: Any) -> None:
    added = defaults_load(actor=personas["henk"], municipality=soest())
    assert added == 12
    assert _front_desk().team is not None and _front_desk().team.name.endswith("Burgerzaken en KCC")
    assert defaults_load(actor=personas["henk"], municipality=soest()) == 0  # nothing twice
    day = AwarenessItem.objects.get(title__startswith="Europese dag")
    assert day.dates_in(2026) == [dt.date(2026, 10, 18)]
    four = AwarenessItem.objects.get(title__startswith="Interne en externe")
    assert [d.month for d in four.dates_in(2026)] == [1, 4, 7, 10]


def test_a_training_changes_coverage_and_bad_input_is_refused(personas: Any) -> None:
    henk = personas["henk"]
    defaults_load(actor=henk, municipality=soest())
    before = next(c for c in coverage(soest()) if c.target == _front_desk())
    assert before.people == 2 and before.trained == 0
    assert {p.username for p in before.new_untrained} == {"alice", "bob"}
    today = dt.date.today()
    with pytest.raises(ValidationError) as future:
        training_record(
            actor=henk,
            municipality=soest(),
            held_on=today + dt.timedelta(days=3),
            provider="RIEC",
            kind="basic",
            title="",
            attendees=[personas["alice"]],
        )
    assert "held_on" in future.value.message_dict
    with pytest.raises(ValidationError) as stranger:
        training_record(
            actor=henk,
            municipality=soest(),
            held_on=today,
            provider="RIEC",
            kind="basic",
            title="",
            attendees=[personas["karin"]],
        )
    assert "attendees" in stranger.value.message_dict
    assert Training.objects.count() == 0
    training_record(
        actor=henk,
        municipality=soest(),
        held_on=today - dt.timedelta(days=10),
        provider="RIEC",
        kind="basic",
        title="Basis",
        attendees=[personas["alice"]],
    )
    after = next(c for c in coverage(soest()) if c.target == _front_desk())
    assert after.trained == 1 and [p.username for p in after.new_untrained] == ["bob"]
    entry = AuditEntry.objects.get(action="training.record")
    assert entry.extra["attendees"] == 1 and "alice" not in str(entry.extra)
    # A training older than the renewal interval no longer counts.
    old = coverage(soest(), today=today + dt.timedelta(days=400))
    assert next(c for c in old if c.target == _front_desk()).expired


def test_a_target_needs_an_allowed_interval_and_a_team_of_the_municipality(personas: Any) -> None:
    zeist_team = Organisation.objects.filter(parent__name="Zeist").first()
    with pytest.raises(ValidationError):
        target_save(
            actor=personas["henk"], municipality=soest(), name="X", team=None, renewal_years=3
        )
    with pytest.raises(ValidationError):
        target_save(
            actor=personas["henk"], municipality=soest(), name="X", team=zeist_team, renewal_years=1
        )


def test_pages_are_for_the_administrator_and_focal_officer_of_the_municipality(
    personas: Any, client_for: Any
) -> None:
    defaults_load(actor=personas["henk"], municipality=soest())
    henk = client_for("henk")
    for url in (
        "/training/",
        "/training/registreren/",
        "/training/doelgroepen/",
        "/training/bewustwording/",
    ):
        assert henk.get(url).status_code == 200, url
    target = _front_desk()
    assert client_for("karin").get(f"/training/doelgroepen/{target.pk}/").status_code == 404
    assert client_for("gijs").get("/training/").status_code == 403
    bad = henk.post(
        "/training/registreren/", {"held_on": "2999-01-01", "provider": "", "kind": "basic"}
    )
    assert bad.status_code == 400 and "Tik aan wie" in bad.content.decode()
    page = henk.get("/training/").content.decode()
    assert "Alice de Vries" in page


def test_reminders_name_no_one_and_come_once_a_month(personas: Any) -> None:
    defaults_load(actor=personas["henk"], municipality=soest())
    sent = training_reminders(dt.date.today())
    assert sent >= 1
    notice = Notification.objects.filter(kind="training").first()
    assert notice is not None and "Alice" not in notice.body and "Balie" in notice.subject
    first = Notification.objects.filter(kind="training").count()  # one per group with someone due
    training_reminders(dt.date.today() + dt.timedelta(days=3))
    assert Notification.objects.filter(kind="training").count() == first  # not again within a month


def test_a_signal_card_names_the_signs_and_the_municipalitys_contact(
    personas: Any, client_for: Any
) -> None:
    import io

    from pypdf import PdfReader

    alice = client_for("alice")
    listing = alice.get("/signaalkaarten/").content.decode()
    assert "Balie (Burgerzaken, KCC)" in listing
    page = alice.get("/signaalkaarten/balie/").content.decode()
    assert "paspoort" in page  # a sign from the Dutch signal list
    assert "112" in page and "Meld Misdaad Anoniem" in page
    pdf = alice.get("/signaalkaarten/balie/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Signaalkaart mensenhandel" in (reader.metadata.title or "")
    assert "paspoort" in text and "Soest" in text
    assert alice.get("/signaalkaarten/onbekend/").status_code == 404
    assert client_for("fenna").get("/signaalkaarten/").status_code == 403  # a partner contact


def test_a_card_per_form_of_exploitation_holds_that_forms_signs_only(
    personas: Any, client_for: Any
) -> None:
    alice = client_for("alice")
    listing = alice.get("/signaalkaarten/").content.decode()
    assert "Per vorm van uitbuiting" in listing and "Criminele uitbuiting" in listing
    page = alice.get("/signaalkaarten/criminele-uitbuiting/").content.decode()
    assert "drugshandel" in page  # a sign of criminal exploitation from the Dutch list
    assert "webcam" not in page and "busje" not in page  # sexual, labour: not here
    labour = alice.get("/signaalkaarten/arbeidsuitbuiting/").content.decode()
    assert "busje" in labour and "Soest" in labour
    pdf = alice.get("/signaalkaarten/seksuele-uitbuiting/pdf/")
    assert pdf["Content-Type"] == "application/pdf"


def test_the_monitoring_figures_add_up_the_coverage_of_each_municipality(personas: Any) -> None:
    henk = personas["henk"]
    defaults_load(actor=henk, municipality=soest())
    today = dt.date.today()
    training_record(
        actor=henk,
        municipality=soest(),
        held_on=today - dt.timedelta(days=10),
        provider="RIEC",
        kind="basic",
        title="Basis",
        attendees=[personas["alice"], personas["bob"]],
    )
    towns = list(Organisation.objects.filter(name__in=["Soest", "Zeist"]))
    rows = [c for town in towns for c in coverage(town)]
    figures = training_figures(towns, today.year)
    assert figures["people"] == sum(c.people for c in rows) > 0
    assert figures["trained"] == sum(c.trained for c in rows) > 0
    this_year = (today - dt.timedelta(days=10)).year == today.year
    assert figures["trainings"] == (1 if this_year else 0)
    assert figures["attendances"] == 2 * figures["trainings"]
