"""Reads of signals, always scoped by who asks. An id outside the scope gives nothing (404).

"May handle signals in this municipality" is answered here and nowhere else
(`handling_municipalities`, `may_handle`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import ROLE_LABELS, Permission, Role
from signaalroute.accounts.selectors import handling_municipalities, has_permission, memberships_of
from signaalroute.audit.services import audit_record
from signaalroute.matching.normalise_identifiers import normalise_email, normalise_phone

from .models import Attachment, ReporterIdentity, Signal, SignalEvent


def may_handle(user: User, municipality: Organisation | uuid.UUID) -> bool:
    """Does the user handle signals of this municipality (an Organisation or its id)?"""
    pk: Any = getattr(municipality, "pk", municipality)
    return handling_municipalities(user).filter(pk=pk).exists()


def signals_visible_to(user: User) -> QuerySet[Signal]:
    """Focal officers: their municipalities' signals; team coordinators: those brought to them."""
    condition = Q(municipality__in=handling_municipalities(user))
    if has_permission(user, Permission.FORWARD_SIGNAL):
        condition |= Q(team_coordinator=user)
    return Signal.objects.filter(condition)


def signals_reported_by(user: User | AnonymousUser) -> QuerySet[Signal]:
    """The reporter's own signals ("my signals"): status and feedback only."""
    if not getattr(user, "is_authenticated", False):
        return Signal.objects.none()
    return Signal.objects.filter(reporter__user=cast(User, user)).order_by("-created_at")


def reporter_identity_for(user: User, signal: Signal) -> ReporterIdentity | None:
    """Step 2: the name stays with the focal officer (seed 002_f9bb08b28be3f2cb.txt annex 1).

    Only the focal officers of the receiving municipality, the team coordinator the reporter
    chose (step 1) and the reporter see it. Everyone else gets None.
    """
    identity = ReporterIdentity.objects.filter(signal=signal).select_related("user").first()
    if identity is None:
        return None
    if may_handle(user, signal.municipality_id):
        return identity
    if signal.team_coordinator_id is not None and signal.team_coordinator_id == user.pk:
        return identity
    if identity.user_id is not None and identity.user_id == user.pk:
        return identity
    return None


def attachments_visible_to(user: User) -> QuerySet[Attachment]:
    return Attachment.objects.filter(signal__in=signals_visible_to(user))


# --- Reading selectors: a read of personal data is audited where it is made -----------------

# What the signal page shows of a signal (the names of the fields, never their values).
SIGNAL_PAGE_FIELDS = ("description", "subjects", "address", "indicators", "attachments")


def signal_for_reading(
    user: User,
    signal_id: uuid.UUID,
    *,
    within: QuerySet[Signal] | None = None,
    fields: tuple[str, ...] = SIGNAL_PAGE_FIELDS,
) -> Signal:
    """The signal, scoped to the user (`within` narrows the scope further, e.g. a team
    coordinator's inbox), with the read audited as ``signal.read``. Raises Signal.DoesNotExist
    outside the scope, so another tenant's id reads as not found."""
    scope = within if within is not None else signals_visible_to(user)
    signal = scope.select_related("municipality", "team_coordinator").get(pk=signal_id)
    audit_record(
        actor=user,
        action="signal.read",
        obj=signal,
        organisation_id=signal.municipality_id,
        fields=list(fields),
    )
    return signal


def reporter_identity_reading(user: User, signal: Signal) -> ReporterIdentity | None:
    """`reporter_identity_for`, with the read audited when the identity is shown."""
    identity = reporter_identity_for(user, signal)
    if identity is not None:
        audit_record(
            actor=user,
            action="signal.reporter_identity_read",
            obj=signal,
            organisation_id=signal.municipality_id,
            fields=["name", "email", "phone", "organisation"],
        )
    return identity


def attachment_for_reading(user: User, attachment_id: uuid.UUID) -> Attachment:
    """An attachment of a signal the user may see, with the download audited. Raises
    Attachment.DoesNotExist outside the scope."""
    attachment = attachments_visible_to(user).select_related("signal").get(pk=attachment_id)
    audit_record(
        actor=user,
        action="attachment.read",
        obj=attachment,
        organisation_id=attachment.signal.municipality_id,
    )
    return attachment


def reporter_sources(signals: Iterable[Signal]) -> dict[Any, str]:
    """Who reported each signal, as an opaque token, for counting distinct sources (stacking
    alerts: "2 signals from 2 different sources"). Besides `reporter_identity_for` one of the
    two reads of ReporterIdentity (with `signal_summaries`, which only masks): it never hands
    out a name, e-mail address or telephone number, only a keyed hash of it. An internal
    reporter counts by account; a reporter without contact details counts as a source of their
    own per signal."""
    ids = [s.pk for s in signals]
    tokens: dict[Any, str] = {pk: f"signal:{pk}" for pk in ids}
    rows = ReporterIdentity.objects.filter(signal_id__in=ids).values_list(
        "signal_id", "user_id", "email", "phone"
    )
    for signal_id, user_id, email, phone in rows:
        if user_id:
            tokens[signal_id] = f"user:{user_id}"
        elif email.strip():
            tokens[signal_id] = "email:" + _opaque(email.strip().lower())
        elif any(ch.isdigit() for ch in phone):
            tokens[signal_id] = "phone:" + _opaque("".join(ch for ch in phone if ch.isdigit()))
    return tokens


def reporter_contact_values(signal: Signal) -> frozenset[tuple[str, str]]:
    """The reporter's own telephone number and e-mail addresses as ``(kind, normalised value)``,
    for stacking to leave out of what it finds in the signal's text ("bel mij op 06-…"): the
    reporter is no subject, and their details must never reach the regional index. Compared
    only, never shown or stored; a third read of ReporterIdentity beside the two above."""
    identity = ReporterIdentity.objects.filter(signal=signal).select_related("user").first()
    if identity is None:
        return frozenset()
    found: set[tuple[str, str]] = set()
    emails = [identity.email, identity.user.email if identity.user else ""]
    for email in emails:
        if (result := normalise_email(email)).value and result.flag == "":
            found.add(("email", result.value))
    if (result := normalise_phone(identity.phone)).value and result.flag == "":
        found.add(("phone", result.value))
    return frozenset(found)


def _opaque(value: str) -> str:
    return salted_hmac("signals.reporter-source", value).hexdigest()


# Name words too short or too common to mask without garbling the text ("van der Berg": only
# "Berg" is masked; "de" stays in "de woning").
_NAME_PARTICLES = frozenset({"van", "der", "den", "ter", "ten", "het", "von", "del", "les"})
SUMMARY_LENGTH = 80


def signal_summaries(signals: Iterable[Signal], length: int = SUMMARY_LENGTH) -> dict[Any, str]:
    """A one-line summary of each signal's own text for a list (the worklist): the start of the
    description, cut at a word, with the reporter's name, e-mail address and telephone number
    masked wherever the text names them. The reporter is never named in a list, even when they
    wrote their own name into the text. One query for the whole list."""
    signals = list(signals)
    masks: dict[Any, list[str]] = {s.pk: [] for s in signals}
    rows = ReporterIdentity.objects.filter(signal_id__in=list(masks)).values_list(
        "signal_id", "name", "email", "phone"
    )
    for signal_id, name, email, phone in rows:
        words = [w for w in re.split(r"[\s,;()]+", name) if len(w) > 2]
        masks[signal_id] = [w for w in words if w.lower() not in _NAME_PARTICLES]
        masks[signal_id] += [v for v in (email.strip(), phone.strip()) if v]
        digits = "".join(ch for ch in phone if ch.isdigit())
        if len(digits) >= 6:
            masks[signal_id].append(digits)
    return {s.pk: summary_line(s.description, length, masked=masks[s.pk]) for s in signals}


def summary_line(text: str, length: int = SUMMARY_LENGTH, *, masked: Iterable[str] = ()) -> str:
    """`text` on one line, cut at a word near `length` characters (with "…" when cut); the
    words in `masked` replaced by "[reporter]"."""
    masked = list(masked)
    line = " ".join(text.split())
    if masked:
        pattern = "|".join(re.escape(m) for m in sorted(set(masked), key=len, reverse=True))
        line = re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", str(_("[reporter]")), line, flags=re.I)
    if len(line) <= length:
        return line
    cut = line[:length].rsplit(" ", 1)[0] if " " in line[:length] else line[:length]
    return cut.rstrip(" ,.;:") + "…"


@dataclass(frozen=True)
class TimelineLine:
    """One line of a signal's timeline as shown to those who may see the signal."""

    event: SignalEvent
    actor: str  # who did it, in words; never the reporter's name


def timeline_for(signal: Signal) -> list[TimelineLine]:
    """The signal's timeline. Whoever reported it appears by role and team ("the reporter,
    front desk"), never by name: the name stays behind the audited reveal
    (`reporter_identity_reading`, step 2 of the route, seed 002_f9bb08b28be3f2cb.txt annex 1)."""
    reporter_user = (
        ReporterIdentity.objects.filter(signal=signal).values_list("user_id", flat=True).first()
    )
    reporter_label = ""  # worked out once: the reporter's role and team
    lines = []
    for event in signal.events.select_related("actor").order_by("at"):
        actor = event.actor
        if actor is None:
            label = ""
        elif reporter_user is not None and actor.pk == reporter_user:
            reporter_label = reporter_label or _reporter_label(actor)
            label = reporter_label
        else:
            label = actor.get_full_name() or actor.get_username()
        lines.append(TimelineLine(event=event, actor=label))
    return lines


def _reporter_label(user: User) -> str:
    memberships = memberships_of(user)
    if not memberships:
        return str(_("the reporter"))
    first = memberships[0]
    return str(
        _("the reporter, %(role)s at %(organisation)s")
        % {"role": ROLE_LABELS[Role(first.role)], "organisation": first.organisation.name}
    )
