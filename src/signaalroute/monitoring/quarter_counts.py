"""Counts per municipality and quarter, kept by the writes (``models.QuarterCount``).

A dashboard of a region would otherwise count tens of thousands of signals and their route
events on every request. Instead, each write that can change what is counted changes the counts
of the one municipality and quarter the signal came in in, in the writer's transaction:

* a signal saved (submitted, classified, closed with an outcome, merged) or deleted;
* a signal's state set with ``QuerySet.update`` (``workflow.state_enter``), which calls
  ``signals.hooks.signal_changed`` because ``update`` sends no ``post_save``;
* a route event (a transition) added or deleted.

``signals.hooks`` calls ``signal_changed`` below for each (the setting
``SIGNAALROUTE_SIGNAL_CHANGED`` names it, conf/wiring.py), so the signals room imports nothing of
monitoring. The writes of every submission and route step (a new signal, a state set by
``state_enter``, a first arrival at a step) move the counts by what they change; anything else
(a classification, a closing, a merge, a deletion) counts the quarter again, since its previous
values are not known. Counting again costs a read of the whole quarter (about 30 ms for 1,000
signals), moving a few milliseconds whatever the quarter holds (``docs/benchmarks.md``). Either
holds the row locked (``select_for_update``) until the writer commits, so two writers of one
quarter change it one after the other, each seeing the other's committed change. A
municipality and the moment a signal came in are never changed
by the product; anything written around the hooks (a bulk load, a fix by hand) is repaired by
``manage.py monitoring_recount``, which counts every quarter again and reports any difference.
"""

from __future__ import annotations

import datetime as dt
import uuid
from bisect import insort
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from signaalroute.signals.models import EventKind, Signal, SignalEvent
from signaalroute.signals.states import State

from .dimensions import DIMENSIONS, NONE
from .models import QuarterCount

STEP = "step"  # the counts' dimension of the steps of the route reached
# The steps of the reporting route whose lead times are shown (seed 002_f9bb08b28be3f2cb.txt
# annex 1); how many signals reached each is a count like any other.
STEP_STATES = (
    State.TRIAGE,
    State.ENRICHED,
    State.ROUTED,
    State.FEEDBACK_RECEIVED,
    State.REPORTER_INFORMED,
    State.CLOSED,
)
# The fields of a signal a count depends on: a save of other fields changes nothing counted.
COUNTED_FIELDS = frozenset(
    {"municipality", "municipality_id", "created_at", "state", *(d.field for d in DIMENSIONS)}
)
# The fields ``workflow.state_enter`` writes: of them only the state is counted.
STATE_FIELDS = frozenset({"state", "state_changed_at", "due_at"})


def quarter_of(moment: dt.datetime) -> dt.date:
    """The first day of the quarter (local time) ``moment`` falls in."""
    local = timezone.localtime(moment)
    return dt.date(local.year, (local.month - 1) // 3 * 3 + 1, 1)


def quarter_bounds(quarter: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime(quarter.year, quarter.month, 1, tzinfo=zone)
    end_month = quarter.month + 3
    end = dt.datetime(quarter.year + (end_month > 12), (end_month - 1) % 12 + 1, 1, tzinfo=zone)
    return start, end


def signal_changed(
    *,
    signal: Signal,
    fields: Iterable[str] | None = None,
    event: SignalEvent | None = None,
    created: bool = False,
    previous: dict[str, Any] | None = None,
) -> None:
    """The hook (``SIGNAALROUTE_SIGNAL_CHANGED``): ``signal`` was written (``fields``: which,
    None when not known) or ``event`` on its timeline was. Changes the counts of the signal's
    municipality and quarter when what changed can change a count: by moving them for the
    writes of every submission and route step (:func:`_moved`), by counting the quarter again
    for anything else (a classification, a closing, a merge, a deletion)."""
    if event is not None:
        if event.kind != EventKind.TRANSITION or event.to_state not in STEP_STATES:
            return
    elif fields is not None and not COUNTED_FIELDS.intersection(fields):
        return
    if signal.municipality_id is None or signal.created_at is None:
        return
    municipality, quarter = signal.municipality_id, quarter_of(signal.created_at)
    with transaction.atomic():
        kept = _locked(municipality, quarter)
        if kept.signals and _moved(kept, signal, fields, event, created, previous or {}):
            kept.save(update_fields=["signals", "counts", "seconds"])
            return
        kept.signals, kept.counts, kept.seconds = count(municipality, quarter)
        kept.save(update_fields=["signals", "counts", "seconds"])


def _locked(municipality: uuid.UUID, quarter: dt.date) -> QuarterCount:
    """The quarter's row, made when missing, locked until the caller's transaction ends."""
    QuarterCount.objects.bulk_create(
        [QuarterCount(municipality_id=municipality, quarter=quarter)], ignore_conflicts=True
    )
    return QuarterCount.objects.select_for_update().get(
        municipality_id=municipality, quarter=quarter
    )


def _moved(
    kept: QuarterCount,
    signal: Signal,
    fields: Iterable[str] | None,
    event: SignalEvent | None,
    created: bool,
    previous: dict[str, Any],
) -> bool:
    """Move the kept counts by one write, when the write is one whose effect is known without
    counting again: a new signal, a state set by ``state_enter`` (its previous state known), a
    new route event that is the signal's first arrival at a step. False for anything else
    (the caller counts the quarter again). A quarter kept empty so far is always counted
    (its signals may have come in around the hooks)."""
    if signal.state == State.MERGED or previous.get("state") == State.MERGED:
        return False
    if event is not None:
        return created and _first_arrival(kept, signal, event)
    if created and fields is None:
        kept.signals += 1
        for dimension in DIMENSIONS:
            row = {dimension.field: getattr(signal, dimension.field)}
            for category in dimension.of(row):
                _add(kept.counts, dimension.code, category, 1)
        return True
    if fields is not None and set(fields) <= STATE_FIELDS and "state" in previous:
        if previous["state"] != signal.state:
            _add(kept.counts, "state", previous["state"] or NONE, -1)
            _add(kept.counts, "state", signal.state or NONE, 1)
        return True
    return False


def _first_arrival(kept: QuarterCount, signal: Signal, event: SignalEvent) -> bool:
    """Count ``event`` (new) as the signal's arrival at its step, unless an earlier arrival
    was counted already; False when it came before one (the caller counts again)."""
    others = SignalEvent.objects.filter(
        signal=signal, kind=EventKind.TRANSITION, to_state=event.to_state
    ).exclude(pk=event.pk)
    first = others.aggregate(first=Min("at"))["first"]
    if first is not None:
        return first <= event.at  # an earlier arrival is the one counted: nothing moves
    state = str(event.to_state)
    insort(kept.seconds.setdefault(state, []), (event.at - signal.created_at).total_seconds())
    _add(kept.counts, STEP, state, 1)
    return True


def _add(counts: dict[str, dict[str, int]], code: str, category: Any, n: int) -> None:
    """Add ``n`` to one category's count, leaving out what falls to zero (as ``count``)."""
    key = str(getattr(category, "value", category))
    per = counts.setdefault(code, {})
    per[key] = per.get(key, 0) + n
    if per[key] <= 0:
        del per[key]
    if not per:
        del counts[code]


def recount(municipality: uuid.UUID, quarter: dt.date) -> QuarterCount:
    """Count one municipality's signals of one quarter again and keep the counts (in the
    caller's transaction when there is one; the row stays locked until it commits)."""
    with transaction.atomic():
        kept = _locked(municipality, quarter)
        kept.signals, kept.counts, kept.seconds = count(municipality, quarter)
        kept.save(update_fields=["signals", "counts", "seconds"])
    return kept


def count(
    municipality: uuid.UUID, quarter: dt.date
) -> tuple[int, dict[str, dict[str, int]], dict[str, list[float]]]:
    """What ``QuarterCount`` keeps for one municipality and quarter, counted from the signals
    and their route events: the number of signals, the counts per dimension and category, and
    per step the sorted seconds to the first arrival."""
    start, end = quarter_bounds(quarter)
    live = (
        Signal.objects.filter(
            municipality_id=municipality, created_at__gte=start, created_at__lt=end
        )
        .exclude(state=State.MERGED)
        .order_by()
    )
    total = 0
    counts: dict[str, dict[str, int]] = {d.code: {} for d in DIMENSIONS}
    for row in live.values(*(d.field for d in DIMENSIONS)):
        total += 1
        for dimension in DIMENSIONS:
            per = counts[dimension.code]
            for category in dimension.of(row):  # one per signal, or each element of a list once
                per[category] = per.get(category, 0) + 1
    firsts = (
        SignalEvent.objects.filter(
            signal__in=live, kind=EventKind.TRANSITION, to_state__in=STEP_STATES
        )
        .order_by()
        .values("signal_id", "to_state")
        .annotate(first=Min("at"), came=Min("signal__created_at"))
        .values_list("to_state", "first", "came")
    )
    seconds: dict[str, list[float]] = {}
    for state, first, came in firsts:
        seconds.setdefault(state, []).append((first - came).total_seconds())
    for values in seconds.values():
        values.sort()
    counts[STEP] = {state: len(values) for state, values in seconds.items()}
    return total, {d: per for d, per in counts.items() if per}, seconds


def rebuild(municipalities: Iterable[uuid.UUID] | None = None) -> list[tuple[Any, ...]]:
    """Count every quarter of ``municipalities`` (default: every municipality with signals or
    kept counts) again. Returns the (municipality, quarter) whose kept counts differed."""
    wanted = set(municipalities) if municipalities is not None else None
    signals = Signal.objects.order_by()
    kept = QuarterCount.objects.all()
    if wanted is not None:
        signals = signals.filter(municipality_id__in=wanted)
        kept = kept.filter(municipality_id__in=wanted)
    keys = {(m, quarter_of(at)) for m, at in signals.values_list("municipality_id", "created_at")}
    before = {
        (m, q): (n, c, s)
        for m, q, n, c, s in kept.values_list(
            "municipality_id", "quarter", "signals", "counts", "seconds"
        )
    }
    differed = []
    for m, q in sorted(keys | set(before), key=lambda key: (str(key[0]), key[1])):
        fresh = recount(m, q)
        if before.get((m, q)) != (fresh.signals, fresh.counts, fresh.seconds) and (
            (m, q) in before or fresh.signals
        ):
            differed.append((m, q))
    return differed


def fill_after_migrate(**kwargs: Any) -> None:
    """After ``migrate`` (Django's ``post_migrate``): an installation that has signals but no
    kept counts yet (the upgrade that brought them) is counted once, so no dashboard or yearly
    report reads zeros until the nightly recount. Runs with the models as they are after every
    migration, which a data migration could not."""
    if QuarterCount.objects.exists() or not Signal.objects.exists():
        return
    rebuild()
