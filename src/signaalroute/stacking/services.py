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
from signaalroute.signals.models import Signal, SignalSubject, SubjectRole
from signaalroute.signals.selectors import may_handle
from signaalroute.signals.services import subject_add, subject_details_set
from signaalroute.stacking.traces import DETAIL_FIELDS, LIST_FIELDS

# decision → (from statuses, to status)
from .alerts import settings_for
from .derived import schedule_derived
from .engine import links_hand_over, signal_stack_index
from .found import ADDRESS_PARTS, LIST_FIELD, found_details, found_trace_kind, held_values
from .models import (
    Candidate,
    CandidateStatus,
    FoundIdentifier,
    FoundKind,
    FoundStatus,
    StackingSettings,
    Trace,
)
from .selectors import found_targets

DECISIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "confirm": ((CandidateStatus.PROPOSED,), CandidateStatus.CONFIRMED),
    "reject": ((CandidateStatus.PROPOSED,), CandidateStatus.REJECTED),
    "undo": ((CandidateStatus.CONFIRMED,), CandidateStatus.UNDONE),
}
# The audit action of each decision, written out so the auditor's labels can be checked.
LINK_ACTIONS = {
    "confirm": "stacking.link_confirm",
    "reject": "stacking.link_reject",
    "undo": "stacking.link_undo",
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
        action=LINK_ACTIONS[decision],
        obj=candidate,
        organisation_id=candidate.municipality_id,
        fields=["status"],
        extra={"tier": candidate.tier, "to": to},
    )
    if to == CandidateStatus.CONFIRMED:
        schedule_derived(candidate.trace_a.signal_id)
    return candidate


def details_clean(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """A subject's structured details as stored: only the fields of its kind, stripped, lists
    as lists, with a :class:`ValidationError` per field that is too long (intake uses this for
    the forms' optional structured fields, enrichment for its form)."""
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
    changed = subject_details_set(subject=subject, details=details_clean(subject.kind, details))
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


# --- Identifiers found in the text: accept as a subject detail, or dismiss ---------------------

FOUND_DECISIONS = ("accept", "dismiss")


class FoundRefused(DomainError):
    code = "found_refused"
    status = 409

    def default_message(self) -> Any:
        return _("This has been decided already.")


def _merged(found: FoundIdentifier, details: dict[str, Any]) -> dict[str, Any]:
    """The subject's details with the found identifier added; refused when the subject holds
    another value where only one fits (a KvK number, an address)."""
    merged = dict(details)
    if (str(found.kind), found.value) in held_values(details):
        return merged
    adding = found_details(found)
    if found.kind in LIST_FIELD:
        field = LIST_FIELD[found.kind]
        current = merged.get(field) or []
        current = current.splitlines() if isinstance(current, str) else list(current)
        merged[field] = [*current, *adding[field]]
        return merged
    names = ("kvk",) if found.kind == FoundKind.KVK else ADDRESS_PARTS
    clash = [n for n in names if adding.get(n) and merged.get(n) and merged[n] != adding[n]]
    if clash:
        raise ValidationError(
            {
                "subject": _(
                    "This involved party already has other details there. Add it as a new involved party."
                )
            }
        )
    merged.update({n: adding[n] for n in names if adding.get(n)})
    return merged


def _trace_hand_over(found: FoundIdentifier, subject: SignalSubject, *, new_subject: bool) -> None:
    """The proposal's trace goes to the subject that now holds the value: a new subject takes
    it over whole (its links and alerts stay); an existing one takes over its decided links."""
    old = Trace.objects.filter(found=found).first()
    if old is None:
        return
    if new_subject:
        old.found = None
        old.subject = subject
        old.save(update_fields=["found", "subject"])
        return
    target = Trace.objects.filter(subject=subject).first()
    if target is not None:
        links_hand_over(old=old, new=target)


@transaction.atomic
def found_decide(
    *,
    actor: User,
    found: FoundIdentifier,
    decision: str,
    expected_version: int,
    subject: SignalSubject | None = None,
) -> FoundIdentifier:
    """Accept an identifier found in the text as a detail of a subject (``subject``, or a new
    one of the fitting kind), or dismiss it. Accepting goes through ``subject_enrich`` (audited
    as ``subject.enrich``, matched at once); the decision itself is audited as
    ``stacking.found_accept`` / ``stacking.found_dismiss`` with the kind, never the value. A
    dismissed value is never proposed again."""
    signal = found.signal
    if not may_handle(actor, signal.municipality_id):
        raise FoundIdentifier.DoesNotExist
    if decision not in FOUND_DECISIONS:
        raise ValidationError({"decision": _("Choose add or dismiss.")})
    current = FoundIdentifier.objects.select_for_update().get(pk=found.pk)
    if current.version != expected_version:
        raise EditConflict()
    if current.status != FoundStatus.OPEN:
        raise FoundRefused()
    new_subject = False
    if decision == "accept":
        if subject is None:
            subject = subject_add(
                signal=signal,
                kind=found_trace_kind(current.kind),
                role=SubjectRole.OTHER,
                description=current.text,
            )
            new_subject = True
            audit_record(
                actor=actor,
                action="subject.add",
                obj=subject,
                organisation_id=signal.municipality_id,
                fields=["kind", "role", "description"],
                extra={"from": "found_in_text"},
            )
        elif subject.signal_id != signal.pk or subject not in found_targets(current, [subject]):
            raise ValidationError(
                {"subject": _("Choose an involved party of this signal that can hold this.")}
            )
        locked = SignalSubject.objects.select_for_update().get(pk=subject.pk)
        merged = _merged(current, dict(locked.details or {}))
        _trace_hand_over(current, subject, new_subject=new_subject)
    current.status = FoundStatus.ACCEPTED if decision == "accept" else FoundStatus.DISMISSED
    current.version += 1
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "version", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="stacking.found_accept" if decision == "accept" else "stacking.found_dismiss",
        obj=current,
        organisation_id=signal.municipality_id,
        fields=["status"],
        extra={"kind": current.kind, "new_subject": new_subject},
    )
    if subject is not None and decision == "accept" and merged != (locked.details or {}):
        subject_enrich(actor=actor, subject=subject, details=merged)  # restacks the signal
    else:
        signal_restack(signal=signal)
    return current
