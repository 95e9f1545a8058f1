"""Writes of training: targets, trainings with their attendees, the awareness calendar. Keyword-
only, one transaction each, audited (attendees by count, never by name)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import holds_in
from signaalroute.audit.services import audit_record

from .models import AwarenessAction, AwarenessItem, Training, TrainingTarget
from .selectors import people_of


@cache
def defaults() -> dict[str, Any]:
    return json.loads(Path(__file__).with_name("data").joinpath("defaults.json").read_text())


def _require(actor: User | None, municipality: Organisation) -> None:
    if actor is not None and not holds_in(actor, Permission.MANAGE_TRAINING, municipality.pk):
        raise PermissionDenied


@transaction.atomic
def target_save(
    *,
    actor: User,
    municipality: Organisation,
    name: str,
    team: Organisation | None,
    renewal_years: int,
    target: TrainingTarget | None = None,
) -> TrainingTarget:
    _require(actor, municipality)
    if team is not None and (
        team.kind != OrganisationKind.TEAM or team.parent_id != municipality.pk
    ):
        raise ValidationError({"team": _("Choose a team of your municipality.")})
    if renewal_years not in (1, 2):
        raise ValidationError({"renewal_years": _("Renew every year or every two years.")})
    row = target or TrainingTarget(municipality=municipality)
    row.name, row.team, row.renewal_years = name.strip(), team, renewal_years
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="training.target_save",
        obj=row,
        organisation_id=municipality.pk,
        fields=["name", "team", "renewal_years"],
    )
    return row


@transaction.atomic
def defaults_load(*, actor: User | None, municipality: Organisation) -> int:
    """Add the targets and awareness items the policy documents name that are missing; a
    target is linked to the team whose name holds one of its words."""
    _require(actor, municipality)
    teams = list(Organisation.objects.filter(parent=municipality, kind=OrganisationKind.TEAM))
    have = set(
        TrainingTarget.objects.filter(municipality=municipality).values_list("name", flat=True)
    )
    added = 0
    for entry in defaults()["targets"]:
        if entry["name"] in have:
            continue
        team = next((t for t in teams if any(w in t.name.lower() for w in entry["words"])), None)
        TrainingTarget.objects.create(
            municipality=municipality,
            name=entry["name"],
            team=team,
            renewal_years=entry["renewal_years"],
            source=entry["source"],
        )
        added += 1
    titles = set(
        AwarenessItem.objects.filter(municipality=municipality).values_list("title", flat=True)
    )
    for entry in defaults()["awareness"]:
        if entry["title"] not in titles:
            AwarenessItem.objects.create(municipality=municipality, **entry)
            added += 1
    audit_record(
        actor=actor,
        action="training.defaults_load",
        object_type="accounts.organisation",
        object_id=str(municipality.pk),
        organisation_id=municipality.pk,
        extra={"added": added},
    )
    return added


@transaction.atomic
def training_record(
    *,
    actor: User,
    municipality: Organisation,
    held_on: dt.date,
    provider: str,
    kind: str,
    title: str,
    attendees: list[User],
) -> Training:
    """Record a training that took place and who attended (people of the municipality)."""
    _require(actor, municipality)
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _(
            "Record a training once it has taken place: the date is in the future."
        )
    if not attendees:
        errors["attendees"] = _("Tick who attended.")
    ours = set(people_of(municipality).values_list("pk", flat=True))
    if any(person.pk not in ours for person in attendees):
        errors["attendees"] = _("Only people of your municipality can be recorded as attendees.")
    if errors:
        raise ValidationError(errors)
    training = Training(
        municipality=municipality,
        held_on=held_on,
        provider=provider.strip(),
        kind=kind,
        title=title.strip(),
    )
    training.full_clean()
    training.save()
    training.attendees.set(attendees)
    audit_record(
        actor=actor,
        action="training.record",
        obj=training,
        organisation_id=municipality.pk,
        extra={"kind": kind, "attendees": len(attendees)},
    )
    return training


@transaction.atomic
def awareness_done(
    *, actor: User, item: AwarenessItem, done_on: dt.date, what: str
) -> AwarenessAction:
    _require(actor, item.municipality)
    errors: dict[str, str] = {}
    if done_on > timezone.localdate():
        errors["done_on"] = _("Record what was done once it is done: the date is in the future.")
    if not what.strip():
        errors["what"] = _("Write down what was done.")
    if errors:
        raise ValidationError(errors)
    action = AwarenessAction.objects.create(item=item, done_on=done_on, what=what.strip())
    audit_record(
        actor=actor,
        action="training.awareness_done",
        obj=action,
        organisation_id=item.municipality_id,
    )
    return action
