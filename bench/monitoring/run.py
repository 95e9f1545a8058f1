"""Benchmark of the dashboard and the yearly report (not a test; prints its figures and writes
``bench/results/monitoring*.json``). A generated region of 38 municipalities with 50,000 signals
over five years, referrals and route events; then, in one run and side by side:

* the dashboard page for a municipality (policy officer) and for the region (chain director),
  through the Django test client with the whole middleware stack, as production serves it:
  "cold" with the cache emptied before each request (as after any write, which makes a new
  cache key) and "warm" (the same figures asked again before anything changed);
* a bare Django view (``/healthz``: one ``SELECT 1``) through the same stack, as the yardstick;
* the yearly report of a municipality: figures, suppression and the Typst PDF.

Usage: ``make bench-monitoring`` (SQLite in a temporary file), or with
``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_monitoring`` (a throw-away
PostgreSQL database, dropped afterwards). ``BENCH_SIGNALS`` and ``BENCH_REPEAT`` shorten it;
``BENCH_MONITORING_OUTPUT`` writes the results elsewhere.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
MUNICIPALITIES = 38
YEARS = 5
SEED = 12


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _setup(url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaalroute.conf.test")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _generate(signals: int) -> dict[str, Any]:
    from django.db import transaction

    from signaalroute.accounts.models import (
        Membership,
        Organisation,
        OrganisationKind,
        Region,
        User,
    )
    from signaalroute.accounts.rules import Role
    from signaalroute.partners.referrals.models import Referral, ReferralState
    from signaalroute.signals.classification import load_classification
    from signaalroute.signals.models import (
        Channel,
        EventKind,
        ExploitationForm,
        Signal,
        SignalEvent,
    )
    from signaalroute.signals.states import Outcome, State

    rng = random.Random(SEED)
    region = Region.objects.create(name="Benchmarkregio")
    towns = [
        Organisation.objects.create(
            region=region, kind=OrganisationKind.MUNICIPALITY, name=f"Gemeente {i:02d}"
        )
        for i in range(MUNICIPALITIES)
    ]
    partners = [
        Organisation.objects.create(
            region=region,
            kind=OrganisationKind.PARTNER,
            name=f"Partner {i}",
            category="investigative",
        )
        for i in range(6)
    ]
    users = {}
    for name, role, org in (
        ("policy", Role.POLICY_OFFICER, towns[0]),
        ("chain", Role.CHAIN_DIRECTOR, partners[0]),
        ("focal", Role.FOCAL_OFFICER, towns[0]),
    ):
        user = User.objects.create_user(username=name, password="x")
        Membership.objects.create(user=user, organisation=org, role=role)
        users[name] = user
    lists = load_classification()
    groups = [e.code for e in lists.vulnerable_groups]
    sectors = [e.code for e in lists.sectors]
    forms = list(ExploitationForm.values)
    weights = [rng.paretovariate(1.2) for _town in towns]  # a few big towns, many small ones
    now = dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(days=365 * YEARS)
    field = Signal._meta.get_field("created_at")
    field.auto_now_add = False  # type: ignore[attr-defined]
    batch: list[Signal] = []
    with transaction.atomic():
        for n in range(signals):
            came_in = start + dt.timedelta(seconds=rng.uniform(0, (now - start).total_seconds()))
            batch.append(
                Signal(
                    reference=f"SR-B{n:06d}",
                    municipality=rng.choices(towns, weights)[0],
                    channel=rng.choice(Channel.values),
                    state=State.CLOSED if rng.random() < 0.8 else State.TRIAGE,
                    state_changed_at=came_in,
                    created_at=came_in,
                    description="Gegenereerd signaal.",
                    forms=rng.sample(forms, k=rng.choice([0, 1, 1, 2])),
                    vulnerable_groups=rng.sample(groups, k=rng.choice([0, 1, 1, 2])),
                    sector=rng.choice(["", *sectors]),
                    migration=rng.choice(["yes", "no", "unknown"]),
                    outcome=rng.choice(Outcome.values),
                )
            )
            if len(batch) == 5000:
                Signal.objects.bulk_create(batch)
                batch = []
        Signal.objects.bulk_create(batch)
    field.auto_now_add = True  # type: ignore[attr-defined]
    rows = list(Signal.objects.values_list("pk", "created_at"))
    events, referrals = [], []
    for pk, came_in in rows:
        at = came_in
        for state in (State.TRIAGE, State.ENRICHED, State.CLOSED):
            at += dt.timedelta(hours=rng.uniform(2, 200))
            events.append(
                SignalEvent(signal_id=pk, at=at, kind=EventKind.TRANSITION, to_state=state)
            )
        if rng.random() < 0.1:
            answered = rng.random() < 0.7
            referrals.append(
                Referral(
                    signal_id=pk,
                    partner=rng.choice(partners),
                    sent_by=users["focal"],
                    purpose="Beoordelen.",
                    basis="statutory_task",
                    shared_fields=["description"],
                    shared={},
                    state=ReferralState.CLOSED if answered else ReferralState.SENT,
                    sent_at=came_in + dt.timedelta(days=2),
                    feedback_due_on=(came_in + dt.timedelta(days=30)).date(),
                    feedback_at=came_in + dt.timedelta(days=rng.uniform(3, 40))
                    if answered
                    else None,
                )
            )
    SignalEvent.objects.bulk_create(events, batch_size=10_000)
    Referral.objects.bulk_create(referrals, batch_size=5000)
    # Loaded in bulk, around the hooks that keep the counts per municipality and quarter: count
    # them as an installation does after a bulk load (and nightly), with the production command.
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("monitoring_recount", stdout=io.StringIO(), stderr=io.StringIO())
    recount_s = round(time.perf_counter() - started, 1)
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum (PostgreSQL) or a daily job would
        cursor.execute("ANALYZE")
    return {
        "users": users,
        "events": len(events),
        "referrals": len(referrals),
        "recount_s": recount_s,
    }


def _timed(run: Any, repeat: int, before: Any = None) -> dict[str, float]:
    """``run`` timed ``repeat`` times after 3 warm-ups; ``before`` runs before each, untimed."""
    for _warm in range(3):
        if before:
            before()
        run()
    times = []
    for _n in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "runs": repeat,
    }


def one(url: str) -> dict[str, Any]:
    _setup(url)
    from django.db import connection
    from django.test import Client

    from signaalroute.monitoring.areas import areas_for
    from signaalroute.monitoring.report import render_pdf, report_data

    signals = int(os.environ.get("BENCH_SIGNALS", "50000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    started = time.perf_counter()
    made = _generate(signals)
    _log(f"generated {signals} signals in {time.perf_counter() - started:.0f} s")
    policy, chain = Client(), Client()
    policy.force_login(made["users"]["policy"])
    chain.force_login(made["users"]["chain"])
    region = next(a for a in areas_for(made["users"]["chain"]) if a.kind == "region")
    year = dt.date.today().year
    _verify(chain, made["users"]["chain"])
    bare = Client()

    def get(client: Client, path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    from django.core.cache import cache

    town = f"/cijfers/?jaar={year}&gebied=m-{areas_for(made['users']['policy'])[0].members[0]}"
    whole = f"/cijfers/?jaar={year}&gebied={region.key}"

    def cold(client: Client, path: str) -> None:
        cache.clear()  # as after any write: the figures are counted again
        get(client, path)

    write = _a_write(year)
    figures = {
        "bare_view": _timed(lambda: get(bare, "/healthz"), repeat),
        "dashboard_municipality_cold": _timed(lambda: cold(policy, town), repeat),
        "dashboard_region_cold": _timed(lambda: cold(chain, whole), repeat),
        # A real write first (untimed), as a focal officer's save makes it: its hook recounts
        # the largest municipality's quarter; then the region's page, cold.
        "dashboard_region_cold_after_write": _timed(
            lambda: cold(chain, whole), repeat, before=write
        ),
        "dashboard_municipality_warm": _timed(lambda: get(policy, town), repeat),
        "dashboard_region_warm": _timed(lambda: get(chain, whole), repeat),
        # What that write costs: the save with the recount of its municipality and quarter.
        "write_with_recount": _timed(write, repeat),
    }
    areas = areas_for(made["users"]["policy"])
    figures["report_municipality"] = _timed(
        lambda: render_pdf(report_data(areas, areas[0], year, {}, final=False)), max(3, repeat // 6)
    )
    figures["recount_all_s"] = {"seconds": made["recount_s"]}  # manage.py monitoring_recount
    for name in [f for f in figures if f.startswith("dashboard")]:
        figures[name]["ratio_to_bare_p50"] = round(
            figures[name]["p50_ms"] / figures["bare_view"]["p50_ms"], 1
        )
    vendor = connection.vendor
    connection.close()
    return {
        "vendor": vendor,
        "signals": signals,
        "events": made["events"],
        "referrals": made["referrals"],
        "figures": figures,
    }


def _a_write(year: int) -> Any:
    """A save of a signal of this year in the largest municipality that changes a counted field
    (its sector, back and forth), through the model's save and so through the hook that keeps
    the counts per municipality and quarter, in a transaction as a service makes it."""
    from django.db import transaction
    from django.db.models import Count

    from signaalroute.monitoring.quarter_counts import quarter_of
    from signaalroute.signals.models import Signal

    this_year = Signal.objects.filter(
        created_at__gte=dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=1)
    )
    largest = (
        this_year.values("municipality_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("municipality_id", flat=True)[0]
    )
    signal = this_year.filter(municipality_id=largest).first()
    assert signal is not None and quarter_of(signal.created_at).year == year
    sectors = ["construction", "agriculture"]
    turn = [0]

    def write() -> None:
        turn[0] += 1
        with transaction.atomic():
            signal.sector = sectors[turn[0] % 2]
            signal.save(update_fields=["sector"])

    return write


def _verify(client: Any, user: Any) -> None:
    """Pass the chain director's second step as the login page would (a TOTP device)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def main() -> None:
    from bench.stacking.engine_db_setup import pg_create, pg_drop
    from bench.stacking.run import machine

    pg_url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    tmp = None
    if pg_url:
        pg_create(pg_url)
        url = pg_url
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-monitoring-")
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    load_before = os.getloadavg()  # a shared machine: say how busy it was
    try:
        result = one(url)
    finally:
        if pg_url:
            from django.db import connections

            connections.close_all()
            pg_drop(pg_url)
        if tmp is not None:
            tmp.cleanup()
    result["date"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    result["machine"] = machine()
    result["load_average_1_5_15"] = {"before": load_before, "after": os.getloadavg()}
    result["targets"] = {"dashboard_p95_ms_postgresql": 300, "report_s": 10}
    default = RESULTS / ("monitoring_postgresql.json" if pg_url else "monitoring.json")
    output = Path(os.environ.get("BENCH_MONITORING_OUTPUT", default))
    output.write_text(json.dumps(result, indent=2) + "\n")
    for name, figure in result["figures"].items():
        if "p50_ms" in figure:
            print(f"{name:34} p50 {figure['p50_ms']:>8} ms   p95 {figure['p95_ms']:>8} ms")
        else:
            print(f"{name:34} {figure['seconds']} s")
    print(f"written to {output}")


if __name__ == "__main__":
    main()
