"""Reads for the two focal officers of a municipality (seed 004_0e82b480fca28818.txt §5.1,
§5.2.1): a signal's domain and owner, who is away and who stands in, and the worklist's views
"mine", "my domain" and "whole municipality". Templates ask these instead of deciding."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Q

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.accounts.rules import Permission, Role
from signaalroute.accounts.selectors import focal_officers, holds_in, memberships_of
from signaalroute.signals.models import Signal

from .models import Absence, SignalAssignment
from .rules import (
    ASSIGNMENT_DOMAIN_LABELS,
    OWNER_DOMAIN,
    AssignmentDomain,
    domain_for_subjects,
)


@dataclass(frozen=True)
class Officers:
    """The focal officers of one municipality, each with their domain, and who of them is away."""

    officers: list[tuple[User, str]]
    away: frozenset[uuid.UUID] = field(default_factory=frozenset)

    def domain_of(self, user_id: Any) -> str:
        return next((domain for user, domain in self.officers if user.pk == user_id), "")

    def user(self, user_id: Any) -> User | None:
        return next((user for user, _domain in self.officers if user.pk == user_id), None)

    def is_away(self, user_id: Any) -> bool:
        return user_id in self.away

    def present(self) -> list[tuple[User, str]]:
        return [(user, domain) for user, domain in self.officers if user.pk not in self.away]

    def proposed_owner(self, domain: str) -> User | None:
        """The officer of the domain (for "both": safety); else one without a domain; else any."""
        wanted = OWNER_DOMAIN[AssignmentDomain(domain)]
        for choice in (
            [u for u, d in self.officers if d == wanted],
            [u for u, d in self.officers if not d],
            [u for u, _d in self.officers],
        ):
            if choice:
                return choice[0]
        return None

    def effective_owner_id(self, owner_id: Any) -> Any:
        """Who handles the owner's signals now: the owner, or while the owner is away a present
        officer of the other domain (else any present one); the owner when nobody is present."""
        if owner_id is None or owner_id not in self.away:
            return owner_id
        owner_domain = self.domain_of(owner_id)
        present = [(u, d) for u, d in self.present() if u.pk != owner_id]
        other = [u for u, d in present if d and d != owner_domain]
        chosen = other or [u for u, _d in present]
        return chosen[0].pk if chosen else owner_id

    def owners_handled_by(self, user_id: Any) -> set[Any]:
        """The owners whose signals `user_id` handles now: themselves and those they stand in for."""
        owners = {u.pk for u, _d in self.officers if self.effective_owner_id(u.pk) == user_id}
        if self.effective_owner_id(user_id) == user_id:
            owners.add(user_id)
        return owners


def officers_of(municipality: Organisation) -> Officers:
    away = Absence.objects.filter(municipality=municipality).values_list("user_id", flat=True)
    return Officers(focal_officers(municipality), frozenset(away))


def domain_proposed(signal: Signal) -> str:
    """The domain the signal's subjects point to (`rules.domain_for_subjects`)."""
    return domain_for_subjects(signal.subjects.values_list("kind", "role"))


def assignment_proposal(signal: Signal) -> tuple[str, User | None]:
    """The proposed domain and owner of a signal, as if nobody had chosen by hand."""
    domain = domain_proposed(signal)
    return domain, officers_of(signal.municipality).proposed_owner(domain)


@dataclass(frozen=True)
class AssignmentView:
    """What the signal page shows of the signal's domain and owner, and whether this user may
    change them."""

    domain: str
    domain_label: str
    owner: User | None
    handled_by: User | None  # the effective owner: a stand-in while the owner is away
    owner_away: bool
    set_by_hand: bool
    can_edit: bool
    owner_choices: list[User]


def may_assign(user: User, signal: Signal) -> bool:
    """A focal officer of the signal's municipality may set its domain and owner."""
    return holds_in(user, Permission.HANDLE_SIGNAL, signal.municipality_id)


def assignment_for(user: User, signal: Signal) -> AssignmentView:
    """The signal's stored assignment, or the proposal when none is stored yet."""
    officers = officers_of(signal.municipality)
    stored = SignalAssignment.objects.filter(signal=signal).select_related("owner").first()
    if stored is not None:
        domain, owner, by_hand = stored.domain, stored.owner, stored.set_by_hand
    else:
        domain, owner, by_hand = *assignment_proposal(signal), False
    owner_id = owner.pk if owner else None
    handled_by_id = officers.effective_owner_id(owner_id)
    return AssignmentView(
        domain=domain,
        domain_label=str(ASSIGNMENT_DOMAIN_LABELS[domain]),
        owner=owner,
        handled_by=officers.user(handled_by_id) if handled_by_id != owner_id else owner,
        owner_away=officers.is_away(owner_id),
        set_by_hand=by_hand,
        can_edit=may_assign(user, signal),
        owner_choices=[u for u, _d in officers.officers],
    )


# --- The worklist's views -----------------------------------------------------------------------


class WorklistView(StrEnum):
    MINE = "mijn"  # "Mijn signalen": I handle it now (mine, or an away colleague's)
    DOMAIN = "domein"  # "Mijn domein": my domain or both, and an away colleague's domain
    ALL = "gemeente"  # "Hele gemeente": every signal of my municipalities


def default_view(user: User) -> WorklistView:
    """A focal officer with a domain starts at their own signals; one without, at them all."""
    has_domain = any(m.role == Role.FOCAL_OFFICER and m.domain for m in memberships_of(user))
    return WorklistView.MINE if has_domain else WorklistView.ALL


def view_condition(user: User, view: str, municipalities: list[Organisation]) -> Q:
    """The worklist view as a condition on signals, worked out per municipality from its few
    focal officers, so the list itself is filtered in the database."""
    if view not in (WorklistView.MINE, WorklistView.DOMAIN):
        return Q()
    condition = Q(pk__in=[])
    for municipality in municipalities:
        officers = officers_of(municipality)
        handled = officers.owners_handled_by(user.pk)
        here = Q(municipality=municipality)
        if view == WorklistView.MINE:
            condition |= here & Q(assignment__owner__in=handled)
            continue
        mine = officers.domain_of(user.pk)
        if not mine:
            condition |= here
            continue
        domains = {mine, AssignmentDomain.BOTH.value}
        domains |= {officers.domain_of(o) for o in handled if officers.domain_of(o)}
        condition |= here & (Q(assignment__domain__in=domains) | Q(assignment__isnull=True))
    return condition


@dataclass(frozen=True)
class RowAssignment:
    domain_label: str
    handled_by: str  # the name of who handles it now ("" when nobody)
    stand_in: bool  # the owner is away; `handled_by` stands in


def row_assignments(signals: list[Signal]) -> dict[Any, RowAssignment]:
    """Domain and (effective) owner of each worklist row, one look-up per municipality."""
    assignments = {
        a.signal_id: a
        for a in SignalAssignment.objects.filter(signal__in=signals).select_related("owner")
    }
    per_municipality: dict[Any, Officers] = {}
    rows = {}
    for signal in signals:
        officers = per_municipality.get(signal.municipality_id)
        if officers is None:
            officers = per_municipality[signal.municipality_id] = officers_of(signal.municipality)
        stored = assignments.get(signal.pk)
        if stored is None:
            rows[signal.pk] = RowAssignment("", "", False)
            continue
        handled_id = officers.effective_owner_id(stored.owner_id)
        handler = stored.owner if handled_id == stored.owner_id else officers.user(handled_id)
        rows[signal.pk] = RowAssignment(
            str(ASSIGNMENT_DOMAIN_LABELS[stored.domain]),
            str(handler) if handler else "",
            handled_id != stored.owner_id,
        )
    return rows


def absent_in(user: User) -> list[tuple[Organisation, bool]]:
    """The municipalities where `user` is a focal officer, and whether they are marked away."""
    away = set(Absence.objects.filter(user=user).values_list("municipality_id", flat=True))
    return [
        (m.organisation, m.organisation_id in away)
        for m in memberships_of(user)
        if m.role == Role.FOCAL_OFFICER and m.organisation.kind == OrganisationKind.MUNICIPALITY
    ]
