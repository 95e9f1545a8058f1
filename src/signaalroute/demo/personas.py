"""The demo world: one region, three municipalities, partners of every category, the personas.

Used by `manage.py seed_demo` and by the test suite (same names, HOUSE_STYLE.md "Tests").
All names are fictitious; the municipalities are those of the seeds (Soest, Zeist, Montfoort)
in the Midden-Nederland region (seed 003_7eb11e2830c5e158.txt).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.accounts.models import (
    FocalPoint,
    Membership,
    Organisation,
    OrganisationKind,
    PartnerCategory,
    Region,
    User,
)
from signaalroute.accounts.rules import Domain, Role

DEMO_PASSWORD = "signaalroute-demo"  # noqa: S105 - printed for the demo, never used in prod
REGION_NAME = "Midden-Nederland (demo)"
MUNICIPALITIES = ["Soest", "Zeist", "Montfoort"]
TEAMS = {
    "Soest": ["Burgerzaken en KCC", "Handhaving", "Sociaal Team", "Vergunningen"],
    "Zeist": ["Burgerzaken en KCC", "Handhaving"],
    "Montfoort": ["Burgerzaken en KCC"],
}
# How each municipality's focal officers are reached (fictitious addresses and numbers).
FOCAL_MAILBOXES = {
    "Soest": "mensenhandel@soest.example",
    "Zeist": "aandachtsfunctionaris@zeist.example",
    "Montfoort": "mensenhandel@montfoort.example",
}
FOCAL_PHONES = {"Soest": "035 600 00 01", "Zeist": "030 600 00 02", "Montfoort": ""}
PARTNERS: list[tuple[str, PartnerCategory]] = [
    ("Politie basisteam Heuvelrug (demo)", PartnerCategory.INVESTIGATIVE),
    ("Nederlandse Arbeidsinspectie — opsporing (demo)", PartnerCategory.INVESTIGATIVE),
    ("Nederlandse Arbeidsinspectie — toezicht (demo)", PartnerCategory.SUPERVISOR),
    ("Zorgcoördinatie mensenhandel Utrecht (demo)", PartnerCategory.REPORTING_COORDINATION),
    ("Veilig Thuis regio Utrecht (demo)", PartnerCategory.REPORTING_COORDINATION),
    ("RIEC Midden-Nederland (demo)", PartnerCategory.REPORTING_COORDINATION),
    ("CoMensha (demo)", PartnerCategory.REPORTING_COORDINATION),
    ("Huisartsenpraktijk De Linde (demo)", PartnerCategory.CARE_MEDICAL_SECRECY),
    ("Jongerenwerk Eemland (demo)", PartnerCategory.CARE_NO_MEDICAL_SECRECY),
    ("IND regio Midden (demo)", PartnerCategory.MIGRATION_CHAIN),
    ("Gemeente Soest — Openbare Orde en Veiligheid (demo)", PartnerCategory.MUNICIPAL_DEPARTMENT),
]


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    organisation: str  # "Soest", "Soest/Burgerzaken en KCC" or a partner name
    role: Role
    domain: str = ""


PERSONAS: list[Persona] = [
    Persona("alice", "Alice", "de Vries", "Soest/Burgerzaken en KCC", Role.REPORTER),
    Persona("bob", "Bob", "Jansen", "Soest/Burgerzaken en KCC", Role.TEAM_COORDINATOR),
    Persona("carla", "Carla", "Bakker", "Soest", Role.FOCAL_OFFICER, Domain.SAFETY),
    Persona("daan", "Daan", "Visser", "Soest", Role.FOCAL_OFFICER, Domain.CARE),
    Persona(
        "eva", "Eva", "Smit", "Zorgcoördinatie mensenhandel Utrecht (demo)", Role.CARE_COORDINATOR
    ),
    Persona("fenna", "Fenna", "Mulder", "Politie basisteam Heuvelrug (demo)", Role.PARTNER_CONTACT),
    Persona("gijs", "Gijs", "de Boer", "Soest", Role.POLICY_OFFICER),
    Persona("henk", "Henk", "Meijer", "Soest", Role.FUNCTIONAL_ADMIN),
    Persona("ida", "Ida", "de Groot", "Soest", Role.AUDITOR),
    Persona("pim", "Pim", "Kok", "Soest", Role.PRIVACY_OFFICER),
    Persona("karin", "Karin", "Bos", "Zeist", Role.FOCAL_OFFICER, Domain.SAFETY),
    # Not in HOUSE_STYLE's list: the chain director who receives escalations, and a contact at
    # the labour inspectorate for labour-exploitation referrals.
    Persona("lotte", "Lotte", "Hendriks", "RIEC Midden-Nederland (demo)", Role.CHAIN_DIRECTOR),
    Persona(
        "nora",
        "Nora",
        "Yilmaz",
        "Nederlandse Arbeidsinspectie — opsporing (demo)",
        Role.PARTNER_CONTACT,
    ),
    # A contact at the labour inspectorate's supervision, for signals of poor working conditions.
    Persona(
        "sanne",
        "Sanne",
        "de Wit",
        "Nederlandse Arbeidsinspectie — toezicht (demo)",
        Role.PARTNER_CONTACT,
    ),
    # An enforcement officer of Soest: a second, independent source for the stacking demo.
    Persona("otto", "Otto", "van Dam", "Soest/Handhaving", Role.REPORTER),
    # The region's administrator: municipalities, chain partners and their people, groups.
    Persona("rik", "Rik", "van Leeuwen", "RIEC Midden-Nederland (demo)", Role.REGION_ADMIN),
]


def demo_totp_key(username: str) -> str:
    """A fixed demo-only TOTP secret per persona (hex, as django-otp stores it)."""
    return hashlib.sha256(f"signaalroute-demo-totp:{username}".encode()).hexdigest()[:40]


@transaction.atomic
def build_demo() -> dict[str, User]:
    """Create or refresh the demo world. Idempotent: running it twice changes nothing more."""
    region, _ = Region.objects.get_or_create(name=REGION_NAME)
    orgs: dict[str, Organisation] = {}
    for name in MUNICIPALITIES:
        municipality, _ = Organisation.objects.get_or_create(
            region=region, kind=OrganisationKind.MUNICIPALITY, name=name
        )
        orgs[name] = municipality
        FocalPoint.objects.get_or_create(
            municipality=municipality,
            defaults={"mailbox": FOCAL_MAILBOXES[name], "phone": FOCAL_PHONES[name]},
        )
        for team_name in TEAMS[name]:
            team, _ = Organisation.objects.get_or_create(
                region=region,
                kind=OrganisationKind.TEAM,
                name=f"{name} — {team_name}",
                defaults={"parent": municipality},
            )
            orgs[f"{name}/{team_name}"] = team
    for name, category in PARTNERS:
        partner, _ = Organisation.objects.get_or_create(
            region=region,
            kind=OrganisationKind.PARTNER,
            name=name,
            defaults={"category": category},
        )
        orgs[name] = partner
    users: dict[str, User] = {}
    for persona in PERSONAS:
        user, _ = User.objects.get_or_create(
            username=persona.username,
            defaults={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "email": f"{persona.username}@demo.signaalroute.invalid",
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user,
            organisation=orgs[persona.organisation],
            role=persona.role,
            defaults={"domain": persona.domain},
        )
        TOTPDevice.objects.update_or_create(
            user=user,
            name="demo",
            defaults={"key": demo_totp_key(persona.username), "confirmed": True},
        )
        users[persona.username] = user
    return users
