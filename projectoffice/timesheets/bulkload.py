"""Writing many rows fast, for the demo loader and the benchmark generator only (never for user input: these
rows bypass the services, so the callers must produce rows that satisfy every rule the services check).

PostgreSQL gets COPY; other databases a single executemany. Ids are given by the caller (``reserve_ids``) so
that child rows can point at their parents without reading them back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models

Adapter = Callable[[Any], Any]


def _adapters(model: type[models.Model], columns: Sequence[str], using: str) -> list[Adapter | None]:
    """Per column, how to turn a Python value into what the driver takes (None = as is)."""
    ops = connections[using].ops
    vendor = connections[using].vendor
    adapters: list[Adapter | None] = []
    for name in columns:
        kind = model._meta.get_field(name).get_internal_type()
        if kind == "DateTimeField" and vendor != "postgresql":
            adapters.append(ops.adapt_datetimefield_value)
        elif kind == "JSONField":
            adapters.append(json.dumps)
        else:
            adapters.append(None)
    return adapters


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                using: str = "default", chunk: int = 20_000) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, field names) into the model's table; returns the count."""
    connection = connections[using]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(_column(model, c)) for c in columns)
    adapters = _adapters(model, columns, using)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_adapt(row, adapters))
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(_adapt(row, adapters))
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} is not a concrete column")
    return column


def _adapt(row: Sequence[Any], adapters: list[Adapter | None]) -> Sequence[Any]:
    if not any(adapters):
        return row
    return [value if adapter is None or value is None else adapter(value) for value, adapter in zip(row, adapters, strict=True)]


def reserve_ids(model: type[models.Model], count: int, *, using: str = "default") -> range:
    """``count`` fresh primary keys for rows the caller inserts with explicit ids."""
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
            return range(first, first + count)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        first = cursor.fetchone()[0] + 1
        return range(first, first + count)
