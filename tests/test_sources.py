"""Users read a source by its document title and section, never by a file name."""

from __future__ import annotations

import re
from typing import Any

import pytest

from signaalroute.core.sources import DOCUMENT_TITLES, cite
from signaalroute.partners.routing.selectors import default_rules

from .signals import internal_signal


def test_a_citation_names_the_document_and_keeps_the_section() -> None:
    assert cite("000_a1f13d5d9f6634fb.txt §2.4; 002_f9bb08b28be3f2cb.txt bijlage 1, stap 3") == (
        "Uitvoeringsplan mensenhandel, gemeente Soest, §2.4; "
        "Uitvoeringsplan Aanpak Mensenhandel, gemeente Montfoort, bijlage 1, stap 3"
    )
    assert cite("seed 004 §5.6.2") == "Beleid mensenhandel Midden-Delfland 2024, §5.6.2"
    assert cite("art. 141 Sv") == "art. 141 Sv"  # no document: left as written


def test_every_shipped_routing_rule_cites_a_known_document() -> None:
    for rule in default_rules():
        shown = cite(rule["source"])
        assert ".txt" not in shown, rule["id"]
        assert any(title in shown for title in DOCUMENT_TITLES.values()), rule["id"]


@pytest.mark.django_db
def test_the_advice_and_the_rules_page_show_no_file_names(client_for: Any, personas: Any) -> None:
    signal = internal_signal(personas, via_bob=False, forms=["labour"])
    referral_page = client_for("carla").get(f"/signalen/{signal.pk}/overdracht/").content.decode()
    rules_page = client_for("henk").get("/beheer/doorverwijsregels/").content.decode()
    # The administrator's JSON editor holds the rules as data (file names included); what is
    # shown as readable rules beside it does not.
    readable = re.sub(r"<textarea.*?</textarea>", "", rules_page, flags=re.S)
    for page in (referral_page, readable):
        assert ".txt" not in page
    assert "Uitvoeringsplan" in referral_page and "Uitvoeringsplan" in rules_page
