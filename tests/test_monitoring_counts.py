"""The counts per municipality and quarter that the writes keep (monitoring.quarter_counts) equal
a recount after every kind of write: submitting, moving along the route, classifying, closing,
merging, a referral, retention's anonymisation and deleting; the nightly recount repairs and
reports a row written around the hooks; the lead times read from the kept seconds equal the
median and 90th percentile over the signals themselves."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from signaalroute.monitoring.areas import areas_for, exact_municipalities
from signaalroute.monitoring.dashboard import dashboard_for
from signaalroute.monitoring.lead_times import route_stats
from signaalroute.monitoring.models import QuarterCount
from signaalroute.monitoring.quarter_counts import (
    STEP_STATES,
    count,
    fill_after_migrate,
    quarter_of,
    rebuild,
)
from signaalroute.partners.referrals.models import Referral
from signaalroute.privacy.retention import retention_run
from signaalroute.signals.models import EventKind, Signal, SignalEvent
from signaalroute.signals.states import Outcome, State
from signaalroute.workflow.classification import signal_classify
from signaalroute.workflow.services import signal_transition
from tests.referrals import answered
from tests.signals import internal_signal, soest

pytestmark = pytest.mark.django_db


def _kept_equals_a_recount() -> None:
    """Every kept row equals what counting its quarter again gives, and every quarter with
    signals has a row."""
    kept = {
        (row.municipality_id, row.quarter): (row.signals, row.counts, row.seconds)
        for row in QuarterCount.objects.all()
    }
    for m, at in Signal.objects.exclude(state=State.MERGED).values_list(
        "municipality_id", "created_at"
    ):
        assert (m, quarter_of(at)) in kept
    for (m, q), row in kept.items():
        assert row == count(m, q), (m, q)


def _kept(signal: Signal) -> QuarterCount:
    return QuarterCount.objects.get(
        municipality_id=signal.municipality_id, quarter=quarter_of(signal.created_at)
    )


def _move(personas: Any, signal: Signal, to: str, **extra: Any) -> Signal:
    signal.refresh_from_db()
    signal_transition(
        actor=personas["carla"], signal=signal, to=to, expected_version=signal.version, **extra
    )
    signal.refresh_from_db()
    return signal


def _close(personas: Any, signal: Signal) -> Signal:
    return _move(
        personas,
        signal,
        State.CLOSED,
        reason="Niets gevonden.",
        outcome=Outcome.NO_TRAFFICKING,
        no_care_coordinator_reason="Geen slachtoffer gevonden.",
    )


def test_the_kept_counts_follow_every_write(personas: Any) -> None:
    first = internal_signal(personas, via_bob=False, forms=["labour"], sector="construction")
    second = internal_signal(personas, via_bob=False, forms=["sexual", "labour"])
    third = internal_signal(personas, via_bob=True, forms=[])  # to the team coordinator first
    _kept_equals_a_recount()
    kept = _kept(first)
    assert kept.signals == 3
    assert kept.counts["form"] == {"labour": 2, "sexual": 1, "none": 1}
    assert kept.counts["sector"]["construction"] == 1

    # State changes (QuerySet.update in workflow.state_enter) and the steps reached.
    _move(personas, first, State.TRIAGE)
    _kept_equals_a_recount()
    assert _kept(first).counts["step"] == {"triage": 1}
    assert len(_kept(first).seconds["triage"]) == 1

    # Classification.
    first = Signal.objects.get(pk=first.pk)
    signal_classify(
        actor=personas["carla"],
        signal=first,
        vulnerable_groups=["labour_migrant", "minor"],
        sector="agriculture",
        migration="yes",
        expected_version=first.version,
    )
    _kept_equals_a_recount()
    assert _kept(first).counts["sector"].get("construction") is None
    assert _kept(first).counts["vulnerable_group"]["minor"] == 1

    # Merging a duplicate: it no longer counts.
    _move(personas, second, State.TRIAGE)
    _move(personas, second, State.MERGED, merge_target=first)
    _kept_equals_a_recount()
    assert _kept(first).signals == 2
    assert _kept(first).counts["form"] == {"labour": 1, "none": 1}

    # Closing with an outcome.
    _close(personas, first)
    _kept_equals_a_recount()
    assert _kept(first).counts["outcome"][Outcome.NO_TRAFFICKING] == 1
    assert _kept(first).counts["step"]["closed"] == 1

    # Deleting a signal (and, with it, its timeline).
    third.delete()
    _kept_equals_a_recount()
    assert _kept(first).signals == 1


def test_a_referral_and_its_answer_move_the_counts_of_the_route(personas: Any) -> None:
    signal, _referral = answered(personas)  # referred, accepted and answered by the police
    assert Referral.objects.filter(signal=signal).exists()
    _kept_equals_a_recount()
    steps = _kept(signal).counts["step"]
    assert (steps["routed"], steps["feedback_received"]) == (1, 1)
    assert _kept(signal).counts["state"] == {State.FEEDBACK_RECEIVED: 1}


def test_retention_keeps_the_counts(personas: Any, client_for: Any) -> None:
    signal = internal_signal(personas, via_bob=False, sector="construction", forms=["labour"])
    _move(personas, signal, State.TRIAGE)
    _close(personas, signal)
    Signal.objects.filter(pk=signal.pk).update(  # expired: not a counted field
        state_changed_at=timezone.now() - dt.timedelta(days=400)
    )
    before = (_kept(signal).signals, _kept(signal).counts, _kept(signal).seconds)
    pim = client_for("pim")
    pim.post(
        "/privacy/bewaartermijnen/",
        {"what": "months", "code": "signal_without_referral", "months": "12"},
    )
    records = retention_run(actor=None, municipality=soest(), dry_run=False)
    assert [r.count for r in records if r.code == "signal_without_referral"] == [1]
    assert Signal.objects.get(pk=signal.pk).description == ""  # anonymised
    _kept_equals_a_recount()
    assert (_kept(signal).signals, _kept(signal).counts, _kept(signal).seconds) == before


def test_the_recount_repairs_and_reports_a_row_written_around_the_hooks(personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False, forms=["labour"])
    QuarterCount.objects.filter(pk=_kept(signal).pk).update(signals=99, counts={})
    moved = timezone.now() - dt.timedelta(days=800)  # a bulk load: no hook runs
    Signal.objects.filter(pk=signal.pk).update(created_at=moved)
    out, err = io.StringIO(), io.StringIO()
    call_command("monitoring_recount", stdout=out, stderr=err)
    assert "2 quarter(s) differed" in out.getvalue()  # the old quarter and the new one
    assert err.getvalue().count("differed: Soest") == 2
    _kept_equals_a_recount()
    assert QuarterCount.objects.get(municipality=soest(), quarter=quarter_of(moved)).signals == 1
    assert rebuild() == []  # nothing left to repair
    out = io.StringIO()
    call_command("monitoring_recount", "--municipality", "Soest", stdout=out)
    assert "0 quarter(s) differed" in out.getvalue()


def test_the_dashboard_adds_up_the_kept_counts(personas: Any) -> None:
    signals = [internal_signal(personas, via_bob=False, forms=["labour"]) for _n in range(6)]
    for signal in signals[:5]:
        _move(personas, signal, State.TRIAGE)
    gijs, carla = personas["gijs"], personas["carla"]
    year = timezone.localtime(signals[0].created_at).year
    areas = areas_for(carla)
    board = dashboard_for(areas, areas[0], year, exact_municipalities(carla))
    assert board.total == 6
    assert board.lead_times[0].count == 5 and board.lead_times[0].median_days is not None
    labour = next(t for t in board.tables if t.code == "form").rows
    assert any(values[4] == 6 for _label, values in labour)  # the year's column
    areas = areas_for(gijs)
    board = dashboard_for(areas, areas[0], year, exact_municipalities(gijs))
    assert board.total == 6  # six is shown to anyone


def _percentiles_over_the_signals(members: tuple[Any, ...], year: int) -> dict[str, Any]:
    """The lead times computed from the signals and events themselves: in the database with
    ``percentile_cont`` on PostgreSQL, else by interpolating by hand."""
    zone = timezone.get_current_timezone()
    start, end = dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)
    firsts: dict[tuple[Any, str], tuple[dt.datetime, dt.datetime]] = {}
    events = SignalEvent.objects.filter(
        kind=EventKind.TRANSITION,
        to_state__in=STEP_STATES,
        signal__municipality_id__in=members,
        signal__created_at__gte=start,
        signal__created_at__lt=end,
    ).exclude(signal__state=State.MERGED)
    for signal_id, state, at, came in events.values_list(
        "signal_id", "to_state", "at", "signal__created_at"
    ):
        if (signal_id, state) not in firsts or at < firsts[(signal_id, state)][0]:
            firsts[(signal_id, state)] = (at, came)
    seconds: dict[str, list[float]] = {}
    for (_signal, state), (at, came) in firsts.items():
        seconds.setdefault(state, []).append((at - came).total_seconds())
    out = {}
    for state, values in seconds.items():
        values.sort()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
                    "percentile_cont(0.9) WITHIN GROUP (ORDER BY v) FROM unnest(%s::float8[]) v",
                    [values],
                )
                median, p90 = cursor.fetchone()
        else:
            position = 0.9 * (len(values) - 1)
            low = int(position)
            high = min(low + 1, len(values) - 1)
            p90 = values[low] + (values[high] - values[low]) * (position - low)
            median = statistics.median(values)
        out[state] = (len(values), median, p90)
    return out


def test_the_lead_times_equal_those_over_the_signals(personas: Any) -> None:
    signals = [internal_signal(personas, via_bob=False) for _n in range(7)]
    for n, signal in enumerate(signals):
        _move(personas, signal, State.TRIAGE)
        # Spread the arrivals: as if triage began after n hours (an event's moment).
        SignalEvent.objects.filter(signal=signal, to_state=State.TRIAGE).update(
            at=signal.created_at + dt.timedelta(hours=n * n + 1)
        )
    rebuild()  # the moments were set around the hooks
    area = areas_for(personas["carla"])[0]
    year = timezone.localtime(signals[0].created_at).year
    kept = route_stats(area, year)
    expected = _percentiles_over_the_signals(area.members, year)
    assert kept.keys() == expected.keys()
    for state, (n, median, p90) in expected.items():
        assert kept[state][0] == n
        assert kept[state][1] == pytest.approx(median, abs=1e-6)
        assert kept[state][2] == pytest.approx(p90, abs=1e-6)


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_quarter_both_count(personas: Any) -> None:
    """The second writer's recount waits for the first one's commit (the row lock) and then
    sees its change: no count is lost to two transactions that each missed the other's. (With
    a plain read of the row instead of the insert-or-nothing and the lock, this test fails.)"""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: SQLite has one writer at a time anyway")
    first = internal_signal(personas, via_bob=False, forms=[])
    second = internal_signal(personas, via_bob=False, forms=[])
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write(pk: Any, sector: str, before: Callable[[], None], after: Callable[[], None]) -> None:
        try:
            before()
            with transaction.atomic():
                signal = Signal.objects.get(pk=pk)
                signal.sector = sector
                signal.save(update_fields=["sector"])  # the hook recounts the quarter
                after()
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    one = threading.Thread(
        target=write,
        args=(first.pk, "construction", lambda: None, lambda: (holding.set(), release.wait(10))),
    )
    two = threading.Thread(
        target=write, args=(second.pk, "agriculture", lambda: holding.wait(10), lambda: None)
    )
    one.start()
    two.start()
    holding.wait(10)
    time.sleep(0.5)  # the second writer is waiting for the row now
    release.set()
    one.join(20)
    two.join(20)
    assert errors == []
    assert _kept(first).counts["sector"] == {"construction": 1, "agriculture": 1}
    _kept_equals_a_recount()


def test_an_upgrade_with_signals_but_no_kept_counts_counts_them_after_migrate(
    personas: Any,
) -> None:
    internal_signal(personas)
    internal_signal(personas)
    QuarterCount.objects.all().delete()  # as just after the migration that brought the table
    fill_after_migrate()
    assert QuarterCount.objects.get(municipality=soest()).signals == 2
    _kept_equals_a_recount()
    # Kept counts present: nothing is recounted (the nightly job repairs, not migrate).
    QuarterCount.objects.update(signals=99)
    fill_after_migrate()
    assert QuarterCount.objects.get(municipality=soest()).signals == 99


def test_submissions_and_route_steps_move_the_counts_without_counting_again(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quarter that holds signals is not read again for the writes of every submission and
    route step: they move the kept counts, which still equal a recount afterwards."""
    from signaalroute.monitoring import quarter_counts

    first = internal_signal(personas, via_bob=False, forms=["labour"])
    counted: list[Any] = []
    original = quarter_counts.count

    def counting(*args: Any) -> Any:
        counted.append(args)
        return original(*args)

    monkeypatch.setattr(quarter_counts, "count", counting)
    second = internal_signal(personas, via_bob=False, forms=["sexual", "labour"])
    _move(personas, second, State.TRIAGE)
    _move(personas, first, State.TRIAGE)
    assert counted == []
    monkeypatch.setattr(quarter_counts, "count", original)
    _kept_equals_a_recount()
    assert _kept(first).counts["step"] == {"triage": 2}
    assert _kept(first).counts["form"] == {"labour": 2, "sexual": 1}
