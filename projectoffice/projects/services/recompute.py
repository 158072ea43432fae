"""Recomputing a project's schedule with the engine, within the request or as a background job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.db.models import DateTimeField, Field
from django.utils import timezone

from projectoffice.core.errors import ApplicationError
from projectoffice.core.jobs import job_enqueue
from projectoffice.core.models import Job
from projectoffice.engine.errors import CycleError, EngineError
from projectoffice.engine.schedule import schedule
from projectoffice.projects.models import Project, Task
from projectoffice.projects.network import (
    DATE_RESULTS,
    RESULT_FIELDS,
    ChangedRows,
    LoadedPlan,
    SummaryLinkError,
    changed_rows,
    from_local,
    load_plan,
)

INLINE_LIMIT = 5000
"""Plans up to this many tasks recompute within the request; larger ones in a background job."""



@dataclass(frozen=True, slots=True)
class RecomputeResult:
    """What a recompute did: tasks scheduled, rows rewritten, warnings; or the job it was handed to."""

    tasks: int = 0
    changed: int = 0
    warnings: tuple[str, ...] = ()
    job: Job | None = None
    critical_path: tuple[int, ...] = field(default=())


def inline_limit() -> int:
    return int(getattr(settings, "PROJECTOFFICE_RECOMPUTE_INLINE_LIMIT", INLINE_LIMIT))


def project_recompute(*, project: Project, by: AbstractBaseUser | AnonymousUser | None = None,
                      background: bool | None = None) -> RecomputeResult:
    """Schedule the project and write dates, float and critical flags back (only the rows that moved).

    Raises ApplicationError naming the tasks of a cycle or the bad input; the caller's transaction then
    rolls back the edit that caused it. Plans over the inline limit go to a job unless ``background=False``.
    """
    count = Task.objects.filter(project=project).count()
    if background or (background is None and count > inline_limit()):
        return RecomputeResult(tasks=count, job=_enqueue(project, by))
    return _recompute_now(project)


def _enqueue(project: Project, by: AbstractBaseUser | AnonymousUser | None) -> Job:
    job = job_enqueue(kind="projects.recompute", payload={"project_id": project.pk}, by=by)
    Project.objects.filter(pk=project.pk).update(schedule_job=job)
    project.schedule_job = job
    return job


@transaction.atomic
def _recompute_now(project: Project) -> RecomputeResult:
    plan = _load(project)
    try:
        result = schedule(plan.network)
    except CycleError as exc:
        names = [plan.names.get(uid, str(uid)) for uid in exc.tasks]  # type: ignore[call-overload]
        raise ApplicationError("The links form a cycle: " + " → ".join([*names, names[0]]) + ".",
                               field="links") from exc
    except EngineError as exc:
        raise ApplicationError(str(exc), field="schedule") from exc
    changed = changed_rows(plan, result)
    write_rows(changed)
    warnings = tuple(result.warnings)
    project.scheduled_start = from_local(result.start, plan.zone)
    project.scheduled_finish = from_local(result.finish, plan.zone)
    project.scheduled_at = timezone.now()
    project.schedule_warnings = list(warnings)
    project.schedule_job = None
    project.save(update_fields=["scheduled_start", "scheduled_finish", "scheduled_at", "schedule_warnings",
                                "schedule_job"])
    return RecomputeResult(tasks=len(plan.pk_of_uid), changed=len(changed), warnings=warnings,
                           critical_path=result.critical_path)


def _load(project: Project) -> LoadedPlan:
    try:
        return load_plan(project)
    except EngineError as exc:
        raise ApplicationError(str(exc), field="schedule") from exc
    except SummaryLinkError as exc:
        names = _task_names(project, (exc.summary, exc.below))
        raise ApplicationError(f"The summary “{names[0]}” cannot be linked to “{names[1]}”, a task below it.",
                               field="links") from exc
    except KeyError as exc:  # a link to a task of another project
        raise ApplicationError(f"A link names a task outside the project ({exc}).", field="links") from exc


def _task_names(project: Project, uids: tuple[int, ...]) -> list[str]:
    names = dict(Task.objects.filter(project=project, uid__in=uids).values_list("uid", "name"))
    return [names.get(uid, str(uid)) for uid in uids]


def write_rows(rows: ChangedRows) -> None:
    """Write the computed fields of the rows that moved: one statement whatever their number. Computed fields
    do not bump versions: a recompute must not make every open edit of the plan stale.

    PostgreSQL: one ``UPDATE … FROM unnest(…)`` with each column sent as one array literal (one round trip;
    the server plans it once instead of 10,000 times). SQLite (in-process, no round trip): one executemany.
    Dates travel as epoch seconds and are turned into timestamps by the database itself."""
    if not rows.pks:
        return
    quote = connection.ops.quote_name
    columns = [quote(str(_task_field(name).column)) for name in RESULT_FIELDS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_unnest_update(columns, quote), _array_literals(rows))
        else:
            params = [[*values, pk] for pk, values in zip(rows.pks, rows.values, strict=True)]
            cursor.executemany(_sqlite_update(columns, quote), params)


def _unnest_update(columns: list[str], quote: Callable[[str], str]) -> str:
    sets = [f"{column} = {_from_integer(name, f'v.c{i}')}"
            for i, (column, name) in enumerate(zip(columns, RESULT_FIELDS, strict=True))]
    arrays = ", ".join(["%s::bigint[]"] * (len(columns) + 1))
    names = ", ".join(f"c{i}" for i in range(len(columns)))
    return (f"UPDATE {quote(Task._meta.db_table)} AS t SET {', '.join(sets)} "
            f"FROM unnest({arrays}) AS v(id, {names}) WHERE t.{quote('id')} = v.id")


def _from_integer(name: str, value: str) -> str:
    """The SQL turning the integer form of a result (``network.ChangedRows``) back into its column's type."""
    if name in DATE_RESULTS:
        return f"to_timestamp({value})" if connection.vendor == "postgresql" else f"datetime({value}, 'unixepoch')"
    if name == "is_critical":
        return f"{value} <> 0"
    return value


def _array_literals(rows: ChangedRows) -> list[str]:
    """Each column as a PostgreSQL array literal ``{1,2,3}``: far cheaper to build and send than a list of
    parameters."""
    columns = [rows.pks, *zip(*rows.values, strict=True)]
    return ["{" + ",".join(map(str, column)) + "}" for column in columns]


def _sqlite_update(columns: list[str], quote: Callable[[str], str]) -> str:
    sets = [f"{column} = {_from_integer(name, '%s')}" for column, name in zip(columns, RESULT_FIELDS, strict=True)]
    return f"UPDATE {quote(Task._meta.db_table)} SET {', '.join(sets)} WHERE {quote('id')} = %s"


def write_fields(rows: list[Task], names: tuple[str, ...]) -> None:
    """Write ``names`` of many task instances (see ``write_columns``)."""
    attnames = [_task_field(name).attname for name in names]
    write_columns(names, [(row.pk, tuple(getattr(row, a) for a in attnames)) for row in rows])


def write_columns(names: tuple[str, ...], rows: list[tuple[int, tuple[Any, ...]]], *,
                  prepared: bool = False) -> None:
    """``UPDATE … WHERE id = %s`` with one executemany. Django's bulk_update builds a CASE per column
    and row and prepares every value through the field: ten times slower at 10,000 rows (docs/projects.md).
    ``prepared`` rows already hold what the driver takes (``network.db_moments``)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = [_task_field(name) for name in names]
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in columns)
    sql = f"UPDATE {quote(Task._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    adapt = _datetime_adapter()
    dated = [isinstance(f, DateTimeField) and not prepared for f in columns]
    if any(dated):
        params = [[*(adapt(v) if d and v is not None else v for v, d in zip(values, dated, strict=True)), pk]
                  for pk, values in rows]
    else:
        params = [[*values, pk] for pk, values in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _task_field(name: str) -> Field:
    field = Task._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return field


def _datetime_adapter() -> Callable[[dt.datetime], Any]:
    """Datetimes (aware, or naive in UTC) as the database takes them: SQLite as naive UTC text, the others
    aware."""
    if connection.vendor == "sqlite":
        return lambda m: (m.astimezone(dt.UTC).replace(tzinfo=None) if m.tzinfo else m).isoformat(" ")
    return lambda m: m if m.tzinfo else m.replace(tzinfo=dt.UTC)
