"""Demo directory entries for the demo partners: what each does, its threshold, how to reach it,
and the role(s) it fills in the routing rules (partners/routing.py). Fictional numbers and
addresses only (``.invalid`` mail domains, 0800-numbers that are not real).

Idempotent: running it again leaves existing entries as they are.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.demo.personas import PARTNERS, REGION_NAME
from signaalroute.partners.directory.models import PartnerContact, PartnerProfile
from signaalroute.partners.referrals.sharing import NamedProfile

EVERY_FORM = [
    "sexual",
    "sexual_online",
    "labour",
    "criminal_theft",
    "criminal_drugs",
    "criminal_begging",
    "criminal_money_mule",
    "criminal_benefit_fraud",
    "organ_removal",
]

# name → (description, forms handled, target groups, threshold, 24/7 phone, routing roles, weeks)
DEMO_PROFILES: dict[str, tuple[str, list[str], str, str, str, list[str], int]] = {
    "Politie basisteam Heuvelrug (demo)": (
        "Opsporing van mensenhandel door de Afdeling Vreemdelingenpolitie, Identificatie en "
        "Mensenhandel (AVIM). Bij acuut gevaar: bel 112.",
        EVERY_FORM,
        "Slachtoffers en daders van alle vormen van uitbuiting",
        "Signalen over daders, en ernstige signalen waarbij direct ingrijpen nodig is.",
        "0800-0000001",
        ["police"],
        4,
    ),
    "Nederlandse Arbeidsinspectie — opsporing (demo)": (
        "Strafrechtelijke opsporing van arbeidsuitbuiting.",
        ["labour", "criminal_benefit_fraud"],
        "Werknemers in alle sectoren",
        "Signalen met sterke ILO-indicatoren van arbeidsuitbuiting (dwang, schulden, "
        "ingehouden paspoort).",
        "",
        ["labour_inspectorate_investigation"],
        6,
    ),
    "Nederlandse Arbeidsinspectie — toezicht (demo)": (
        "Toezicht op arbeidsomstandigheden, arbeidstijden en eerlijk werk.",
        ["labour"],
        "Werkgevers en uitzendbureaus",
        "Signalen van slechte arbeidsomstandigheden zonder sterke aanwijzingen van dwang.",
        "",
        ["labour_inspectorate_supervision"],
        6,
    ),
    "Zorgcoördinatie mensenhandel Utrecht (demo)": (
        "Regelt hulp, opvang en begeleiding voor (mogelijke) slachtoffers; anoniem sparren kan "
        "altijd.",
        EVERY_FORM,
        "Mogelijke slachtoffers van 18 jaar en ouder",
        "Bij elk mogelijk slachtoffer. Persoonsgegevens alleen als het slachtoffer niet zelf kan "
        "beslissen en hulp nodig heeft.",
        "0800-0000002",
        ["care_coordinator"],
        4,
    ),
    "CoMensha (demo)": (
        "Landelijk Coördinatiecentrum tegen Mensenhandel: registreert (mogelijke) slachtoffers "
        "en adviseert over hulp en opvang; anoniem overleggen kan altijd.",
        EVERY_FORM,
        "(Mogelijke) slachtoffers van alle vormen van uitbuiting",
        "Registratie met toestemming van het slachtoffer; advies ook als het slachtoffer (nog) "
        "niet bekend is.",
        "",
        ["comensha"],
        4,
    ),
    "Veilig Thuis regio Utrecht (demo)": (
        "Advies- en meldpunt huiselijk geweld en kindermishandeling.",
        ["sexual", "sexual_online", "criminal_theft", "criminal_drugs", "criminal_begging"],
        "Minderjarigen en volwassenen in afhankelijkheidsrelaties",
        "Signalen waarbij minderjarigen betrokken zijn.",
        "0800-2000",
        ["veilig_thuis"],
        2,
    ),
    "RIEC Midden-Nederland (demo)": (
        "Regionaal Informatie- en Expertisecentrum: bestuurlijke aanpak van ondermijning.",
        ["sexual", "labour", "criminal_money_mule"],
        "Locaties, ondernemingen en netwerken",
        "Via de ketenregisseur, bij zorgen die blijven terwijl hulp is geweigerd.",
        "",
        ["riec"],
        8,
    ),
    "Jongerenwerk Eemland (demo)": (
        "Jongerenwerk en jeugdhulp in de wijk.",
        ["sexual_online", "criminal_drugs", "criminal_money_mule"],
        "Jongeren van 12 tot 23 jaar",
        "Signalen over jongeren die de jongerenwerkers kennen of kunnen bereiken.",
        "",
        ["youth_care"],
        4,
    ),
    "IND regio Midden (demo)": (
        "Immigratie- en Naturalisatiedienst.",
        ["sexual", "labour"],
        "Vreemdelingen",
        "Verblijfsrechtelijke vragen, bijvoorbeeld de verblijfsregeling mensenhandel.",
        "",
        ["migration"],
        6,
    ),
    "Gemeente Soest — Openbare Orde en Veiligheid (demo)": (
        "Lokaal signaleringsoverleg, bestuurlijke controles en handhaving.",
        ["sexual", "labour", "criminal_drugs"],
        "Locaties en ondernemingen in de gemeente",
        "Signalen over een locatie of onderneming.",
        "",
        ["signalling_meeting", "municipal_control"],
        4,
    ),
}

assert set(DEMO_PROFILES) <= {name for name, _category in PARTNERS}

# The region's own sharing rules for these organisations (partners/referrals/sharing.py).
DEMO_SHARING: dict[str, NamedProfile] = {
    "Zorgcoördinatie mensenhandel Utrecht (demo)": NamedProfile.CARE_COORDINATOR,
    "RIEC Midden-Nederland (demo)": NamedProfile.RIEC,
    "CoMensha (demo)": NamedProfile.COMENSHA,
}


def _mailbox(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.lower().split("(")[0])
    slug = "".join(ch for ch in plain if ch.isascii() and ch.isalnum())[:30]
    return f"{slug}@partner.demo.signaalroute.invalid"


def build_demo_partners() -> dict[str, Any]:
    """Create the directory entries of the demo partners that have none yet."""
    created: dict[str, Any] = {}
    partners = Organisation.objects.filter(
        region__name=REGION_NAME, kind=OrganisationKind.PARTNER, name__in=DEMO_PROFILES
    )
    for organisation in partners:
        description, forms, groups, threshold, phone, roles, weeks = DEMO_PROFILES[
            organisation.name
        ]
        profile, new = PartnerProfile.objects.get_or_create(
            organisation=organisation,
            defaults={
                "description": description,
                "handles_forms": forms,
                "target_groups": groups,
                "thresholds": threshold,
                "phone_24_7": phone,
                "phone": "030-0000000",
                "hours": "ma-vr 9.00-17.00",
                "mailbox": _mailbox(organisation.name),
                "routing_roles": roles,
                "feedback_weeks": weeks,
                "sharing_profile": DEMO_SHARING.get(organisation.name, ""),
            },
        )
        if new:
            PartnerContact.objects.create(
                organisation=organisation,
                name="Contactpersoon mensenhandel",
                role="Aandachtsfunctionaris mensenhandel",
                email=_mailbox(organisation.name),
            )
        created[organisation.name] = profile
    return created
