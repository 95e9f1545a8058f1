"""Writes of stacking: the focal officer's decisions on candidate links and the enrichment of a
subject with structured details. Keyword-only, one transaction each, audited in it; only a
focal officer of the municipality (HANDLE_SIGNAL) may do them, otherwise the object is "not
found" for them (404 in the views).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import municipalities_where
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import DomainError, EditConflict
from signaalroute.signals.models import Signal, SignalSubject
from signaalroute.signals.selectors import may_handle
from signaalroute.signals.services import subject_details_set
from signaalroute.stacking.traces import DETAIL_FIELDS, LIST_FIELDS

# decision → (from statuses, to status)
from .alerts import settings_for
from .derived import schedule_derived
from .engine import signal_stack_index
from .models import Candidate, CandidateStatus, StackingSettings

DECISIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "confirm": ((CandidateStatus.PROPOSED,), CandidateStatus.CONFIRMED),
    "reject": ((CandidateStatus.PROPOSED,), CandidateStatus.REJECTED),
    "undo": ((CandidateStatus.CONFIRMED,), CandidateStatus.UNDONE),
}
MAX_DETAIL = 300


class DecisionRefused(DomainError):
    code = "decision_refused"
    status = 409

    def default_message(self) -> Any:
        return _("This link cannot be changed this way (any more).")


def candidate_decide(
    *, actor: User, candidate: Candidate, decision: str, expected_version: int
) -> Candidate:
    """Confirm or reject a proposed link, or undo a confirmed one. A rejected or undone pair
    is never proposed again."""
    if not may_handle(actor, candidate.municipality_id):
        raise Candidate.DoesNotExist
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose confirm, reject or undo.")})
    allowed, to = DECISIONS[decision]
    updated = Candidate.objects.filter(
        pk=candidate.pk, version=expected_version, status__in=allowed
    ).update(
        status=to,
        version=expected_version + 1,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    if not updated:
        current = Candidate.objects.get(pk=candidate.pk)
        if current.version != expected_version:
            raise EditConflict()
        raise DecisionRefused()
    candidate.refresh_from_db()
    audit_record(
        actor=actor,
        action=f"stacking.link_{decision}",
        obj=candidate,
        organisation_id=candidate.municipality_id,
        fields=["status"],
        extra={"tier": candidate.tier, "to": to},
    )
    if to == CandidateStatus.CONFIRMED:
        schedule_derived(candidate.trace_a.signal_id)
    return candidate


def _clean_details(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    allowed = DETAIL_FIELDS.get(kind, ())
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            {"details": _("Unknown field(s): %(f)s.") % {"f": ", ".join(unknown)}}
        )
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name in allowed:
        value = data.get(name)
        if name in LIST_FIELDS:
            items = value if isinstance(value, list) else str(value or "").splitlines()
            items = [str(v).strip() for v in items if str(v).strip()]
            if any(len(v) > MAX_DETAIL for v in items) or len(items) > 20:
                errors.setdefault(name, []).append(
                    _("At most 20 lines of at most %(n)s characters.") % {"n": MAX_DETAIL}
                )
            if items:
                cleaned[name] = items
        else:
            text = str(value or "").strip()
            if len(text) > MAX_DETAIL:
                errors.setdefault(name, []).append(
                    _("Use at most %(n)s characters.") % {"n": MAX_DETAIL}
                )
            if text:
                cleaned[name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def details_fingerprint(details: dict[str, Any] | None) -> str:
    """What the editor loaded; a save from an older page is refused (optimistic locking)."""
    text = json.dumps(details or {}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def subject_enrich(
    *,
    actor: User,
    subject: SignalSubject,
    details: dict[str, Any],
    expected: str | None = None,
) -> SignalSubject:
    """Record structured details of a subject (values as given; flagged ones are kept and shown)
    and match it at once. With ``expected`` (the fingerprint of the details the editor loaded),
    a concurrent change by someone else is refused instead of overwritten."""
    if not may_handle(actor, subject.signal.municipality_id):
        raise SignalSubject.DoesNotExist
    current = SignalSubject.objects.select_for_update().get(pk=subject.pk)
    if expected is not None and details_fingerprint(current.details) != expected:
        raise EditConflict()
    subject.details = current.details
    changed = subject_details_set(subject=subject, details=_clean_details(subject.kind, details))
    if not changed:
        return subject
    audit_record(
        actor=actor,
        action="subject.enrich",
        obj=subject,
        organisation_id=subject.signal.municipality_id,
        fields=[f"details.{name}" for name in changed],
    )
    signal_restack(signal=subject.signal)
    return subject


SETTING_FIELDS = ("min_signals", "min_sources", "window_months", "alert_on_assessment")


@transaction.atomic
def stacking_settings_update(
    *, actor: User, municipality: Organisation, **values: Any
) -> StackingSettings:
    """Change a municipality's stacking-alert rule (functional administrator; audited)."""
    allowed = municipalities_where(actor, Permission.MANAGE_ORGANISATION)
    if not allowed.filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": _("You do not manage this municipality.")})
    unknown = sorted(set(values) - set(SETTING_FIELDS))
    if unknown:
        raise TypeError(f"not a stacking setting: {', '.join(unknown)}")
    current = settings_for(municipality.pk)
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, values[name])
    if not changed:
        return current
    current.full_clean(exclude=["municipality"])
    current.save()
    audit_record(
        actor=actor,
        action="stacking.settings_update",
        obj=current,
        organisation_id=municipality.pk,
        fields=changed,
    )
    return current


def signal_restack(*, signal: Signal) -> list[Candidate]:
    """After a signal or its subjects changed (in the caller's transaction): its traces and
    candidates now, its hit-index digests and stacking alerts after commit."""
    made = signal_stack_index(signal=signal)
    schedule_derived(signal.pk)
    return made
