"""The demo's accountability work for Soest: seed 002's action plan with some actions done and
one overdue, the policy document due for its two-yearly evaluation, and the yearly report of
last year adopted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.monitoring.models import ActionPlan, ActionStatus, PlanAction, PolicyDocument
from signaalroute.monitoring.plan_services import policy_add
from signaalroute.monitoring.reports import report_finalise, report_start, report_write
from signaalroute.monitoring.templates_data import load_example_plan


def build_demo_monitoring(users: dict[str, Any]) -> None:
    soest = Organisation.objects.get(name="Soest", kind=OrganisationKind.MUNICIPALITY)
    if ActionPlan.objects.filter(municipality=soest).exists():
        return
    gijs = users["gijs"]
    year = timezone.localdate().year
    plan = load_example_plan(gijs, soest, year - 1)
    actions = list(
        PlanAction.objects.filter(pillar__plan=plan).order_by("pillar__position", "description")
    )
    for action in actions[:5]:
        action.status = ActionStatus.DONE
        action.evidence = "Uitgevoerd; verslag in het zaaksysteem."
        action.save(update_fields=["status", "evidence"])
    PlanAction.objects.filter(pk__in=[a.pk for a in actions[5:8]]).update(
        status=ActionStatus.IN_PROGRESS
    )
    late = actions[-1]
    late.due_on = timezone.localdate() - dt.timedelta(days=20)
    late.save(update_fields=["due_on"])
    if not PolicyDocument.objects.filter(municipality=soest).exists():
        policy_add(
            actor=gijs,
            municipality=soest,
            title="Beleid aanpak mensenhandel gemeente Soest",
            adopted_on=timezone.localdate() - dt.timedelta(days=2 * 365 - 20),
            every=2,
        )
    report = report_start(actor=gijs, area_key=f"m-{soest.pk}", year=year - 1)
    report = report_write(
        actor=gijs,
        report=report,
        narrative={
            "introduction": "Dit is de jaarrapportage over de aanpak van mensenhandel in Soest.",
            "signals": "Het aantal signalen bleef ongeveer gelijk.\n\n- De meeste signalen kwamen via de interne meldroute.\n- Arbeidsuitbuiting werd het vaakst gemeld.",
            "outlook": "Volgend jaar trainen we de medewerkers van Burgerzaken opnieuw.",
        },
        expected_version=report.version,
    )
    report_finalise(actor=gijs, report=report, expected_version=report.version)
