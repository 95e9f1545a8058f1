"""A signal pseudonymised for display (gepseudonimiseerd): what roles and tables that work with
patterns, not people, may read of a signal — its reference, the forms of exploitation, the area
(the postcode's four digits, or the municipality) and the signs seen. Never the reporter, the
description of what was seen, an address or a party. One function, so every such view shows the
same: the signalling meeting's agenda for attendees from outside the municipality, the facts of
a stack put on an agenda, and any later view for the policy officer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .indicators import load_catalogue
from .models import ExploitationForm, Signal


@dataclass(frozen=True)
class Pseudonym:
    reference: str
    forms: list[str]  # codes
    area: str
    indicators: list[str]  # codes

    @property
    def form_labels(self) -> list[str]:
        return form_labels(self.forms)

    @property
    def indicator_labels(self) -> list[str]:
        return indicator_labels(self.indicators)


def area_of(signal: Signal) -> str:
    """Where, no finer than the postcode's four digits (a neighbourhood), else the municipality."""
    code = signal.postcode.replace(" ", "")
    return code[:4] if len(code) >= 4 else signal.municipality.name


def pseudonymise(signal: Signal) -> Pseudonym:
    return Pseudonym(
        reference=signal.reference,
        forms=[f for f in signal.forms or [] if f in ExploitationForm.values],
        area=area_of(signal),
        indicators=list(signal.indicator_codes or []),
    )


def pseudonymise_many(signals: Iterable[Signal]) -> dict[str, list[str]]:
    """Several signals together (a stack): the forms, signs and areas they share out, sorted."""
    rows = [pseudonymise(s) for s in signals]
    return {
        "forms": sorted({f for r in rows for f in r.forms}),
        "indicators": sorted({c for r in rows for c in r.indicators}),
        "areas": sorted({r.area for r in rows}),
    }


def form_labels(codes: Iterable[str]) -> list[str]:
    return [str(ExploitationForm(c).label) for c in codes if c in ExploitationForm.values]


def indicator_labels(codes: Iterable[str]) -> list[str]:
    catalogue = load_catalogue()
    return [catalogue.by_code[c].label for c in codes if c in catalogue.by_code]
