"""Where to report: a public page per municipality in five languages, with a QR code to the
form, a snippet for the municipality's site and a flyer for labour migrants."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from signaalroute.accounts.models import Organisation
from signaalroute.demo.partners import build_demo_partners
from tests.signals import soest

pytestmark = pytest.mark.django_db

EXPECTED = {
    "": ("nl", "Acuut gevaar? Bel 112."),
    "en/": ("en", "Acute danger? Call 112."),
    "pl/": ("pl", "Bezpośrednie zagrożenie? Zadzwoń pod 112."),
    "ro/": ("ro", "Pericol imediat? Sunați la 112."),
    "bg/": ("bg", "Непосредствена опасност? Обадете се на 112."),  # noqa: RUF001
}


def test_the_page_speaks_five_languages_without_logging_in(
    anonymous_client: Any, personas: Any
) -> None:
    build_demo_partners()
    for suffix, (language, acute) in EXPECTED.items():
        response = anonymous_client.get(f"/waar-melden/{soest().pk}/{suffix}")
        assert response.status_code == 200, suffix
        text = response.content.decode()
        assert f'<html lang="{language}"' in text and response["Content-Language"] == language
        assert acute in text
        assert "0800-7000" in text and "0800-2000" in text and "data:image/svg+xml" in text
        assert "Zorgcoördinatie mensenhandel Utrecht" in text  # the region's care coordinator
        assert "mensenhandel@soest.example" in text
    polish = anonymous_client.get(f"/waar-melden/{soest().pk}/pl/").content.decode()
    assert 'href="/pl/report/"' in polish  # the form in Polish
    dutch = anonymous_client.get(f"/waar-melden/{soest().pk}/").content.decode()
    assert "&lt;a href=" in dutch  # the snippet, shown as code


def test_the_flyer_is_a_pdf_in_the_pages_language(anonymous_client: Any, personas: Any) -> None:
    response = anonymous_client.get(f"/waar-melden/{soest().pk}/pl/folder.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "pl"
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Twoje prawa" in text and "112" in text and "paszportu" in text


def test_unknown_languages_and_organisations_are_not_there(
    anonymous_client: Any, personas: Any
) -> None:
    assert anonymous_client.get(f"/waar-melden/{soest().pk}/de/").status_code == 404
    police = Organisation.objects.get(name__startswith="Politie")
    assert anonymous_client.get(f"/waar-melden/{police.pk}/").status_code == 404
