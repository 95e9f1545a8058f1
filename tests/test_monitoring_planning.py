"""Reading the planning column of an action plan as municipalities write it."""

from __future__ import annotations

import datetime as dt

import pytest

from signaalroute.monitoring.planning import PlanningError, read_planning

D = dt.date


@pytest.mark.parametrize(
    ("text", "due", "recurring"),
    [
        ("Voorjaar 2025", D(2025, 5, 31), False),
        ("Om de 2 jaar. Gepland maart/april 2025", D(2025, 4, 30), True),
        ("K3 2026", D(2026, 9, 30), False),
        ("kwartaal 2 2025", D(2025, 6, 30), False),
        ("2e kwartaal 2025", D(2025, 6, 30), False),
        ("15-03-2025", D(2025, 3, 15), False),
        ("2025-03-31", D(2025, 3, 31), False),
        ("2025-03-31 00:00:00", D(2025, 3, 31), False),  # an Excel date cell
        ("Najaar 2024 / voorjaar 2025", D(2025, 5, 31), False),
        ("2025", D(2025, 12, 31), False),
        ("4x per jaar", None, True),
        ("Doorlopend", None, True),
        ("In overleg met ketenpartners", None, False),
    ],
)
def test_the_planning_as_written_gives_its_due_date(
    text: str, due: D | None, recurring: bool
) -> None:
    read = read_planning(text)
    assert (read.due_on, read.recurring) == (due, recurring)
    assert read.text == text


@pytest.mark.parametrize("text", ["31-02-2025", "2025-02-30", "maart", "Voorjaar 20255"])
def test_a_date_that_cannot_be_read_is_refused(text: str) -> None:
    with pytest.raises(PlanningError):
        read_planning(text)
