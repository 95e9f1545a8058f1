"""Which URL needs what: the permission matrix for every named route, in one table.

A route that is not in this table is refused (default deny). The test suite walks the URLconf
and fails for a route that is missing here, and checks for each route that a persona without
the permission is refused.
"""

from __future__ import annotations

from enum import StrEnum

from .rules import Permission


class Access(StrEnum):
    PUBLIC = "public"  # anyone, also without logging in
    LOGGED_IN = "logged_in"  # logged in, the second factor may still be pending
    VERIFIED = "verified"  # logged in and past the second factor where the roles need one


URL_ACCESS: dict[str, Access | Permission] = {
    # accounts
    "accounts:login": Access.PUBLIC,
    "accounts:logout": Access.LOGGED_IN,
    "accounts:otp-verify": Access.LOGGED_IN,
    "accounts:otp-setup": Access.LOGGED_IN,
    "accounts:profile": Access.VERIFIED,
    "accounts:network": Permission.HANDLE_SIGNAL,
    "accounts:focal-point": Permission.MANAGE_ORGANISATION,
    "accounts:people": Permission.MANAGE_PEOPLE,
    "accounts:organisation": Permission.MANAGE_ORGANISATION,
    "accounts:region": Permission.MANAGE_REGION,
    "accounts:region-partner": Permission.MANAGE_REGION,
    "accounts:mapping-delete": Permission.MANAGE_ORGANISATION,
    "accounts:person": Permission.MANAGE_PEOPLE,
    "accounts:person-active": Permission.MANAGE_PEOPLE,
    "accounts:person-reinvite": Permission.MANAGE_PEOPLE,
    "accounts:membership-delete": Permission.MANAGE_PEOPLE,
    # The activation link of an invitation: the token is the key, no login yet.
    "accounts:activate": Access.PUBLIC,
    "oidc_authentication_init": Access.PUBLIC,
    "oidc_authentication_callback": Access.PUBLIC,
    # core
    "accounts:home": Permission.VIEW_HOME,
    "core:healthz": Access.PUBLIC,
    "core:set-language": Access.PUBLIC,
    # audit
    "audit:list": Permission.VIEW_AUDIT_LOG,
    "audit:export": Permission.VIEW_AUDIT_LOG,
    # intake: the four ways in
    "intake:internal-new": Permission.SUBMIT_SIGNAL,
    "intake:register": Permission.HANDLE_SIGNAL,
    "intake:mine": Permission.VIEW_OWN_SIGNALS,
    "intake:mine-detail": Permission.VIEW_OWN_SIGNALS,
    "intake:advice-new": Permission.SUBMIT_SIGNAL,
    "intake:advice-list": Permission.HANDLE_SIGNAL,
    "intake:advice-detail": Permission.HANDLE_SIGNAL,
    # Attachments are scoped by the signal's selector (focal officer, step-1 coordinator).
    "intake:attachment": Access.VERIFIED,
    "intake:public-form": Access.PUBLIC,
    "intake:public-receipt": Access.PUBLIC,
    "intake:public-status": Access.PUBLIC,
    "intake:public-form-en": Access.PUBLIC,
    "intake:public-receipt-en": Access.PUBLIC,
    "intake:public-status-en": Access.PUBLIC,
    **{
        f"intake:public-{page}-{code}": Access.PUBLIC
        for code in ("pl", "ro", "bg")
        for page in ("form", "receipt", "status")
    },
    # Where to report: public, per municipality, in five languages (no personal data).
    "intake:where": Access.PUBLIC,
    "intake:where-language": Access.PUBLIC,
    "intake:where-flyer": Access.PUBLIC,
    "intake:where-flyer-language": Access.PUBLIC,
    # workflow
    "workflow:worklist": Permission.HANDLE_SIGNAL,
    "workflow:away": Permission.HANDLE_SIGNAL,
    "workflow:assignment": Permission.HANDLE_SIGNAL,
    "workflow:detail": Permission.HANDLE_SIGNAL,
    # A move is checked against the route table per signal (the coordinator forwards, too).
    "workflow:transition": Access.VERIFIED,
    "workflow:note": Permission.HANDLE_SIGNAL,
    "workflow:task": Permission.HANDLE_SIGNAL,
    "workflow:task-done": Permission.HANDLE_SIGNAL,
    "workflow:agenda": Permission.HANDLE_SIGNAL,
    "workflow:classify": Permission.HANDLE_SIGNAL,
    "workflow:feedback": Permission.HANDLE_SIGNAL,
    # The reporter's identity: scoped by signals.selectors.reporter_identity_for.
    "workflow:reporter": Access.VERIFIED,
    "workflow:coordinator": Permission.FORWARD_SIGNAL,
    "workflow:coordinator-detail": Permission.FORWARD_SIGNAL,
    "workflow:settings": Permission.MANAGE_ORGANISATION,
    # partners: referrals and the partner portal
    "partners:referral-new": Permission.HANDLE_SIGNAL,
    "partners:referral-revoke": Permission.HANDLE_SIGNAL,
    "partners:referral-close": Permission.HANDLE_SIGNAL,
    "partners:referral-basis": Permission.HANDLE_SIGNAL,
    "partners:consents": Permission.HANDLE_SIGNAL,
    # care: narrowed by care.selectors to the care domain and the assigned care coordination
    "care:list": Permission.WORK_ON_CARE,
    "care:open": Permission.WORK_ON_CARE,
    "care:open-from-referral": Permission.WORK_ON_CARE,
    "care:detail": Permission.WORK_ON_CARE,
    "care:edit": Permission.WORK_ON_CARE,
    "care:placement": Permission.WORK_ON_CARE,
    "care:placement-edit": Permission.WORK_ON_CARE,
    "care:consent": Permission.WORK_ON_CARE,
    "care:consent-withdraw": Permission.WORK_ON_CARE,
    "care:handover": Permission.WORK_ON_CARE,
    "care:handovers": Permission.WORK_ON_CARE,
    "care:handover-answer": Permission.WORK_ON_CARE,
    # approach: the focal officers of the case's municipality (approach.selectors)
    "approach:list": Permission.HANDLE_SIGNAL,
    "approach:new": Permission.HANDLE_SIGNAL,
    "approach:detail": Permission.HANDLE_SIGNAL,
    "approach:edit": Permission.HANDLE_SIGNAL,
    "approach:intervention-new": Permission.HANDLE_SIGNAL,
    "approach:intervention": Permission.HANDLE_SIGNAL,
    "approach:finding": Permission.HANDLE_SIGNAL,
    # meetings: focal officers run their municipality's meetings; attendees from outside see
    # only the meetings they attend, pseudonymised (meetings.selectors, meetings.agenda)
    "meetings:list": Permission.ATTEND_MEETINGS,
    "meetings:detail": Permission.ATTEND_MEETINGS,
    "meetings:print": Permission.ATTEND_MEETINGS,
    "meetings:pdf": Permission.ATTEND_MEETINGS,
    "meetings:new": Permission.HANDLE_SIGNAL,
    "meetings:edit": Permission.HANDLE_SIGNAL,
    "meetings:propose": Permission.HANDLE_SIGNAL,
    "meetings:item-add": Permission.HANDLE_SIGNAL,
    "meetings:item-remove": Permission.HANDLE_SIGNAL,
    "meetings:decision": Permission.HANDLE_SIGNAL,
    "meetings:action": Permission.HANDLE_SIGNAL,
    "meetings:stack": Permission.HANDLE_SIGNAL,
    "care:shelter-places": Permission.HANDLE_SIGNAL,
    "care:shelter-place-edit": Permission.HANDLE_SIGNAL,
    "partners:consent-withdraw": Permission.HANDLE_SIGNAL,
    "partners:figures": Permission.VIEW_AGGREGATES,
    "partners:portal": Permission.HANDLE_REFERRAL,
    "partners:portal-detail": Permission.HANDLE_REFERRAL,
    "partners:disclosures": Permission.VIEW_PROCESSING_REGISTER,
    # partners: directory
    "partners:directory": Permission.VIEW_PARTNER_DIRECTORY,
    "partners:directory-detail": Permission.VIEW_PARTNER_DIRECTORY,
    "partners:sharing-table": Permission.VIEW_PARTNER_DIRECTORY,
    "partners:directory-export": Permission.VIEW_PARTNER_DIRECTORY,
    "partners:directory-edit": Permission.MANAGE_ORGANISATION,
    "partners:directory-contact-add": Permission.MANAGE_ORGANISATION,
    "partners:directory-contact-remove": Permission.MANAGE_ORGANISATION,
    "partners:directory-import": Permission.MANAGE_ORGANISATION,
    # partners: routing rules
    "partners:routing-rules": Permission.MANAGE_ORGANISATION,
    "partners:routing-preview": Permission.MANAGE_ORGANISATION,
    # stacking: stacks, candidates, alerts, enrichment (scoped to the municipality's signals)
    "stacking:stacks": Permission.HANDLE_SIGNAL,
    "stacking:stack": Permission.HANDLE_SIGNAL,
    "stacking:candidate-decide": Permission.HANDLE_SIGNAL,
    "stacking:alert-seen": Permission.HANDLE_SIGNAL,
    "stacking:subject-enrich": Permission.HANDLE_SIGNAL,
    "stacking:found-decide": Permission.HANDLE_SIGNAL,
    "stacking:settings": Permission.MANAGE_ORGANISATION,
    # stacking: hit/no-hit
    "hits:check": Permission.HANDLE_SIGNAL,
    # monitoring: figures (aggregates only, suppressed) and reference figures
    "monitoring:dashboard": Permission.VIEW_AGGREGATES,
    "monitoring:export": Permission.VIEW_AGGREGATES,
    # Yearly reports: read with the figures, written and adopted by the policy/focal officer.
    "monitoring:reports": Permission.VIEW_AGGREGATES,
    "monitoring:report": Permission.VIEW_AGGREGATES,
    "monitoring:report-pdf": Permission.VIEW_AGGREGATES,
    "monitoring:report-adopt": Permission.WRITE_REPORTS,
    "monitoring:plans": Permission.KEEP_ACTION_PLAN,
    "monitoring:plan": Permission.KEEP_ACTION_PLAN,
    "monitoring:action": Permission.KEEP_ACTION_PLAN,
    "monitoring:policies": Permission.KEEP_ACTION_PLAN,
    "monitoring:evaluation": Permission.KEEP_ACTION_PLAN,
    "monitoring:references": Permission.MANAGE_ORGANISATION,
    "monitoring:groups": Permission.MANAGE_REGION,
    "monitoring:group-delete": Permission.MANAGE_REGION,
    # privacy: the processing register (privacy officer keeps it; auditor reads it)
    "privacy:register": Permission.VIEW_PROCESSING_REGISTER,
    "privacy:register-export": Permission.VIEW_PROCESSING_REGISTER,
    "privacy:processing": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:retention": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:records-export": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:hold-lift": Permission.KEEP_PROCESSING_REGISTER,
    # data subjects' requests (AVG art. 15-18): the privacy officer only
    "privacy:requests": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:request-new": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:request": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:request-action": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:request-access": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:request-access-csv": Permission.KEEP_PROCESSING_REGISTER,
    "privacy:request-access-pdf": Permission.KEEP_PROCESSING_REGISTER,
    # training and awareness (functional administrator, focal officer)
    "training:overview": Permission.MANAGE_TRAINING,
    "training:record": Permission.MANAGE_TRAINING,
    "training:targets": Permission.MANAGE_TRAINING,
    "training:target": Permission.MANAGE_TRAINING,
    "training:defaults": Permission.MANAGE_TRAINING,
    "training:calendar": Permission.MANAGE_TRAINING,
    # signal cards: every employee
    "training:cards": Permission.SUBMIT_SIGNAL,
    "training:card": Permission.SUBMIT_SIGNAL,
    "training:card-pdf": Permission.SUBMIT_SIGNAL,
    # risk locations: the focal officers of the location's municipality (locations.selectors)
    "locations:list": Permission.HANDLE_SIGNAL,
    "locations:map": Permission.HANDLE_SIGNAL,
    "locations:new": Permission.HANDLE_SIGNAL,
    "locations:detail": Permission.HANDLE_SIGNAL,
    "locations:edit": Permission.HANDLE_SIGNAL,
    "locations:schedule": Permission.HANDLE_SIGNAL,
    "locations:control-done": Permission.HANDLE_SIGNAL,
    "monitoring:references-prefill": Permission.MANAGE_ORGANISATION,
    "monitoring:reference-edit": Permission.MANAGE_ORGANISATION,
    "monitoring:reference-delete": Permission.MANAGE_ORGANISATION,
    # api
    "api:schema": Access.VERIFIED,
    "api:me": Access.VERIFIED,
    "api:organisation-list": Access.VERIFIED,
    "api:organisation-detail": Access.VERIFIED,
    "api:auditentry-list": Permission.VIEW_AUDIT_LOG,
    "api:auditentry-detail": Permission.VIEW_AUDIT_LOG,
    "api:referral-list": Permission.HANDLE_REFERRAL,
    "api:referral-detail": Permission.HANDLE_REFERRAL,
    "api:referral-accept": Permission.HANDLE_REFERRAL,
    "api:referral-decline": Permission.HANDLE_REFERRAL,
    "api:referral-feedback": Permission.HANDLE_REFERRAL,
}
