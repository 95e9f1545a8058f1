"""Roles and permissions of signaalroute: the one permission matrix, as data.

Every check in the product ("may this user do X for this organisation?") reads these tables.
Roles follow ../shared/DOMAIN.md "Actors" and the focal-officer tasks in seed
001_1cc0d1ead85ea8c6.txt §4 (introduction) and seed 004_0e82b480fca28818.txt §5.1 (two focal officers, safety
and care). Change a role's reach here, nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    REPORTER = "reporter"  # melder: any employee
    TEAM_COORDINATOR = "team_coordinator"  # teamcoördinator
    FOCAL_OFFICER = "focal_officer"  # aandachtsfunctionaris mensenhandel
    CHAIN_DIRECTOR = "chain_director"  # ketenregisseur (RIEC / RSIV), regional
    CARE_COORDINATOR = "care_coordinator"  # zorgcoördinator (partner)
    PARTNER_CONTACT = "partner_contact"  # contactpersoon ketenpartner
    POLICY_OFFICER = "policy_officer"  # beleidsmedewerker: aggregates only
    FUNCTIONAL_ADMIN = "functional_admin"  # functioneel beheerder
    AUDITOR = "auditor"  # auditor: audit log only
    PRIVACY_OFFICER = "privacy_officer"  # privacyfunctionaris / FG
    REGION_ADMIN = "region_admin"  # regionaal functioneel beheerder


ROLE_LABELS: dict[Role, Any] = {
    Role.REPORTER: _("Reporter"),
    Role.TEAM_COORDINATOR: _("Team coordinator"),
    Role.FOCAL_OFFICER: _("Focal officer for human trafficking"),
    Role.CHAIN_DIRECTOR: _("Chain director"),
    Role.CARE_COORDINATOR: _("Care coordinator"),
    Role.PARTNER_CONTACT: _("Partner contact"),
    Role.POLICY_OFFICER: _("Policy officer"),
    Role.FUNCTIONAL_ADMIN: _("Functional administrator"),
    Role.AUDITOR: _("Auditor"),
    Role.PRIVACY_OFFICER: _("Privacy officer"),
    Role.REGION_ADMIN: _("Regional administrator"),
}


class Domain(StrEnum):
    """The focal officer's domain (seed 004 §5.1): safety (perpetrators, locations) or care."""

    SAFETY = "safety"
    CARE = "care"


class Scope(StrEnum):
    """How far a membership reaches from the organisation it is held in."""

    ORGANISATION = "organisation"  # the organisation (municipality or partner) and its teams
    REGION = "region"  # every organisation of the region


class Permission(StrEnum):
    VIEW_HOME = "view_home"
    SUBMIT_SIGNAL = "submit_signal"
    VIEW_OWN_SIGNALS = "view_own_signals"
    FORWARD_SIGNAL = "forward_signal"
    HANDLE_SIGNAL = "handle_signal"
    VIEW_REPORTER_IDENTITY = "view_reporter_identity"
    VIEW_REGION_SIGNALS = "view_region_signals"
    HANDLE_REFERRAL = "handle_referral"
    VIEW_AGGREGATES = "view_aggregates"
    WRITE_REPORTS = "write_reports"  # the yearly report: narrative, adopting it
    KEEP_ACTION_PLAN = "keep_action_plan"  # the action plan and the policy documents
    MANAGE_TRAINING = "manage_training"  # who must be trained, trainings, awareness calendar
    KEEP_PROCESSING_REGISTER = "keep_processing_register"  # the privacy officer's register
    MANAGE_ORGANISATION = "manage_organisation"
    # People (invite, roles, deactivate): a municipality's administrator for the municipality
    # and its teams, the region's administrator for the partners and municipal administrators.
    MANAGE_PEOPLE = "manage_people"
    # The region's own administration: municipalities, chain partners, groups of municipalities.
    MANAGE_REGION = "manage_region"
    VIEW_AUDIT_LOG = "view_audit_log"
    VIEW_PROCESSING_REGISTER = "view_processing_register"
    VIEW_PARTNER_DIRECTORY = "view_partner_directory"
    # Care trajectories (zorgtrajecten); the care app narrows it to the care domain and to the
    # trajectories assigned to a care coordinator's organisation.
    WORK_ON_CARE = "work_on_care"
    # Signalling meetings (signaleringsoverleggen): the meetings.selectors narrow it to the
    # meetings of the municipalities one handles, and for everyone else to those one attends.
    ATTEND_MEETINGS = "attend_meetings"


@dataclass(frozen=True)
class RoleRule:
    permissions: frozenset[Permission]
    scope: Scope
    # Roles that see personal data must pass a second factor (TOTP, or the IdP's MFA).
    sees_personal_data: bool
    label: str = ""


P = Permission
_EVERY_EMPLOYEE = {P.VIEW_HOME, P.SUBMIT_SIGNAL, P.VIEW_OWN_SIGNALS, P.VIEW_PARTNER_DIRECTORY}

ROLE_RULES: dict[Role, RoleRule] = {
    Role.REPORTER: RoleRule(frozenset(_EVERY_EMPLOYEE), Scope.ORGANISATION, True),
    # Forwarding is further limited to the signals brought to this coordinator (step 1).
    Role.TEAM_COORDINATOR: RoleRule(
        frozenset(_EVERY_EMPLOYEE | {P.FORWARD_SIGNAL}), Scope.ORGANISATION, True
    ),
    Role.FOCAL_OFFICER: RoleRule(
        frozenset(
            _EVERY_EMPLOYEE
            | {
                P.HANDLE_SIGNAL,
                P.VIEW_REPORTER_IDENTITY,
                P.VIEW_AGGREGATES,
                P.WRITE_REPORTS,
                P.KEEP_ACTION_PLAN,
                P.MANAGE_TRAINING,
                P.WORK_ON_CARE,
                P.ATTEND_MEETINGS,
            }
        ),
        Scope.ORGANISATION,
        True,
    ),
    Role.CHAIN_DIRECTOR: RoleRule(
        frozenset(
            {
                P.VIEW_HOME,
                P.VIEW_REGION_SIGNALS,
                P.HANDLE_REFERRAL,
                P.VIEW_AGGREGATES,
                P.VIEW_PARTNER_DIRECTORY,
                P.ATTEND_MEETINGS,
            }
        ),
        Scope.REGION,
        True,
    ),
    Role.CARE_COORDINATOR: RoleRule(
        frozenset(
            {
                P.VIEW_HOME,
                P.HANDLE_REFERRAL,
                P.VIEW_PARTNER_DIRECTORY,
                P.WORK_ON_CARE,
                P.ATTEND_MEETINGS,
            }
        ),
        Scope.ORGANISATION,
        True,
    ),
    Role.PARTNER_CONTACT: RoleRule(
        frozenset({P.VIEW_HOME, P.HANDLE_REFERRAL, P.VIEW_PARTNER_DIRECTORY, P.ATTEND_MEETINGS}),
        Scope.ORGANISATION,
        True,
    ),
    Role.POLICY_OFFICER: RoleRule(
        frozenset(
            {
                P.VIEW_HOME,
                P.VIEW_AGGREGATES,
                P.WRITE_REPORTS,
                P.KEEP_ACTION_PLAN,
                P.VIEW_PARTNER_DIRECTORY,
            }
        ),
        Scope.ORGANISATION,
        False,
    ),
    Role.FUNCTIONAL_ADMIN: RoleRule(
        frozenset(
            {
                P.VIEW_HOME,
                P.MANAGE_ORGANISATION,
                P.MANAGE_PEOPLE,
                P.KEEP_ACTION_PLAN,
                P.MANAGE_TRAINING,
                P.VIEW_PARTNER_DIRECTORY,
            }
        ),
        Scope.ORGANISATION,
        True,
    ),
    # The auditor also reads the disclosure log (what was shared with whom, on which basis).
    Role.AUDITOR: RoleRule(
        frozenset({P.VIEW_HOME, P.VIEW_AUDIT_LOG, P.VIEW_PROCESSING_REGISTER}), Scope.REGION, True
    ),
    Role.PRIVACY_OFFICER: RoleRule(
        frozenset(
            {
                P.VIEW_HOME,
                P.VIEW_PROCESSING_REGISTER,
                P.KEEP_PROCESSING_REGISTER,
                P.VIEW_AGGREGATES,
            }
        ),
        Scope.ORGANISATION,
        True,
    ),
    # The region's administrator keeps the region's organisations and the people of its chain
    # partners, and appoints each municipality's administrator; it never reaches a
    # municipality's signals or its other people (each municipality is its own controller).
    Role.REGION_ADMIN: RoleRule(
        frozenset({P.VIEW_HOME, P.MANAGE_PEOPLE, P.MANAGE_REGION, P.VIEW_PARTNER_DIRECTORY}),
        Scope.REGION,
        True,
    ),
}


# Permissions that never reach past the organisation the membership is held in, whatever the
# role's scope: a chain director (region scope) handles the referrals sent to their own
# organisation (the RIEC), not those addressed to the police or the care coordinator.
# The disclosure log is searched by a person's name: the auditor (a regional role) reads that
# of their own organisation only, as the privacy officer does.
OWN_ORGANISATION_ONLY: frozenset[Permission] = frozenset(
    {P.HANDLE_REFERRAL, P.VIEW_PROCESSING_REGISTER}
)


def roles_with(permission: Permission) -> set[Role]:
    return {role for role, rule in ROLE_RULES.items() if permission in rule.permissions}
