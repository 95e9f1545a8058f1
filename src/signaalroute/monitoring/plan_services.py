"""Writes of the action plan and the policy cycle, and the reads the pages and the yearly report
share (progress per pillar). Keyword-only, one transaction each, audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import holds_in, municipalities_where
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import EditConflict

from .models import ActionOwner, ActionPlan, ActionStatus, Pillar, PlanAction, PolicyDocument
from .plan_import import check_rows, read_table
from .planning import PlanningError, read_planning


def plan_municipalities(user: User) -> QuerySet[Organisation]:
    return municipalities_where(user, Permission.KEEP_ACTION_PLAN)


def plans_for(user: User) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(municipality__in=plan_municipalities(user))


def _require(actor: User, municipality_id: Any) -> None:
    if not holds_in(actor, Permission.KEEP_ACTION_PLAN, municipality_id):
        raise PermissionDenied


@transaction.atomic
def plan_create(
    *,
    actor: User,
    municipality: Organisation,
    title: str,
    first_year: int,
    last_year: int,
    pillars: list[str],
) -> ActionPlan:
    _require(actor, municipality.pk)
    names = list(dict.fromkeys(p.strip() for p in pillars if p.strip()))
    if not names:
        raise ValidationError({"pillars": _("Name at least one pillar.")})
    plan = ActionPlan(
        municipality=municipality, title=title.strip(), first_year=first_year, last_year=last_year
    )
    plan.full_clean()
    plan.save()
    Pillar.objects.bulk_create(
        Pillar(plan=plan, position=i, name=name[:200]) for i, name in enumerate(names, start=1)
    )
    audit_record(
        actor=actor, action="monitoring.plan_create", obj=plan, organisation_id=municipality.pk
    )
    return plan


@transaction.atomic
def owner_add(*, actor: User, municipality: Organisation, name: str, kind: str) -> ActionOwner:
    _require(actor, municipality.pk)
    name = " ".join(name.split()).strip(" .")
    if ActionOwner.objects.filter(municipality=municipality, name__iexact=name).exists():
        raise ValidationError({"name": _("This owner is on the list already.")})
    owner = ActionOwner(municipality=municipality, name=name, kind=kind)
    owner.full_clean()
    owner.save()
    audit_record(
        actor=actor, action="monitoring.owner_add", obj=owner, organisation_id=municipality.pk
    )
    return owner


@transaction.atomic
def action_save(
    *,
    actor: User,
    pillar: Pillar,
    action: PlanAction | None,
    description: str,
    planning: str,
    owners: list[ActionOwner],
    status: str,
    evidence: str,
    expected_version: int | None = None,
) -> PlanAction:
    """Add an action to ``pillar`` (``action`` None) or change one."""
    _require(actor, pillar.plan.municipality_id)
    if any(o.municipality_id != pillar.plan.municipality_id for o in owners):
        raise PermissionDenied
    if not owners:
        raise ValidationError({"owners": _("Name who carries out the action.")})
    try:
        read = read_planning(planning)
    except PlanningError as error:
        raise ValidationError({"planning": str(error)}) from error
    if action is not None:
        updated = PlanAction.objects.filter(pk=action.pk, version=expected_version or 0).update(
            version=(expected_version or 0) + 1
        )
        if not updated:
            raise EditConflict()
        action.version = (expected_version or 0) + 1
    row = action or PlanAction(pillar=pillar)
    row.pillar = pillar
    row.description, row.planning, row.due_on, row.recurring = (
        description.strip(),
        read.text,
        read.due_on,
        read.recurring,
    )
    row.status, row.evidence = status, evidence.strip()
    row.full_clean(exclude=["owners"])
    row.save()
    row.owners.set(owners)
    audit_record(
        actor=actor,
        action="monitoring.action_add" if action is None else "monitoring.action_update",
        obj=row,
        organisation_id=pillar.plan.municipality_id,
        extra={"status": status},
    )
    return row


@transaction.atomic
def plan_import(*, actor: User, plan: ActionPlan, name: str, content: bytes) -> int:
    """Import the actions of a CSV or XLSX file; ImportRefused lists every error, and then
    nothing is imported."""
    _require(actor, plan.municipality_id)
    rows = check_rows(plan, read_table(name, content))
    pillars = {p.name: p for p in plan.pillars.all()}
    for row in rows:
        made = PlanAction(
            pillar=pillars[row.pillar],
            description=row.description,
            planning=row.planning.text,
            due_on=row.planning.due_on,
            recurring=row.planning.recurring,
            status=row.status,
            evidence=row.evidence,
        )
        made.full_clean(exclude=["owners"])
        made.save()
        made.owners.set(row.owners)
    audit_record(
        actor=actor,
        action="monitoring.plan_import",
        obj=plan,
        organisation_id=plan.municipality_id,
        extra={"actions": len(rows)},
    )
    return len(rows)


@dataclass(frozen=True)
class PillarProgress:
    pillar: str
    actions: int
    done: int
    in_progress: int
    overdue: int

    @property
    def percent_done(self) -> int:
        counted = self.actions
        return round(100 * self.done / counted) if counted else 0


def plan_progress(plan: ActionPlan) -> list[PillarProgress]:
    out = []
    for pillar in plan.pillars.prefetch_related("actions"):
        actions = [a for a in pillar.actions.all() if a.status != ActionStatus.DROPPED]
        out.append(
            PillarProgress(
                pillar=pillar.name,
                actions=len(actions),
                done=sum(a.status == ActionStatus.DONE for a in actions),
                in_progress=sum(a.status == ActionStatus.IN_PROGRESS for a in actions),
                overdue=sum(a.overdue for a in actions),
            )
        )
    return out


@transaction.atomic
def policy_add(
    *, actor: User, municipality: Organisation, title: str, adopted_on: dt.date, every: int
) -> PolicyDocument:
    _require(actor, municipality.pk)
    document = PolicyDocument(
        municipality=municipality,
        title=title.strip(),
        adopted_on=adopted_on,
        evaluate_every_years=every,
    )
    document.full_clean()
    document.save()
    audit_record(
        actor=actor, action="monitoring.policy_add", obj=document, organisation_id=municipality.pk
    )
    return document


@transaction.atomic
def policy_evaluate(
    *, actor: User, document: PolicyDocument, evaluated_on: dt.date, outcome: str
) -> PolicyDocument:
    """Record an evaluation: its date and outcome; the next one falls due from here."""
    _require(actor, document.municipality_id)
    if evaluated_on < document.adopted_on:
        raise ValidationError({"evaluated_on": _("An evaluation cannot be before the adoption.")})
    if not outcome.strip():
        raise ValidationError({"outcome": _("Write down what the evaluation found.")})
    document.evaluated_on = evaluated_on
    document.evaluation_outcome = outcome.strip()
    document.save(update_fields=["evaluated_on", "evaluation_outcome"])
    audit_record(
        actor=actor,
        action="monitoring.policy_evaluate",
        obj=document,
        organisation_id=document.municipality_id,
        fields=["evaluated_on", "evaluation_outcome"],
    )
    return document
