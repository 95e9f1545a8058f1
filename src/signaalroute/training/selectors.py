"""Reads of training: who must be trained, who is, who is due, and the awareness calendar."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import municipalities_where

from .models import AwarenessItem, Training, TrainingKind, TrainingTarget

NEW_EMPLOYEE_DAYS = 180  # joined this recently and never trained: "new, not yet trained"
DUE_SOON_DAYS = 60
# Kinds that count as being trained; the LVB module comes on top of one of these.
COUNTS_AS_TRAINED = (TrainingKind.BASIC, TrainingKind.REFRESHER, TrainingKind.FOCAL)


def training_municipalities(user: User) -> QuerySet[Organisation]:
    return municipalities_where(user, Permission.MANAGE_TRAINING)


def people_of(municipality: Organisation) -> QuerySet[User]:
    """Active people with a role in the municipality or one of its teams."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(memberships__organisation=municipality)
            | Q(
                memberships__organisation__parent=municipality,
                memberships__organisation__kind=OrganisationKind.TEAM,
            )
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@dataclass
class Coverage:
    target: TrainingTarget
    people: int = 0
    trained: int = 0
    due_soon: list[User] = field(default_factory=list)
    expired: list[User] = field(default_factory=list)
    new_untrained: list[User] = field(default_factory=list)
    never: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.trained / self.people) if self.people else None


def coverage(municipality: Organisation, today: dt.date | None = None) -> list[Coverage]:
    """Per target: how many of the team's people are trained within the renewal interval."""
    today = today or timezone.localdate()
    last = dict(
        Training.objects.filter(municipality=municipality, kind__in=COUNTS_AS_TRAINED)
        .values("attendees")
        .annotate(last=Max("held_on"))
        .values_list("attendees", "last")
    )
    out = []
    for target in TrainingTarget.objects.filter(municipality=municipality).select_related("team"):
        row = Coverage(target)
        if target.team is not None:
            members = User.objects.filter(
                is_active=True, memberships__organisation=target.team
            ).distinct()
            for person in members.order_by("last_name", "first_name"):
                row.people += 1
                when = last.get(person.pk)
                if when is None:
                    row.never += 1
                    if (today - timezone.localdate(person.date_joined)).days <= NEW_EMPLOYEE_DAYS:
                        row.new_untrained.append(person)
                    continue
                valid_until = _add_years(when, target.renewal_years)
                if valid_until < today:
                    row.expired.append(person)
                    continue
                row.trained += 1
                if (valid_until - today).days <= DUE_SOON_DAYS:
                    row.due_soon.append(person)
        out.append(row)
    return out


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class CalendarLine:
    item: AwarenessItem
    next_on: dt.date
    done_this_year: int


def calendar(municipality: Organisation, today: dt.date | None = None) -> list[CalendarLine]:
    today = today or timezone.localdate()
    lines = []
    for item in AwarenessItem.objects.filter(municipality=municipality).prefetch_related("actions"):
        upcoming = [
            d for d in item.dates_in(today.year) + item.dates_in(today.year + 1) if d >= today
        ]
        done = sum(1 for a in item.actions.all() if a.done_on.year == today.year)
        lines.append(CalendarLine(item, upcoming[0], done))
    return sorted(lines, key=lambda line: line.next_on)


def training_figures(municipalities: list[Organisation], year: int) -> dict[str, int]:
    """For monitoring: trainings given and attendances in ``year``, and the coverage now (as
    ``coverage`` counts it, added up over the municipalities) in a few queries for all of them
    together, not a few per municipality."""
    today = timezone.localdate()
    trainings = Training.objects.filter(municipality__in=municipalities, held_on__year=year)
    attendances = Training.attendees.through.objects.filter(training__in=trainings)
    last = {
        (municipality, person): when
        for municipality, person, when in Training.objects.filter(
            municipality__in=municipalities, kind__in=COUNTS_AS_TRAINED
        )
        .values("municipality_id", "attendees")
        .annotate(last=Max("held_on"))
        .values_list("municipality_id", "attendees", "last")
    }
    targets = list(
        TrainingTarget.objects.filter(
            municipality__in=municipalities, team__isnull=False
        ).values_list("municipality_id", "team_id", "renewal_years")
    )
    people: dict[uuid.UUID, set[uuid.UUID]] = {}
    for team, person in (
        User.objects.filter(
            is_active=True, memberships__organisation__in=[team for _m, team, _y in targets]
        )
        .values_list("memberships__organisation", "pk")
        .distinct()
    ):
        people.setdefault(team, set()).add(person)
    counted = trained = 0
    for municipality, team, renewal_years in targets:
        for person in people.get(team, ()):
            counted += 1
            when = last.get((municipality, person))
            if when is not None and _add_years(when, renewal_years) >= today:
                trained += 1
    return {
        "trainings": trainings.count(),
        "attendances": attendances.count(),
        "people": counted,
        "trained": trained,
    }
