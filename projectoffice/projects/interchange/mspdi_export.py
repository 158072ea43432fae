"""Export of a project's plan as MS Project XML (MSPDI), through the engine's writer: tasks in outline order with
their stored dates, links, calendars, the pool resources the plan uses, assignments and baselines."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from projectoffice.core.errors import ApplicationError
from projectoffice.engine.errors import EngineError
from projectoffice.engine.formats import mspdi
from projectoffice.engine.formats.mspdi_write import write_mspdi
from projectoffice.engine.network import Network
from projectoffice.projects.models import Assignment, BaselineTask, Project, Resource, Task
from projectoffice.projects.network import LoadedPlan, load_plan, to_local

RESOURCE_TYPES = {Resource.Kind.MATERIAL: "material", Resource.Kind.COST: "cost"}


def mspdi_export(*, project: Project) -> bytes:
    """The plan of ``project`` as MSPDI bytes (the caller has checked the user may see the project)."""
    try:
        plan = load_plan(project)
    except EngineError as exc:
        raise ApplicationError(f"The plan cannot be exported: {exc}", field="project") from exc
    network = _with_stored_dates(project, plan)
    resources, assignments = _resources(project, set(network.calendars))
    return write_mspdi(network, name=project.name, resources=resources, assignments=assignments,
                       baselines=_baselines(project, plan), minutes_per_day=project.minutes_per_day)


def _with_stored_dates(project: Project, plan: LoadedPlan) -> Network:
    """The writer takes each task's start and finish from the network: give it the last computed ones."""
    dates = {uid: (start, finish) for uid, start, finish in
             Task.objects.filter(project=project).values_list("uid", "start", "finish")}
    tasks = []
    for task in plan.network.tasks:
        start, finish = dates.get(task.uid, (None, None))
        if not task.manual:
            task = dataclasses.replace(task, start=to_local(start, plan.zone), finish=to_local(finish, plan.zone))
        tasks.append(task)
    return dataclasses.replace(plan.network, tasks=tuple(tasks))


def _resources(project: Project, calendars: set[str]) -> tuple[list[mspdi.Resource], list[mspdi.Assignment]]:
    """The pool resources of the plan: those it assigns, and those with a resource calendar in the project (a
    project calendar named like the resource, as the import stores MS Project's resource calendars)."""
    rows = list(Assignment.objects.filter(project=project).select_related("resource__person__user", "task")
                .order_by("task__sort_index", "resource__name"))
    pool: dict[int, Resource] = {row.resource_id: row.resource for row in rows}
    calendar_owners = Resource.objects.filter(company_id=project.company_id, name__in=calendars).exclude(
        pk__in=pool).select_related("person__user")
    pool.update((r.pk, r) for r in calendar_owners)
    resources = [mspdi.Resource(
        uid=r.pk, name=r.name, type=RESOURCE_TYPES.get(r.kind, "work"),  # type: ignore[call-overload]
        email=r.person.user.email if r.person else "", max_units=float(r.max_units),
        standard_rate=float(r.standard_rate), calendar=r.name if r.name in calendars else None)
        for r in sorted(pool.values(), key=lambda r: r.name)]
    assignments = [mspdi.Assignment(uid=i, task=row.task.uid, resource=row.resource_id, units=float(row.units),
                                    work=row.work_minutes, actual_work=row.actual_work_minutes)
                   for i, row in enumerate(rows, start=1)]
    return resources, assignments


def _baselines(project: Project, plan: LoadedPlan) -> list[mspdi.Baseline]:
    rows = BaselineTask.objects.filter(baseline__project=project, task__isnull=False).values_list(
        "baseline__number", "task__uid", "start", "finish", "duration_minutes", "work_minutes", "cost")
    return [mspdi.Baseline(task=uid, number=number, start=to_local(start, plan.zone),
                           finish=to_local(finish, plan.zone), duration=duration, work=work,
                           cost=float(Decimal(cost) * 100)) for number, uid, start, finish, duration, work, cost in rows]
