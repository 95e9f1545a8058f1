""" "Always the care coordinator" (seed 002_f9bb08b28be3f2cb.txt annex 1 step 4): a signal with a
possible victim is closed without the care coordinator only with a reason, which is recorded on
the closing event and counted.

Whether the care coordinator was contacted (a referral, or an anonymous consultation) is known
to the partners room, above the route. The route may not import it, so the setting
``SIGNAALROUTE_CARE_COORDINATOR_CHECKS`` (conf/wiring.py) names the predicates to ask, as
core.panels names page sections. With none named, nobody counts as contacted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils.module_loading import import_string

from signaalroute.signals.models import EventKind, Signal, SignalEvent
from signaalroute.signals.states import State

from .rules import CARE_ROLES

# A predicate: was the care coordinator contacted about this signal?
CareCoordinatorCheck = Callable[[Signal], bool]

# The key on the closing event's data that holds the reason (and marks it for counting).
REASON_KEY = "no_care_coordinator_reason"


def care_coordinator_contacted(signal: Signal) -> bool:
    checks: list[CareCoordinatorCheck] = [
        import_string(path)
        for path in getattr(settings, "SIGNAALROUTE_CARE_COORDINATOR_CHECKS", ())
    ]
    return any(check(signal) for check in checks)


def care_coordinator_reason_needed(signal: Signal) -> bool:
    """Closing this signal asks for a reason: it has a possible victim and the care coordinator
    was neither sent a referral nor consulted anonymously."""
    has_victim = signal.subjects.filter(role__in=CARE_ROLES).exists()
    return has_victim and not care_coordinator_contacted(signal)


def _closed_without(municipality_ids: Iterable[Any], start: dt.datetime, end: dt.datetime) -> Any:
    return SignalEvent.objects.filter(
        kind=EventKind.TRANSITION,
        to_state=State.CLOSED,
        at__gte=start,
        at__lt=end,
        signal__municipality_id__in=list(municipality_ids),
        data__has_key=REASON_KEY,
    )


def closed_without_care_coordinator(
    municipality_ids: Iterable[Any], start: dt.datetime, end: dt.datetime
) -> int:
    """How many signals of these municipalities were closed in [start, end) with a reason for
    not involving the care coordinator (each signal once, however often it was closed). The
    caller scopes `municipality_ids` to what the user may see (monitoring's figures)."""
    return _closed_without(municipality_ids, start, end).values("signal_id").distinct().count()


def closed_without_care_coordinator_by_municipality(
    municipality_ids: Iterable[Any], start: dt.datetime, end: dt.datetime
) -> dict[Any, int]:
    """`closed_without_care_coordinator` per municipality (those with none are left out)."""
    rows = (
        _closed_without(municipality_ids, start, end)
        .values("signal__municipality_id")
        .annotate(n=Count("signal_id", distinct=True))
        .order_by()
    )
    return {row["signal__municipality_id"]: row["n"] for row in rows}
