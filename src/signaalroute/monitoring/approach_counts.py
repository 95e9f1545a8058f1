"""The approach in the figures (approach.selectors): interventions planned in the year per kind,
per barrier (the barrier model, seed 001_1cc0d1ead85ea8c6.txt §4.1.3) and per state. Counts are
cells of the one suppressed table (``figures``)."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.approach.catalogue import catalogue
from signaalroute.approach.models import InterventionState
from signaalroute.approach.selectors import intervention_figures
from signaalroute.locations.selectors import controls_done_against_planned
from signaalroute.meetings.selectors import meeting_action_figures

from .suppression import Sum

TOTAL = "approach_interventions"


def collect_approach(ids: list[uuid.UUID], year: int, counts: Counter[Any]) -> None:
    y = str(year)
    for (m, kind, barrier, state), n in intervention_figures(ids, year).items():
        counts[(m, TOTAL, "", y)] += n
        counts[(m, "approach_kind", kind, y)] += n
        counts[(m, "approach_barrier", barrier, y)] += n
        counts[(m, "approach_state", state, y)] += n


def _parts() -> dict[str, list[str]]:
    lists = catalogue()
    return {
        "approach_kind": [k.code for k in lists.kinds],
        "approach_barrier": [b.code for b in lists.barriers],
        "approach_state": list(InterventionState.values),
    }


def approach_cells(year: int) -> dict[tuple[str, str, str], list[str]]:
    y = str(year)
    cells = {(TOTAL, "", ""): [y]}
    for dimension, codes in _parts().items():
        cells.update({(dimension, code, ""): [y] for code in codes})
    return cells


def approach_sums(area: str, year: int) -> list[Sum]:
    y = str(year)
    return [
        Sum((area, TOTAL, "", y), tuple((area, dimension, code, y) for code in codes))
        for dimension, codes in _parts().items()
    ]


def approach_rows(cell: Any) -> list[tuple[str, list[Any]]]:
    lists = catalogue()
    rows: list[tuple[str, list[Any]]] = [(str(_("Interventions")), [cell(TOTAL, "")])]
    rows += [
        (str(_("Barrier: %(barrier)s") % {"barrier": b.label}), [cell("approach_barrier", b.code)])
        for b in lists.barriers
    ]
    rows += [(k.label, [cell("approach_kind", k.code)]) for k in lists.kinds]
    rows += [
        (str(_("State: %(state)s") % {"state": label}), [cell("approach_state", code)])
        for code, label in InterventionState.choices
    ]
    return rows


def controls_rows(members: list[uuid.UUID], year: int) -> list[tuple[str, list[Any]]] | None:
    """Controls of risk locations done against planned (locations.selectors): the
    municipality's own work, not about people, so shown as they are; None without locations."""
    figures = controls_done_against_planned(members, year)
    if not figures["locations"]:
        return None
    return [
        (str(_("Risk locations in the register")), [figures["locations"]]),
        (str(_("Controls planned a year")), [figures["planned"]]),
        (str(_("Controls done")), [figures["done"]]),
    ]


def meeting_rows(members: list[uuid.UUID], year: int) -> list[tuple[str, list[Any]]] | None:
    """Actions of the signalling meetings due in the year, done on time, late, still open
    (meetings.selectors): the municipality's own work, shown as it is; None without actions."""
    figures = meeting_action_figures(members, year)
    if not figures["due"]:
        return None
    return [
        (str(_("Meeting actions due this year")), [figures["due"]]),
        (str(_("Done on time")), [figures["done_on_time"]]),
        (str(_("Done late")), [figures["done_late"]]),
        (str(_("Still open")), [figures["open"]]),
    ]
