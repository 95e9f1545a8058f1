"""What may leave, to whom, on which legal basis: the sharing profiles, as data, in one place.

Every disclosure needs a purpose, necessity and a legal basis, which differ by partner category
(seed 004_0e82b480fca28818.txt §5.6.2, the data-sharing step plan; seed 003_7eb11e2830c5e158.txt
§4.3 and §6.5: people hide behind privacy law — the lawful path must be the easy one). Example rule
from seed 004 §5.6.2: with the region's care coordinator no personal data is shared unless the
victim cannot decide and needs help (vital interest); sparring needs no personal data.

A (category, basis) pair that is not in SHARING_PROFILES allows nothing (default deny).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import PartnerCategory
from signaalroute.signals.models import Signal


class Basis(StrEnum):
    STATUTORY_TASK = "statutory_task"  # wettelijke taak, with its article
    CONSENT = "consent"  # toestemming, recorded: who, when, scope, how
    VITAL_INTEREST = "vital_interest"  # vitaal belang (AVG art. 6(1)(d))
    PROFESSIONAL_RIGHT = "professional_right"  # meldrecht / conflict van plichten
    ANONYMOUS_CONSULTATION = "anonymous_consultation"  # anoniem sparren, no personal data


BASIS_LABELS: dict[Basis, Any] = {
    Basis.STATUTORY_TASK: _("Statutory task (with its article)"),
    Basis.CONSENT: _("Consent of the person concerned"),
    Basis.VITAL_INTEREST: _("Vital interest: the victim cannot decide and needs help"),
    Basis.PROFESSIONAL_RIGHT: _("Professional right to report / conflict of duties"),
    Basis.ANONYMOUS_CONSULTATION: _("Anonymous consultation, without personal data"),
}

# The proof each basis needs before anything is sent: detail field -> its label.
BASIS_PROOF: dict[Basis, dict[str, Any]] = {
    Basis.STATUTORY_TASK: {"article": _("Statutory article")},
    Basis.CONSENT: {
        "consent_by": _("Who gave consent"),
        "consent_on": _("When (date)"),
        "consent_scope": _("For what (scope)"),
        "consent_how": _("How (verbal, written)"),
    },
    Basis.VITAL_INTEREST: {"vital_reason": _("Why the victim cannot decide and needs help")},
    Basis.PROFESSIONAL_RIGHT: {"weighing": _("The weighing that was made")},
    Basis.ANONYMOUS_CONSULTATION: {},
}


@dataclass(frozen=True)
class ShareableField:
    key: str
    label: Any
    personal: bool


SHAREABLE_FIELDS: list[ShareableField] = [
    ShareableField("municipality", _("Municipality"), False),
    ShareableField("forms", _("Forms of exploitation"), False),
    ShareableField("minors", _("Minors involved"), False),
    ShareableField("acute", _("Acute danger"), False),
    ShareableField("indicators", _("Signs seen"), False),
    ShareableField("observed_on", _("When it was seen"), False),
    ShareableField("description", _("What was seen (free text)"), True),
    ShareableField("location", _("Address or place"), True),
    ShareableField("subjects", _("Persons, addresses and organisations involved"), True),
]
FIELD_KEYS = {f.key for f in SHAREABLE_FIELDS}
NON_PERSONAL = frozenset(f.key for f in SHAREABLE_FIELDS if not f.personal)
EVERYTHING = frozenset(FIELD_KEYS)
# The reporter's identity is not a shareable field at all: no profile can send it.

C, B = PartnerCategory, Basis
SHARING_PROFILES: dict[tuple[str, Basis], frozenset[str]] = {
    # Investigative agencies (police, labour inspectorate's criminal investigation).
    (C.INVESTIGATIVE, B.STATUTORY_TASK): EVERYTHING,
    (C.INVESTIGATIVE, B.PROFESSIONAL_RIGHT): EVERYTHING,
    (C.INVESTIGATIVE, B.CONSENT): EVERYTHING,
    (C.INVESTIGATIVE, B.VITAL_INTEREST): EVERYTHING,
    (C.INVESTIGATIVE, B.ANONYMOUS_CONSULTATION): NON_PERSONAL,
    # Supervisory authorities (labour inspectorate supervision, municipal inspectors).
    (C.SUPERVISOR, B.STATUTORY_TASK): EVERYTHING,
    (C.SUPERVISOR, B.CONSENT): EVERYTHING,
    (C.SUPERVISOR, B.ANONYMOUS_CONSULTATION): NON_PERSONAL,
    # Care providers, with or without medical professional secrecy: consent or vital interest.
    (C.CARE_MEDICAL_SECRECY, B.CONSENT): EVERYTHING,
    (C.CARE_MEDICAL_SECRECY, B.VITAL_INTEREST): EVERYTHING,
    (C.CARE_MEDICAL_SECRECY, B.ANONYMOUS_CONSULTATION): NON_PERSONAL,
    (C.CARE_NO_MEDICAL_SECRECY, B.CONSENT): EVERYTHING,
    (C.CARE_NO_MEDICAL_SECRECY, B.VITAL_INTEREST): EVERYTHING,
    (C.CARE_NO_MEDICAL_SECRECY, B.ANONYMOUS_CONSULTATION): NON_PERSONAL,
    # Reporting / coordination function (care coordinator, Veilig Thuis, RIEC). Seed 004 §5.6.2:
    # no personal data to the care coordinator unless vital interest (or consent).
    (C.REPORTING_COORDINATION, B.ANONYMOUS_CONSULTATION): NON_PERSONAL,
    (C.REPORTING_COORDINATION, B.VITAL_INTEREST): EVERYTHING,
    (C.REPORTING_COORDINATION, B.CONSENT): EVERYTHING,
    (C.REPORTING_COORDINATION, B.PROFESSIONAL_RIGHT): EVERYTHING,
    # Non-criminal partners in the migration chain (IND, COA, KMar in that role): only with
    # consent, or anonymously.
    (C.MIGRATION_CHAIN, B.CONSENT): EVERYTHING,
    (C.MIGRATION_CHAIN, B.ANONYMOUS_CONSULTATION): NON_PERSONAL,
    # Other municipal departments acting on their own statutory task (e.g. APV, Bibob).
    (C.MUNICIPAL_DEPARTMENT, B.STATUTORY_TASK): EVERYTHING,
    (C.MUNICIPAL_DEPARTMENT, B.ANONYMOUS_CONSULTATION): NON_PERSONAL,
}


def allowed_fields(category: str, basis: str) -> frozenset[str]:
    try:
        return SHARING_PROFILES.get((category, Basis(basis)), frozenset())
    except ValueError:
        return frozenset()


def missing_proof(basis: str, details: dict[str, str]) -> list[str]:
    required = BASIS_PROOF.get(Basis(basis), {})
    return [key for key in required if not str(details.get(key, "")).strip()]


def build_shared(signal: Signal, fields: frozenset[str]) -> dict[str, Any]:
    """The snapshot the partner sees: only `fields`, in plain values, never the reporter."""
    shared: dict[str, Any] = {"reference": signal.reference}
    if "municipality" in fields:
        shared["municipality"] = signal.municipality.name
    if "forms" in fields:
        shared["forms"] = signal.form_labels
    if "minors" in fields:
        shared["minors"] = str(signal.get_minors_display())
    if "acute" in fields:
        shared["acute"] = signal.acute
    if "indicators" in fields:
        shared["indicators"] = signal.indicator_labels
    if "observed_on" in fields:
        shared["observed_on"] = signal.observed_on.isoformat() if signal.observed_on else ""
    if "description" in fields:
        shared["description"] = signal.description
    if "location" in fields:
        shared["location"] = signal.address_text
    if "subjects" in fields:
        shared["subjects"] = [
            {
                "kind": str(s.get_kind_display()),
                "role": str(s.get_role_display()),
                "description": s.description,
            }
            for s in signal.subjects.all()
        ]
    return shared


def basis_label(basis: str) -> str:
    """The legal basis in the words a partner or an auditor reads (not its code)."""
    try:
        return str(BASIS_LABELS[Basis(basis)])
    except (ValueError, KeyError):
        return basis


def field_labels(keys: Any) -> list[str]:
    """Shared fields by their label, in the order of SHAREABLE_FIELDS (not their keys)."""
    wanted = set(keys or ())
    return [str(f.label) for f in SHAREABLE_FIELDS if f.key in wanted]
