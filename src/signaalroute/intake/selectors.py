"""Reads of signals, always scoped by who asks. An id outside the scope gives nothing (404)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import ROLE_RULES, Permission, Role, roles_with
from signaalroute.accounts.selectors import (
    handling_municipalities,
    memberships_of,
    municipalities_where,
)
from signaalroute.audit.services import audit_record

from .models import AdviceQuestion


def submit_municipalities(user: User) -> QuerySet[Organisation]:
    return municipalities_where(user, Permission.SUBMIT_SIGNAL)


def team_coordinators_for(user: User) -> QuerySet[User]:
    """Step 1: the team coordinators of the reporter's own team or organisation (seed
    002_f9bb08b28be3f2cb.txt annex 1: "discuss it with your team coordinator"), not those of
    other teams: an enforcement officer is not offered the front desk's coordinator. A reporter
    whose team has none reports to the focal officer directly (see signal_submit_internal)."""
    forwarding = roles_with(Permission.FORWARD_SIGNAL)
    own = {
        m.organisation_id
        for m in memberships_of(user)
        if Permission.SUBMIT_SIGNAL in ROLE_RULES[Role(m.role)].permissions
    }
    coordinators = (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=own,
            memberships__role__in=forwarding,
        )
        .exclude(pk=user.pk)
        .distinct()
    )
    return coordinators.order_by("last_name", "first_name")


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
