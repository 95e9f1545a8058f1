"""Stacking alerts (stapelsignalen): when the signals about one person, address or organisation
add up, the focal officers get a worklist item that says why.

The rule is data per municipality (``StackingSettings``; defaults: at least 2 signals from at
least 2 different sources within 12 months, or the ILO/EC indicator assessment over the stack
pointing to a possible victim). A stack here is what the focal officer would see: traces joined
by confirmed links or by proposed links of tier certain or probable (so the alert can come before
the officer confirms; the stack view shows which links are still proposals).

A *source* is who reported: the internal reporter (a user), else the reporter's e-mail address
or telephone number, else the signal itself (each anonymous report counts as its own source).
Stacking never sees those details: `signals.selectors.reporter_sources` gives opaque tokens.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from signaalroute.accounts.models import User
from signaalroute.audit.services import audit_record
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import reporter_sources
from signaalroute.signals.states import State

from .assessment import assess
from .engine import stack_of, stack_signature
from .models import StackAlert, StackingSettings, Trace

MONTH = dt.timedelta(days=30.44)


def settings_for(municipality_id: uuid.UUID) -> StackingSettings:
    found = StackingSettings.objects.filter(municipality_id=municipality_id).first()
    return found or StackingSettings(municipality_id=municipality_id)


def _signals_of(trace_ids: set[Any]) -> list[Signal]:
    """The signals of a stack's traces (not scoped: callers scope what they show)."""
    return list(
        Signal.objects.filter(traces__id__in=trace_ids)
        .exclude(state="merged")
        .distinct()
        .order_by("created_at")
    )


@dataclass(frozen=True)
class StackFigures:
    """A stack's counts, worked out in one place: the stack page's facts, its banner and the
    stored alert all read these, so they cannot tell different numbers."""

    signals: int  # the stack's signals (merged duplicates not counted)
    sources: int  # different sources among them
    recent_signals: int  # of those, within the rule's window
    recent_sources: int
    months: int  # the window


def stack_figures(signals: list[Signal], rule: StackingSettings) -> StackFigures:
    counted = [s for s in signals if s.state != State.MERGED]
    if not counted:
        return StackFigures(0, 0, 0, 0, rule.window_months)
    newest = max(s.created_at for s in counted)
    recent = [s for s in counted if s.created_at >= newest - rule.window_months * MONTH]
    source = reporter_sources(counted)
    return StackFigures(
        signals=len(counted),
        sources=len(set(source.values())),
        recent_signals=len(recent),
        recent_sources=len({source[s.pk] for s in recent}),
        months=rule.window_months,
    )


def stack_reason(
    signals: list[Signal],
    rule: StackingSettings,
    *,
    kind: str,
    figures: StackFigures | None = None,
    possible_victim: bool | None = None,
) -> dict[str, Any] | None:
    """Why these signals make an alert under the rule, or None. ``figures`` and
    ``possible_victim`` are worked out here when the caller has not done so already."""
    figures = figures or stack_figures(signals, rule)
    if figures.signals < 2:
        return None
    ids = sorted(str(s.pk) for s in signals if s.state != State.MERGED)
    if figures.recent_signals >= rule.min_signals and figures.recent_sources >= rule.min_sources:
        return {
            "rule": "count",
            "signals": figures.recent_signals,
            "sources": figures.recent_sources,
            "months": figures.months,
            "kind": kind,
            "signal_ids": ids,
        }
    if rule.alert_on_assessment:
        if possible_victim is None:
            possible_victim = assess(
                [s for s in signals if s.state != State.MERGED]
            ).possible_victim
        if possible_victim:
            return {
                "rule": "assessment",
                "signals": figures.signals,
                "sources": figures.sources,
                "kind": kind,
                "signal_ids": ids,
            }
    return None


def alerts_check(*, signal: Signal) -> list[StackAlert]:
    """Create an alert for each stack of this signal that meets its municipality's rule (once
    per stack state: a new signal joining the stack makes a new alert)."""
    rule = settings_for(signal.municipality_id)
    made = []
    for trace in Trace.objects.filter(signal=signal).only("id", "kind"):
        ids = stack_of(trace, include_proposed=True)
        if len(ids) < 2:  # a trace alone is one signal: no stack (most signals, at once)
            continue
        reason = stack_reason(_signals_of(ids), rule, kind=trace.kind)
        if reason is None:
            continue
        signature = stack_signature(reason.pop("signal_ids"))
        if StackAlert.objects.filter(
            municipality_id=signal.municipality_id, signature=signature
        ).exists():
            continue
        try:
            with transaction.atomic():
                made.append(
                    StackAlert.objects.create(
                        municipality_id=signal.municipality_id,
                        trace=trace,
                        reason=reason,
                        signature=signature,
                    )
                )
        except IntegrityError:  # the same stack reached through another trace just now
            continue
    return made


def alert_text(reason: dict[str, Any]) -> str:
    """The alert's reason in plain Dutch (through gettext)."""
    from django.utils.translation import gettext as _

    if reason.get("rule") == "assessment":
        return _(
            "%(signals)s signals together show the ILO/EC indications of a possible victim "
            "(an aid, not a verdict)."
        ) % {"signals": reason.get("signals")}
    return _(
        "%(signals)s signals from %(sources)s different sources within %(months)s months "
        "are about %(kind)s."
    ) % {
        "signals": reason.get("signals"),
        "sources": reason.get("sources"),
        "months": reason.get("months"),
        "kind": _kind_word(str(reason.get("kind", ""))),
    }


def _kind_word(kind: str) -> str:
    from django.utils.translation import gettext as _

    return {
        "person": _("the same person"),
        "address": _("the same address"),
        "organisation": _("the same organisation"),
        "vehicle": _("the same vehicle"),
        "online": _("the same online trace"),
    }.get(kind, kind)


def alert_seen(*, actor: User, alert: StackAlert) -> StackAlert:
    with transaction.atomic():
        alert.seen_by = actor
        alert.seen_at = timezone.now()
        alert.save(update_fields=["seen_by", "seen_at"])
        audit_record(
            actor=actor,
            action="stacking.alert_seen",
            obj=alert,
            organisation_id=alert.municipality_id,
            fields=["seen_at"],
        )
    return alert
