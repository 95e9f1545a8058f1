"""The partner directory (ketenpartners per regio): read by every employee of the region, edited
by functional administrators, CSV export and import; every write audited, refusals refused."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from signaalroute.accounts.models import Organisation, OrganisationKind, PartnerCategory, Region
from signaalroute.audit.models import AuditEntry
from signaalroute.demo.partners import build_demo_partners
from signaalroute.partners.directory.exchange import CSV_COLUMNS
from signaalroute.partners.directory.models import PartnerContact, PartnerProfile

INSPECTORATE_INVESTIGATION = "Nederlandse Arbeidsinspectie — opsporing (demo)"
INSPECTORATE_SUPERVISION = "Nederlandse Arbeidsinspectie — toezicht (demo)"
VEILIG_THUIS = "Veilig Thuis regio Utrecht (demo)"
GP_PRACTICE = "Huisartsenpraktijk De Linde (demo)"  # a demo partner without a directory entry

ClientFor = Callable[..., Client]


@pytest.fixture
def directory(personas: dict[str, Any]) -> dict[str, Organisation]:
    build_demo_partners()
    return {o.name: o for o in Organisation.objects.filter(kind=OrganisationKind.PARTNER)}


@pytest.fixture
def elsewhere(directory: dict[str, Organisation]) -> Organisation:
    """A partner with an entry and a contact in another region than the demo's."""
    region = Region.objects.create(name="Elders (test)")
    partner = Organisation.objects.create(
        region=region,
        kind=OrganisationKind.PARTNER,
        name="Politie elders (test)",
        category=PartnerCategory.INVESTIGATIVE,
    )
    PartnerProfile.objects.create(
        organisation=partner, thresholds="Alleen elders.", handles_forms=["labour"]
    )
    PartnerContact.objects.create(organisation=partner, name="Piet Elders", role="Wachtcommandant")
    return partner


def _detail(partner: Organisation) -> str:
    return reverse("partners:directory-detail", args=[partner.pk])


def _edit(partner: Organisation) -> str:
    return reverse("partners:directory-edit", args=[partner.pk])


def _listed(response: Any) -> list[str]:
    return [entry["partner"].name for entry in response.context["entries"]]


def _profile_post(partner: Organisation, **changes: Any) -> dict[str, Any]:
    profile = PartnerProfile.objects.filter(organisation=partner).first() or PartnerProfile()
    data: dict[str, Any] = {
        "description": profile.description,
        "handles_forms": list(profile.handles_forms),
        "target_groups": profile.target_groups,
        "thresholds": profile.thresholds,
        "phone_24_7": profile.phone_24_7,
        "phone": profile.phone,
        "hours": profile.hours,
        "mailbox": profile.mailbox,
        "routing_roles": ", ".join(profile.routing_roles),
        "feedback_weeks": profile.feedback_weeks,
    }
    data.update(changes)
    return data


def _audits(action: str) -> Any:
    return AuditEntry.objects.filter(action=action)


# --- Reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["alice", "bob", "eva", "fenna", "gijs", "henk", "karin", "lotte"]
)
def test_every_employee_of_the_region_reads_the_directory(
    persona: str, client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    response = client_for(persona).get(reverse("partners:directory"))
    assert response.status_code == 200
    listed = _listed(response)
    assert INSPECTORATE_INVESTIGATION in listed
    assert GP_PRACTICE in listed  # also a partner without an entry yet
    assert len(listed) == len(directory)


def test_the_list_shows_what_a_front_desk_clerk_needs(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    body = client_for("alice").get(reverse("partners:directory")).content.decode()
    assert "Signalen waarbij minderjarigen betrokken zijn." in body  # Veilig Thuis' threshold
    assert "0800-2000" in body  # its 24/7 number
    assert 'scope="col"' in body and "<caption" in body
    assert _detail(directory[VEILIG_THUIS]) in body
    assert reverse("partners:directory-export") in body
    assert reverse("partners:directory-import") not in body  # alice edits nothing
    assert body.count("<h1") == 1


def test_a_functional_admin_sees_the_import_link(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    body = client_for("henk").get(reverse("partners:directory")).content.decode()
    assert reverse("partners:directory-import") in body


def test_the_navigation_links_to_the_directory(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    body = client_for("alice").get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("partners:directory")}"' in body


def test_search_and_filters(client_for: ClientFor, directory: dict[str, Organisation]) -> None:
    client = client_for("alice")
    url = reverse("partners:directory")

    labour = _listed(client.get(url, {"vorm": "labour"}))
    assert INSPECTORATE_INVESTIGATION in labour
    assert INSPECTORATE_SUPERVISION in labour
    assert VEILIG_THUIS not in labour

    # "sexual" must not match "sexual_online" only: Jongerenwerk handles sexual_online alone.
    sexual = _listed(client.get(url, {"vorm": "sexual"}))
    assert VEILIG_THUIS in sexual
    assert "Jongerenwerk Eemland (demo)" not in sexual

    assert _listed(client.get(url, {"categorie": "supervisor"})) == [INSPECTORATE_SUPERVISION]

    found = _listed(client.get(url, {"q": "arbeid"}))
    assert INSPECTORATE_INVESTIGATION in found and INSPECTORATE_SUPERVISION in found
    assert VEILIG_THUIS not in found

    # The search reads thresholds and target groups too.
    assert _listed(client.get(url, {"q": "minderjarigen"})) == [VEILIG_THUIS]
    assert INSPECTORATE_SUPERVISION in _listed(client.get(url, {"q": "uitzendbureaus"}))

    combined = _listed(client.get(url, {"q": "arbeid", "categorie": "investigative"}))
    assert combined == [INSPECTORATE_INVESTIGATION]

    nothing = client.get(url, {"q": "bestaat-niet"})
    assert nothing.status_code == 200 and _listed(nothing) == []


def test_an_unknown_filter_value_is_a_clear_error(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    response = client_for("alice").get(reverse("partners:directory"), {"categorie": "nonsense"})
    assert response.status_code == 400
    assert response.context["form"].has_error("categorie")
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_detail_page_shows_the_entry_and_its_contacts(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    partner = directory[INSPECTORATE_INVESTIGATION]
    response = client_for("alice").get(_detail(partner))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Strafrechtelijke opsporing van arbeidsuitbuiting.",
        "Signalen met sterke ILO-indicatoren",
        "Werknemers in alle sectoren",
        "030-0000000",
        "ma-vr 9.00-17.00",
        "@partner.demo.signaalroute.invalid",
        "Contactpersoon mensenhandel",
        "Aandachtsfunctionaris mensenhandel",
    ):
        assert text in body, text
    assert _edit(partner) not in body  # alice may not edit
    assert body.count("<h1") == 1


def test_the_edit_link_is_there_for_a_functional_admin(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    partner = directory[VEILIG_THUIS]
    assert _edit(partner) in client_for("henk").get(_detail(partner)).content.decode()


def test_another_regions_partner_is_not_found(
    client_for: ClientFor, elsewhere: Organisation
) -> None:
    alice, henk = client_for("alice"), client_for("henk")
    assert alice.get(_detail(elsewhere)).status_code == 404
    assert henk.get(_detail(elsewhere)).status_code == 404
    assert elsewhere.name not in _listed(alice.get(reverse("partners:directory")))
    assert henk.get(_edit(elsewhere)).status_code == 404
    response = henk.post(_edit(elsewhere), _profile_post(elsewhere, thresholds="Overgenomen."))
    assert response.status_code == 404
    add = reverse("partners:directory-contact-add", args=[elsewhere.pk])
    assert henk.post(add, {"contact-name": "X", "contact-role": "Y"}).status_code == 404
    contact = PartnerContact.objects.get(organisation=elsewhere)
    remove = reverse("partners:directory-contact-remove", args=[contact.pk])
    assert henk.post(remove).status_code == 404
    assert PartnerContact.objects.filter(pk=contact.pk).exists()
    assert PartnerProfile.objects.get(organisation=elsewhere).thresholds == "Alleen elders."
    assert "Piet Elders" not in henk.get(reverse("partners:directory-export")).content.decode()


def test_an_unknown_partner_is_not_found(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    municipality = Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, name="Soest")
    assert client_for("alice").get(_detail(municipality)).status_code == 404  # not a partner


# --- Refusals -----------------------------------------------------------------------------------


def test_the_auditor_may_not_read_the_directory(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    ida = client_for("ida")
    partner = directory[VEILIG_THUIS]
    for url in (
        reverse("partners:directory"),
        _detail(partner),
        reverse("partners:directory-export"),
    ):
        assert ida.get(url).status_code == 403, url
    assert _audits("access.denied").count() == 3
    assert not _audits("partner.directory_export").exists()


def test_anonymous_is_sent_to_the_login(directory: dict[str, Organisation]) -> None:
    response = Client().get(reverse("partners:directory"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_a_focal_officer_may_not_edit(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    carla = client_for("carla")
    partner = directory[VEILIG_THUIS]
    contact = PartnerContact.objects.get(organisation=partner)
    before = PartnerProfile.objects.get(organisation=partner).thresholds
    requests = [
        ("get", _edit(partner), {}),
        ("post", _edit(partner), _profile_post(partner, thresholds="Door Carla.")),
        ("get", reverse("partners:directory-import"), {}),
        ("post", reverse("partners:directory-import"), {}),
        (
            "post",
            reverse("partners:directory-contact-add", args=[partner.pk]),
            {"contact-name": "Carla", "contact-role": "Stiekem"},
        ),
        ("post", reverse("partners:directory-contact-remove", args=[contact.pk]), {}),
    ]
    for method, url, data in requests:
        assert getattr(carla, method)(url, data).status_code == 403, (method, url)
    assert PartnerProfile.objects.get(organisation=partner).thresholds == before
    assert PartnerContact.objects.filter(pk=contact.pk).exists()
    assert PartnerContact.objects.filter(organisation=partner).count() == 1
    assert not _audits("partner.profile_update").exists()


def test_post_only_routes_refuse_a_get(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    henk = client_for("henk")
    partner = directory[VEILIG_THUIS]
    contact = PartnerContact.objects.get(organisation=partner)
    assert henk.get(reverse("partners:directory-contact-add", args=[partner.pk])).status_code == 405
    url = reverse("partners:directory-contact-remove", args=[contact.pk])
    assert henk.get(url).status_code == 405
    assert PartnerContact.objects.filter(pk=contact.pk).exists()


# --- Editing ------------------------------------------------------------------------------------


def test_henk_edits_a_directory_entry(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    henk = client_for("henk")
    partner = directory[INSPECTORATE_SUPERVISION]
    form_page = henk.get(_edit(partner))
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["routing_roles"] == "labour_inspectorate_supervision"
    data = _profile_post(
        partner,
        thresholds="Ook signalen over te lange werkdagen.",
        handles_forms=["labour", "criminal_benefit_fraud"],
        phone_24_7="+31 800 0000003",
        routing_roles="labour_inspectorate_supervision, municipal_control",
        feedback_weeks="5",
    )
    response = henk.post(_edit(partner), data)
    assert response.status_code == 302
    assert response["Location"] == _detail(partner)
    profile = PartnerProfile.objects.get(organisation=partner)
    assert profile.thresholds == "Ook signalen over te lange werkdagen."
    assert profile.handles_forms == ["labour", "criminal_benefit_fraud"]
    assert profile.phone_24_7 == "+31 800 0000003"
    assert profile.routing_roles == ["labour_inspectorate_supervision", "municipal_control"]
    assert profile.feedback_weeks == 5
    entry = _audits("partner.profile_update").get()
    assert entry.actor_username == "henk"
    assert str(entry.organisation_id) == str(partner.pk)
    assert set(entry.fields) == {
        "thresholds",
        "handles_forms",
        "phone_24_7",
        "routing_roles",
        "feedback_weeks",
    }
    assert "Ook signalen" not in str(entry.extra)  # names of fields, never values
    page = henk.get(response["Location"])
    assert [str(m) for m in page.context["messages"]]  # the success message is shown
    assert "Ook signalen over te lange werkdagen." in page.content.decode()


def test_saving_without_changes_writes_nothing(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    partner = directory[VEILIG_THUIS]
    response = client_for("henk").post(_edit(partner), _profile_post(partner))
    assert response.status_code == 302
    assert not _audits("partner.profile_update").exists()


def test_a_partner_without_an_entry_gets_one(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    partner = directory[GP_PRACTICE]
    henk = client_for("henk")
    assert henk.get(_edit(partner)).status_code == 200
    response = henk.post(
        _edit(partner), _profile_post(partner, thresholds="Alleen met toestemming.")
    )
    assert response.status_code == 302
    assert PartnerProfile.objects.get(organisation=partner).thresholds == "Alleen met toestemming."


def test_bad_input_keeps_what_was_typed_and_saves_nothing(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    partner = directory[VEILIG_THUIS]
    before = PartnerProfile.objects.get(organisation=partner)
    data = _profile_post(
        partner,
        thresholds="Een nieuwe drempel die niet verloren mag gaan.",
        phone="bel-me-maar",
        feedback_weeks="0",
        mailbox="geen-adres",
        routing_roles="Politie!",
    )
    response = client_for("henk").post(_edit(partner), data)
    assert response.status_code == 400
    form = response.context["form"]
    for name in ("phone", "feedback_weeks", "mailbox", "routing_roles"):
        assert form.has_error(name), name
    assert not form.has_error("thresholds")
    body = response.content.decode()
    assert "Een nieuwe drempel die niet verloren mag gaan." in body
    assert 'value="bel-me-maar"' in body
    assert 'aria-invalid="true"' in body
    assert 'role="alert"' in body
    after = PartnerProfile.objects.get(organisation=partner)
    assert (after.thresholds, after.phone, after.feedback_weeks) == (
        before.thresholds,
        before.phone,
        before.feedback_weeks,
    )
    assert not _audits("partner.profile_update").exists()


def test_too_many_weeks_and_an_unknown_form_are_refused(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    partner = directory[VEILIG_THUIS]
    henk = client_for("henk")
    response = henk.post(_edit(partner), _profile_post(partner, feedback_weeks="53"))
    assert response.status_code == 400 and response.context["form"].has_error("feedback_weeks")
    response = henk.post(_edit(partner), _profile_post(partner, handles_forms=["unknown"]))
    assert response.status_code == 400 and response.context["form"].has_error("handles_forms")
    assert not _audits("partner.profile_update").exists()


def test_contacts_are_added_and_removed_with_an_audit_entry(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    henk = client_for("henk")
    partner = directory[INSPECTORATE_INVESTIGATION]
    response = henk.post(
        reverse("partners:directory-contact-add", args=[partner.pk]),
        {
            "contact-name": "Sanne de Wit",
            "contact-role": "Rechercheur arbeidsuitbuiting",
            "contact-email": "sanne@partner.demo.signaalroute.invalid",
            "contact-phone": "030-1234567",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _edit(partner) + "#contacten"
    contact = PartnerContact.objects.get(organisation=partner, name="Sanne de Wit")
    assert contact.role == "Rechercheur arbeidsuitbuiting"
    added = _audits("partner.contact_add").get()
    assert added.object_id == str(contact.pk) and added.actor_username == "henk"

    page = henk.get(_edit(partner)).content.decode()
    remove = reverse("partners:directory-contact-remove", args=[contact.pk])
    assert f'action="{remove}"' in page
    assert "sr-visually-hidden" in page

    response = henk.post(remove)
    assert response.status_code == 302
    assert not PartnerContact.objects.filter(pk=contact.pk).exists()
    removed = _audits("partner.contact_remove").get()
    assert removed.object_id == str(contact.pk)


def test_a_bad_contact_is_not_added_and_the_input_stays(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    partner = directory[INSPECTORATE_INVESTIGATION]
    response = client_for("henk").post(
        reverse("partners:directory-contact-add", args=[partner.pk]),
        {"contact-name": "", "contact-role": "Wachtcommandant", "contact-phone": "nee"},
    )
    assert response.status_code == 400
    form = response.context["contact_form"]
    assert form.has_error("name") and form.has_error("phone")
    assert 'value="Wachtcommandant"' in response.content.decode()
    assert PartnerContact.objects.filter(organisation=partner).count() == 1
    assert not _audits("partner.contact_add").exists()


# --- CSV export ---------------------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_the_export(client_for: ClientFor, directory: dict[str, Organisation]) -> None:
    PartnerProfile.objects.filter(organisation=directory[VEILIG_THUIS]).update(
        thresholds='=HYPERLINK("https://example.invalid")'
    )
    response = client_for("alice").get(reverse("partners:directory-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ketenpartners.csv"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.removeprefix("\ufeff").split("\r\n", 1)[0] == ";".join(CSV_COLUMNS)
    rows = _rows(text)
    names = {row["organisation"] for row in rows}
    assert {INSPECTORATE_INVESTIGATION, VEILIG_THUIS, GP_PRACTICE} <= names
    veilig_thuis = next(
        r for r in rows if r["organisation"] == VEILIG_THUIS and r["row_type"] == "profile"
    )
    assert veilig_thuis["thresholds"] == '\'=HYPERLINK("https://example.invalid")'
    assert any(r["contact_name"] == "Contactpersoon mensenhandel" for r in rows)
    assert _audits("partner.directory_export").get().actor_username == "alice"


# --- CSV import ---------------------------------------------------------------------------------


def _export(client: Client) -> str:
    return client.get(reverse("partners:directory-export")).content.decode("utf-8")


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def _upload(client: Client, content: str | bytes, name: str = "ketenpartners.csv") -> Any:
    data = content.encode("utf-8") if isinstance(content, str) else content
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("partners:directory-import"), {"file": upload})


def _profile_row(rows: list[dict[str, str]], name: str) -> dict[str, str]:
    return next(r for r in rows if r["organisation"] == name and r["row_type"] == "profile")


def test_the_import_page(client_for: ClientFor, directory: dict[str, Organisation]) -> None:
    response = client_for("henk").get(reverse("partners:directory-import"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body and body.count("<h1") == 1


def test_import_round_trip(client_for: ClientFor, directory: dict[str, Organisation]) -> None:
    henk = client_for("henk")
    rows = _rows(_export(henk))
    _profile_row(rows, INSPECTORATE_SUPERVISION)["thresholds"] = "Nieuwe drempel uit de import."
    rows.append(
        {
            **dict.fromkeys(CSV_COLUMNS, ""),
            "organisation": VEILIG_THUIS,
            "row_type": "contact",
            "contact_name": "Noor Jansen",
            "contact_role": "Gedragsdeskundige",
            "contact_phone": "'+31 30 0000009",
        }
    )
    response = _upload(henk, _csv(rows))
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["result"],
    )
    assert response["Location"] == reverse("partners:directory")
    profile = PartnerProfile.objects.get(organisation=directory[INSPECTORATE_SUPERVISION])
    assert profile.thresholds == "Nieuwe drempel uit de import."
    new_contact = PartnerContact.objects.get(name="Noor Jansen")
    assert new_contact.phone == "+31 30 0000009"
    assert _audits("partner.profile_update").get().extra == {"via": "csv_import"}
    assert _audits("partner.contact_add").count() == 1
    summary = _audits("partner.directory_import").get()
    assert summary.extra["profiles_updated"] == 1 and summary.extra["contacts_added"] == 1
    assert [str(m) for m in henk.get(response["Location"]).context["messages"]]


def test_importing_the_export_unchanged_changes_nothing(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    henk = client_for("henk")
    PartnerProfile.objects.filter(organisation=directory[VEILIG_THUIS]).update(
        thresholds="=1+1", phone="+31 30 0000000", hours="'s avonds"
    )
    response = _upload(henk, _export(henk))
    assert response.status_code == 302
    profile = PartnerProfile.objects.get(organisation=directory[VEILIG_THUIS])
    assert (profile.thresholds, profile.phone, profile.hours) == (
        "=1+1",
        "+31 30 0000000",
        "'s avonds",
    )
    assert not _audits("partner.profile_update").exists()


def test_one_bad_row_and_nothing_is_saved(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    henk = client_for("henk")
    text = _export(henk)
    rows = _rows(text)
    _profile_row(rows, INSPECTORATE_SUPERVISION)["thresholds"] = "Dit mag niet worden opgeslagen."
    bad = _profile_row(rows, VEILIG_THUIS)
    bad["feedback_weeks"] = "0"
    bad_row_number = rows.index(bad) + 2  # the header is row 1
    response = _upload(henk, _csv(rows))
    assert response.status_code == 400
    result = response.context["result"]
    assert [e.row for e in result.errors] == [bad_row_number]
    assert "feedback_weeks" in result.errors[0].message
    body = response.content.decode()
    assert f'<td class="utrecht-table__cell">{bad_row_number}</td>' in body
    assert 'data-testid="import-errors"' in body
    supervision = PartnerProfile.objects.get(organisation=directory[INSPECTORATE_SUPERVISION])
    assert supervision.thresholds != "Dit mag niet worden opgeslagen."
    assert not _audits("partner.profile_update").exists()
    assert not _audits("partner.directory_import").exists()


def test_an_unknown_or_other_regions_partner_is_a_row_error(
    client_for: ClientFor, elsewhere: Organisation
) -> None:
    henk = client_for("henk")
    rows = _rows(_export(henk))
    rows.append(
        {
            **dict.fromkeys(CSV_COLUMNS, ""),
            "organisation_id": str(elsewhere.pk),
            "organisation": elsewhere.name,
            "row_type": "profile",
            "thresholds": "Overgenomen.",
            "feedback_weeks": "4",
        }
    )
    response = _upload(henk, _csv(rows))
    assert response.status_code == 400
    assert [e.row for e in response.context["result"].errors] == [len(rows) + 1]
    assert PartnerProfile.objects.get(organisation=elsewhere).thresholds == "Alleen elders."


def test_a_threshold_longer_than_allowed_is_a_row_error(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    henk = client_for("henk")
    rows = _rows(_export(henk))
    _profile_row(rows, VEILIG_THUIS)["thresholds"] = "x" * 2001
    response = _upload(henk, _csv(rows))
    assert response.status_code == 400
    assert "thresholds" in response.context["result"].errors[0].message


def test_a_wrong_header_is_refused(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    response = _upload(client_for("henk"), "naam;drempel\r\nVeilig Thuis;alles\r\n")
    assert response.status_code == 400
    errors = response.context["result"].errors
    assert [e.row for e in errors] == [1]
    assert "organisation_id" in errors[0].message  # the missing columns are named


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("organisation;drempel\r\nVeilig Thuis;é\r\n".encode("cp1252"), "encoding"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "encoding"),
        (b"organisation_id\x00;x\r\n", "binary"),
        (b"", "empty"),
        (b"\xef\xbb\xbf \r\n", "empty"),
    ],
)
def test_a_file_that_is_not_utf8_text_is_refused(
    content: bytes, code: str, client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    response = _upload(client_for("henk"), content)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("file", code), form.errors
    assert response.context["result"] is None
    assert 'aria-invalid="true"' in response.content.decode()


def test_no_file_and_a_too_large_file_are_refused(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    henk = client_for("henk")
    response = henk.post(reverse("partners:directory-import"), {})
    assert response.status_code == 400 and response.context["form"].has_error("file", "required")
    big = ";".join(CSV_COLUMNS) + "\r\n" + "x" * (2 * 1024 * 1024)
    response = _upload(henk, big)
    assert response.status_code == 400 and response.context["form"].has_error("file", "too_large")


def test_a_file_the_csv_reader_cannot_read_is_a_row_error_not_a_crash(
    client_for: ClientFor, directory: dict[str, Organisation]
) -> None:
    text = ";".join(CSV_COLUMNS) + '\r\n"' + "x" * 200_000 + '"\r\n'
    response = _upload(client_for("henk"), text)
    assert response.status_code == 400
    assert [e.row for e in response.context["result"].errors] == [1]
