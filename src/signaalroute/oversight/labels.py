"""The audit log in words: what each action, kind of object and field is called.

The chain (`audit`) stores codes, and the CSV export keeps them, as evidence; the auditor's
page reads them as labels. An action this table does not know (a new one, or a test's) is shown
as its code, so nothing recorded is ever hidden."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from signaalroute.partners.referrals.sharing import field_labels
from signaalroute.stacking.traces import FIELD_LABELS

# By prefix: the groups of the action filter, in this order.
ACTION_GROUPS: dict[str, Any] = {
    "auth.": _("Logging in"),
    "access.": _("Access refused"),
    "signal.": _("Signals"),
    "subject.": _("Parties involved"),
    "focal_officer.": _("Focal officers away or back"),
    "attachment.": _("Attachments"),
    "advice.": _("Advice questions"),
    "receipt.": _("Receipt codes"),
    "public.": _("Public form"),
    "referral.": _("Referrals"),
    "disclosure.": _("Disclosures"),
    "partner.": _("Partner directory"),
    "routing.": _("Routing rules"),
    "route_settings.": _("Route settings"),
    "stacking.": _("Stacking"),
    "user.": _("Accounts"),
    "api_token.": _("API tokens"),
    "audit.": _("Audit log"),
    "security.": _("Security"),
    "accounts.": _("People and organisation"),
    "consent.": _("Consent"),
    "care.": _("Victim care"),
    "approach.": _("Approach"),
    "meetings.": _("Signalling meetings"),
    "location.": _("Risk locations"),
    "monitoring.": _("Figures and reports"),
    "training.": _("Training"),
    "privacy.": _("Privacy"),
}

ACTION_LABELS: dict[str, Any] = {
    "auth.login": _("Logged in"),
    "auth.logout": _("Logged out"),
    "auth.second_factor": _("Second step of logging in"),
    "auth.totp_setup_started": _("Authenticator app: set-up started"),
    "auth.totp_confirmed": _("Authenticator app: confirmed"),
    "auth.sso_roles_synced": _("Roles taken over from single sign-on"),
    "access.denied": _("Access refused"),
    "signal.submit": _("Signal reported"),
    "signal.read": _("Signal read"),
    "signal.worklist_read": _("Worklist read (summaries of signals)"),
    "signal.transition": _("Signal moved on the route"),
    "signal.note": _("Note added"),
    "signal.task_add": _("Task added"),
    "signal.task_done": _("Task done"),
    "signal.feedback": _("Feedback sent to the reporter"),
    "signal.meeting_agenda": _("Signalling meeting agenda changed"),
    "signal.enrichment_search": _("Earlier signals searched"),
    "signal.reporter_addition": _("Addition by the reporter"),
    "signal.reporter_identity_read": _("Reporter's identity read"),
    "subject.enrich": _("Details of a party involved added"),
    "subject.add": _("Party involved added"),
    "subject.restrict": _("Processing of a party involved restricted"),
    "subject.restriction_lift": _("Restriction of a party involved lifted"),
    "attachment.read": _("Attachment downloaded"),
    "advice.ask": _("Advice question asked"),
    "advice.answer": _("Advice question answered"),
    "advice.read": _("Advice question read"),
    "advice.convert": _("Advice question made into a signal"),
    "receipt.open": _("Status opened with the receipt codes"),
    "public.honeypot": _("Public form filled in by a robot"),
    "referral.send": _("Referral sent"),
    "consent.record": _("Consent recorded"),
    "care.trajectory_open": _("Care trajectory opened"),
    "care.trajectory_update": _("Care trajectory changed"),
    "care.trajectory_read": _("Care trajectory read"),
    "care.placement_add": _("Shelter recorded in a care trajectory"),
    "care.placement_update": _("Shelter dates changed in a care trajectory"),
    "care.handover_send": _("Care handed over to another municipality"),
    "care.handover_answer": _("Handover of care answered"),
    "care.handover_read": _("Handover of care read by the receiving municipality"),
    "care.shelter_place_save": _("Local shelter place saved"),
    "approach.case_open": _("Approach case opened"),
    "approach.case_update": _("Approach case changed"),
    "approach.case_read": _("Approach case read"),
    "approach.case_link": _("Signal linked to an approach case"),
    "approach.intervention_add": _("Intervention planned or recorded"),
    "approach.intervention_update": _("Intervention changed"),
    "approach.finding_record": _("Findings of a partner recorded"),
    "meetings.meeting_plan": _("Signalling meeting planned"),
    "meetings.meeting_update": _("Signalling meeting changed (date, attendees, minutes or state)"),
    "meetings.agenda_propose": _("Agenda of a signalling meeting proposed"),
    "meetings.item_add": _("Item put on the agenda of a signalling meeting"),
    "meetings.item_remove": _("Item taken off the agenda of a signalling meeting"),
    "meetings.decision_record": _("Decision of a signalling meeting recorded"),
    "meetings.action_done": _("Action of a signalling meeting done"),
    "meetings.agenda_read": _("Agenda of a signalling meeting read"),
    "meetings.agenda_print": _("Agenda of a signalling meeting printed or downloaded"),
    "care.reading_set": _("Region's reading of the rule on the responsible municipality set"),
    "consent.withdraw": _("Consent withdrawn (referrals resting on it revoked)"),
    "referral.read": _("Referral read"),
    "referral.transition": _("Referral moved on"),
    "referral.reminder": _("Reminder sent to a partner"),
    "referral.escalate": _("Escalated to the chain director"),
    "referral.basis_change": _("Legal basis of a referral changed (shared again)"),
    "disclosure.search": _("Disclosure log searched"),
    "partner.profile_update": _("Partner's profile changed"),
    "partner.contact_add": _("Partner's contact added"),
    "partner.contact_remove": _("Partner's contact removed"),
    "partner.directory_export": _("Partner directory exported"),
    "partner.directory_import": _("Partner directory imported"),
    "routing.preview": _("Routing rules tried on past signals"),
    "routing.publish": _("Routing rules published"),
    "route_settings.update": _("Route settings changed"),
    "stacking.stack_view": _("Stack read"),
    "stacking.reindex": _("Traces re-filed under new blocking keys"),
    "accounts.focal_point_update": _("How to reach the focal officers changed"),
    "accounts.person_invite": _("Person invited"),
    "accounts.team_add": _("Team added"),
    "accounts.idp_mapping_add": _("Identity-provider group mapping added"),
    "accounts.idp_mapping_remove": _("Identity-provider group mapping removed"),
    "accounts.invitation_accept": _("Invitation accepted"),
    "accounts.invitation_renew": _("New invitation sent"),
    "accounts.person_deactivate": _("Person deactivated"),
    "accounts.person_reactivate": _("Person reactivated"),
    "accounts.second_factor_reset": _("Second step reset"),
    "accounts.membership_add": _("Role given"),
    "accounts.membership_remove": _("Role taken away"),
    "accounts.municipality_add": _("Municipality added to the region"),
    "accounts.partner_add": _("Chain partner added to the region"),
    "accounts.partner_update": _("Chain partner or its data-sharing category changed"),
    "signal.classify": _("What the signal is about recorded"),
    "signal.assign": _("Domain and owner of a signal set"),
    "focal_officer.away": _("Focal officer marked away"),
    "focal_officer.back": _("Focal officer marked back"),
    "monitoring.export": _("Figures exported"),
    "privacy.register_update": _("Processing register changed"),
    "privacy.retention_set": _("Retention period changed"),
    "privacy.retention_run": _("Expired records anonymised"),
    "privacy.retention_dry_run": _("Retention dry run"),
    "privacy.legal_hold": _("Legal hold placed"),
    "privacy.legal_hold_lift": _("Legal hold lifted"),
    "privacy.register_export": _("Processing register exported"),
    "privacy.dsr_register": _("Data subject's request registered"),
    "privacy.dsr_state": _("Data subject's request moved"),
    "privacy.dsr_extend": _("Deadline of a data subject's request extended"),
    "privacy.dsr_note": _("Note on a data subject's request"),
    "privacy.dsr_rectification": _("Rectification recorded"),
    "privacy.dsr_export": _("Access statement made"),
    "privacy.dsr_read": _("Data subject's request read"),
    "privacy.dsr_erasure": _("Person's data erased on request"),
    "privacy.dsr_erasure_refused": _("Erasure refused"),
    "privacy.dsr_reminder": _("Reminder of data subjects' requests"),
    "location.save": _("Risk location saved"),
    "location.schedule_save": _("Control schedule of a risk location saved"),
    "location.control_record": _("Control of a risk location recorded"),
    "location.reminder": _("Reminder of controls of risk locations sent"),
    "training.target_save": _("Who must be trained changed"),
    "training.defaults_load": _(
        "Training targets and awareness items from the policy documents added"
    ),
    "training.record": _("Training recorded"),
    "training.awareness_done": _("Awareness action recorded"),
    "training.reminder": _("Training reminder sent"),
    "monitoring.report_start": _("Yearly report started"),
    "monitoring.plan_create": _("Action plan made"),
    "monitoring.plan_import": _("Actions imported into an action plan"),
    "monitoring.owner_add": _("Owner of actions added"),
    "monitoring.action_add": _("Action added to an action plan"),
    "monitoring.action_update": _("Action of an action plan changed"),
    "monitoring.policy_add": _("Policy document added"),
    "monitoring.policy_evaluate": _("Evaluation of a policy document recorded"),
    "monitoring.policy_reminder": _("Reminder of a policy evaluation sent"),
    "monitoring.report_write": _("Text of the yearly report changed"),
    "monitoring.report_finalise": _("Yearly report adopted"),
    "monitoring.reference_add": _("Reference figure added"),
    "monitoring.reference_update": _("Reference figure changed"),
    "monitoring.reference_delete": _("Reference figure removed"),
    "monitoring.reference_prefill": _("Reference figures from the policy documents added"),
    "monitoring.group_add": _("Group of municipalities added"),
    "monitoring.group_update": _("Group of municipalities changed"),
    "monitoring.group_remove": _("Group of municipalities removed"),
    "stacking.model_learn": _("Matching model learnt from the installation's records"),
    "stacking.link_confirm": _("Link between signals confirmed"),
    "stacking.link_reject": _("Link between signals rejected"),
    "stacking.link_undo": _("Link between signals undone"),
    "stacking.found_accept": _("Detail found in the text added to a party involved"),
    "stacking.found_dismiss": _("Detail found in the text dismissed"),
    "stacking.alert_seen": _("Stacking alert seen"),
    "stacking.settings_update": _("Stacking settings changed"),
    "stacking.hit_query": _("Hit index asked"),
    "stacking.hit_export": _("Hit index exported"),
    "stacking.hit_import": _("Hit index imported"),
    "stacking.hit_rebuild": _("Hit index rebuilt"),
    "user.update": _("Account changed"),
    "api_token.create": _("API token made"),
    "api_token.revoke": _("API token revoked"),
    "audit.export": _("Audit log exported"),
    "audit.prune": _("Oldest entries of the audit log removed under the retention period"),
    "security.csrf_failure": _("Form refused: security check failed"),
}

# Fields that are no column of the object's model (relations, groups of columns).
EXTRA_FIELD_LABELS: dict[str, Any] = {
    "address": _("address or place"),
    "subjects": _("involved parties"),
    "reporter": _("reporter"),
    "feedback": _("feedback to the reporter"),
    "indicators": _("indicators seen"),
    "signals": _("signals"),
    "memberships": _("roles"),
    "details": _("details"),
    "rules": _("rules"),
    "deadlines": _("deadlines"),
    "municipality_name": _("municipality"),
    "password": _("password"),
    "attachments": _("attachments"),
    "state": _("state"),
    "received_at": _("received on"),
    "decided_at": _("decided on"),
    "decline_reason": _("reason for declining"),
    "feedback_kind": _("kind of feedback"),
    "feedback_text": _("feedback"),
    "feedback_at": _("feedback given on"),
    "revoked_at": _("revoked on"),
    "escalated_at": _("escalated on"),
    "reminders_sent": _("reminders sent"),
    "shared": _("what was shared"),
}

# The models a field is looked up in when the entry's own object has no such field: most
# entries are about a signal, or about something done with one.
_FALLBACK_MODELS = ("signals.signal",)


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def action_choices() -> list[tuple[Any, Any]]:
    """The action filter: all, then per group "all of the group" and each action."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in ACTION_LABELS.items():
        prefix = code.split(".", 1)[0] + "."
        group = str(ACTION_GROUPS.get(prefix, prefix))
        groups.setdefault(group, [])
        if not groups[group]:
            groups[group].append((prefix, str(_("All: %(group)s") % {"group": group})))
        groups[group].append((code, str(label)))
    return [("", _("All")), *groups.items()]


def _model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def object_type_label(code: str) -> str:
    model = _model(code) if code else None
    return str(model._meta.verbose_name) if model is not None else code


def field_label(object_type: str, key: str) -> str:
    """A field by its label: the object's model's (when it was given one to translate), what
    a referral shares (the sharing profiles' labels), a signal's, this module's, else the key."""
    if key in EXTRA_FIELD_LABELS:
        return str(EXTRA_FIELD_LABELS[key])
    if key.startswith("details."):  # a party's structured details (stacking.traces)
        name = key.removeprefix("details.")
        return str(_("details: %(field)s") % {"field": FIELD_LABELS.get(name, name)})
    shared = field_labels([key])
    if shared:
        return shared[0]
    for label in (object_type, *_FALLBACK_MODELS):
        model = _model(label) if label else None
        if model is None:
            continue
        try:
            verbose = getattr(model._meta.get_field(key), "verbose_name", None)
        except FieldDoesNotExist:
            continue
        if isinstance(verbose, Promise):  # a name written for users, not one made from the key
            return str(verbose)
    return key
