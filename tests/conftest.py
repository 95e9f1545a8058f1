"""Shared fixtures: the demo personas, logged-in clients, and a real headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.accounts.models import User
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
    "karin",
    "lotte",
    "nora",
    "otto",
]


@pytest.fixture
def personas(db: Any) -> dict[str, User]:
    return build_demo()


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
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
