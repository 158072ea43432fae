"""A plan's tasks (with outline moves) and links."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from projectoffice.core.api import resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.projects import selectors, services
from projectoffice.projects.api.common import ERRORS, TaskPagination, project_for
from projectoffice.projects.models import Project, Task, TaskLink

router = Router(tags=["projects"])


# --- tasks -----------------------------------------------------------------------------------------------------
class TaskOut(Schema):
    id: int
    uid: int
    parent_id: int | None
    sort_index: int
    outline_level: int
    wbs: str
    name: str
    notes: str
    is_summary: bool
    is_milestone: bool
    duration_minutes: int
    elapsed: bool
    manual: bool
    constraint: str
    constraint_date: dt.datetime | None
    deadline: dt.datetime | None
    calendar_id: int | None
    priority: int
    percent_complete: Decimal
    actual_start: dt.datetime | None
    actual_finish: dt.datetime | None
    remaining_minutes: int | None
    fixed_cost: Decimal
    start: dt.datetime | None
    finish: dt.datetime | None
    early_start: dt.datetime | None
    early_finish: dt.datetime | None
    late_start: dt.datetime | None
    late_finish: dt.datetime | None
    total_float_minutes: int | None
    free_float_minutes: int | None
    is_critical: bool
    version: int


class TaskFields(Schema):
    notes: str | None = None
    duration_minutes: int | None = None
    elapsed: bool | None = None
    is_milestone: bool | None = None
    manual: bool | None = None
    manual_start: dt.datetime | None = None
    manual_finish: dt.datetime | None = None
    constraint: Task.Constraint | None = None
    constraint_date: dt.datetime | None = None
    deadline: dt.datetime | None = None
    calendar_id: int | None = None
    priority: int | None = None
    percent_complete: Decimal | None = None
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    remaining_minutes: int | None = None
    fixed_cost: Decimal | None = None


class TaskIn(TaskFields):
    name: str
    parent_id: int | None = None
    after_id: int | None = None


class TaskPatch(TaskFields):
    name: str | None = None
    version: int | None = None


class TaskFilter(Schema):
    critical: bool | None = None
    summary: bool | None = None
    q: str = ""


def _task_changes(project: Project, payload: TaskFields, exclude: set[str]) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True, exclude=exclude | {"calendar_id"})
    for name in ("name", "duration_minutes", "percent_complete", "constraint", "priority", "fixed_cost",
                 "elapsed", "manual", "is_milestone", "notes"):
        if name in changes and changes[name] is None:
            raise ApplicationError(f"{name}: a value is required.", field=name)
    if "calendar_id" in payload.model_fields_set:
        changes["calendar"] = resolve(project.calendars.all(), payload.calendar_id, field="calendar_id",
                                      label="calendar of this project")
    return changes


@router.get("/projects/{project_id}/tasks", response=list[TaskOut])
@paginate(TaskPagination)
def list_tasks(request: HttpRequest, project_id: int, filters: Query[TaskFilter]):
    tasks = Task.objects.filter(project=project_for(request, project_id)).order_by("sort_index")
    if filters.critical is not None:
        tasks = tasks.filter(is_critical=filters.critical)
    if filters.summary is not None:
        tasks = tasks.filter(is_summary=filters.summary)
    if filters.q:
        tasks = tasks.filter(name__icontains=filters.q)
    return tasks


@router.get("/projects/{project_id}/tasks/{task_id}", response={200: TaskOut, **ERRORS})
def get_task(request: HttpRequest, project_id: int, task_id: int):
    return selectors.task_get(project_for(request, project_id), task_id)


@router.post("/projects/{project_id}/tasks", response={201: TaskOut, **ERRORS})
def create_task(request: HttpRequest, project_id: int, payload: TaskIn):
    project = project_for(request, project_id)
    tasks = Task.objects.filter(project=project)
    parent = resolve(tasks, payload.parent_id, field="parent_id", label="task of this project")
    after = resolve(tasks, payload.after_id, field="after_id", label="task of this project")
    changes = _task_changes(project, payload, {"name", "parent_id", "after_id"})
    task = services.task_add(project=project, by=request.user, name=payload.name, parent=parent, after=after,
                             **changes)
    return Status(201, selectors.task_get(project, task.pk))


@router.patch("/projects/{project_id}/tasks/{task_id}", response={200: TaskOut, **ERRORS})
def update_task(request: HttpRequest, project_id: int, task_id: int, payload: TaskPatch):
    project = project_for(request, project_id)
    task = selectors.task_get(project, task_id)
    services.task_update(task=task, by=request.user, changes=_task_changes(project, payload, {"version"}),
                         version=payload.version)
    return selectors.task_get(project, task_id)


class OutlineIn(Schema):
    action: str  # indent, outdent, up, down
    version: int | None = None


@router.post("/projects/{project_id}/tasks/{task_id}/outline", response={200: TaskOut, **ERRORS})
def outline_task(request: HttpRequest, project_id: int, task_id: int, payload: OutlineIn):
    project = project_for(request, project_id)
    task = selectors.task_get(project, task_id)
    actions = {
        "indent": lambda: services.task_indent(task=task, by=request.user, version=payload.version),
        "outdent": lambda: services.task_outdent(task=task, by=request.user, version=payload.version),
        "up": lambda: services.task_move(task=task, by=request.user, step=-1, version=payload.version),
        "down": lambda: services.task_move(task=task, by=request.user, step=1, version=payload.version),
    }
    if payload.action not in actions:
        raise ApplicationError("action: one of indent, outdent, up, down.", field="action")
    actions[payload.action]()
    return selectors.task_get(project, task_id)


class DeletedOut(Schema):
    deleted: int


@router.delete("/projects/{project_id}/tasks/{task_id}", response={200: DeletedOut, **ERRORS})
def delete_task(request: HttpRequest, project_id: int, task_id: int, confirm: bool = False,
                version: int | None = None):
    task = selectors.task_get(project_for(request, project_id), task_id)
    return {"deleted": services.task_delete(task=task, by=request.user, confirm=confirm, version=version)}


# --- links -----------------------------------------------------------------------------------------------------
class LinkOut(Schema):
    id: int
    predecessor_id: int
    successor_id: int
    type: str
    lag: int
    lag_kind: str
    version: int


class LinkIn(Schema):
    predecessor_id: int
    successor_id: int
    type: TaskLink.Type = TaskLink.Type.FS
    lag: int = 0
    lag_kind: TaskLink.LagKind = TaskLink.LagKind.WORKING


class LinkPatch(Schema):
    type: TaskLink.Type | None = None
    lag: int | None = None
    lag_kind: TaskLink.LagKind | None = None
    version: int | None = None


def _link(project: Project, link_id: int) -> TaskLink:
    return get_object_or_404(TaskLink.objects.select_related("project__lead_site"), project=project, pk=link_id)


@router.get("/projects/{project_id}/links", response=list[LinkOut])
@paginate(TaskPagination)
def list_links(request: HttpRequest, project_id: int):
    return TaskLink.objects.filter(project=project_for(request, project_id)).order_by("pk")


@router.post("/projects/{project_id}/links", response={201: LinkOut, **ERRORS})
def create_link(request: HttpRequest, project_id: int, payload: LinkIn):
    project = project_for(request, project_id)
    tasks = Task.objects.filter(project=project)
    return Status(201, services.link_add(
        project=project, by=request.user,
        predecessor=resolve(tasks, payload.predecessor_id, field="predecessor_id", label="task of this project"),
        successor=resolve(tasks, payload.successor_id, field="successor_id", label="task of this project"),
        type=payload.type, lag=payload.lag, lag_kind=payload.lag_kind))


@router.patch("/projects/{project_id}/links/{link_id}", response={200: LinkOut, **ERRORS})
def update_link(request: HttpRequest, project_id: int, link_id: int, payload: LinkPatch):
    link = _link(project_for(request, project_id), link_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.link_update(link=link, by=request.user, changes=changes, version=payload.version)


@router.delete("/projects/{project_id}/links/{link_id}", response={204: None, **ERRORS})
def delete_link(request: HttpRequest, project_id: int, link_id: int, version: int | None = None):
    services.link_delete(link=_link(project_for(request, project_id), link_id), by=request.user, version=version)
    return Status(204, None)
