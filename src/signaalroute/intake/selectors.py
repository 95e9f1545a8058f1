"""Reads of signals, always scoped by who asks. An id outside the scope gives nothing (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission, Role
from signaalroute.accounts.selectors import has_permission, municipalities_where

from .models import AdviceQuestion, Attachment, ReporterIdentity, Signal


def signals_visible_to(user: Any) -> QuerySet[Signal]:
    """Focal officers: their municipalities' signals; team coordinators: those brought to them."""
    condition = Q(municipality__in=municipalities_where(user, Permission.HANDLE_SIGNAL))
    if has_permission(user, Permission.FORWARD_SIGNAL):
        condition |= Q(team_coordinator=user)
    return Signal.objects.filter(condition)


def signals_reported_by(user: Any) -> QuerySet[Signal]:
    """The reporter's own signals ("my signals"): status and feedback only."""
    if not getattr(user, "is_authenticated", False):
        return Signal.objects.none()
    return Signal.objects.filter(reporter__user=user).order_by("-created_at")


def reporter_identity_for(user: Any, signal: Signal) -> ReporterIdentity | None:
    """Step 2: the name stays with the focal officer (seed 002_f9bb08b28be3f2cb.txt annex 1).

    Only the focal officers of the receiving municipality, the team coordinator the reporter
    chose (step 1) and the reporter see it. Everyone else gets None.
    """
    identity = ReporterIdentity.objects.filter(signal=signal).select_related("user").first()
    if identity is None:
        return None
    if (
        municipalities_where(user, Permission.HANDLE_SIGNAL)
        .filter(pk=signal.municipality_id)
        .exists()
    ):
        return identity
    if signal.team_coordinator_id is not None and signal.team_coordinator_id == user.pk:
        return identity
    if identity.user_id is not None and identity.user_id == user.pk:
        return identity
    return None


def attachments_visible_to(user: Any) -> QuerySet[Attachment]:
    return Attachment.objects.filter(signal__in=signals_visible_to(user))


def submit_municipalities(user: Any) -> QuerySet[Organisation]:
    return municipalities_where(user, Permission.SUBMIT_SIGNAL)


def team_coordinators_for(user: Any) -> QuerySet[User]:
    """Team coordinators of the reporter's municipalities (for step 1)."""
    municipalities = submit_municipalities(user)
    organisations = Organisation.objects.filter(
        Q(pk__in=municipalities) | Q(parent__in=municipalities)
    )
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.TEAM_COORDINATOR,
            memberships__organisation__in=organisations,
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )


def advice_questions_visible_to(user: Any) -> QuerySet[AdviceQuestion]:
    return AdviceQuestion.objects.filter(
        municipality__in=municipalities_where(user, Permission.HANDLE_SIGNAL)
    ).order_by("status", "-created_at")


def advice_questions_asked_by(user: Any) -> QuerySet[AdviceQuestion]:
    return AdviceQuestion.objects.filter(asked_by=user).order_by("-created_at")
