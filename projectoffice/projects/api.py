"""/api/v1/projects — projects, their tasks, links, assignments, baselines and recompute.

Path ids are fetched from the caller's scope (404 otherwise); ids in payloads through ``resolve`` (422 naming
the field); edits carry the ``version`` read (409 when stale); every write calls one service.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from projectoffice.access import scope_of
from projectoffice.core.api import ErrorOut, resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.organization import selectors as org_selectors
from projectoffice.people import selectors as people_selectors
from projectoffice.projects import selectors, services
from projectoffice.projects.interchange.api import router as interchange_router
from projectoffice.projects.models import Assignment, Baseline, Project, Resource, Task, TaskLink

router = Router(tags=["projects"])
router.add_router("/", interchange_router)
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class TaskPagination(PageNumberPagination):
    class Input(Schema):
        page: int = 1
        page_size: int = 500

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        size = max(1, min(2000, pagination.page_size))
        offset = (max(1, pagination.page) - 1) * size
        return {"items": queryset[offset: offset + size], "count": self._items_count(queryset)}


# --- projects --------------------------------------------------------------------------------------------------
class ProjectOut(Schema):
    id: int
    code: str
    name: str
    description: str
    nature: str
    business_unit_id: int
    business_line_id: int
    lead_site_id: int
    project_manager_id: int | None
    sponsor_id: int | None
    customer: str
    status: str
    health: str
    health_reason: str
    currency: str
    budget_at_completion: Decimal
    planned_start: dt.datetime
    planned_finish: dt.datetime | None
    schedule_from_finish: bool
    status_date: dt.datetime | None
    scheduled_start: dt.datetime | None
    scheduled_finish: dt.datetime | None
    schedule_warnings: list[str]
    version: int


class ProjectIn(Schema):
    code: str
    name: str
    business_unit_id: int
    business_line_id: int
    lead_site_id: int
    planned_start: dt.datetime
    nature: str = "other"
    description: str = ""
    currency: str = ""
    budget_at_completion: Decimal = Decimal(0)
    project_manager_id: int | None = None
    sponsor_id: int | None = None
    customer: str = ""


class ProjectPatch(Schema):
    name: str | None = None
    description: str | None = None
    nature: str | None = None
    customer: str | None = None
    currency: str | None = None
    budget_at_completion: Decimal | None = None
    planned_start: dt.datetime | None = None
    planned_finish: dt.datetime | None = None
    schedule_from_finish: bool | None = None
    status_date: dt.datetime | None = None
    project_manager_id: int | None = None
    sponsor_id: int | None = None
    lead_site_id: int | None = None
    version: int | None = None


class ProjectFilter(Schema):
    q: str = ""
    status: str = ""
    nature: str = ""
    health: str = ""
    business_line_id: int | None = None
    site_id: int | None = None


class StatusIn(Schema):
    status: str
    version: int | None = None


class HealthIn(Schema):
    health: str
    reason: str = ""
    version: int | None = None


def _project(request: HttpRequest, project_id: int) -> Project:
    return selectors.project_get_for_user(user=request.user, project_id=project_id)


def _people(request: HttpRequest, payload: Schema, names: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in names:
        if name in payload.model_fields_set:
            found[name.removesuffix("_id")] = resolve(people_selectors.people_visible_to(request.user),
                                                      getattr(payload, name), field=name, label="person")
    return found


@router.get("/projects", response=list[ProjectOut])
@paginate(PageNumberPagination)
def list_projects(request: HttpRequest, filters: Query[ProjectFilter]):
    return selectors.project_list(request.user, selectors.ProjectFilters(
        q=filters.q, status=filters.status, nature=filters.nature, health=filters.health,
        business_line=filters.business_line_id, site=filters.site_id))


@router.get("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def get_project(request: HttpRequest, project_id: int):
    return _project(request, project_id)


@router.post("/projects", response={201: ProjectOut, **ERRORS})
def create_project(request: HttpRequest, payload: ProjectIn):
    user = request.user
    units = org_selectors.org_units_visible_to(user)
    company = scope_of(user).companies().first()
    if company is None:
        raise ApplicationError("Your account belongs to no company.", status=403)
    project = services.project_create(
        by=user, company=company, code=payload.code, name=payload.name,
        business_unit=resolve(units, payload.business_unit_id, field="business_unit_id", label="business unit"),
        business_line=resolve(units, payload.business_line_id, field="business_line_id", label="line"),
        lead_site=resolve(org_selectors.sites_visible_to(user), payload.lead_site_id, field="lead_site_id",
                          label="site"),
        planned_start=payload.planned_start, nature=payload.nature, description=payload.description,
        currency=payload.currency, budget_at_completion=payload.budget_at_completion, customer=payload.customer,
        **_people(request, payload, ("project_manager_id", "sponsor_id")),
    )
    return 201, _project(request, project.pk)


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch):
    project = _project(request, project_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "project_manager_id", "sponsor_id",
                                                         "lead_site_id"})
    changes.update(_people(request, payload, ("project_manager_id", "sponsor_id")))
    if "lead_site_id" in payload.model_fields_set:
        changes["lead_site"] = resolve(org_selectors.sites_visible_to(request.user), payload.lead_site_id,
                                       field="lead_site_id", label="site")
    services.project_update(project=project, by=request.user, changes=changes, version=payload.version)
    return _project(request, project_id)


@router.post("/projects/{project_id}/status", response={200: ProjectOut, **ERRORS})
def set_status(request: HttpRequest, project_id: int, payload: StatusIn):
    return services.project_set_status(project=_project(request, project_id), by=request.user,
                                       status=payload.status, version=payload.version)


@router.post("/projects/{project_id}/health", response={200: ProjectOut, **ERRORS})
def set_health(request: HttpRequest, project_id: int, payload: HealthIn):
    return services.project_set_health(project=_project(request, project_id), by=request.user,
                                       health=payload.health, reason=payload.reason, version=payload.version)


class RecomputeOut(Schema):
    tasks: int
    changed: int
    warnings: list[str]
    job_id: int | None


@router.post("/projects/{project_id}/recompute", response={200: RecomputeOut, 202: RecomputeOut, **ERRORS})
def recompute(request: HttpRequest, project_id: int):
    project = _project(request, project_id)
    from projectoffice.projects.permissions import require_edit

    require_edit(request.user, project)
    result = services.project_recompute(project=project, by=request.user)
    body = {"tasks": result.tasks, "changed": result.changed, "warnings": list(result.warnings),
            "job_id": result.job.pk if result.job else None}
    return (202 if result.job else 200), body


class LevelOut(Schema):
    delayed: int
    finish_hours_before: int
    finish_hours_after: int
    optimal: bool


@router.post("/projects/{project_id}/level", response={200: LevelOut, **ERRORS})
def level_resources(request: HttpRequest, project_id: int, clear: bool = False):
    project = _project(request, project_id)
    if clear:
        services.project_clear_leveling(project=project, by=request.user)
        return {"delayed": 0, "finish_hours_before": 0, "finish_hours_after": 0, "optimal": True}
    return services.project_level_resources(project=project, by=request.user)


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
    tasks = Task.objects.filter(project=_project(request, project_id)).order_by("sort_index")
    if filters.critical is not None:
        tasks = tasks.filter(is_critical=filters.critical)
    if filters.summary is not None:
        tasks = tasks.filter(is_summary=filters.summary)
    if filters.q:
        tasks = tasks.filter(name__icontains=filters.q)
    return tasks


@router.get("/projects/{project_id}/tasks/{task_id}", response={200: TaskOut, **ERRORS})
def get_task(request: HttpRequest, project_id: int, task_id: int):
    return selectors.task_get(_project(request, project_id), task_id)


@router.post("/projects/{project_id}/tasks", response={201: TaskOut, **ERRORS})
def create_task(request: HttpRequest, project_id: int, payload: TaskIn):
    project = _project(request, project_id)
    tasks = Task.objects.filter(project=project)
    parent = resolve(tasks, payload.parent_id, field="parent_id", label="task of this project")
    after = resolve(tasks, payload.after_id, field="after_id", label="task of this project")
    changes = _task_changes(project, payload, {"name", "parent_id", "after_id"})
    task = services.task_add(project=project, by=request.user, name=payload.name, parent=parent, after=after,
                             **changes)
    return 201, selectors.task_get(project, task.pk)


@router.patch("/projects/{project_id}/tasks/{task_id}", response={200: TaskOut, **ERRORS})
def update_task(request: HttpRequest, project_id: int, task_id: int, payload: TaskPatch):
    project = _project(request, project_id)
    task = selectors.task_get(project, task_id)
    services.task_update(task=task, by=request.user, changes=_task_changes(project, payload, {"version"}),
                         version=payload.version)
    return selectors.task_get(project, task_id)


class OutlineIn(Schema):
    action: str  # indent, outdent, up, down
    version: int | None = None


@router.post("/projects/{project_id}/tasks/{task_id}/outline", response={200: TaskOut, **ERRORS})
def outline_task(request: HttpRequest, project_id: int, task_id: int, payload: OutlineIn):
    project = _project(request, project_id)
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
    task = selectors.task_get(_project(request, project_id), task_id)
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
    return TaskLink.objects.filter(project=_project(request, project_id)).order_by("pk")


@router.post("/projects/{project_id}/links", response={201: LinkOut, **ERRORS})
def create_link(request: HttpRequest, project_id: int, payload: LinkIn):
    project = _project(request, project_id)
    tasks = Task.objects.filter(project=project)
    return 201, services.link_add(
        project=project, by=request.user,
        predecessor=resolve(tasks, payload.predecessor_id, field="predecessor_id", label="task of this project"),
        successor=resolve(tasks, payload.successor_id, field="successor_id", label="task of this project"),
        type=payload.type, lag=payload.lag, lag_kind=payload.lag_kind)


@router.patch("/projects/{project_id}/links/{link_id}", response={200: LinkOut, **ERRORS})
def update_link(request: HttpRequest, project_id: int, link_id: int, payload: LinkPatch):
    link = _link(_project(request, project_id), link_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.link_update(link=link, by=request.user, changes=changes, version=payload.version)


@router.delete("/projects/{project_id}/links/{link_id}", response={204: None, **ERRORS})
def delete_link(request: HttpRequest, project_id: int, link_id: int, version: int | None = None):
    services.link_delete(link=_link(_project(request, project_id), link_id), by=request.user, version=version)
    return 204, None


# --- assignments -----------------------------------------------------------------------------------------------
class AssignmentOut(Schema):
    id: int
    task_id: int
    resource_id: int
    resource_name: str
    units: Decimal
    work_minutes: int
    actual_work_minutes: int
    version: int

    @staticmethod
    def resolve_resource_name(a: Assignment) -> str:
        return a.resource.name


class AssignmentIn(Schema):
    task_id: int
    resource_id: int
    units: Decimal = Decimal(1)
    work_minutes: int | None = None


class AssignmentPatch(Schema):
    units: Decimal | None = None
    work_minutes: int | None = None
    actual_work_minutes: int | None = None
    version: int | None = None


def _assignment(project: Project, assignment_id: int) -> Assignment:
    return get_object_or_404(Assignment.objects.select_related("project", "resource"), project=project,
                             pk=assignment_id)


@router.get("/projects/{project_id}/assignments", response=list[AssignmentOut])
@paginate(TaskPagination)
def list_assignments(request: HttpRequest, project_id: int):
    return Assignment.objects.filter(project=_project(request, project_id)).select_related("resource").order_by("pk")


@router.post("/projects/{project_id}/assignments", response={201: AssignmentOut, **ERRORS})
def create_assignment(request: HttpRequest, project_id: int, payload: AssignmentIn):
    project = _project(request, project_id)
    task = resolve(Task.objects.filter(project=project).select_related("project"), payload.task_id,
                   field="task_id", label="task of this project")
    resource = resolve(Resource.objects.filter(company=project.company_id), payload.resource_id,
                       field="resource_id", label="resource of the company pool")
    return 201, services.assignment_add(task=task, by=request.user, resource=resource, units=payload.units,
                                        work_minutes=payload.work_minutes)


@router.patch("/projects/{project_id}/assignments/{assignment_id}", response={200: AssignmentOut, **ERRORS})
def update_assignment(request: HttpRequest, project_id: int, assignment_id: int, payload: AssignmentPatch):
    assignment = _assignment(_project(request, project_id), assignment_id)
    return services.assignment_update(assignment=assignment, by=request.user,
                                      changes=payload.dict(exclude_unset=True, exclude={"version"}),
                                      version=payload.version)


@router.delete("/projects/{project_id}/assignments/{assignment_id}", response={204: None, **ERRORS})
def delete_assignment(request: HttpRequest, project_id: int, assignment_id: int, version: int | None = None):
    services.assignment_delete(assignment=_assignment(_project(request, project_id), assignment_id),
                               by=request.user, version=version)
    return 204, None


# --- the resource pool ----------------------------------------------------------------------------------------
class ResourceOut(Schema):
    id: int
    kind: str
    name: str
    person_id: int | None
    skill_id: int | None
    site_id: int | None
    max_units: Decimal
    standard_rate: Decimal
    version: int


class ResourceIn(Schema):
    name: str = ""
    person_id: int | None = None
    skill_id: int | None = None
    site_id: int | None = None
    max_units: Decimal = Decimal(1)
    standard_rate: Decimal = Decimal(0)


@router.get("/resources", response=list[ResourceOut])
@paginate(TaskPagination)
def list_resources(request: HttpRequest, kind: str = "", q: str = ""):
    """The company pool: people and generic skill-based resources (everyone sees their company's pool)."""
    resources = Resource.objects.filter(company__in=scope_of(request.user).companies()).order_by("name", "pk")
    if kind:
        resources = resources.filter(kind=kind)
    return resources.filter(name__icontains=q) if q else resources


@router.post("/resources", response={201: ResourceOut, **ERRORS})
def create_resource(request: HttpRequest, payload: ResourceIn):
    company = scope_of(request.user).companies().first()
    if company is None:
        raise ApplicationError("Your account belongs to no company.", status=403)
    return 201, services.resource_create(
        by=request.user, company=company, name=payload.name, max_units=payload.max_units,
        standard_rate=payload.standard_rate,
        person=resolve(people_selectors.people_visible_to(request.user), payload.person_id, field="person_id",
                       label="person"),
        skill=resolve(people_selectors.skills_visible_to(request.user), payload.skill_id, field="skill_id",
                      label="skill"),
        site=resolve(org_selectors.sites_visible_to(request.user), payload.site_id, field="site_id", label="site"))


# --- baselines -------------------------------------------------------------------------------------------------
class BaselineOut(Schema):
    id: int
    number: int
    name: str
    saved_at: dt.datetime
    budget_at_completion: Decimal


class BaselineIn(Schema):
    number: int
    name: str = ""
    overwrite: bool = False


class VarianceOut(Schema):
    uid: int
    wbs: str
    name: str
    status: str
    start_variance_days: float | None
    finish_variance_days: float | None
    duration_variance_minutes: int | None
    cost_variance: Decimal | None


class ComparisonOut(Schema):
    number: int
    finish_variance_days: float | None
    cost_variance: Decimal
    budget_variance: Decimal
    tasks: list[VarianceOut]


@router.get("/projects/{project_id}/baselines", response=list[BaselineOut])
def list_baselines(request: HttpRequest, project_id: int):
    return list(selectors.baselines_of(_project(request, project_id)))


@router.post("/projects/{project_id}/baselines", response={201: BaselineOut, **ERRORS})
def save_baseline(request: HttpRequest, project_id: int, payload: BaselineIn):
    return 201, services.baseline_save(project=_project(request, project_id), by=request.user,
                                       number=payload.number, name=payload.name, overwrite=payload.overwrite)


@router.get("/projects/{project_id}/baselines/{number}/comparison", response={200: ComparisonOut, **ERRORS})
def compare_baseline(request: HttpRequest, project_id: int, number: int):
    project = _project(request, project_id)
    baseline = get_object_or_404(Baseline, project=project, number=number)
    comparison = selectors.baseline_compare(project, baseline)
    return {"number": number, "finish_variance_days": comparison.finish_variance_days,
            "cost_variance": comparison.cost_variance, "budget_variance": comparison.budget_variance,
            "tasks": comparison.rows}


@router.delete("/projects/{project_id}/baselines/{number}", response={204: None, **ERRORS})
def delete_baseline(request: HttpRequest, project_id: int, number: int):
    project = _project(request, project_id)
    services.baseline_delete(baseline=get_object_or_404(Baseline, project=project, number=number), by=request.user)
    return 204, None


# --- Gantt data ------------------------------------------------------------------------------------------------
@router.get("/projects/{project_id}/gantt", response={200: dict, **ERRORS})
def gantt(request: HttpRequest, project_id: int, baseline: int | None = None):
    return selectors.gantt_data(_project(request, project_id), baseline=baseline, today=timezone.localdate())
