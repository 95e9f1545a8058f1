"""What the extractor finds in free text (``extract.py``): the kinds, and one found identifier."""

from __future__ import annotations

from dataclasses import dataclass

from .normalise import Normalised

PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
PLATE = "plate"
KVK = "kvk"
IBAN = "iban"
URL = "url"
#: The kinds, in the order they are looked for: a span taken by one is not read again.
KINDS = (EMAIL, URL, IBAN, KVK, ADDRESS, PLATE, PHONE)


@dataclass(frozen=True, slots=True)
class Found:
    """One identifier in a text.

    ``value`` is the normaliser's value (for an address: the postcode key ``"3762AB|12||"``,
    or without a postcode the street key ``"molenstraat|7|B|"``); ``text`` is the text as
    written, ``start``/``end`` its span. ``parts`` holds an address's parts as written
    (``postcode``, ``house_number``, ``house_letter``, ``house_number_addition``,
    ``street``); other kinds have none.
    """

    kind: str
    value: str
    text: str
    start: int
    end: int
    parts: tuple[tuple[str, str], ...] = ()

    def part(self, name: str) -> str:
        return dict(self.parts).get(name, "")


def certain(result: Normalised) -> str | None:
    """The normaliser's value when it may be used as certain, else None."""
    return result.value if result.is_certain and result.value else None
