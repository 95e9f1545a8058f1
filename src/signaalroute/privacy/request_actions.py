"""What a request does to the records: restriction (AVG art. 18: the subject is kept, not shared
and not matched) and erasure (art. 17: the person's subjects go, unless a reason to keep them
applies — then the request is refused with that reason)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import holds_in
from signaalroute.approach.models import ApproachCase, CaseState
from signaalroute.audit.services import audit_record
from signaalroute.care.models import CareTrajectory, TrajectoryStatus
from signaalroute.signals.models import SignalSubject
from signaalroute.signals.services import subject_restrict, subject_restriction_lift
from signaalroute.signals.states import State
from signaalroute.stacking.services import signal_restack

from .access import subjects_of
from .models import DataSubjectRequest, LegalHold, RequestKind, RequestState
from .requests import request_move


def _subject_of(request: DataSubjectRequest, subject_id: str) -> SignalSubject:
    found = next((s for s in subjects_of(request) if str(s.pk) == str(subject_id)), None)
    if found is None:
        raise ValidationError({"subject": _("This involved party is not part of the request.")})
    return found


@transaction.atomic
def request_restrict(
    *, actor: User, request: DataSubjectRequest, subject_id: str, lift: bool = False
) -> SignalSubject:
    """Restrict (or lift the restriction of) one of the person's subjects; its traces go (or
    come back) at once, and a new referral no longer holds it."""
    if request.kind != RequestKind.RESTRICTION or not request.is_open:
        raise ValidationError({"subject": _("Only an open restriction request restricts.")})
    subject = _subject_of(request, subject_id)
    if lift:
        subject_restriction_lift(actor=actor, subject=subject)
    else:
        subject_restrict(
            actor=actor,
            subject=subject,
            reason=_("Request of the data subject of %(date)s")
            % {"date": request.received_on.strftime("%d-%m-%Y")},
        )
    signal_restack(signal=subject.signal)
    if request.state == RequestState.RECEIVED:
        request_move(actor=actor, request=request, to=RequestState.IN_PROGRESS)
    return subject


def erasure_blockers(subject: SignalSubject) -> list[str]:
    """Why this subject must be kept (AVG art. 17(3)): empty when it may go."""
    signal = subject.signal
    reasons = []
    hold = LegalHold.objects.filter(signal=signal).first()
    if hold is not None:
        reasons.append(
            _("Signal %(ref)s is under a legal hold: %(reason)s")
            % {"ref": signal.reference, "reason": hold.reason}
        )
    if signal.state not in (State.CLOSED, State.MERGED):
        reasons.append(
            _(
                "Signal %(ref)s is still being handled: the municipality needs it for its "
                "statutory task (art. 17(3)(b) AVG)."
            )
            % {"ref": signal.reference}
        )
    open_care = CareTrajectory.objects.filter(victim=subject).exclude(
        status=TrajectoryStatus.CLOSED
    )
    for trajectory in open_care:
        reasons.append(_("Care trajectory %(ref)s is still open.") % {"ref": trajectory.reference})
    for case in ApproachCase.objects.filter(signals=signal).exclude(state=CaseState.CLOSED):
        reasons.append(_("Approach case %(ref)s is still open.") % {"ref": case.reference})
    return reasons


@transaction.atomic
def request_erase(*, actor: User, request: DataSubjectRequest) -> DataSubjectRequest:
    """Erase the person's subjects when nothing keeps them; otherwise refuse with the reasons.
    What is counted about the signals (forms, dates, states) stays, as after retention."""
    if not holds_in(actor, Permission.KEEP_PROCESSING_REGISTER, request.municipality_id):
        raise PermissionDenied
    if request.kind != RequestKind.ERASURE or not request.is_open:
        raise ValidationError({"to": _("Only an open erasure request erases.")})
    subjects = subjects_of(request)
    reasons = [r for s in subjects for r in erasure_blockers(s)]
    if reasons:
        audit_record(
            actor=actor,
            action="privacy.dsr_erasure_refused",
            obj=request,
            organisation_id=request.municipality_id,
            extra={"reasons": len(reasons)},
        )
        return request_move(
            actor=actor, request=request, to=RequestState.REFUSED, reason="\n".join(reasons)
        )
    signals = {s.signal_id: s.signal for s in subjects}
    for subject in subjects:
        subject.delete()  # its trace and hit-index digests follow with the restack
    for signal in signals.values():
        signal_restack(signal=signal)
    audit_record(
        actor=actor,
        action="privacy.dsr_erasure",
        obj=request,
        organisation_id=request.municipality_id,
        extra={"subjects": len(subjects)},
    )
    stamp = timezone.localdate().strftime("%d-%m-%Y")
    note = (
        _("%(date)s: %(n)s records of the person erased.") % {"date": stamp, "n": len(subjects)}
        if subjects
        else _("%(date)s: no data about the person found.") % {"date": stamp}
    )
    return request_move(actor=actor, request=request, to=RequestState.DONE, note=note)
