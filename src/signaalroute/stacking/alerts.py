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
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from signaalroute.accounts.models import User
from signaalroute.audit.services import audit_record
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import reporter_sources

from .assessment import assess
from .engine import stack_of, stack_signature
from .models import StackAlert, StackingSettings, Trace

MONTH = dt.timedelta(days=30.44)


def settings_for(municipality_id: uuid.UUID) -> StackingSettings:
    found = StackingSettings.objects.filter(municipality_id=municipality_id).first()
    return found or StackingSettings(municipality_id=municipality_id)


def stack_signals(trace: Trace, *, include_proposed: bool = True) -> list[Signal]:
    """The signals of a trace's stack (not scoped: callers scope what they show)."""
    ids = stack_of(trace, include_proposed=include_proposed)
    return list(
        Signal.objects.filter(traces__id__in=ids)
        .exclude(state="merged")
        .distinct()
        .order_by("created_at")
    )


def evaluate(trace: Trace, rule: StackingSettings) -> dict[str, Any] | None:
    """The reason an alert fires for this trace's stack, or None."""
    signals = stack_signals(trace)
    if len(signals) < 2:
        return None
    newest = max(s.created_at for s in signals)
    recent = [s for s in signals if s.created_at >= newest - rule.window_months * MONTH]
    source = reporter_sources(signals)
    sources = {source[s.pk] for s in recent}
    if len(recent) >= rule.min_signals and len(sources) >= rule.min_sources:
        return {
            "rule": "count",
            "signals": len(recent),
            "sources": len(sources),
            "months": rule.window_months,
            "kind": trace.kind,
            "signal_ids": sorted(str(s.pk) for s in signals),
        }
    if rule.alert_on_assessment and assess(signals).possible_victim:
        return {
            "rule": "assessment",
            "signals": len(signals),
            "sources": len(set(source.values())),
            "kind": trace.kind,
            "signal_ids": sorted(str(s.pk) for s in signals),
        }
    return None


def alerts_check(*, signal: Signal) -> list[StackAlert]:
    """Create an alert for each stack of this signal that meets its municipality's rule (once
    per stack state: a new signal joining the stack makes a new alert)."""
    rule = settings_for(signal.municipality_id)
    made = []
    for trace in Trace.objects.filter(signal=signal):
        reason = evaluate(trace, rule)
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
