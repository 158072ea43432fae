"""Writing an imported plan into a project's rows in bulk: calendars, tasks (parents before children), links,
resources of the company pool, assignments and baselines. Every interchange import (MSPDI, .mpp, Excel) ends
here, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import DateTimeField, DecimalField, JSONField, Model, ProtectedError

from projectoffice.core.errors import ApplicationError
from projectoffice.engine.calendars import Calendar
from projectoffice.projects.calendars import calendar_to_definition
from projectoffice.projects.models import (
    Assignment,
    Baseline,
    BaselineTask,
    Project,
    ProjectCalendar,
    Resource,
    Task,
    TaskLink,
)

BATCH = 2000


def clear_plan(project: Project, *, keep_calendars: bool = False) -> None:
    """Remove the project's plan (tasks, links, assignments, baselines, and its calendars unless kept) before a
    replacing import: one DELETE per table. Django's delete collector read every task and each relation in
    batches (258 queries and seconds at 10,000 tasks); the projects app's own relations are known, so only a
    relation another app may add to tasks goes through it (a protected one refuses the import)."""
    tasks = Task.objects.filter(project=project)
    try:
        for relation in _foreign_relations():
            relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": tasks}).delete()
    except ProtectedError as exc:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ApplicationError(
            f"The plan of {project.code} cannot be replaced: its tasks are used by {', '.join(kinds)}. "
            "Import into a new project instead.", field="project") from exc
    # _raw_delete: one DELETE without the collector (the plan's relations are all removed here, children first;
    # a task's parent goes in the same statement)
    BaselineTask.objects.filter(baseline__project=project)._raw_delete(BaselineTask.objects.db)
    for model in (Baseline, Assignment, TaskLink):
        model.objects.filter(project=project)._raw_delete(model.objects.db)
    tasks._raw_delete(tasks.db)
    if keep_calendars:
        return
    if project.calendar_id is not None:
        project.calendar = None
        project.save(update_fields=["calendar"])
    ProjectCalendar.objects.filter(project=project).delete()


def _foreign_relations() -> list[Any]:
    """Relations to tasks from models other than the plan's own (none today; a later app may add one)."""
    own = {Task, TaskLink, Assignment, BaselineTask}
    return [r for r in Task._meta.related_objects if r.related_model not in own]


def write_calendars(project: Project, calendars: Mapping[str, Calendar], uids: Mapping[str, int]
                    ) -> dict[str, ProjectCalendar]:
    """One row per calendar (bases first, so each row can name its parent); returns rows by name."""
    ordered: list[Calendar] = []
    for calendar in calendars.values():
        chain: list[Calendar] = []
        node: Calendar | None = calendar
        while node is not None and all(node.name != c.name for c in ordered + chain):
            chain.append(node)
            node = node.base
        ordered += reversed(chain)
    rows: dict[str, ProjectCalendar] = {}
    for calendar in ordered:
        parent = rows.get(calendar.base.name) if calendar.base is not None else None
        rows[calendar.name] = ProjectCalendar.objects.create(
            project=project, name=calendar.name[:120], uid=uids.get(calendar.name), parent=parent,
            definition=calendar_to_definition(calendar))
    return rows


@dataclass(frozen=True, slots=True)
class TaskRow:
    """An unsaved task row and the uid of its parent (set once the parent has its id)."""

    task: Task
    parent_uid: int | None


def write_tasks(rows: Sequence[TaskRow]) -> dict[int, Task]:
    """Insert tasks level by level (parents first); returns the saved tasks (with their ids) by uid."""
    saved: dict[int, Task] = {}
    pending = list(rows)
    level = 1
    while pending:
        ready = [r for r in pending if r.parent_uid is None or r.parent_uid in saved]
        if not ready:
            raise ApplicationError("The outline has a loop: some tasks are their own ancestors.", field="file")
        for row in ready:
            parent = saved[row.parent_uid] if row.parent_uid is not None else None
            row.task.parent = parent
            row.task.outline_level = level
        insert_models(Task, [r.task for r in ready])
        project_id = ready[0].task.project_id
        ids = dict(Task.objects.filter(project_id=project_id, outline_level=level).values_list("uid", "pk"))
        for row in ready:
            row.task.pk = ids[row.task.uid]
            saved[row.task.uid] = row.task
        ready_ids = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in ready_ids]
        level += 1
    return saved


def insert_models(model: type[Model], objects: Sequence[Model]) -> None:
    """Insert unsaved instances with one executemany per batch. Django's bulk_create prepares every value through
    the ORM's compiler, most of an import's time at 10,000 tasks; here only dates, decimals and JSON are adapted
    (by the fields themselves, for the database in use). No signals, no auto_now: the models written here have
    neither."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    adapt = [isinstance(f, DateTimeField | DecimalField | JSONField) for f in fields]
    params = [[_prepared(f, getattr(obj, f.attname), a) for f, a in zip(fields, adapt, strict=True)]
              for obj in objects]
    if not params:
        return
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(str(f.column)) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start:start + BATCH])


def _prepared(field: Any, value: Any, adapt: bool) -> Any:
    return field.get_db_prep_save(value, connection) if adapt and value is not None else value


def write_links(project: Project, links: Iterable[TaskLink]) -> int:
    """Insert links (the caller has set predecessor and successor); one per task pair."""
    unique: dict[tuple[int, int], TaskLink] = {}
    for link in links:
        unique.setdefault((link.predecessor.uid, link.successor.uid), link)
    for link in unique.values():
        link.project = project
    insert_models(TaskLink, list(unique.values()))
    return len(unique)


@dataclass(frozen=True, slots=True)
class IncomingResource:
    key: int
    name: str
    email: str = ""
    kind: str = Resource.Kind.GENERIC
    max_units: Decimal = Decimal("1")
    standard_rate: Decimal = Decimal("0")


def match_resources(project: Project, incoming: Sequence[IncomingResource]) -> tuple[dict[int, Resource], int]:
    """Pool resources for the file's: the same e-mail, else the same name (case-insensitive), else a new generic
    resource at the lead site. Returns resources by incoming key and the number created."""
    pool = list(Resource.objects.filter(company_id=project.company_id).select_related("person__user"))
    by_email = {r.person.user.email.lower(): r for r in pool if r.person and r.person.user.email}
    by_name = {r.name.lower(): r for r in pool}
    out: dict[int, Resource] = {}
    created: list[Resource] = []
    for item in incoming:
        found = by_email.get(item.email.lower()) if item.email else None
        found = found or by_name.get(item.name.lower())
        if found is None:
            found = Resource(company_id=project.company_id, kind=item.kind, name=item.name[:200] or f"Resource {item.key}",
                             site_id=project.lead_site_id, max_units=min(item.max_units, Decimal("99999")),
                             standard_rate=min(item.standard_rate, Decimal("99999999")))
            created.append(found)
            by_name[item.name.lower()] = found
        out[item.key] = found
    Resource.objects.bulk_create(created, batch_size=BATCH)
    return out, len(created)


def write_assignments(project: Project, assignments: Iterable[Assignment]) -> tuple[int, int]:
    """Insert assignments; two on the same task and pool resource are merged. Returns (written, merged)."""
    merged: dict[tuple[int, int], Assignment] = {}
    count = 0
    for item in assignments:
        count += 1
        key = (item.task.uid, item.resource.pk)
        if key in merged:
            kept = merged[key]
            kept.units += item.units
            kept.work_minutes += item.work_minutes
            kept.actual_work_minutes += item.actual_work_minutes
            continue
        item.project = project
        merged[key] = item
    insert_models(Assignment, list(merged.values()))
    return len(merged), count - len(merged)
