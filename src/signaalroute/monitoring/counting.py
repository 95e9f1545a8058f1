"""Counting signals per municipality, quarter and category in the database, in as few passes
as the two databases allow: one query with a conditional count per category of every
dimension. A list field (forms of exploitation, vulnerable groups) is asked whether it holds
the category: PostgreSQL's ``?`` operator (``has_key``) is true for an element of a JSON array.
SQLite's ``has_key`` looks at object keys only, so there each list field has a query of its
own, whose elements the database unfolds (``json_each``). Python then only adds up a few
thousand rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from signaalroute.signals.models import Signal

from .dimensions import DIMENSIONS, NONE, Dimension

Counted = tuple[uuid.UUID, str, str, int, int]  # municipality, dimension, category, quarter, n


def _match(dimension: Dimension, category: str) -> Q:
    if category != NONE:
        if dimension.single:
            return Q(**{dimension.field: category})
        return Q(**{f"{dimension.field}__has_key": category})  # PostgreSQL only: see above
    if dimension.single:
        return Q(**{dimension.field: ""}) | Q(**{f"{dimension.field}__isnull": True})
    return Q(**{dimension.field: []})


def category_counts(signals: QuerySet[Signal], *, total: str = "") -> Iterator[Counted]:
    """``signals`` annotated with ``q`` (the quarter's index): counts per municipality,
    quarter, dimension and category, for every category a dimension knows; with ``total``,
    also every signal per municipality and quarter (as dimension ``total``, category "")."""
    lists_in_query = connection.vendor == "postgresql"
    columns: dict[str, tuple[str, str]] = {}
    aggregates: dict[str, Any] = {}
    if total:
        columns["n_total"] = (total, "")
        aggregates["n_total"] = Count("id")
    for d_index, dimension in enumerate(DIMENSIONS):
        wanted = dimension.codes if dimension.single or lists_in_query else (NONE,)
        for c_index, category in enumerate(wanted):
            name = f"n_{d_index}_{c_index}"
            columns[name] = (dimension.code, category)
            aggregates[name] = Count("id", filter=_match(dimension, category))
    for row in signals.values("municipality_id", "q").annotate(**aggregates):  # type: ignore[misc]
        for name, (dimension_code, category) in columns.items():
            if row[name]:
                yield row["municipality_id"], dimension_code, category, row["q"], row[name]
    for dimension in DIMENSIONS:
        if not dimension.single and not lists_in_query:
            yield from _elements(signals, dimension)


def _elements(signals: QuerySet[Signal], dimension: Dimension) -> Iterator[Counted]:
    """The elements of a list field, counted by the database (SQLite); without the signals'
    default order, which would make the database sort them first."""
    columns = signals.order_by().values("municipality_id", "q", dimension.field)
    sql, params = columns.query.sql_with_params()
    column = connection.ops.quote_name(dimension.field)
    query = (
        "SELECT s.municipality_id, s.q, e.value, COUNT(*) "  # noqa: S608 - Django's own SQL
        f"FROM ({sql}) AS s, json_each(s.{column}) AS e GROUP BY s.municipality_id, s.q, e.value"
    )
    known = set(dimension.codes)
    with connection.cursor() as cursor:
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
