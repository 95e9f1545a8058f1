"""The location route in a real browser (the approach issue's "done when"): two differently
written reports about one address stack; carla puts the stack on the next signalling meeting's
agenda; at the meeting fenna (community police) sees the item pseudonymised; the decision is an
integral control; carla opens an approach case on the address, plans the control with the labour
inspectorate and the police, records the findings, and refers to the labour inspectorate's
supervision; the next meeting shows the action done. axe-core on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from signaalroute.approach.models import ApproachCase, Finding, Intervention
from signaalroute.meetings.models import Action, AgendaItem, Meeting
from signaalroute.partners.referrals.models import Referral
from signaalroute.signals.models import Signal
from signaalroute.signals.states import State
from signaalroute.stacking.models import Candidate, Trace
from signaalroute.workflow.services import signal_transition

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .test_browser_stacking import _report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date.today()
FIRST = "Veel mannen in één woning; busje haalt ze 's ochtends op."
SECOND = "Controle: matrassen op zolder, bewoners zeggen niets."


def _plan_meeting(page: Any, demo: Any, on: dt.date) -> Meeting:
    page.goto("/overleggen/nieuw/")
    page.locator("#id_held_on").fill(on.isoformat())
    page.locator(f"input[name=attendees][value='{demo['fenna'].pk}']").check()
    before = set(Meeting.objects.values_list("pk", flat=True))
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_load_state("load")
    return Meeting.objects.exclude(pk__in=before).get()


def test_the_location_route(page: Any, demo: Any) -> None:
    # Two reports about one address, written differently: they stack.
    _report(page, "alice", "3762 AB", "12", FIRST)
    _report(page, "otto", "3762ab", "12", SECOND)
    assert Candidate.objects.get().tier == "certain"
    trace = Trace.objects.filter(kind="address", signal__description=FIRST).first() or (
        Candidate.objects.get().trace_a
    )

    # carla plans the signalling meeting and puts the stack on its agenda from the stack page.
    browser_login(page, "carla")
    meeting = _plan_meeting(page, demo, TODAY)
    page.goto(f"/stapels/spoor/{trace.pk}/")
    assert_accessible(page)
    panel = page.get_by_test_id("stack-meetings")
    panel.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.stack_trace_id is not None
    logout(page)

    # fenna attends for the police: the item pseudonymised (no address, no description).
    browser_login(page, "fenna")
    page.goto(f"/overleggen/{meeting.pk}/")
    assert page.get_by_test_id("pseudonymised").is_visible()
    content = page.content()
    assert FIRST not in content and SECOND not in content and "3762 AB" not in content
    assert_accessible(page)
    logout(page)

    # The decision: an integral control; carla opens the approach case on the address from it.
    browser_login(page, "carla")
    page.goto(f"/overleggen/{meeting.pk}/punten/{item.pk}/besluit/")
    assert_accessible(page)
    page.locator("#id_text").fill("Integrale controle met Arbeidsinspectie en politie.")
    page.locator("#id_action").fill("Integrale controle Dorpsstraat 12 uitvoeren")
    page.locator("#id_owner").select_option(str(demo["carla"].pk))
    page.locator("#id_due_on").fill((TODAY + dt.timedelta(days=14)).isoformat())
    page.locator("#id_open_case").check()
    page.locator("#id_case_kind").select_option("location")
    page.locator("#id_case_title").fill("Dorpsstraat 12, Soest")
    page.locator("form.utrecht-form button[type=submit]").click()
    wait_for_path(page, f"/overleggen/{meeting.pk}/")
    case = ApproachCase.objects.get()
    action = Action.objects.get()
    assert action.approach_case == case
    assert set(case.signals.values_list("description", flat=True)) >= {FIRST}

    # In the case: plan the integral control with the labour inspectorate and the police.
    page.goto(f"/aanpak/{case.pk}/")
    assert_accessible(page)
    page.goto(f"/aanpak/{case.pk}/interventie/")
    assert_accessible(page)
    page.locator("input[name=soort][value=integral_control]").check()
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.locator("#id_responsible").fill("Team Toezicht en Handhaving")
    page.locator("#id_planned_on").fill(TODAY.isoformat())
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_load_state("load")
    # No partners: refused at the field, nothing saved.
    assert page.locator("#id_partners-fout").count() == 1
    assert not Intervention.objects.exists()
    for name in (
        "Nederlandse Arbeidsinspectie — toezicht (demo)",
        "Politie basisteam Heuvelrug (demo)",
    ):
        page.get_by_role("checkbox", name=name).check()
    page.locator("form.utrecht-form button[type=submit]").click()
    wait_for_path(page, f"/aanpak/{case.pk}/")
    control = Intervention.objects.get()
    assert control.partners.count() == 2

    # The findings per partner.
    page.goto(f"/aanpak/{case.pk}/interventie/{control.pk}/")
    assert_accessible(page)
    page.locator("#id_bevinding-partner").select_option(
        label="Nederlandse Arbeidsinspectie — toezicht (demo)"
    )
    page.locator("#id_bevinding-text").fill("Veertien matrassen; geen arbeidscontracten.")
    page.locator("form[action$='/bevinding/'] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert Finding.objects.get().text.startswith("Veertien matrassen")

    # Refer to the labour inspectorate's supervision, through the lawful referral.
    signal = case.signals.order_by("created_at").first()
    assert isinstance(signal, Signal)
    # (carla took the signal up on the route: triage)
    signal_transition(
        actor=demo["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    page.goto(f"/aanpak/{case.pk}/")
    page.locator(f"a[href='/signalen/{signal.pk}/overdracht/']").first.click()
    wait_for_path(page, f"/signalen/{signal.pk}/overdracht/")
    page.locator("#id_partner").select_option(
        label="Nederlandse Arbeidsinspectie — toezicht (demo)"
    )
    page.locator("input[name=basis][value=statutory_task]").check()
    page.locator("details.sr-details summary").first.click()
    page.locator("#id_article").fill("art. 24 Arbeidsomstandighedenwet")
    page.locator("#id_purpose").fill("Toezicht op arbeidsomstandigheden na de integrale controle.")
    page.locator("button[name=action][value=preview]").click()
    page.locator("button[name=action][value=send]").click()
    wait_for_path(page, f"/signalen/{signal.pk}/")
    referral = Referral.objects.get(
        partner__name__startswith="Nederlandse Arbeidsinspectie — toezicht"
    )
    assert "victims" not in referral.shared_fields  # supervision: not the possible victims

    # The action is done; the next meeting opens with it.
    page.goto(f"/overleggen/acties/{action.pk}/")
    page.locator("#id_done_on").fill(TODAY.isoformat())
    page.locator("#id_note").fill("Controle uitgevoerd; doorverwezen naar de Arbeidsinspectie.")
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_load_state("load")
    following = _plan_meeting(page, demo, TODAY + dt.timedelta(days=30))
    page.goto(f"/overleggen/{following.pk}/")
    earlier = page.get_by_test_id("earlier-actions").inner_text()
    assert "Integrale controle Dorpsstraat 12 uitvoeren" in earlier
    action.refresh_from_db()
    assert action.done_on == TODAY
    assert_accessible(page)

    # The risk-location list and map render and pass axe.
    page.goto("/risicolocaties/")
    assert_accessible(page)
    page.goto("/risicolocaties/kaart/")
    assert_accessible(page)
