"""Selectors scope by role and organisation: team, organisation (with its teams) or region."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.rules import Permission, Role
from signaalroute.accounts.selectors import (
    municipalities_where,
    needs_second_factor,
    organisations_visible_to,
    organisations_where,
    users_with_permission,
)

from .factories import MembershipFactory, MunicipalityFactory, PartnerFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    soest = MunicipalityFactory(name="Soest")
    zeist = MunicipalityFactory(name="Zeist", region=soest.region)
    elsewhere = MunicipalityFactory(name="Elders")  # another region
    return {
        "soest": soest,
        "zeist": zeist,
        "elsewhere": elsewhere,
        "kcc": TeamFactory(parent=soest, name="KCC"),
        "boa": TeamFactory(parent=soest, name="Handhaving"),
    }


def test_team_coordinator_reports_for_the_municipality_of_the_team(world: Any) -> None:
    bob = MembershipFactory(organisation=world["kcc"], role=Role.TEAM_COORDINATOR).user
    assert set(municipalities_where(bob, Permission.SUBMIT_SIGNAL)) == {world["soest"]}
    assert world["zeist"] not in set(organisations_where(bob, Permission.FORWARD_SIGNAL))


def test_focal_officer_reaches_the_municipality_and_its_teams(world: Any) -> None:
    carla = MembershipFactory(
        organisation=world["soest"], role=Role.FOCAL_OFFICER, domain="safety"
    ).user
    reach = set(organisations_where(carla, Permission.HANDLE_SIGNAL))
    assert reach == {world["soest"], world["kcc"], world["boa"]}
    assert set(municipalities_where(carla, Permission.HANDLE_SIGNAL)) == {world["soest"]}
    assert not organisations_where(carla, Permission.VIEW_AUDIT_LOG).exists()


def test_employee_of_a_team_acts_for_its_municipality(world: Any) -> None:
    alice = MembershipFactory(organisation=world["kcc"], role=Role.REPORTER).user
    assert world["soest"] in set(organisations_where(alice, Permission.SUBMIT_SIGNAL))
    assert world["zeist"] not in set(organisations_where(alice, Permission.SUBMIT_SIGNAL))


def test_regional_role_reaches_the_region_only(world: Any) -> None:
    ida = MembershipFactory(organisation=world["soest"], role=Role.AUDITOR).user
    reach = set(organisations_where(ida, Permission.VIEW_AUDIT_LOG))
    assert {world["soest"], world["zeist"], world["kcc"]} <= reach
    assert world["elsewhere"] not in reach


def test_user_with_roles_in_two_organisations(world: Any) -> None:
    user = MembershipFactory(organisation=world["soest"], role=Role.FOCAL_OFFICER).user
    MembershipFactory(user=user, organisation=world["zeist"], role=Role.POLICY_OFFICER)
    assert set(municipalities_where(user, Permission.HANDLE_SIGNAL)) == {world["soest"]}
    assert set(municipalities_where(user, Permission.VIEW_AGGREGATES)) == {
        world["soest"],
        world["zeist"],
    }


def test_directory_is_limited_to_own_regions(world: Any) -> None:
    user = MembershipFactory(organisation=world["zeist"]).user
    visible = set(organisations_visible_to(user))
    assert world["soest"] in visible and world["elsewhere"] not in visible


def test_second_factor_follows_the_roles(world: Any) -> None:
    policy = MembershipFactory(organisation=world["soest"], role=Role.POLICY_OFFICER).user
    assert not needs_second_factor(policy)
    MembershipFactory(user=policy, organisation=world["soest"], role=Role.REPORTER)
    from signaalroute.accounts.selectors import forget_memberships

    forget_memberships(policy)
    assert needs_second_factor(policy)


def test_inactive_user_has_no_reach(world: Any) -> None:
    user = MembershipFactory(organisation=world["soest"], role=Role.FOCAL_OFFICER).user
    user.is_active = False
    assert not organisations_where(user, Permission.HANDLE_SIGNAL).exists()


@pytest.mark.parametrize(
    ("kind_kwargs", "field"),
    [
        ({"kind": "team", "parent": None}, "parent"),
        ({"kind": "partner", "category": ""}, "category"),
        ({"kind": "municipality", "category": "investigative"}, "category"),
    ],
)
def test_organisation_invariants(world: Any, kind_kwargs: dict[str, Any], field: str) -> None:
    from signaalroute.accounts.models import Organisation

    org = Organisation(region=world["soest"].region, name="X", **kind_kwargs)
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert field in error.value.message_dict


def test_team_of_another_regions_municipality_is_invalid(world: Any) -> None:
    team = TeamFactory.build(parent=world["elsewhere"], region=world["soest"].region)
    with pytest.raises(ValidationError, match="dezelfde regio"):
        team.full_clean()


def test_partner_needs_its_category(world: Any) -> None:
    PartnerFactory(region=world["soest"].region).full_clean()


# --- Who receives a notice: the inverse of the scope -----------------------------------------


def _names(users: Any) -> set[str]:
    return set(users.values_list("username", flat=True))


def test_notice_recipients_follow_the_matrix_not_role_names(personas: Any) -> None:
    soest = Organisation.objects.get(name="Soest")
    zeist = Organisation.objects.get(name="Zeist")
    police = Organisation.objects.get(name__startswith="Politie basisteam")
    riec = Organisation.objects.get(name__startswith="RIEC")
    # Acute signals: the focal officers of the municipality, not those of Zeist.
    assert _names(users_with_permission(soest, Permission.HANDLE_SIGNAL)) == {"carla", "daan"}
    assert _names(users_with_permission(zeist, Permission.HANDLE_SIGNAL)) == {"karin"}
    # Step 1: the team coordinator of a team of the municipality.
    assert _names(users_with_permission(soest, Permission.FORWARD_SIGNAL)) == {"bob"}
    # Referral notices: the partner's own contacts; the chain director (region scope) only for
    # the RIEC's own referrals.
    assert _names(users_with_permission(police, Permission.HANDLE_REFERRAL)) == {"fenna"}
    assert "lotte" in _names(users_with_permission(riec, Permission.HANDLE_REFERRAL))
    # Escalations: whoever oversees the region's signals.
    assert _names(users_with_permission(soest, Permission.VIEW_REGION_SIGNALS)) == {"lotte"}


def test_an_inactive_user_receives_no_notice(personas: Any) -> None:
    carla = personas["carla"]
    carla.is_active = False
    carla.save(update_fields=["is_active"])
    soest = Organisation.objects.get(name="Soest")
    assert _names(users_with_permission(soest, Permission.HANDLE_SIGNAL)) == {"daan"}
