"""The forms' optional structured fields: a person, an address and a vehicle the reporter knows
become involved parties with details, count for stacking and the regional check, and bad input
is refused at the field with nothing saved."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from signaalroute.audit.models import AuditEntry
from signaalroute.hits.services import hit_query
from signaalroute.signals.models import Signal, SignalSubject

from .signals import committed, form_payload

pytestmark = pytest.mark.django_db

KNOWN = {
    "person_given_names": "Maria",
    "person_surname": "Ionescu",
    "person_date_of_birth": "ca. 25 jaar",
    "person_phone": "06-12345678",
    "person_role": "victim",
    "address_postcode": "3762 AB",
    "address_house_number": "7b",
    "address_street": "Molenstraat",
    "address_place": "Soest",
    "vehicle_plate": "12-ABC-3",
}


def test_what_the_reporter_knows_becomes_involved_parties_with_details(
    client_for: Any, personas: Any
) -> None:
    with committed():
        response = client_for("alice").post("/signalen/nieuw/", form_payload(**KNOWN))
    assert response.status_code == 302
    signal = Signal.objects.get()
    details = {
        s.kind: (s.role, s.details) for s in signal.subjects.exclude(description="Dorpsstraat 1")
    }
    assert details == {
        "person": (
            "victim",
            {
                "given_names": "Maria",
                "surname": "Ionescu",
                "date_of_birth": "ca. 25 jaar",
                "phones": ["06-12345678"],
            },
        ),
        "address": (
            "other",
            {
                "postcode": "3762 AB",
                "house_number": "7b",
                "street": "Molenstraat",
                "place": "Soest",
            },
        ),
        "vehicle": ("other", {"plates": ["12-ABC-3"]}),
    }
    submit = AuditEntry.objects.get(action="signal.submit")
    assert "subjects.details" in submit.fields
    assert "Ionescu" not in str(submit.extra) and "12345678" not in str(submit.extra)
    karin = personas["karin"]
    assert hit_query(actor=karin, kind="phone", values={"phone": "+31612345678"}) == ["Soest"]
    address = {"postcode": "3762ab", "house_number": "7B"}
    assert hit_query(actor=karin, kind="address", values=address) == ["Soest"]


def test_an_empty_group_makes_no_involved_party(client_for: Any) -> None:
    client_for("alice").post("/signalen/nieuw/", form_payload(vehicle_plate="AB-12-CD"))
    kinds = sorted(SignalSubject.objects.values_list("kind", flat=True))
    assert kinds == ["address", "vehicle"]  # the payload's own row and the vehicle


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"person_phone": "06-1234abcd"}, "person_phone", "geen geldig telefoonnummer"),
        ({"person_date_of_birth": "morgen"}, "person_date_of_birth", "Geef een geboortedatum"),
        ({"address_postcode": "1234", "address_house_number": "1"}, "address_postcode", "3762 AB"),
        ({"address_street": "Molenstraat"}, "address_house_number", "huisnummer"),
        ({"address_house_number": "12"}, "address_street", "postcode of de straat"),
        (
            {"address_street": "Molenstraat", "address_house_number": "0"},
            "address_house_number",
            "geen geldig huisnummer",
        ),
        ({"vehicle_plate": "!!"}, "vehicle_plate", "geen kenteken"),
    ],
)
def test_bad_details_are_refused_at_the_field_and_nothing_is_saved(
    client_for: Any, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client_for("alice").post("/signalen/nieuw/", form_payload(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message.lower() in " ".join(errors[field]).lower()
    assert not Signal.objects.exists() and not SignalSubject.objects.exists()
    page = response.content.decode()
    assert 'data-testid="known-details" open' in page  # the collapsed part opens on an error


def test_the_public_form_offers_them_in_dutch_and_english(db: Any, personas: Any) -> None:
    dutch = Client().get("/melden/").content.decode()
    assert "Kent u gegevens? Een persoon, een adres of een voertuig" in dutch
    english = Client().get("/en/report/").content.decode()
    assert "Do you know details? A person, an address or a vehicle" in english
    payload = form_payload(
        capacity="resident", submission_key=str(uuid.uuid4()), vehicle_plate="AB-12-CD"
    )
    payload.pop("team_coordinator", None)
    assert Client().post("/melden/", payload).status_code == 302
    assert SignalSubject.objects.get(kind="vehicle").details == {"plates": ["AB-12-CD"]}
