"""Small-number suppression: properties that hold for any table, and the cases the issue names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from signaalroute.monitoring.suppression import Sum, suppress


def _table(cells: list[list[int]]) -> tuple[dict[tuple[int | str, int | str], int], list[Sum]]:
    """A two-way table with row and column totals and the grand total."""
    counts: dict[tuple[int | str, int | str], int] = {}
    rows, cols = len(cells), len(cells[0])
    for r in range(rows):
        for c in range(cols):
            counts[(r, c)] = cells[r][c]
        counts[(r, "*")] = sum(cells[r])
    for c in range(cols):
        counts[("*", c)] = sum(cells[r][c] for r in range(rows))
    counts[("*", "*")] = sum(map(sum, cells))
    sums = [Sum((r, "*"), tuple((r, c) for c in range(cols))) for r in range(rows)]
    sums += [Sum(("*", c), tuple((r, c) for r in range(rows))) for c in range(cols)]
    sums.append(Sum(("*", "*"), tuple(("*", c) for c in range(cols))))
    sums.append(Sum(("*", "*"), tuple((r, "*") for r in range(rows))))
    return counts, sums


tables = st.integers(1, 5).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=1, max_size=5
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_small_number_is_shown_and_no_sum_has_a_single_hidden_member(
    cells: list[list[int]],
) -> None:
    counts, sums = _table(cells)
    shown = suppress(counts, sums)
    for key, value in counts.items():
        if 1 <= value <= 4:
            assert shown[key] is None, key
        elif shown[key] is not None:
            assert shown[key] == value  # what is shown is never altered
    for relation in sums:
        members = (relation.total, *relation.parts)
        assert sum(shown[m] is None for m in members) != 1, relation


@settings(max_examples=200, deadline=None)
@given(tables, st.data())
def test_cells_the_viewer_knows_stay_exact_and_never_cover(
    cells: list[list[int]], data: st.DataObject
) -> None:
    counts, sums = _table(cells)
    row = data.draw(st.integers(0, len(cells) - 1))
    known = {key for key in counts if key[0] == row}
    shown = suppress(counts, sums, known=known)
    assert all(shown[k] == counts[k] for k in known)
    for relation in sums:
        members = (relation.total, *relation.parts)
        hidden = [m for m in members if shown[m] is None]
        # Whoever knows the row's exact figures still cannot work out a single hidden member,
        # unless it is made of nothing but what they know already.
        if len(hidden) == 1:
            assert all(m in known for m in members if m not in hidden), relation


def test_a_hidden_quarter_is_not_given_away_by_the_year() -> None:
    counts = {"Q1": 10, "Q2": 3, "Q3": 12, "Q4": 8, "year": 33}
    shown = suppress(counts, [Sum("year", ("Q1", "Q2", "Q3", "Q4"))])
    assert shown["Q2"] is None
    assert shown["Q4"] is None  # the smallest non-zero other quarter covers it
    assert shown["year"] == 33 and shown["Q1"] == 10 and shown["Q3"] == 12


def test_zero_is_shown_and_can_cover() -> None:
    counts = {"a": 2, "b": 0, "total": 2}
    shown = suppress(counts, [Sum("total", ("a", "b"))])
    assert shown == {"a": None, "b": 0, "total": None}  # two hidden: neither follows
    three = suppress({"a": 2, "b": 0, "t": 9, "c": 7}, [Sum("t", ("a", "b", "c"))])
    assert three == {"a": None, "b": 0, "t": 9, "c": None}  # the smallest non-zero covers
    assert suppress({"a": 0, "b": 7, "t": 7}, [Sum("t", ("a", "b"))]) == {"a": 0, "b": 7, "t": 7}


def test_a_municipality_with_three_signals_reads_less_than_five_everywhere() -> None:
    counts = {("m", "form", "labour"): 2, ("m", "form", "sexual"): 1, ("m", "all", ""): 3}
    sums = [Sum(("m", "all", ""), (("m", "form", "labour"), ("m", "form", "sexual")))]
    assert set(suppress(counts, sums).values()) == {None}


def test_negative_counts_are_refused() -> None:
    import pytest

    with pytest.raises(ValueError):
        suppress({"a": -1})
