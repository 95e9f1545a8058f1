"""One function pseudonymises a signal for display: reference, forms, area and signs; never the
reporter, the description, the address or a party."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from signaalroute.signals.pseudonym import area_of, pseudonymise, pseudonymise_many

from .signals import internal_signal

pytestmark = pytest.mark.django_db


def test_a_pseudonym_holds_no_person_and_no_address(personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False, forms=["labour"])
    shown = pseudonymise(signal)
    text = repr(asdict(shown)) + repr(shown.form_labels)
    assert shown.reference == signal.reference and shown.area == "3762"
    assert "3762 AB" not in text and "3762AB" not in text and "12" not in shown.area
    assert "paspoort" not in text and "Vrouw" not in text and "Alice" not in text
    assert shown.forms == ["labour"]


def test_without_a_postcode_the_area_is_the_municipality(personas: Any) -> None:
    signal = internal_signal(
        personas, via_bob=False, location_kind="unknown", postcode="", house_number=None
    )
    assert area_of(signal) == "Soest"


def test_several_signals_share_out_only_forms_signs_and_areas(personas: Any) -> None:
    a = internal_signal(personas, via_bob=False, forms=["labour"])
    b = internal_signal(personas, via_bob=False, forms=["sexual"], postcode="3764 AA")
    assert pseudonymise_many([a, b]) == {
        "forms": ["labour", "sexual"],
        "indicators": [],
        "areas": ["3762", "3764"],
    }
