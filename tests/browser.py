"""Helpers for browser tests: log in through the real pages, and run axe-core in the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError

from signaalroute.demo.personas import DEMO_PASSWORD

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def current_code(username: str) -> str:
    """The code an authenticator app shows now. A code is accepted once; when this persona
    already used this time step, take the next one (django-otp accepts one step of drift)."""
    import time

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    step_now = int(time.time() - device.t0) // device.step
    drift = 1 if device.last_t >= step_now else 0
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def browser_login(page: Any, username: str, *, second_step: bool = True) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if second_step:
        page.get_by_label("Code uit uw authenticator-app").fill(current_code(username))
        page.get_by_role("button", name="Controleren").click()
        wait_for_path(page, "/")


def wait_for_path(page: Any, path: str) -> None:
    page.wait_for_url(lambda url: urlparse(url).path == path)


def logout(page: Any) -> None:
    """Log out with the button in the page header, and wait for the login page."""
    page.get_by_role("button", name="Uitloggen").click()
    wait_for_path(page, "/inloggen/")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (from npm, never a CDN) in the page; WCAG 2.1 A and AA rules only.

    The script is evaluated through the DevTools protocol, so the page's strict CSP stays on.
    """
    result = _settled(page, lambda: _run_axe(page))
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def _run_axe(page: Any) -> Any:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA_TAGS,
    )


def _settled(page: Any, run: Any, attempts: int = 3) -> Any:
    """Run a script in the page once it has loaded. A click that starts a navigation returns
    before the new document exists; a script that meets the page mid-way (no document, or its
    context torn down) is run again on the loaded page instead of failing the test."""
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            return run()
        except PlaywrightError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def duplicate_ids(page: Any) -> list[str]:
    """Ids that stand more than once in the page (a label or an error summary could then point
    a screen reader at the wrong field; axe's WCAG 2.1 rules no longer report this)."""
    return _settled(
        page,
        lambda: page.evaluate(
            """() => {
            const seen = {}, twice = new Set();
            for (const el of document.querySelectorAll('[id]')) {
                if (seen[el.id]) twice.add(el.id); else seen[el.id] = true;
            }
            return [...twice].sort();
        }"""
        ),
    )


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core WCAG 2.1 AA violations on {page.url}: {violations}"
    twice = duplicate_ids(page)
    assert twice == [], f"ids that stand more than once on {page.url}: {twice}"
