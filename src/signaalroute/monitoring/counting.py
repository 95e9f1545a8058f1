"""Counting signals per municipality, quarter and category in the database, in as few passes
as the two databases allow: one query for every single-valued dimension together (a
conditional count per category), and one per list field (forms of exploitation, vulnerable
groups), whose elements the database unfolds (``jsonb_array_elements_text`` on PostgreSQL,
``json_each`` on SQLite). Python then only adds up a few thousand rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet

from signaalroute.signals.models import Signal

from .dimensions import DIMENSIONS, NONE, Dimension

Counted = tuple[uuid.UUID, str, str, int, int]  # municipality, dimension, category, quarter, n


def _match(dimension: Dimension, category: str) -> Q:
    if category != NONE:
        return Q(**{dimension.field: category})
    if dimension.single:
        return Q(**{dimension.field: ""}) | Q(**{f"{dimension.field}__isnull": True})
    return Q(**{dimension.field: []})


def category_counts(signals: QuerySet[Signal]) -> Iterator[Counted]:
    """``signals`` annotated with ``q`` (the quarter's index): counts per municipality,
    quarter, dimension and category, for every category a dimension knows."""
    columns: dict[str, tuple[str, str]] = {}
    aggregates: dict[str, Any] = {}
    for d_index, dimension in enumerate(DIMENSIONS):
        wanted = dimension.codes if dimension.single else (NONE,)
        for c_index, category in enumerate(wanted):
            name = f"n_{d_index}_{c_index}"
            columns[name] = (dimension.code, category)
            aggregates[name] = Count("id", filter=_match(dimension, category))
    for row in signals.values("municipality_id", "q").annotate(**aggregates):  # type: ignore[misc]
        for name, (dimension_code, category) in columns.items():
            if row[name]:
                yield row["municipality_id"], dimension_code, category, row["q"], row[name]
    for dimension in DIMENSIONS:
        if not dimension.single:
            yield from _elements(signals, dimension)


def _elements(signals: QuerySet[Signal], dimension: Dimension) -> Iterator[Counted]:
    """The elements of a list field, counted by the database; without the signals' default
    order, which would make the database sort them first."""
    columns = signals.order_by().values("municipality_id", "q", dimension.field)
    sql, params = columns.query.sql_with_params()
    column = connection.ops.quote_name(dimension.field)
    if connection.vendor == "postgresql":
        unfold = f"CROSS JOIN LATERAL jsonb_array_elements_text(s.{column}) AS e(value)"
    else:
        unfold = f", json_each(s.{column}) AS e"
    query = (
        "SELECT s.municipality_id, s.q, e.value, COUNT(*) "  # noqa: S608 - Django's own SQL
        f"FROM ({sql}) AS s {unfold} GROUP BY s.municipality_id, s.q, e.value"
    )
    known = set(dimension.codes)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner takes every list to hold 100 elements, finds the query costly and
            # compiles it (JIT): 10-40 ms to save nothing on a few thousand rows.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(query, params)
        rows = cursor.fetchall()
    for municipality, quarter, value, n in rows:
        if value in known:
            found = (
                municipality
                if isinstance(municipality, uuid.UUID)
                else uuid.UUID(str(municipality))
            )
            yield found, dimension.code, value, quarter, n
