"""Every write of the approach: one transaction, checked, audited, on the case's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import EditConflict
from signaalroute.locations.models import RiskLocation
from signaalroute.signals.models import Signal
from signaalroute.stacking.models import Trace
from signaalroute.workflow.assignments import officers_of
from signaalroute.workflow.errors import TransitionRefused

from .catalogue import catalogue
from .models import ApproachCase, CaseEvent, Finding, Intervention, InterventionState
from .selectors import may_open_case


def _event(case: ApproachCase, actor: User, text: str) -> None:
    CaseEvent.objects.create(case=case, at=timezone.now(), actor=actor, text=text)


def _audit(actor: User, action: str, case: ApproachCase, **extra: Any) -> None:
    audit_record(
        actor=actor, action=action, obj=case, organisation_id=case.municipality_id, **extra
    )


def _next_reference() -> str:
    year = timezone.localdate().year
    count = ApproachCase.objects.filter(reference__startswith=f"AD-{year}-").count()
    return f"AD-{year}-{count + 1:04d}"


def _owner_for(municipality: Organisation, actor: User) -> User:
    """The safety officer of the municipality (seed 004 §5.1), else the one opening the case."""
    return officers_of(municipality).proposed_owner("safety") or actor


@transaction.atomic
def case_open(
    *,
    actor: User,
    municipality: Organisation,
    kind: str,
    title: str,
    summary: str = "",
    signals: list[Signal] | None = None,
    stack_trace: Trace | None = None,
    next_discussion_on: dt.date | None = None,
    risk_location: RiskLocation | None = None,
) -> ApproachCase:
    if not may_open_case(actor, municipality.pk):
        raise TransitionRefused()
    signals = list(signals or [])
    if stack_trace is not None:
        if stack_trace.municipality_id != municipality.pk:
            raise TransitionRefused()
        signals.append(stack_trace.signal)
    if risk_location is not None and risk_location.municipality_id != municipality.pk:
        raise ValidationError({"risk_location": _("Choose a risk location of this municipality.")})
    if any(s.municipality_id != municipality.pk for s in signals):
        raise ValidationError({"signals": _("Link only signals of this municipality.")})
    case = ApproachCase(
        reference=_next_reference(),
        municipality=municipality,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        owner=_owner_for(municipality, actor),
        stack_trace=stack_trace,
        risk_location=risk_location,
        opened_on=timezone.localdate(),
        next_discussion_on=next_discussion_on,
    )
    case.full_clean()
    case.save()
    case.signals.set({s.pk: s for s in signals}.values())
    _audit(actor, "approach.case_open", case, fields=["kind", "title", "signals"])
    _event(case, actor, _("Approach case opened."))
    return case


CASE_FIELDS = (
    "title",
    "summary",
    "owner",
    "next_discussion_on",
    "state",
    "closed_on",
    "close_reason",
)


@transaction.atomic
def case_update(
    *, actor: User, case: ApproachCase, expected_version: int, changes: dict[str, Any]
) -> ApproachCase:
    if not may_open_case(actor, case.municipality_id):
        raise TransitionRefused()
    locked = ApproachCase.objects.select_for_update().get(pk=case.pk)
    if locked.version != expected_version:
        raise EditConflict()
    changed = [k for k in CASE_FIELDS if k in changes and getattr(locked, k) != changes[k]]
    for key in changed:
        setattr(locked, key, changes[key])
    owner = locked.owner
    if "owner" in changed and owner.pk not in {
        u.pk for u, _d in officers_of(locked.municipality).officers
    }:
        raise ValidationError({"owner": _("Choose a focal officer of this municipality.")})
    locked.full_clean()
    if not changed:
        return locked
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    _audit(actor, "approach.case_update", locked, fields=sorted(changed))
    names = [str(getattr(ApproachCase._meta.get_field(k), "verbose_name", k)) for k in changed]
    _event(locked, actor, _("Changed: %(fields)s") % {"fields": ", ".join(names)})
    return locked


@transaction.atomic
def case_link_signal(*, actor: User, case: ApproachCase, signal: Signal) -> None:
    if not may_open_case(actor, case.municipality_id):
        raise TransitionRefused()
    if signal.municipality_id != case.municipality_id:
        raise ValidationError({"signal": _("Link only signals of this municipality.")})
    case.signals.add(signal)
    _audit(
        actor, "approach.case_link", case, fields=["signals"], extra={"signal": signal.reference}
    )
    _event(case, actor, _("Signal %(ref)s linked.") % {"ref": signal.reference})


def _partners_ok(case: ApproachCase, partners: list[Organisation]) -> None:
    if any(p.region_id != case.municipality.region_id for p in partners):
        raise ValidationError({"partners": _("Choose partners of the region.")})


@transaction.atomic
def intervention_add(
    *,
    actor: User,
    case: ApproachCase,
    kind: str,
    values: dict[str, Any],
    partners: list[Organisation] | None = None,
) -> Intervention:
    """Plan or record an intervention of a catalogue kind; refused as a whole on bad input."""
    if not may_open_case(actor, case.municipality_id):
        raise TransitionRefused()
    found = catalogue().kind(kind)
    if found is None:
        raise ValidationError({"kind": _("Choose an intervention from the catalogue.")})
    partners = list(partners or [])
    if found.partners and not partners:
        raise ValidationError(
            {"partners": _("An integral control is done with partners: choose them.")}
        )
    _partners_ok(case, partners)
    if values.get("planned_on") is None:
        raise ValidationError({"planned_on": _("Give the date it is planned for.")})
    intervention = Intervention(
        case=case,
        kind=kind,
        barrier=values.get("barrier") or found.barrier,
        details={f.key: str(values.get(f.key, "")).strip() for f in found.fields},
        responsible=str(values.get("responsible", "")).strip(),
        checklist=list(values.get("checklist") or []),
        planned_on=values["planned_on"],
        done_on=values.get("done_on"),
        starts_on=values.get("starts_on"),
        ends_on=values.get("ends_on"),
        signoff_by=str(values.get("signoff_by", "")).strip(),
        signoff_on=values.get("signoff_on"),
        decision=str(values.get("decision", "")).strip(),
        outcome=str(values.get("outcome", "")).strip(),
        state=values.get("state") or InterventionState.PLANNED,
        created_by=actor,
    )
    intervention.full_clean()
    intervention.save()
    intervention.partners.set(partners)
    _audit(actor, "approach.intervention_add", case, fields=["interventions"], extra={"kind": kind})
    _event(case, actor, _("Intervention planned: %(kind)s.") % {"kind": found.label})
    return intervention


INTERVENTION_FIELDS = (
    "barrier",
    "responsible",
    "planned_on",
    "done_on",
    "starts_on",
    "ends_on",
    "signoff_by",
    "signoff_on",
    "decision",
    "outcome",
    "state",
    "checklist",
)


@transaction.atomic
def intervention_update(
    *, actor: User, intervention: Intervention, values: dict[str, Any]
) -> Intervention:
    case = intervention.case
    if not may_open_case(actor, case.municipality_id):
        raise TransitionRefused()
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    found = catalogue().kind(intervention.kind)
    for key in INTERVENTION_FIELDS:
        if key in values:
            value = values[key]
            setattr(intervention, key, value.strip() if isinstance(value, str) else value)
    if found is not None:
        details = dict(intervention.details)
        for f in found.fields:
            if f.key in values:
                details[f.key] = str(values[f.key]).strip()
        intervention.details = details
    intervention.full_clean()
    intervention.save()
    _audit(actor, "approach.intervention_update", case, fields=sorted(values))
    label = found.label if found else intervention.kind
    _event(
        case,
        actor,
        _("Intervention changed: %(kind)s (%(state)s).")
        % {"kind": label, "state": intervention.get_state_display()},
    )
    return intervention


@transaction.atomic
def finding_record(
    *, actor: User, intervention: Intervention, partner: Organisation, text: str
) -> Finding:
    """What one partner found at an integral control (one line per partner, replaced)."""
    case = intervention.case
    if not may_open_case(actor, case.municipality_id):
        raise TransitionRefused()
    if not intervention.partners.filter(pk=partner.pk).exists():
        raise ValidationError({"partner": _("Choose a partner that joined this control.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what this partner found.")})
    finding, _created = Finding.objects.update_or_create(
        intervention=intervention, partner=partner, defaults={"text": text.strip()}
    )
    _audit(
        actor,
        "approach.finding_record",
        case,
        fields=["findings"],
        extra={"partner": str(partner.pk)},
    )
    _event(case, actor, _("Findings of %(partner)s recorded.") % {"partner": partner.name})
    return finding
