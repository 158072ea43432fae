"""Raw bulk inserts: one statement of plain tuples per table, for generated plans (demo, benchmarks, tests) and
for the interchange imports (whose service has checked the rows).

Django's bulk_create prepares every value of every field through the ORM (Task has 45 columns): at 10,000 rows
that is most of the time. Here each model's defaults are prepared once and a row only names the columns it
sets; values must already be what the driver takes (ints, strings, booleans, Decimals; datetimes through
``db_datetime``). Never for unchecked input: no validation happens here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from django.db import connection, models


@cache
def _defaults(model: type[models.Model]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Column names (no primary key) and the prepared default of each, from an unsaved instance."""
    blank = model()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return (tuple(f.attname for f in fields),
            tuple(f.get_db_prep_save(f.pre_save(blank, add=True), connection) for f in fields))


def insert_rows(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (attname → value; other columns take their defaults); returns how many."""
    names, defaults = _defaults(model)
    position = {name: i for i, name in enumerate(names)}
    params = []
    for row in rows:
        values = list(defaults)
        for name, value in row.items():
            values[position[name]] = value
        params.append(values)
    if not params:
        return 0
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, n)) for n in _field_names(model, names))
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _field_names(model: type[models.Model], attnames: tuple[str, ...]) -> list[str]:
    by_attname = {f.attname: f.name for f in model._meta.concrete_fields} | {"id": "id"}
    return [by_attname[a] for a in attnames]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for rows inserted with explicit ids (children can then name their parents
    without reading them back). PostgreSQL: drawn from the table's sequence, safe beside concurrent inserts;
    SQLite: after the largest id ever used (its write lock serialises writers)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                       f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0))", [table])
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def insert_columns(model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert ``rows`` (tuples of the attnames ``columns``, which may include ``id``; every other column takes its
    default) in one statement: COPY on PostgreSQL, one executemany elsewhere. Values must be what the driver
    takes: see ``db_datetime`` for dates. Returns the number of rows."""
    names, defaults = _defaults(model)
    all_names = ("id", *names) if "id" in columns else names
    template = [None, *defaults] if "id" in columns else list(defaults)
    positions = [all_names.index(c) for c in columns]
    full: list[list[Any]] = []
    for row in rows:
        values = template.copy()
        for position, value in zip(positions, row, strict=True):
            values[position] = value
        full.append(values)
    if full:
        _write(model, all_names, full)
    return len(full)


def _write(model: type[models.Model], attnames: tuple[str, ...], rows: list[list[Any]]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, n)) for n in _field_names(model, attnames))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(attnames))})", rows)


def db_datetime(moment: dt.datetime | None) -> Any:
    """An aware datetime as the driver takes it: as is for PostgreSQL, naive UTC text for SQLite (as Django
    writes it)."""
    if moment is None or connection.vendor == "postgresql":
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
