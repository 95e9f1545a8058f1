"""Encryption at rest of the reporter's identity: the database holds ciphertext only, the
application reads plain text, keys rotate, and production refuses to start without a key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from signaalroute.core import crypto
from signaalroute.signals.models import ReporterIdentity
from tests.signals import internal_signal

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def _raw(identity: ReporterIdentity) -> tuple[str, ...]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, email, phone FROM intake_reporteridentity WHERE id = %s", [identity.pk]
        )
        return tuple(cursor.fetchone())


def test_the_database_holds_no_plain_identity(personas: Any) -> None:
    signal = internal_signal(personas)
    ReporterIdentity.objects.filter(signal=signal).update(
        name="Jan Melder", email="jan@example.org", phone="0612345678"
    )
    identity = ReporterIdentity.objects.get(signal=signal)
    identity.save()  # .update() bypasses the field: a save stores it encrypted
    raw = _raw(identity)
    assert all(value.startswith("enc1:") for value in raw)
    assert "Jan" not in "".join(raw) and "0612345678" not in "".join(raw)
    fresh = ReporterIdentity.objects.get(pk=identity.pk)
    assert (fresh.name, fresh.email, fresh.phone) == ("Jan Melder", "jan@example.org", "0612345678")


def test_keys_rotate(personas: Any, settings: Any) -> None:
    signal = internal_signal(personas)
    identity = ReporterIdentity.objects.get(signal=signal)
    identity.name = "Jan Melder"
    identity.save()
    old = list(settings.SIGNAALROUTE_FIELD_KEYS)
    new = crypto.new_key()
    with override_settings(SIGNAALROUTE_FIELD_KEYS=[new, *old]):
        call_command("rotate_field_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with override_settings(SIGNAALROUTE_FIELD_KEYS=[new]):  # the old key is gone
        assert ReporterIdentity.objects.get(pk=identity.pk).name == "Jan Melder"
    with override_settings(SIGNAALROUTE_FIELD_KEYS=old), pytest.raises(ImproperlyConfigured):
        ReporterIdentity.objects.get(pk=identity.pk)


def test_production_refuses_to_start_without_a_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SIGNAALROUTE_FIELD_KEYS"}
    env.update(DJANGO_SETTINGS_MODULE="signaalroute.conf.prod", SECRET_KEY="x" * 60)
    completed = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode != 0 and "SIGNAALROUTE_FIELD_KEYS" in completed.stderr
