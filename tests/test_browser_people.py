"""Running it in a municipality, in a real browser: henk invites a new front-desk colleague,
who activates the account, sets up the second step and reports a signal; henk then sees her
among the new colleagues not trained yet, records her training, and coverage changes. axe-core
on every new page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.accounts.models import Organisation, User
from signaalroute.core.models import Notification
from signaalroute.signals.models import Signal
from signaalroute.training.services import defaults_load

from .browser import assert_accessible, browser_login, logout, wait_for_path
from .signals import soest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_colleague_from_invitation_to_signal_to_training(page: Any, demo: Any) -> None:
    defaults_load(actor=demo["henk"], municipality=soest())
    front_desk = Organisation.objects.get(parent=soest(), name__endswith="Burgerzaken en KCC")
    browser_login(page, "henk")
    page.locator("nav a[href='/beheer/mensen/']").click()
    wait_for_path(page, "/beheer/mensen/")
    assert_accessible(page)
    page.get_by_label("Voornaam").fill("Mira")
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_label("E-mailadres").fill("mira@soest.example")
    page.get_by_label("Gemeente of team").select_option(value=str(front_desk.pk))
    page.get_by_label("Rol", exact=True).select_option(value="reporter")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_url("**/beheer/mensen/*-*/")
    assert "Melder" in page.get_by_test_id("roles").inner_text()
    assert_accessible(page)
    page.goto("/beheer/organisatie/")
    page.get_by_label("Naam van het team").fill("Wijkteam Oost")
    page.get_by_role("button", name="Team toevoegen").click()
    page.wait_for_load_state("load")
    assert "Soest — Wijkteam Oost" in page.get_by_test_id("teams").inner_text()
    assert_accessible(page)
    logout(page)

    assert Notification.objects.get(kind="invitation").body == ""  # delivered: the link is gone
    body = next(m.body for m in mail.outbox if "mira@soest.example" in m.to)
    path = re.search(r"/activeren/[^/\s]+/", body).group(0)  # type: ignore[union-attr]
    page.goto(path)
    assert_accessible(page)
    page.get_by_label("Wachtwoord", exact=True).fill("een lange zin als wachtwoord")
    page.get_by_label("Wachtwoord nog een keer").fill("een lange zin als wachtwoord")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    wait_for_path(page, "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("mira@soest.example")
    page.get_by_label("Wachtwoord").fill("een lange zin als wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/verificatie-instellen/")
    device = TOTPDevice.objects.get(user__username="mira@soest.example")
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    wait_for_path(page, "/")
    page.locator("nav a[href='/signalen/nieuw/']").click()
    page.locator("#id_description").fill(
        "Een man wacht buiten en houdt het paspoort van een vrouw vast."
    )
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_load_state("load")
    assert Signal.objects.filter(reporter__user__username="mira@soest.example").exists()
    logout(page)

    browser_login(page, "henk")
    page.goto("/training/")
    assert "Mira Jansen" in page.get_by_test_id("new-untrained").inner_text()
    page.get_by_role("link", name="Training vastleggen").click()
    page.get_by_label("Datum").fill((dt.date.today() - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Gegeven door").fill("Aandachtsfunctionaris mensenhandel")
    page.get_by_label("Mira Jansen").check()
    page.get_by_role("button", name="Vastleggen").click()
    wait_for_path(page, "/training/")
    assert "Mira Jansen" not in page.get_by_test_id("new-untrained").inner_text()
    assert User.objects.get(username="mira@soest.example").trainings.count() == 1
