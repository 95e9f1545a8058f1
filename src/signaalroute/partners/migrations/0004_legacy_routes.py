"""Signals handed to a partner by the old plain "route" move get a note on their timeline.

That move recorded only which partner was chosen: no legal basis, no disclosure, no feedback
date. It no longer exists (a signal reaches a partner only through a referral). We do not invent
a referral for these signals, since nothing was shared through signaalroute and a made-up basis
would mislead the disclosure log. Each keeps its state and gets a note that says so.
"""

import uuid

from django.db import migrations
from django.utils import timezone

NOTE = (
    "Overgedragen aan {partner} met de oude stap 'doorzetten', voordat signaalroute "
    "rechtmatige overdrachten kende: er is geen grondslag, verstrekking of terugkoppeltermijn "
    "vastgelegd. Leg alsnog een overdracht vast als er gegevens gedeeld moeten worden."
)


def note_legacy_routes(apps, schema_editor):
    SignalEvent = apps.get_model("signals", "SignalEvent")
    Referral = apps.get_model("partners", "Referral")
    referred = set(Referral.objects.values_list("signal_id", flat=True))
    legacy = SignalEvent.objects.filter(kind="transition", to_state="routed").exclude(
        signal_id__in=referred
    )
    for event in legacy.iterator():
        partner = (event.data or {}).get("partner_name")
        if not partner:
            continue
        SignalEvent.objects.create(
            id=uuid.uuid4(),
            signal_id=event.signal_id,
            at=timezone.now(),
            actor=None,
            kind="note",
            text=NOTE.format(partner=partner),
            data={"legacy_route": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_outbox"),
        ("signals", "0001_initial"),
    ]

    operations = [migrations.RunPython(note_legacy_routes, migrations.RunPython.noop)]
