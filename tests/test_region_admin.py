"""The region's administrator: municipalities and chain partners of the region, the people of
the chain partners, each municipality's administrators, and the groups of municipalities; and
the rules that keep the region's administrator out of a municipality's own people."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.accounts.models import (
    FocalPoint,
    IdentityProviderGroupMapping,
    Membership,
    Organisation,
    OrganisationKind,
    PartnerCategory,
    Region,
    User,
)
from signaalroute.accounts.organisation_admin import mapping_add, mapping_remove, mappings_for
from signaalroute.audit.models import AuditEntry
from signaalroute.core.models import Notification
from signaalroute.monitoring.models import MunicipalityGroup, YearlyReport
from tests.conftest import login_client
from tests.signals import soest

pytestmark = pytest.mark.django_db


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _police() -> Organisation:
    return _org("Politie basisteam Heuvelrug (demo)")


def _new_municipality(**extra: str) -> dict[str, str]:
    return {
        "what": "municipality",
        "name": "Baarn",
        "first_name": "Bea",
        "last_name": "Smit",
        "email": "bea@baarn.example",
        **extra,
    }


def test_rik_adds_a_municipality_with_its_first_administrator(
    personas: Any, client_for: Any
) -> None:
    rik = client_for("rik")
    page = rik.get("/beheer/regio/").content.decode()
    assert "Soest" in page and "Henk Meijer" in page and "Politie basisteam Heuvelrug" in page
    assert rik.post("/beheer/regio/", _new_municipality()).status_code == 302
    baarn = Organisation.objects.get(name="Baarn", kind=OrganisationKind.MUNICIPALITY)
    assert FocalPoint.objects.filter(municipality=baarn).exists()
    bea = User.objects.get(email="bea@baarn.example")
    assert not bea.has_usable_password()
    assert Membership.objects.filter(user=bea, organisation=baarn, role="functional_admin")
    assert Notification.objects.filter(kind="invitation", recipients=["bea@baarn.example"])
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.municipality_add", "accounts.person_invite"} <= actions
    assert "(uitgenodigd)" in rik.get("/beheer/regio/").content.decode()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"name": "soest"}, "heeft al een organisatie met deze naam"),
        ({"email": "henk@soest.example"}, "Er is al een account met dit adres"),
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        ({"first_name": ""}, "Vul de voornaam in"),
    ],
)
def test_a_refused_municipality_leaves_nothing_behind(
    personas: Any, client_for: Any, extra: dict[str, str], message: str
) -> None:
    henk = personas["henk"]
    henk.email = "henk@soest.example"
    henk.save()
    rik = client_for("rik")
    before = (Organisation.objects.count(), User.objects.count(), AuditEntry.objects.count())
    response = rik.post("/beheer/regio/", _new_municipality(**extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    after = (Organisation.objects.count(), User.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_rik_adds_and_changes_a_chain_partner(personas: Any, client_for: Any) -> None:
    rik = client_for("rik")
    missing = rik.post("/beheer/regio/", {"what": "partner", "name": "Leger des Heils"})
    assert missing.status_code == 400 and "Kies de categorie" in missing.content.decode()
    added = rik.post(
        "/beheer/regio/",
        {"what": "partner", "name": "Leger des Heils", "category": "care_other"},
    )
    assert added.status_code == 302
    partner = _org("Leger des Heils")
    assert partner.category == PartnerCategory.CARE_NO_MEDICAL_SECRECY
    changed = rik.post(
        f"/beheer/regio/ketenpartners/{partner.pk}/",
        {"name": "Leger des Heils Utrecht", "category": "care_medical"},
    )
    assert changed.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.category) == ("Leger des Heils Utrecht", "care_medical")
    entry = AuditEntry.objects.get(action="accounts.partner_update")
    assert entry.extra == {"category_before": "care_other", "category": "care_medical"}
    clash = rik.post(
        f"/beheer/regio/ketenpartners/{partner.pk}/",
        {"name": "CoMensha (demo)", "category": "care_medical"},
    )
    assert clash.status_code == 400
    # A municipality is not a chain partner: its page is not there.
    assert rik.get(f"/beheer/regio/ketenpartners/{soest().pk}/").status_code == 404


def test_another_regions_administrator_reaches_nothing_here(personas: Any, client_for: Any) -> None:
    other = Region.objects.create(name="Elders")
    riec = Organisation.objects.create(
        region=other, kind=OrganisationKind.PARTNER, name="RIEC Elders", category="coordination"
    )
    stranger = User.objects.create_user(username="stranger", password="x" * 16)
    Membership.objects.create(user=stranger, organisation=riec, role="region_admin")
    TOTPDevice.objects.create(user=stranger, name="app", confirmed=True)
    client = login_client(Client(), stranger)
    page = client.get("/beheer/regio/").content.decode()
    assert "Soest" not in page and "RIEC Elders" in page
    assert client.get(f"/beheer/regio/ketenpartners/{_police().pk}/").status_code == 404
    assert client.get(f"/beheer/mensen/{personas['fenna'].pk}/").status_code == 404


def _invite(rik: Any, organisation: Organisation, role: str, email: str) -> Any:
    return rik.post(
        "/beheer/mensen/",
        {
            "first_name": "Nieuw",
            "last_name": "Persoon",
            "email": email,
            "organisation": str(organisation.pk),
            "role": role,
            "domain": "",
        },
    )


def test_rik_gives_roles_at_partners_and_only_the_administrator_role_in_a_municipality(
    personas: Any, client_for: Any
) -> None:
    rik = client_for("rik")
    assert _invite(rik, _police(), "partner_contact", "p1@politie.example").status_code == 302
    # Roles rik does not hand out anywhere are not offered; partner roles not in a municipality.
    assert _invite(rik, soest(), "focal_officer", "p2@soest.example").status_code == 400
    assert _invite(rik, soest(), "reporter", "p3@soest.example").status_code == 400
    care = _invite(rik, soest(), "care_coordinator", "p6@soest.example")
    assert care.status_code == 400
    assert "Deze rol geeft u niet in deze organisatie" in care.content.decode()
    assert _invite(rik, soest(), "functional_admin", "p4@soest.example").status_code == 302
    # Henk, Soest's administrator, hands out no partner roles.
    henk = client_for("henk")
    assert _invite(henk, _police(), "partner_contact", "p5@politie.example").status_code == 400
    refused = ["p2@soest.example", "p3@soest.example", "p5@politie.example", "p6@soest.example"]
    assert not User.objects.filter(email__in=refused)


def test_rik_sees_partners_people_and_municipal_administrators_only(
    personas: Any, client_for: Any
) -> None:
    rik = client_for("rik")
    listed = rik.get("/beheer/mensen/").content.decode()
    assert "Fenna" in listed and "Henk" in listed and "Eva" in listed
    assert "Carla" not in listed and "Alice" not in listed
    assert rik.get(f"/beheer/mensen/{personas['carla'].pk}/").status_code == 404
    assert rik.get(f"/beheer/mensen/{personas['fenna'].pk}/").status_code == 200
    # ... and Soest's administrator does not reach a partner's people.
    assert client_for("henk").get(f"/beheer/mensen/{personas['fenna'].pk}/").status_code == 404


def test_rik_deactivates_a_partner_contact_but_not_the_last_administrators(
    personas: Any, client_for: Any
) -> None:
    rik = client_for("rik")
    fenna = personas["fenna"]
    assert rik.post(f"/beheer/mensen/{fenna.pk}/actief/", {"active": "0"}).status_code == 302
    fenna.refresh_from_db()
    assert not fenna.is_active
    henk = personas["henk"]
    rik.post(f"/beheer/mensen/{henk.pk}/actief/", {"active": "0"})
    henk.refresh_from_db()
    assert henk.is_active  # the last administrator of Soest stays
    own = Membership.objects.get(user=personas["rik"], role="region_admin")
    response = rik.post(
        f"/beheer/mensen/{personas['rik'].pk}/rollen/{own.pk}/verwijderen/", follow=True
    )
    assert Membership.objects.filter(pk=own.pk).exists()
    assert "eigen beheerdersrol" in response.content.decode()


def _group(rik: Any, name: str, *members: str, group: str = "") -> Any:
    ids = [str(_org(m).pk) for m in members]
    data: dict[str, Any] = {"name": name, "members": ids}
    if group:
        data["group"] = group
    return rik.post("/beheer/regio/groepen/", data)


def test_rik_keeps_groups_that_never_partly_overlap(personas: Any, client_for: Any) -> None:
    rik = client_for("rik")
    assert _group(rik, "Heuvelrug", "Soest", "Zeist").status_code == 302
    heuvelrug = MunicipalityGroup.objects.get(name="Heuvelrug")
    assert {m.name for m in heuvelrug.members.all()} == {"Soest", "Zeist"}
    overlap = _group(rik, "West", "Zeist", "Montfoort")
    assert overlap.status_code == 400 and "overlapt" in overlap.content.decode()
    assert _group(rik, "Alleen", "Montfoort").status_code == 400
    assert _group(rik, "Alle drie", "Soest", "Zeist", "Montfoort").status_code == 302
    same = _group(rik, "Nog eens", "Soest", "Zeist")
    assert same.status_code == 400 and "heeft deze gemeenten al" in same.content.decode()
    renamed = _group(rik, "Heuvelrug-Zuid", "Soest", "Zeist", group=str(heuvelrug.pk))
    assert renamed.status_code == 302
    heuvelrug.refresh_from_db()
    assert heuvelrug.name == "Heuvelrug-Zuid"
    actions = list(
        AuditEntry.objects.filter(action__startswith="monitoring.group_").order_by("position")
    )
    assert [a.action for a in actions] == [
        "monitoring.group_add",
        "monitoring.group_add",
        "monitoring.group_update",
    ]
    YearlyReport.objects.create(group=heuvelrug, year=2025)
    rik.post(f"/beheer/regio/groepen/{heuvelrug.pk}/verwijderen/")
    assert MunicipalityGroup.objects.filter(pk=heuvelrug.pk).exists()
    everyone = MunicipalityGroup.objects.get(name="Alle drie")
    rik.post(f"/beheer/regio/groepen/{everyone.pk}/verwijderen/")
    assert not MunicipalityGroup.objects.filter(pk=everyone.pk).exists()
    assert AuditEntry.objects.filter(action="monitoring.group_remove").count() == 1


def test_a_group_from_another_region_is_not_reachable(personas: Any, client_for: Any) -> None:
    other = Region.objects.create(name="Elders")
    group = MunicipalityGroup.objects.create(region=other, name="Daar")
    rik = client_for("rik")
    assert rik.get(f"/beheer/regio/groepen/?groep={group.pk}").status_code == 404
    assert rik.post(f"/beheer/regio/groepen/{group.pk}/verwijderen/").status_code == 404
    assert MunicipalityGroup.objects.filter(pk=group.pk).exists()


def test_rik_home_says_what_the_role_does_and_the_navigation_leads_there(
    personas: Any, client_for: Any
) -> None:
    page = client_for("rik").get("/").content.decode()
    assert "Regionaal beheerder" in page and "wijst de beheerders van elke gemeente aan" in page
    assert 'href="/beheer/regio/"' in page and 'href="/beheer/regio/groepen/"' in page
    assert 'href="/beheer/mensen/"' in page and 'href="/werkvoorraad/"' not in page


def test_a_municipal_administrator_who_is_also_the_regions_keeps_mappings_to_its_own(
    personas: Any, client_for: Any
) -> None:
    """Being the region's administrator as well widens neither the sign-on group mappings nor
    the organisation page to other municipalities or partners."""
    henk = personas["henk"]
    Membership.objects.create(
        user=henk, organisation=_org("RIEC Midden-Nederland (demo)"), role="region_admin"
    )
    zeist = _org("Zeist")
    theirs = IdentityProviderGroupMapping.objects.create(
        group="GG-Zeist-Focal", organisation=zeist, role="focal_officer"
    )
    henk = User.objects.get(pk=henk.pk)
    assert theirs not in mappings_for(henk)
    with pytest.raises(PermissionDenied):
        mapping_remove(actor=henk, mapping=theirs)
    with pytest.raises(ValidationError):
        mapping_add(actor=henk, group="GG-Politie", organisation=_police(), role="partner_contact")
    page = client_for("henk").get("/beheer/organisatie/").content.decode()
    assert "Politie basisteam" not in page and "Contactpersoon ketenpartner" not in page
    assert IdentityProviderGroupMapping.objects.filter(pk=theirs.pk).exists()
