"""Reads of signals, always scoped by who asks. An id outside the scope gives nothing (404)."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import (
    handling_municipalities,
    municipalities_where,
    users_with_permission,
)
from signaalroute.audit.services import audit_record

from .models import AdviceQuestion


def submit_municipalities(user: User) -> QuerySet[Organisation]:
    return municipalities_where(user, Permission.SUBMIT_SIGNAL)


def team_coordinators_for(user: User) -> QuerySet[User]:
    """Team coordinators of the reporter's municipalities (for step 1)."""
    reach = Q(pk__in=[])
    for municipality in submit_municipalities(user):
        permitted = users_with_permission(municipality, Permission.FORWARD_SIGNAL)
        reach |= Q(pk__in=permitted.values("pk"))
    return User.objects.filter(reach).exclude(pk=user.pk).order_by("last_name", "first_name")


def advice_questions_visible_to(user: User) -> QuerySet[AdviceQuestion]:
    return AdviceQuestion.objects.filter(municipality__in=handling_municipalities(user)).order_by(
        "status", "-created_at"
    )


def advice_question_for_reading(user: User, advice_id: uuid.UUID) -> AdviceQuestion:
    """An advice question of the user's municipalities, with the read audited. Raises
    AdviceQuestion.DoesNotExist outside the scope."""
    advice = advice_questions_visible_to(user).get(pk=advice_id)
    audit_record(
        actor=user,
        action="advice.read",
        obj=advice,
        organisation_id=advice.municipality_id,
        fields=["question"],
    )
    return advice


def advice_questions_asked_by(user: User) -> QuerySet[AdviceQuestion]:
    return AdviceQuestion.objects.filter(asked_by=user).order_by("-created_at")
