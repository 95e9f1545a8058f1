"""The signs of the indicator catalogue in Polish, Romanian and Bulgarian: every Dutch signal has
a label in each, a broken labels file is refused, and the public form shows them; the rest of the
public pages and the flyer miss no text in those languages."""

from __future__ import annotations

import io
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape
from django.utils.translation import gettext as translation_gettext
from django.utils.translation import override, trans_real
from pypdf import PdfReader

from signaalroute.demo.partners import build_demo_partners
from signaalroute.signals.indicator_labels import (
    DATA,
    indicator_label,
    load_indicator_labels,
)
from signaalroute.signals.indicators import load_catalogue
from tests.signals import form_payload, soest

LANGUAGES = ("pl", "ro", "bg")
SHIPPED = DATA / "indicators-v1.labels.json"


def _public_signs() -> list[Any]:
    return [i for i in load_catalogue().indicators if i.family == "nl_signal_list"]


def test_every_dutch_signal_has_a_polish_romanian_and_bulgarian_label() -> None:
    labels = load_indicator_labels()
    assert labels.catalogue_version == load_catalogue().version
    assert len(_public_signs()) == 34
    for indicator in _public_signs():
        for language in LANGUAGES:
            text = labels.labels.get(indicator.code, {}).get(language, "")
            assert text.strip(), (indicator.code, language)
            assert text not in (indicator.label, indicator.label_en), (indicator.code, language)


def test_the_labels_file_says_a_native_speaker_must_check_it() -> None:
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert "native speaker" in raw["description"].lower()
    assert raw["review"] == "to be checked by a native speaker"


def test_the_translations_are_written_in_their_own_script() -> None:
    """No Latin letter hides in a Cyrillic word, no Romanian letter with a cedilla (ş, ţ)."""
    for code, entry in load_indicator_labels().labels.items():
        for word in re.findall(r"\w+", entry["bg"]):
            mixed = re.search("[A-Za-z]", word) and re.search("[\u0400-\u04ff]", word)
            assert not mixed, (code, word)
        assert not re.search("[\u015e\u015f\u0162\u0163]", entry["ro"]), code  # ş, ţ


def test_the_label_follows_the_language() -> None:
    indicator = load_catalogue().by_code["nl-lab-07"]
    polish = load_indicator_labels().labels["nl-lab-07"]["pl"]
    assert indicator_label(indicator, "nl") == indicator.label
    assert indicator_label(indicator, "en") == indicator.label_en
    assert indicator_label(indicator, "pl") == polish
    assert indicator_label(indicator, "de") == indicator.label_en  # no label: English
    with override("pl"):
        assert indicator_label(indicator) == polish


def _write(tmp_path: Path, change: Any) -> Path:
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_shipped_file_loads_from_a_path(tmp_path: Path) -> None:
    loaded = load_indicator_labels(path=_write(tmp_path, lambda raw: None))
    assert loaded.labels == load_indicator_labels().labels


def test_a_labels_file_with_an_unknown_code_is_refused(tmp_path: Path) -> None:
    def unknown(raw: dict[str, Any]) -> None:
        raw["labels"]["nl-lab-99"] = {"pl": "Coś", "ro": "Ceva", "bg": "Нещо"}

    with pytest.raises(ValueError, match="unknown code 'nl-lab-99'"):
        load_indicator_labels(path=_write(tmp_path, unknown))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["labels"]["nl-lab-07"].pop("ro"), "needs exactly the languages"),
        (lambda raw: raw["labels"]["nl-lab-07"].update(bg=" "), "non-empty"),
        (lambda raw: raw.update(languages=["pl", "en"]), "other than"),
        (lambda raw: raw.update(catalogue_version="1999.1"), "no indicator catalogue"),
        (lambda raw: raw.pop("labels"), "invalid indicator labels"),
    ],
)
def test_a_broken_labels_file_is_refused(tmp_path: Path, change: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_indicator_labels(path=_write(tmp_path, change))


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "other"), [("pl", "bg"), ("bg", "pl")])
def test_the_public_form_shows_the_signs_in_its_language(
    anonymous_client: Any, personas: Any, language: str, other: str
) -> None:
    indicator = load_catalogue().by_code["nl-lab-07"]
    labels = load_indicator_labels().labels["nl-lab-07"]
    response = anonymous_client.get(f"/{language}/report/")
    assert response.status_code == 200
    text = response.content.decode()
    assert escape(labels[language]) in text
    for elsewhere in (indicator.label_en, indicator.label, labels[other]):
        assert escape(elsewhere) not in text


@pytest.mark.django_db
def test_the_public_pages_and_the_flyer_have_no_text_missing_in_their_language(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message missing from the Polish, Romanian or Bulgarian catalogue would show in Dutch
    (Django falls back to LANGUAGE_CODE): record each one the public pages and the flyer ask for."""
    build_demo_partners()
    missing: set[tuple[str, str]] = set()
    gettext = trans_real.DjangoTranslation.gettext

    def recording(self: Any, message: str) -> str:
        if self.language() in LANGUAGES and message and message not in self._catalog:
            missing.add((self.language(), message))
        return gettext(self, message)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", recording)
    for number, language in enumerate(LANGUAGES, start=1):
        client = Client(REMOTE_ADDR=f"192.0.2.{number}")
        where = f"/waar-melden/{soest().pk}/{language}/"
        assert client.get(where).status_code == 200
        flyer = client.get(where + "folder.pdf")
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(flyer.content)).pages)
        with override(language):
            assert str(translation_gettext("Your rights")) in text
        assert client.get(f"/{language}/report/").status_code == 200
        assert client.post(f"/{language}/report/", {}).status_code == 200  # the errors
        payload = form_payload(capacity="resident", submission_key=str(uuid.uuid4()))
        payload.pop("team_coordinator", None)
        receipt = client.get(client.post(f"/{language}/report/", payload)["Location"])
        code, secret = receipt.context["receipt"]
        status = client.post(f"/{language}/report/status/", {"code": code, "secret": secret})
        assert client.get(status["Location"]).status_code == 200
    assert not sorted(missing)
