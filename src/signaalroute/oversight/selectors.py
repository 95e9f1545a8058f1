"""Reads of the audit trail, scoped to the auditor's region(s)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from signaalroute.accounts.models import User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import organisations_where
from signaalroute.audit.models import AuditEntry


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    """Entries of organisations the auditor may see, plus entries without an organisation
    (e.g. failed logins of unknown accounts, which hold no personal data)."""
    orgs = organisations_where(user, Permission.VIEW_AUDIT_LOG)
    if not orgs.exists():
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(
        Q(organisation_id__in=orgs.values("pk")) | Q(organisation_id__isnull=True)
    )


def audit_entries_search(
    user: User,
    *,
    action: str = "",
    actor: str = "",
    object_id: str = "",
    outcome: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    entries = audit_entries_visible_to(user)
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_username__iexact=actor)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if outcome:
        entries = entries.filter(outcome=outcome)
    if date_from:
        entries = entries.filter(timestamp__date__gte=date_from)
    if date_to:
        entries = entries.filter(timestamp__date__lte=date_to)
    return entries.order_by("-position")
