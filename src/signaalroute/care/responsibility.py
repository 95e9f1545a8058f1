"""Which municipality is responsible for a victim's care, and why (verantwoordelijke gemeente).

The rule: where the victim is registered in the BRP; if not registered anywhere, where the victim
was found. The seeds differ on whom it covers — seed 000_a1f13d5d9f6634fb.txt §3.1 includes a
temporary residence status, seed 004_0e82b480fca28818.txt §5.4 (after the Lenferink committee)
speaks of victims who reside lawfully in the Netherlands — so the reading is a regional setting
(`CareSettings.reading`). The answer always carries its reason; "unknown" says why, and there is
never a silent default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation

from .models import Reading, Registration, Residence


@dataclass(frozen=True)
class Responsibility:
    municipality: Organisation | None  # None: unknown, or a municipality outside the region
    name: str  # what the page shows: the municipality's name, or "unknown"
    reason: str
    outside: bool = False  # a municipality outside the region (not in signaalroute)

    @property
    def sentence(self) -> str:
        return _("%(name)s, because %(reason)s") % {"name": self.name, "reason": self.reason}


def _unknown(reason: str) -> Responsibility:
    return Responsibility(None, _("Unknown"), reason)


def _covered(residence: str, reading: str) -> bool | None:
    """Does the region's reading cover this residence status? None while it is not known."""
    if reading == Reading.EVERYONE:
        return True
    if residence == Residence.UNKNOWN:
        return None
    return residence == Residence.LAWFUL


def responsible_municipality(
    *,
    registration: str,
    registered_in: Organisation | None,
    registered_elsewhere: str,
    found_in: Organisation | None,
    residence: str,
    reading: str,
) -> Responsibility:
    covered = _covered(residence, reading)
    if covered is None:
        return _unknown(
            _(
                "the residence status is not known yet, and in this region the rule covers only "
                "victims who reside lawfully in the Netherlands"
            )
        )
    if not covered:
        return _unknown(
            _(
                "in this region the rule covers only victims who reside lawfully in the "
                "Netherlands; agree with the care coordinator who arranges and pays for care"
            )
        )
    if registration == Registration.UNKNOWN:
        return _unknown(_("it is not known yet whether the person is registered in the BRP"))
    if registration == Registration.REGISTERED:
        if registered_in is not None:
            return Responsibility(registered_in, registered_in.name, _("registered there"))
        if registered_elsewhere.strip():
            return Responsibility(
                None,
                registered_elsewhere.strip(),
                _("registered there (outside this region: hand over outside signaalroute)"),
                outside=True,
            )
        return _unknown(_("the municipality of registration is not recorded"))
    if found_in is not None:
        return Responsibility(
            found_in, found_in.name, _("not registered in the BRP anywhere and found there")
        )
    return _unknown(_("the person is not registered and where they were found is not recorded"))


def responsibility_of(trajectory: Any, reading: str) -> Responsibility:
    return responsible_municipality(
        registration=trajectory.registration,
        registered_in=trajectory.registered_in,
        registered_elsewhere=trajectory.registered_elsewhere,
        found_in=trajectory.found_in,
        residence=trajectory.residence,
        reading=reading,
    )
