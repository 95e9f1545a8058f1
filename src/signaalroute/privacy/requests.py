"""Data subjects' requests (verzoeken van betrokkenen, AVG art. 15-18): registering one with its
deadline (a month after receipt, art. 12(3); once extended by two months with a reason), its
states, and reading them — always for the privacy officer's own municipality."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import holds_in, organisations_where
from signaalroute.audit.services import audit_record

from .models import DataSubjectRequest, RequestKind, RequestState

# Which state may follow which (a decided request stays decided).
NEXT_STATES: dict[str, tuple[str, ...]] = {
    RequestState.RECEIVED: (RequestState.IN_PROGRESS, RequestState.DONE, RequestState.REFUSED),
    RequestState.IN_PROGRESS: (RequestState.DONE, RequestState.REFUSED),
    RequestState.DONE: (),
    RequestState.REFUSED: (),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 January + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def requests_visible_to(user: User) -> QuerySet[DataSubjectRequest]:
    """The requests of the municipalities where ``user`` keeps the register (privacy officer)."""
    return DataSubjectRequest.objects.filter(
        municipality__in=organisations_where(user, Permission.KEEP_PROCESSING_REGISTER)
    ).select_related("municipality", "handled_by")


def request_for(user: User, pk: uuid.UUID) -> DataSubjectRequest:
    """One request by id, scoped: another municipality's id gives DoesNotExist (404)."""
    return requests_visible_to(user).get(pk=pk)


def request_read(user: User, pk: uuid.UUID) -> DataSubjectRequest:
    """``request_for``, with the read audited: the page shows the person's search terms."""
    request = request_for(user, pk)
    audit_record(
        actor=user, action="privacy.dsr_read", obj=request, organisation_id=request.municipality_id
    )
    return request


def _allowed(actor: User, municipality_id: Any) -> None:
    if not holds_in(actor, Permission.KEEP_PROCESSING_REGISTER, municipality_id):
        raise PermissionDenied


@transaction.atomic
def request_register(
    *,
    actor: User,
    municipality: Organisation,
    kind: str,
    received_on: dt.date,
    identified_how: str,
    name: str,
    date_of_birth: str = "",
    identifiers: str = "",
    notes: str = "",
) -> DataSubjectRequest:
    """Register a request; it is due a month after receipt."""
    _allowed(actor, municipality.pk)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    request = DataSubjectRequest(
        municipality=municipality,
        kind=kind,
        received_on=received_on,
        due_on=add_months(received_on, 1),
        identified_how=identified_how.strip(),
        name=name.strip(),
        date_of_birth=date_of_birth.strip(),
        identifiers=identifiers.strip(),
        notes=notes.strip(),
        handled_by=actor,
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action="privacy.dsr_register",
        obj=request,
        organisation_id=municipality.pk,
        extra={"kind": kind},
    )
    return request


@transaction.atomic
def request_extend(*, actor: User, request: DataSubjectRequest, reason: str) -> DataSubjectRequest:
    """Extend the deadline once by two months (art. 12(3)), with the reason."""
    _allowed(actor, request.municipality_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if request.extension_reason or not request.is_open:
        raise ValidationError({"reason": _("A request can be extended once, while it is open.")})
    request.due_on = add_months(request.due_on, 2)
    request.extension_reason = reason.strip()
    request.full_clean()
    request.save(update_fields=["due_on", "extension_reason"])
    audit_record(
        actor=actor,
        action="privacy.dsr_extend",
        obj=request,
        organisation_id=request.municipality_id,
        fields=["due_on"],
    )
    return request


@transaction.atomic
def request_move(
    *, actor: User, request: DataSubjectRequest, to: str, reason: str = "", note: str = ""
) -> DataSubjectRequest:
    """Move a request on (in progress, done, refused with the reason); a note is added."""
    _allowed(actor, request.municipality_id)
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if to not in NEXT_STATES.get(request.state, ()):
        raise ValidationError({"to": _("This request cannot be moved there now.")})
    if to == RequestState.REFUSED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    request.state = to
    request.handled_by = actor
    if to == RequestState.REFUSED:
        request.refusal_reason = reason.strip()
    if to in (RequestState.DONE, RequestState.REFUSED):
        request.decided_on = timezone.localdate()
    if note.strip():
        request.notes = "\n".join(filter(None, [request.notes, note.strip()]))
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action="privacy.dsr_state",
        obj=request,
        organisation_id=request.municipality_id,
        extra={"state": to},
    )
    return request


@transaction.atomic
def request_note(*, actor: User, request: DataSubjectRequest, text: str) -> DataSubjectRequest:
    """Record what was done, e.g. for a rectification what a focal officer corrected."""
    _allowed(actor, request.municipality_id)
    if not text.strip():
        raise ValidationError({"text": _("Describe what was done.")})
    stamp = timezone.localdate().strftime("%d-%m-%Y")
    request.notes = "\n".join(filter(None, [request.notes, f"{stamp}: {text.strip()}"]))
    if request.state == RequestState.RECEIVED:
        request.state = RequestState.IN_PROGRESS
    request.save(update_fields=["notes", "state"])
    action = (
        "privacy.dsr_rectification"
        if request.kind == RequestKind.RECTIFICATION
        else "privacy.dsr_note"
    )
    audit_record(actor=actor, action=action, obj=request, organisation_id=request.municipality_id)
    return request


def deadline_counts(municipality: Organisation, today: dt.date) -> tuple[int, int]:
    """(open requests overdue, open requests due within a week) of one municipality."""
    open_ = DataSubjectRequest.objects.filter(
        municipality=municipality, state__in=(RequestState.RECEIVED, RequestState.IN_PROGRESS)
    )
    overdue = open_.filter(due_on__lt=today).count()
    soon = open_.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7)).count()
    return overdue, soon
