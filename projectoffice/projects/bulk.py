"""Raw bulk inserts for generated plans (demo, benchmarks, tests): one executemany of plain tuples.

Django's bulk_create prepares every value of every field through the ORM (Task has 45 columns): at 10,000 rows
that is most of the demo's time. Here each model's defaults are prepared once and a row only names the columns
it sets; values must already be what the driver takes (ints, strings, booleans, Decimals, naive UTC datetimes
on SQLite). Only for generators that bypass the services with data satisfying every rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from django.db import connection, models

BATCH = 1000


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
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start:start + BATCH])
    return len(params)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _field_names(model: type[models.Model], attnames: tuple[str, ...]) -> list[str]:
    by_attname = {f.attname: f.name for f in model._meta.concrete_fields}
    return [by_attname[a] for a in attnames]
