"""What may leave, to whom, on which legal basis: the sharing table, as data, in one place.

Every disclosure needs a purpose, necessity and a legal basis, which differ by partner category
(seed 004_0e82b480fca28818.txt §5.6.2, the data-sharing step plan of the national guide "De aanpak
van mensenhandel en het gebruik van persoonsgegevens"; seed 003_7eb11e2830c5e158.txt §4.3 and
§6.5: people hide behind privacy law — the lawful path must be the easy one).

The table has a column per sharing profile: one per partner category, and named profiles for
organisations the region gives rules of their own (the care coordinator, the RIEC, CoMensha). A
partner takes its category's profile unless its directory entry names another
(``PartnerProfile.sharing_profile``). Each row carries its reason and source, shown to focal
officers and the privacy officer on the sharing-table page. A (profile, basis) pair that is not
in the table allows nothing (default deny); vital interest is only a basis for an organisation
that gives help.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, OrganisationKind, PartnerCategory


class Basis(StrEnum):
    STATUTORY_TASK = "statutory_task"  # wettelijke taak, with its article
    COVENANT = "covenant"  # convenant, e.g. the regional RIEC covenant, with its article
    CONSENT = "consent"  # toestemming, recorded: who, when, scope, how
    VITAL_INTEREST = "vital_interest"  # vitaal belang (AVG art. 6(1)(d))
    PROFESSIONAL_RIGHT = "professional_right"  # meldrecht / conflict van plichten
    ANONYMOUS_CONSULTATION = "anonymous_consultation"  # anoniem sparren, no personal data


BASIS_LABELS: dict[Basis, Any] = {
    Basis.STATUTORY_TASK: _("Statutory task (with its article)"),
    Basis.COVENANT: _("Regional covenant, such as the RIEC covenant (with its article)"),
    Basis.CONSENT: _("Consent of the person concerned"),
    Basis.VITAL_INTEREST: _("Vital interest: the victim cannot decide and needs help"),
    Basis.PROFESSIONAL_RIGHT: _("Professional right to report / conflict of duties"),
    Basis.ANONYMOUS_CONSULTATION: _("Anonymous consultation, without personal data"),
}

# The proof each basis needs before anything is sent: detail field -> its label.
BASIS_PROOF: dict[Basis, dict[str, Any]] = {
    Basis.STATUTORY_TASK: {"article": _("Statutory article")},
    Basis.COVENANT: {"covenant": _("Covenant and article")},
    # The id of a recorded consent of the signal (partners.consents), not withdrawn.
    Basis.CONSENT: {"consent": _("The recorded consent")},
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
    ShareableField("subjects", _("Possible perpetrators, addresses and organisations"), True),
    ShareableField("victims", _("Possible victims"), True),
]
FIELD_KEYS = {f.key for f in SHAREABLE_FIELDS}
NON_PERSONAL = frozenset(f.key for f in SHAREABLE_FIELDS if not f.personal)
EVERYTHING = frozenset(FIELD_KEYS)
# For the approach of perpetrators, places and businesses: what was seen and who or where, but
# not the possible victims (their data stay with the partners who help them).
WITHOUT_VICTIMS = EVERYTHING - {"victims"}
# The reporter's identity is not a shareable field at all: no profile can send it.


@dataclass(frozen=True)
class SharingRule:
    """One row of the table: what may leave on this basis, why, and where the rule comes from."""

    fields: frozenset[str]
    reason: Any
    source: str  # cited to users by document title (core.sources.cite)


class NamedProfile(StrEnum):
    """Profiles the region gives an organisation instead of its category's."""

    CARE_COORDINATOR = "care_coordinator"  # zorgcoördinator mensenhandel
    RIEC = "riec"  # via the chain director (ketenregisseur)
    COMENSHA = "comensha"  # national coordination centre against trafficking
    # Another municipality of the region taking over a victim's care (overdracht van zorg).
    RESPONSIBLE_MUNICIPALITY = "municipality"


PROFILE_LABELS: dict[str, Any] = {
    **{category.value: category.label for category in PartnerCategory},
    NamedProfile.CARE_COORDINATOR: _("Regional care coordinator for trafficking"),
    NamedProfile.RIEC: _("RIEC, through the chain director"),
    NamedProfile.COMENSHA: _("CoMensha"),
    NamedProfile.RESPONSIBLE_MUNICIPALITY: _("The municipality responsible for the victim's care"),
}

GUIDE = "004_0e82b480fca28818.txt §5.6.2"
_ANONYMOUS = SharingRule(
    NON_PERSONAL,
    _("Sparring or asking for advice needs no personal data."),
    f"{GUIDE}; 000_a1f13d5d9f6634fb.txt §2.3",
)
_CONSENT = SharingRule(
    EVERYTHING,
    _("With the recorded consent of the person concerned, for what they consented to."),
    GUIDE,
)
_VITAL_HELP = SharingRule(
    EVERYTHING,
    _("The victim cannot decide and needs help now; this partner gives that help."),
    GUIDE,
)

C, B, N = PartnerCategory, Basis, NamedProfile
SHARING_TABLE: dict[str, dict[Basis, SharingRule]] = {
    # Investigative agencies (police, KMar, the labour inspectorate's criminal investigation).
    C.INVESTIGATIVE: {
        B.STATUTORY_TASK: SharingRule(
            EVERYTHING,
            _(
                "Investigating trafficking is this agency's statutory task; the municipality "
                "provides what the investigation needs."
            ),
            GUIDE,
        ),
        B.PROFESSIONAL_RIGHT: SharingRule(
            EVERYTHING,
            _(
                "A conflict of duties: the danger is serious and there is no other way than to "
                "tell the police."
            ),
            GUIDE,
        ),
        B.CONSENT: _CONSENT,
        B.VITAL_INTEREST: SharingRule(
            EVERYTHING,
            _("The victim cannot decide and is in danger; the police can protect them."),
            f"{GUIDE}; 000_a1f13d5d9f6634fb.txt §2.3",
        ),
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # Supervisory authorities (the labour inspectorate's supervision, municipal inspectors).
    C.SUPERVISOR: {
        B.STATUTORY_TASK: SharingRule(
            WITHOUT_VICTIMS,
            _(
                "Supervision is aimed at employers, places and businesses: what was seen and "
                "where, not the possible victims."
            ),
            f"{GUIDE}; 001_1cc0d1ead85ea8c6.txt §4.1.3",
        ),
        B.CONSENT: _CONSENT,
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # Care providers, with or without medical professional secrecy.
    C.CARE_MEDICAL_SECRECY: {
        B.CONSENT: SharingRule(
            EVERYTHING, _("Help starts with the consent of the person concerned."), GUIDE
        ),
        B.VITAL_INTEREST: _VITAL_HELP,
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    C.CARE_NO_MEDICAL_SECRECY: {
        B.CONSENT: SharingRule(
            EVERYTHING, _("Help starts with the consent of the person concerned."), GUIDE
        ),
        B.VITAL_INTEREST: _VITAL_HELP,
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # Reporting points (Veilig Thuis): the reporting code gives professionals a right to report.
    C.REPORTING_COORDINATION: {
        B.PROFESSIONAL_RIGHT: SharingRule(
            EVERYTHING,
            _(
                "The reporting code (meldcode) gives professionals the right to report to "
                "Veilig Thuis without consent."
            ),
            f"000_a1f13d5d9f6634fb.txt §2.7; {GUIDE}",
        ),
        B.CONSENT: _CONSENT,
        B.VITAL_INTEREST: _VITAL_HELP,
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # Non-criminal partners in the migration chain (IND, COA, KMar in that role).
    C.MIGRATION_CHAIN: {
        B.CONSENT: SharingRule(
            EVERYTHING,
            _(
                "Only with consent: a residence question (such as the residence scheme for "
                "victims) is the person's own decision."
            ),
            f"{GUIDE}; 003_7eb11e2830c5e158.txt §7.7",
        ),
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # Other municipal departments acting on their own statutory task (APV, Bibob, controls).
    C.MUNICIPAL_DEPARTMENT: {
        B.STATUTORY_TASK: SharingRule(
            WITHOUT_VICTIMS,
            _(
                "A department acting on its own task (local bye-law, Bibob, controls) acts on "
                "places and businesses; the possible victims' data are not needed."
            ),
            f"000_a1f13d5d9f6634fb.txt §2.4; {GUIDE}",
        ),
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # The region's care coordinator: personal data only under vital interest (seed 004 §5.6.2).
    N.CARE_COORDINATOR: {
        B.VITAL_INTEREST: SharingRule(
            EVERYTHING,
            _(
                "Personal data go to the care coordinator only when the victim cannot decide "
                "and needs help."
            ),
            GUIDE,
        ),
        B.CONSENT: SharingRule(
            NON_PERSONAL,
            _(
                "Even with consent no personal data go to the care coordinator: encourage the "
                "victim to contact them, or make an appointment together."
            ),
            GUIDE,
        ),
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # The RIEC, through the chain director: the regional RIEC covenant (seed 000 §2.3).
    N.RIEC: {
        B.COVENANT: SharingRule(
            WITHOUT_VICTIMS,
            _(
                "The regional RIEC covenant: what the administrative approach of perpetrators, "
                "places and businesses needs. The RIEC gives no help, so the victims' data stay "
                "with the care partners."
            ),
            f"000_a1f13d5d9f6634fb.txt §2.3; {GUIDE}",
        ),
        B.STATUTORY_TASK: SharingRule(
            WITHOUT_VICTIMS,
            _(
                "The municipality's public-order task, shared as the RIEC covenant lays down; "
                "the same as under the covenant."
            ),
            f"000_a1f13d5d9f6634fb.txt §2.3; {GUIDE}",
        ),
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # CoMensha: registration and advice, with consent; anonymously at any time (seed 000 §2.3).
    N.COMENSHA: {
        B.CONSENT: SharingRule(
            EVERYTHING,
            _("CoMensha registers possible victims and advises on help, with their consent."),
            "000_a1f13d5d9f6634fb.txt §2.3",
        ),
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
    # The municipality responsible for a victim's care (seed 000 §3.1, seed 004 §5.4): what care
    # needs, not the possible perpetrators (those stay with the approach).
    N.RESPONSIBLE_MUNICIPALITY: {
        B.STATUTORY_TASK: SharingRule(
            EVERYTHING - {"subjects"},
            _(
                "The municipality where the victim is registered (or, if not registered, found) "
                "is responsible for care under the Wmo 2015 and the Jeugdwet; it receives what "
                "care needs, not the possible perpetrators."
            ),
            "000_a1f13d5d9f6634fb.txt §3.1; 004_0e82b480fca28818.txt §5.4",
        ),
        B.CONSENT: _CONSENT,
        B.ANONYMOUS_CONSULTATION: _ANONYMOUS,
    },
}


def sharing_profile_of(partner: Organisation) -> str:
    """The partner's sharing profile: the one its directory entry names, else its category's; a
    municipality of the region receives as the municipality responsible for care."""
    if partner.kind == OrganisationKind.MUNICIPALITY:
        return NamedProfile.RESPONSIBLE_MUNICIPALITY
    named = getattr(getattr(partner, "partner_profile", None), "sharing_profile", "")
    return named or partner.category


def rule_for(profile: str, basis: str) -> SharingRule | None:
    try:
        return SHARING_TABLE.get(profile, {}).get(Basis(basis))
    except ValueError:
        return None


def allowed_fields(profile: str, basis: str) -> frozenset[str]:
    rule = rule_for(profile, basis)
    return rule.fields if rule else frozenset()


def profile_rules(profile: str) -> list[tuple[Basis, SharingRule]]:
    """The rows of one profile, in the order of Basis."""
    rows = SHARING_TABLE.get(profile, {})
    return [(basis, rows[basis]) for basis in Basis if basis in rows]


@dataclass(frozen=True)
class SharingRow:
    """One row of the table in the words users read."""

    profile: str
    profile_label: str
    basis: Basis
    basis_label: str
    field_labels: list[str]
    personal: bool
    reason: str
    source: str


def table_rows(profiles: list[str] | None = None) -> list[SharingRow]:
    """The table (or the rows of some profiles) for the page that shows it, in table order."""
    wanted = profiles if profiles is not None else list(SHARING_TABLE)
    return [
        SharingRow(
            profile=profile,
            profile_label=str(PROFILE_LABELS.get(profile, profile)),
            basis=basis,
            basis_label=basis_label(basis),
            field_labels=field_labels(rule.fields),
            personal=bool(rule.fields - NON_PERSONAL),
            reason=str(rule.reason),
            source=rule.source,
        )
        for profile in wanted
        for basis, rule in profile_rules(profile)
    ]


def allowed_bases(profile: str) -> list[Basis]:
    """The bases this profile can receive on, in the order of Basis."""
    return [basis for basis, _rule in profile_rules(profile)]


def missing_proof(basis: str, details: dict[str, str]) -> list[str]:
    required = BASIS_PROOF.get(Basis(basis), {})
    return [key for key in required if not str(details.get(key, "")).strip()]


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
