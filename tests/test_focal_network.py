"""The focal-officer network: who the region's focal officers are and how to reach them, kept
by each municipality's functional administrator, and said with a regional hit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from signaalroute.accounts.models import FocalPoint, Organisation
from signaalroute.accounts.network import contacts_by_name, focal_network, focal_point_update
from signaalroute.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_focal_officer_sees_every_municipality_of_the_region(personas: Any) -> None:
    rows = {row.municipality: row for row in focal_network(personas["karin"])}
    assert set(rows) == {"Soest", "Zeist", "Montfoort"}
    soest = rows["Soest"]
    assert any("Carla Bakker" in name for name in soest.officers)
    assert any("Daan Visser" in name for name in soest.officers)
    assert soest.mailbox == "mensenhandel@soest.example" and soest.phone
    assert rows["Montfoort"].officers == []  # nobody registered: said, not hidden


def test_others_see_no_network(personas: Any, client_for: Any) -> None:
    assert focal_network(personas["gijs"]) == []
    assert client_for("gijs").get("/regio/aandachtsfunctionarissen/").status_code == 403
    page = client_for("karin").get("/regio/aandachtsfunctionarissen/")
    assert page.status_code == 200 and "mensenhandel@soest.example" in page.content.decode()


def test_the_administrator_keeps_the_contact_of_their_own_municipality(
    personas: Any, client_for: Any
) -> None:
    henk = client_for("henk")
    assert henk.get("/beheer/aanspreekpunt/").status_code == 200
    bad = henk.post("/beheer/aanspreekpunt/", {"mailbox": "geen adres", "phone": "abc"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "telefoonnummer" in text.lower()  # the Dutch message at the field
    soest = Organisation.objects.get(name="Soest")
    assert FocalPoint.objects.get(municipality=soest).mailbox == "mensenhandel@soest.example"
    done = henk.post(
        "/beheer/aanspreekpunt/", {"mailbox": "amh@soest.example", "phone": "035 123 45 67"}
    )
    assert done.status_code == 302
    point = FocalPoint.objects.get(municipality=soest)
    assert (point.mailbox, point.phone) == ("amh@soest.example", "035 123 45 67")
    entry = AuditEntry.objects.get(action="accounts.focal_point_update")
    assert sorted(entry.fields) == ["mailbox", "phone"]
    assert "amh@soest.example" not in str(entry.extra)
    assert client_for("carla").get("/beheer/aanspreekpunt/").status_code == 403


def test_an_administrator_cannot_change_another_municipality(personas: Any) -> None:
    zeist = Organisation.objects.get(name="Zeist")
    with pytest.raises(ValidationError):
        focal_point_update(actor=personas["henk"], municipality=zeist, mailbox="x@y.nl", phone="")
    assert FocalPoint.objects.get(municipality=zeist).mailbox != "x@y.nl"


def test_a_hit_names_how_to_reach_the_municipality(personas: Any) -> None:
    contacts = contacts_by_name(personas["karin"], ["Soest", "Elders (andere installatie)"])
    assert set(contacts) == {"Soest"}
    assert contacts["Soest"].mailbox == "mensenhandel@soest.example"
