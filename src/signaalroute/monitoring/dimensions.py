"""What the figures are counted by (one place): each dimension, its categories and whether a
signal falls in exactly one category (then the categories add up to the total, a sum that
suppression protects) or in several (forms of exploitation, vulnerable groups)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.signals.classification import load_classification
from signaalroute.signals.models import Capacity, Channel, ExploitationForm, YesNoUnknown
from signaalroute.signals.states import Outcome, State

NONE = "none"  # not recorded (yet)


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Any
    single: bool  # one category per signal: the categories add up to the total
    categories: Callable[[], list[tuple[str, str]]]
    of: Callable[[dict[str, Any]], list[str]]  # the categories of one signal row
    field: str = ""  # the Signal field it reads

    @property
    def codes(self) -> tuple[str, ...]:
        return category_codes(self.code)


def _choices(choices: Any, none: Any = None) -> Callable[[], list[tuple[str, str]]]:
    def categories() -> list[tuple[str, str]]:
        found = [(value, str(label)) for value, label in choices]
        return [*found, (NONE, str(none))] if none else found

    return categories


def _listed(which: str) -> Callable[[], list[tuple[str, str]]]:
    def categories() -> list[tuple[str, str]]:
        return [*load_classification().choices(which), (NONE, str(_("Not recorded")))]

    return categories


@cache
def category_codes(code: str) -> tuple[str, ...]:
    """The category codes of a dimension (labels depend on the language, codes do not)."""
    return tuple(c for c, _label in BY_CODE[code].categories())


def _one(field: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda row: [row[field] or NONE]


def _many(field: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda row: list(dict.fromkeys(row[field] or [])) or [NONE]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "form",
        _("Form of exploitation"),
        False,
        _choices(ExploitationForm.choices, _("Not recorded")),
        _many("forms"),
        "forms",
    ),
    Dimension(
        "vulnerable_group",
        _("Vulnerable group"),
        False,
        _listed("vulnerable_groups"),
        _many("vulnerable_groups"),
        "vulnerable_groups",
    ),
    Dimension(
        "sector",
        _("Sector (labour exploitation)"),
        True,
        _listed("sectors"),
        _one("sector"),
        "sector",
    ),
    Dimension(
        "migration",
        _("Migration component"),
        True,
        _choices(YesNoUnknown.choices),
        _one("migration"),
        "migration",
    ),
    Dimension("channel", _("Way in"), True, _choices(Channel.choices), _one("channel"), "channel"),
    Dimension(
        "capacity",
        _("Capacity of the reporter"),
        True,
        _choices(Capacity.choices),
        _one("capacity"),
        "capacity",
    ),
    Dimension("state", _("State now"), True, _choices(State.choices), _one("state"), "state"),
    Dimension(
        "outcome",
        _("Outcome"),
        True,
        _choices(Outcome.choices, _("Not closed yet")),
        _one("outcome"),
        "outcome",
    ),
)
BY_CODE = {d.code: d for d in DIMENSIONS}
