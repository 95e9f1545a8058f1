"""The audit log's codes as the auditor reads them (see `oversight.labels`)."""

from __future__ import annotations

from django import template

from signaalroute.audit.models import AuditEntry
from signaalroute.oversight.labels import action_label, field_label, object_type_label

register = template.Library()


@register.filter
def audit_action(entry: AuditEntry) -> str:
    return action_label(entry.action)


@register.filter
def audit_object_type(entry: AuditEntry) -> str:
    return object_type_label(entry.object_type)


@register.filter
def audit_fields(entry: AuditEntry) -> str:
    return ", ".join(field_label(entry.object_type, key) for key in entry.fields)
