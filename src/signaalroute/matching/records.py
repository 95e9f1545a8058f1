"""Plain record types for stacking: what a signal says about a person, address or organisation.

Records hold values *as given* (raw text); the comparison normalises them with
:mod:`signaalroute.matching.normalise`, so the original is never lost. They are frozen
dataclasses with tuples for repeated values, so they can be hashed, cached and compared.
Models come later and will build these records from stored signals.

Besides the fields the issue lists, persons and organisations carry ``ibans`` and
``plates`` (bank accounts and licence plates seen with them), and organisations carry
``phones`` and ``emails``: all are identifiers that signals commonly mention and that
blocking and exact comparison use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class IdDocument:
    """An identity document: ``kind`` (passport, ID card, residence permit), number, country."""

    kind: str = ""
    number: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class AddressRecord:
    """An address: Dutch postcode and house number, or a place described in words.

    ``described_place`` is for places without an address ("parking behind the station");
    ``latitude``/``longitude`` (WGS 84) are optional.
    """

    postcode: str = ""
    house_number: str | int = ""
    house_letter: str = ""
    house_number_addition: str = ""
    street: str = ""
    place: str = ""
    described_place: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person as a signal describes them.

    ``date_of_birth`` takes an exact date, a year, an approximate year ("ca. 1990"), a
    year range ("1988-1992") or an age estimate ("25-30 jaar"); an age is taken as seen
    on ``observed_on`` (default: today). ``addresses`` are where the person lives or was
    seen (the address a signal is about, when it names the person there).
    """

    given_names: str = ""
    surname_prefix: str = ""
    surname: str = ""
    aliases: tuple[str, ...] = ()
    date_of_birth: str | date | None = None
    observed_on: date | None = None
    gender: str = ""
    nationality: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    id_documents: tuple[IdDocument, ...] = ()
    ibans: tuple[str, ...] = ()
    plates: tuple[str, ...] = ()
    addresses: tuple[AddressRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    """An organisation (business, foundation) as a signal describes it."""

    kvk: str = ""
    trade_names: tuple[str, ...] = ()
    sector: str = ""
    address: AddressRecord | None = None
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    ibans: tuple[str, ...] = ()
    plates: tuple[str, ...] = ()


Record = PersonRecord | AddressRecord | OrganisationRecord
