"""Shared fixtures: the demo personas, logged-in clients, and a real headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.accounts.models import User
from signaalroute.demo.partners import build_demo_partners
from signaalroute.demo.personas import build_demo

# Playwright's sync API runs an event loop; Django's ORM is used from the test thread only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONA_NAMES = [
    "alice",
    "bob",
    "carla",
    "daan",
    "eva",
    "fenna",
    "gijs",
    "henk",
    "ida",
    "pim",
    "karin",
    "lotte",
    "nora",
    "otto",
]


# --- The persona world: built once per test database, shared by every test --------------------
# Building it costs more than most tests do, so it is built once, right after the test database
# is created. A test on `db` runs in a transaction that is rolled back, so whatever it changes,
# the next test sees the world as built. A transactional test (`transactional_db`, `live_server`,
# `django_db(transaction=True)`: the browser tests) ends with a flush of every table instead;
# `pytest_runtest_teardown` below builds the world again after that flush.
_world: dict[str, Any] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        _world["names"] = list(_build_world())
    _world["blocker"] = django_db_blocker


def _build_world() -> dict[str, User]:
    """The personas and the partner directory with its sharing rules, as the demo has them
    (demo signals are not part of it: tests make their own)."""
    users = build_demo()
    build_demo_partners()
    return users


def _flushes(item: pytest.Item) -> bool:
    """Whether pytest-django runs `item` as a TransactionTestCase, which flushes at its end."""

    def transactional(transaction: bool = False, reset_sequences: bool = False, **_: Any) -> bool:
        return transaction or reset_sequences

    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase) and not issubclass(cls, TestCase):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is not None and transactional(*marker.args, **marker.kwargs):
        return True
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & {"transactional_db", "live_server", "django_db_reset_sequences"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    try:
        return (yield)
    finally:
        # With no next item the session's fixtures, the test database among them, are gone.
        blocker = _world.get("blocker")
        if blocker is not None and nextitem is not None and _flushes(item):
            with blocker.unblock():
                _build_world()
                # Close the connection as the flush did. While Playwright's event loop is set on
                # this thread Django hands it another connection than the one that created the
                # test database; that one alone is closed at the end, and PostgreSQL would
                # refuse to drop a database still in use.
                connections.close_all()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache. The dashboard is cached under the position of the
    newest audit entry; a test's rolled-back transaction lets the next test reach the same
    position with other data, which a cache surviving between tests would answer stale."""
    from django.core.cache import cache

    cache.clear()
    yield


def _fetch_personas() -> dict[str, User]:
    """The personas as stored now: fresh objects, so no test sees another's in-memory changes."""
    users = User.objects.in_bulk(_world["names"], field_name="username")
    return {name: users[name] for name in _world["names"]}


@pytest.fixture
def personas(db: Any) -> dict[str, User]:
    return _fetch_personas()


def login_client(client: Client, user: User, *, verified: bool = True) -> Client:
    """Log in as `user`; with `verified`, also pass the second step as the TOTP page would."""
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


@pytest.fixture
def client_for(personas: dict[str, User]) -> Callable[..., Client]:
    def make(name: str, *, verified: bool = True) -> Client:
        return login_client(Client(), personas[name], verified=verified)

    return make


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


# --- Browser ---------------------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db: Any) -> dict[str, User]:
    """The personas for a browser test: the live server's thread sees only committed rows, so
    these tests run transactionally; the world is committed already (see `_world` above)."""
    return _fetch_personas()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
