"""Reads of the approach, scoped by the user: the focal officers of the case's municipality.
Partners, other municipalities and everyone else get 404 on a case's id. A case shows its
signals' perpetrators, places and organisations, never their possible victims."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.audit.services import audit_record
from signaalroute.signals.indicators import load_catalogue
from signaalroute.signals.models import Signal, SubjectRole

from .models import ApproachCase, CaseState, Intervention


def cases_visible_to(user: User) -> QuerySet[ApproachCase]:
    return ApproachCase.objects.filter(
        municipality__in=handling_municipalities(user)
    ).select_related("municipality", "owner")


def may_open_case(user: User, municipality_id: Any) -> bool:
    return handling_municipalities(user).filter(pk=municipality_id).exists()


@dataclass(frozen=True)
class CaseSignal:
    """A signal as a case shows it: what was seen about whom or where, never the victims."""

    signal: Signal
    forms: list[str]
    place: str
    subjects: list[str]  # possible perpetrators, places, organisations (never victims)


def case_signals(user: User, case: ApproachCase) -> list[CaseSignal]:
    """The case's signals for its page; the read is audited as ``approach.case_read``."""
    if not may_open_case(user, case.municipality_id):
        return []
    signals = list(case.signals.prefetch_related("subjects").order_by("created_at"))
    rows = [
        CaseSignal(
            signal=s,
            forms=s.form_labels,
            place=s.address_text,
            subjects=[
                f"{sub.get_role_display()}: {sub.description}"
                for sub in s.subjects.all()
                if sub.role != SubjectRole.VICTIM
            ],
        )
        for s in signals
    ]
    audit_record(
        actor=user,
        action="approach.case_read",
        obj=case,
        organisation_id=case.municipality_id,
        fields=["title", "signals", "subjects"],
    )
    return rows


def cases_due_for_discussion(
    municipality_ids: Iterable[uuid.UUID], on_or_before: dt.date
) -> QuerySet[ApproachCase]:
    """Open cases whose next discussion in the signalling meeting is due (for the agenda)."""
    return ApproachCase.objects.filter(
        municipality_id__in=list(municipality_ids),
        state=CaseState.OPEN,
        next_discussion_on__isnull=False,
        next_discussion_on__lte=on_or_before,
    ).order_by("next_discussion_on")


def partner_choices(municipality: Organisation) -> QuerySet[Organisation]:
    """Who can join an intervention: the region's partners and the municipality's own teams."""
    return Organisation.objects.filter(region_id=municipality.region_id).filter(
        kind__in=[OrganisationKind.PARTNER, OrganisationKind.TEAM]
    )


def checklist_choices() -> list[tuple[str, str]]:
    """The signs an integral control checks: the Dutch signal list for labour and sexual
    exploitation (the indicator catalogue), so controls look for trafficking too (seed 001
    §4.1.3: "structurele aandacht voor mensenhandel bij alle integrale controles")."""
    return [
        (i.code, i.label)
        for i in load_catalogue().indicators
        if i.family == "nl_signal_list" and {"labour", "sexual"} & set(i.forms)
    ]


def intervention_figures(municipality_ids: Iterable[uuid.UUID], year: int) -> Counter[Any]:
    """Interventions planned in ``year`` per (municipality, kind, barrier, state)."""
    rows = Intervention.objects.filter(
        case__municipality_id__in=list(municipality_ids), planned_on__year=year
    ).values_list("case__municipality_id", "kind", "barrier", "state")
    return Counter(rows)
