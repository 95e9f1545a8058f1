"""Demo data subjects' requests (AVG art. 15-18) in Soest, registered by the privacy officer
(pim): one open access request of the possible victim of the demo care trajectory (the demo
names no one, so the request searches by her description), and one answered earlier."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.privacy.models import DataSubjectRequest, RequestState
from signaalroute.privacy.requests import request_move, request_register

#: The demo victim of the first care trajectory (demo/care.py), as her signal describes her.
DEMO_PERSON = "Vrouw, ca. 23 jaar, spreekt Roemeens (demo)"


def build_demo_requests(users: dict[str, Any]) -> int:
    """Returns how many requests were made (0 when there are some already). Run it after
    ``build_demo_care``, so the access statement finds the care trajectory and its referral."""
    if DataSubjectRequest.objects.exists():
        return 0
    pim = users["pim"]
    soest = Organisation.objects.get(name="Soest", kind=OrganisationKind.MUNICIPALITY)
    today = timezone.localdate()
    request_register(
        actor=pim,
        municipality=soest,
        kind="access",
        received_on=today - dt.timedelta(days=5),
        identified_how="Aan de balie van het Sociaal Team, met haar begeleider; paspoort getoond",
        name=DEMO_PERSON,
        notes="Wil weten aan wie haar gegevens zijn gegeven.",
    )
    earlier = request_register(
        actor=pim,
        municipality=soest,
        kind="access",
        received_on=today - dt.timedelta(days=60),
        identified_how="Per brief met een kopie van een identiteitsbewijs (nummer afgeschermd)",
        name="Jan de Vries (demo)",
    )
    request_move(
        actor=pim,
        request=earlier,
        to=RequestState.DONE,
        note="Geen gegevens gevonden; lege verklaring per post verstuurd.",
    )
    return 2
