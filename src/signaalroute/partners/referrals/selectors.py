"""Reads of referrals: the partner sees only what was addressed to its organisation."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from signaalroute.accounts.models import OrganisationKind, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import (
    handling_municipalities,
    municipalities_where,
    organisations_where,
    own_partner_organisations,
)
from signaalroute.audit.services import audit_record
from signaalroute.partners.referrals.models import Disclosure, Referral, ReferralState
from signaalroute.partners.referrals.rules import (
    FEEDBACK_KINDS,
    OPEN_FOR_FEEDBACK,
    REFERRAL_TRANSITIONS,
    R,
)
from signaalroute.signals.models import Signal, SignalSubject
from signaalroute.signals.selectors import may_handle, signals_visible_to
from signaalroute.signals.states import State


def referrals_for_partner(user: User) -> QuerySet[Referral]:
    """Referrals to the user's partner organisation(s); revoked ones are gone for the partner."""
    return (
        Referral.objects.filter(
            partner__in=own_partner_organisations(user, Permission.HANDLE_REFERRAL)
        )
        .exclude(state=ReferralState.REVOKED)
        .select_related("partner", "signal__municipality")
    )


def referrals_sent_by_municipality(user: User) -> QuerySet[Referral]:
    return Referral.objects.filter(
        signal__municipality__in=handling_municipalities(user)
    ).select_related("partner")


@dataclass(frozen=True)
class SignalReferral:
    """One referral as the signal page lists it: everything in words, nothing in codes."""

    referral: Referral
    partner: str
    basis: str  # the legal basis in words
    shared: list[str]  # what was shared, in words
    state: str  # the referral's state in words
    answer: str  # the partner's feedback or reason for declining, "" while there is none
    overdue: bool  # no feedback yet and the due date has passed


def referrals_of_signal(user: User, signal: Signal) -> list[SignalReferral]:
    """The referrals of one signal, newest first, for a focal officer of its municipality (an
    empty list for anyone else)."""
    if not may_handle(user, signal.municipality_id):
        return []
    today = timezone.localdate()
    rows = []
    for r in referrals_sent_by_municipality(user).filter(signal=signal).order_by("-sent_at"):
        answer = r.decline_reason if r.state == R.DECLINED else r.feedback_text
        if r.feedback_kind in FEEDBACK_KINDS:
            kind = str(FEEDBACK_KINDS[r.feedback_kind])
            answer = f"{kind}. {answer}".strip() if answer else kind
        rows.append(
            SignalReferral(
                referral=r,
                partner=r.partner.name,
                basis=r.basis_label,
                shared=r.shared_field_labels,
                state=r.get_state_display(),
                answer=answer,
                overdue=r.state in OPEN_FOR_FEEDBACK and r.feedback_due_on < today,
            )
        )
    return rows


@dataclass(frozen=True)
class NewFeedback:
    """A signal whose partner feedback arrived and awaits the focal officer (step 5 → 6)."""

    signal: Signal
    partners: list[str]  # who answered, latest first
    at: dt.datetime  # when the latest answer came


def signals_with_new_feedback(user: User) -> list[NewFeedback]:
    """The signals of the user's municipalities in "feedback received", latest answer first,
    with the partners who answered: references, forms, dates and partner names only."""
    signals = {
        s.pk: s
        for s in signals_visible_to(user).filter(
            municipality__in=handling_municipalities(user), state=State.FEEDBACK_RECEIVED
        )
    }
    if not signals:
        return []
    answered: dict[object, list[Referral]] = {}
    for r in (
        Referral.objects.filter(signal_id__in=list(signals), feedback_at__isnull=False)
        .select_related("partner")
        .order_by("-feedback_at")
    ):
        answered.setdefault(r.signal_id, []).append(r)
    rows = []
    for pk, signal in signals.items():
        answers = answered.get(pk, [])
        names = list(dict.fromkeys(r.partner.name for r in answers))
        at = answers[0].feedback_at if answers else None
        rows.append(NewFeedback(signal=signal, partners=names, at=at or signal.state_changed_at))
    return sorted(rows, key=lambda row: row.at, reverse=True)


def disclosures_for_subject_search(user: User, text: str) -> QuerySet[Disclosure]:
    """For an access request: disclosures of signals in the privacy officer's municipalities
    whose subjects match `text`."""

    municipalities = organisations_where(user, Permission.VIEW_PROCESSING_REGISTER)
    subject_ids = [
        str(pk)
        for pk in SignalSubject.objects.filter(
            signal__municipality__in=municipalities, description__icontains=text.strip()
        ).values_list("pk", flat=True)[:200]
    ]
    if not subject_ids:
        return Disclosure.objects.none()
    disclosures = Disclosure.objects.filter(signal__municipality__in=municipalities).select_related(
        "recipient", "actor", "signal"
    )
    # subject_ids is a JSON list; match in Python to work on SQLite and PostgreSQL alike.
    wanted = set(subject_ids)
    ids = [d.pk for d in disclosures if wanted & set(d.subject_ids)]
    return Disclosure.objects.filter(pk__in=ids).select_related("recipient", "actor", "signal")


@dataclass(frozen=True)
class PartnerFigures:
    partner: str
    sent: int
    with_feedback: int
    feedback_rate: float
    median_days_to_decision: float | None
    median_days_to_feedback: float | None
    overdue: int


def disclosures_search(user: User, text: str) -> QuerySet[Disclosure]:
    """`disclosures_for_subject_search`, with the search audited (the field searched, never the
    text: it is a person's name or address)."""
    found = disclosures_for_subject_search(user, text)
    audit_record(actor=user, action="disclosure.search", fields=["subjects"])
    return found


def referral_figures(user: User) -> list[PartnerFigures]:
    """Monitoring: feedback rate and lead times per partner, aggregates only."""
    referrals = (
        Referral.objects.filter(
            signal__municipality__in=municipalities_where(user, Permission.VIEW_AGGREGATES)
        )
        .exclude(state=ReferralState.REVOKED)
        .to_partners()
        .select_related("partner")
    )
    by_partner: dict[str, list[Referral]] = {}
    for referral in referrals:
        by_partner.setdefault(referral.partner.name, []).append(referral)
    today = timezone.localdate()
    figures = []
    for name, rows in sorted(by_partner.items()):
        decided = [(r.decided_at - r.sent_at).total_seconds() / 86400 for r in rows if r.decided_at]
        answered = [
            (r.feedback_at - r.sent_at).total_seconds() / 86400 for r in rows if r.feedback_at
        ]
        figures.append(
            PartnerFigures(
                partner=name,
                sent=len(rows),
                with_feedback=len(answered),
                feedback_rate=len(answered) / len(rows),
                median_days_to_decision=round(statistics.median(decided), 1) if decided else None,
                median_days_to_feedback=round(statistics.median(answered), 1) if answered else None,
                overdue=sum(
                    1
                    for r in rows
                    if r.feedback_at is None
                    and r.state != ReferralState.DECLINED
                    and r.feedback_due_on < today
                ),
            )
        )
    return figures


@dataclass(frozen=True)
class ReferralSteps:
    """What this user can do with a referral now; templates ask this instead of deciding."""

    accept: bool = False
    decline: bool = False
    feedback: bool = False
    revoke: bool = False
    close: bool = False
    # The sender shares on another basis (e.g. an anonymous consultation becomes a referral
    # under vital interest) while the referral is open, without revoking it.
    change_basis: bool = False


def referral_steps(user: User, referral: Referral) -> ReferralSteps:
    """From the referral's route table (`referrals.rules.REFERRAL_TRANSITIONS`) and the side the
    user is on: the receiving partner, or a focal officer of the signal's municipality."""
    sides = referral_sides(user, referral)
    moves = {
        to
        for (source, to), who in REFERRAL_TRANSITIONS.items()
        if source == referral.state and who in sides
    }
    return ReferralSteps(
        accept=R.ACCEPTED in moves,
        decline=R.DECLINED in moves,
        feedback=R.FEEDBACK_GIVEN in moves,
        revoke=R.REVOKED in moves,
        close=R.CLOSED in moves,
        change_basis="sender" in sides
        and referral.state in OPEN_FOR_FEEDBACK
        and referral.partner.kind == OrganisationKind.PARTNER,
    )


def referral_sides(user: User, referral: Referral) -> set[str]:
    """ "partner" for a contact of the receiving organisation, "sender" for a focal officer of
    the signal's municipality (both, in a test world, for someone who is both)."""
    sides = set()
    if (
        own_partner_organisations(user, Permission.HANDLE_REFERRAL)
        .filter(pk=referral.partner_id)
        .exists()
    ):
        sides.add("partner")
    if may_handle(user, referral.signal.municipality_id):
        sides.add("sender")
    return sides
