"""What a way in hands to the intake services: a signal, its subjects and its reporter, as
plain data (filled by the forms, the public form, the demo and the tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from signaalroute.accounts.models import User


@dataclass
class SubjectInput:
    kind: str
    role: str
    description: str
    # Structured details as given (stacking.traces.DETAIL_FIELDS of the kind), e.g. from the
    # forms' optional fields for a person, an address or a vehicle.
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class SignalInput:
    """What any of the forms collects about the signal itself."""

    description: str
    observed_on: dt.date | None = None
    location_kind: str = "unknown"
    postcode: str = ""
    house_number: int | None = None
    house_number_addition: str = ""
    place_description: str = ""
    online_location: str = ""
    capacity: str = "unknown"
    forms: list[str] = field(default_factory=list)
    minors: str = "unknown"
    acute: bool = False
    indicator_codes: list[str] = field(default_factory=list)
    # What it is about, where the reporter knows it (signals.classification).
    vulnerable_groups: list[str] = field(default_factory=list)
    sector: str = ""
    subjects: list[SubjectInput] = field(default_factory=list)


@dataclass
class ReporterInput:
    user: User | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    organisation: str = ""
    anonymous: bool = False
