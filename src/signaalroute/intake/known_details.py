"""What a reporter knows for certain, as structured details: a person, an address, a vehicle.

Optional fields of every form (a folded part, "Kent u gegevens?"); what is filled in becomes
involved parties with details, so stacking and the regional check can use them at once. The
checks use the matching library's normalisers, the same that stacking uses.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalroute.intake.inputs import SubjectInput
from signaalroute.matching.normalise import INVALID, PARTIAL
from signaalroute.matching.normalise_dates import normalise_date_of_birth
from signaalroute.matching.normalise_identifiers import (
    normalise_house_number,
    normalise_phone,
    normalise_plate,
    normalise_postcode,
)
from signaalroute.signals.models import SubjectKind, SubjectRole

#: The optional structured fields of the forms, per group (a person, an address, a vehicle).
STRUCTURED_GROUPS: dict[str, tuple[str, ...]] = {
    "person": (
        "person_given_names",
        "person_surname",
        "person_date_of_birth",
        "person_phone",
        "person_role",
    ),
    "address": ("address_postcode", "address_house_number", "address_street", "address_place"),
    "vehicle": ("vehicle_plate",),
}


def known_detail_fields() -> dict[str, forms.Field]:
    """Fresh fields for one form, in the order of STRUCTURED_GROUPS."""
    return {
        "person_given_names": forms.CharField(
            label=_("Given names"), required=False, max_length=200
        ),
        "person_surname": forms.CharField(
            label=_("Surname"),
            required=False,
            max_length=200,
            help_text=_("With prefix if any, e.g. van der Berg."),
        ),
        "person_date_of_birth": forms.CharField(
            label=_("Date of birth or age"),
            required=False,
            max_length=50,
            help_text=_("For example 17-05-1990, 1990 or about 25 years."),
        ),
        "person_phone": forms.CharField(
            label=_("Telephone number"),
            required=False,
            max_length=30,
            help_text=_("For example 06 12345678 or +31 6 12345678."),
        ),
        "person_role": forms.ChoiceField(
            label=_("This person is"),
            required=False,
            choices=[
                ("", _("Unknown")),
                (SubjectRole.VICTIM, SubjectRole.VICTIM.label),
                (SubjectRole.PERPETRATOR, SubjectRole.PERPETRATOR.label),
                (SubjectRole.WITNESS, SubjectRole.WITNESS.label),
            ],
        ),
        "address_postcode": forms.CharField(
            label=_("Postcode"), required=False, max_length=7, help_text=_("For example 3762 AB.")
        ),
        "address_house_number": forms.CharField(
            label=_("House number"),
            required=False,
            max_length=12,
            help_text=_("With letter or addition if any, e.g. 12a or 12-2."),
        ),
        "address_street": forms.CharField(label=_("Street"), required=False, max_length=200),
        "address_place": forms.CharField(label=_("Place"), required=False, max_length=200),
        "vehicle_plate": forms.CharField(
            label=_("Licence plate"),
            required=False,
            max_length=20,
            help_text=_("For example 12-ABC-3."),
        ),
    }


def _texts(data: dict[str, Any]) -> dict[str, str]:
    return {n: str(data.get(n) or "").strip() for g in STRUCTURED_GROUPS.values() for n in g}


def known_detail_errors(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(field, Dutch message) for each known detail that cannot be right; none when the
    details are fine or not given."""
    t = _texts(data)
    errors: list[tuple[str, Any]] = []
    if t["person_phone"] and normalise_phone(t["person_phone"]).value is None:
        errors.append(
            (
                "person_phone",
                _(
                    "This is not a valid telephone number. Use digits only, e.g. 06 12345678 or +31 6 12345678."
                ),
            )
        )
    birth = t["person_date_of_birth"]
    if birth and normalise_date_of_birth(birth).flag == INVALID:
        errors.append(
            (
                "person_date_of_birth",
                _("Give a date of birth such as 17-05-1990, a year such as 1990, or an age."),
            )
        )
    if any(t[n] for n in STRUCTURED_GROUPS["address"]):
        postcode = normalise_postcode(t["address_postcode"])
        if t["address_postcode"] and (postcode.value is None or postcode.flag == PARTIAL):
            errors.append(("address_postcode", _("Enter a Dutch postcode, such as 3762 AB.")))
        if not t["address_house_number"]:
            errors.append(("address_house_number", _("Give the house number of the address.")))
        elif normalise_house_number(t["address_house_number"]).value is None:
            errors.append(
                (
                    "address_house_number",
                    _("This is not a valid house number, e.g. 12, 12a or 12-2."),
                )
            )
        if not t["address_postcode"] and not t["address_street"]:
            errors.append(("address_street", _("Give the postcode or the street of the address.")))
    if t["vehicle_plate"] and normalise_plate(t["vehicle_plate"]).value is None:
        errors.append(
            (
                "vehicle_plate",
                _("This is not a licence plate. Use letters and digits, e.g. 12-ABC-3."),
            )
        )
    return errors


def known_subjects(data: dict[str, Any]) -> list[SubjectInput]:
    """The structured fields as subjects with details (only the groups filled in)."""
    t = _texts(data)
    subjects = []
    person = {
        "given_names": t["person_given_names"],
        "surname": t["person_surname"],
        "date_of_birth": t["person_date_of_birth"],
        "phones": [t["person_phone"]] if t["person_phone"] else [],
    }
    if any(person.values()):
        name = " ".join(v for v in (t["person_given_names"], t["person_surname"]) if v)
        subjects.append(
            SubjectInput(
                kind=SubjectKind.PERSON,
                role=t["person_role"] or SubjectRole.OTHER,
                description=name or t["person_phone"] or t["person_date_of_birth"],
                details={k: v for k, v in person.items() if v},
            )
        )
    address = {
        "postcode": t["address_postcode"],
        "house_number": t["address_house_number"],
        "street": t["address_street"],
        "place": t["address_place"],
    }
    if any(address.values()):
        street = " ".join(v for v in (t["address_street"], t["address_house_number"]) if v)
        where = " ".join(v for v in (t["address_postcode"], t["address_place"]) if v)
        subjects.append(
            SubjectInput(
                kind=SubjectKind.ADDRESS,
                role=SubjectRole.OTHER,
                description=", ".join(v for v in (street, where) if v),
                details={k: v for k, v in address.items() if v},
            )
        )
    if t["vehicle_plate"]:
        subjects.append(
            SubjectInput(
                kind=SubjectKind.VEHICLE,
                role=SubjectRole.OTHER,
                description=t["vehicle_plate"],
                details={"plates": [t["vehicle_plate"]]},
            )
        )
    return subjects
