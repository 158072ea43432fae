"""Projects: list, detail, create, update, status, health, recompute, levelling."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from projectoffice.access import scope_of
from projectoffice.core.api import resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.organization import selectors as org_selectors
from projectoffice.people import selectors as people_selectors
from projectoffice.projects import selectors, services
from projectoffice.projects.api.common import ERRORS, project_for

router = Router(tags=["projects"])


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
    minutes_per_day: int
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
    minutes_per_day: int | None = None


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
    minutes_per_day: int | None = None
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


def _people(request: HttpRequest, payload: Schema, names: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in names:
        if name in payload.model_fields_set:
            found[name.removesuffix("_id")] = resolve(people_selectors.people_visible_to(request.user),
                                                      getattr(payload, name), field=name, label="person")
    return found


def _day(payload: ProjectIn) -> dict[str, Any]:
    """The project's day in minutes when given (else the lead site's)."""
    return {"minutes_per_day": payload.minutes_per_day} if payload.minutes_per_day is not None else {}


@router.get("/projects", response=list[ProjectOut])
@paginate(PageNumberPagination)
def list_projects(request: HttpRequest, filters: Query[ProjectFilter]):
    return selectors.project_list(request.user, selectors.ProjectFilters(
        q=filters.q, status=filters.status, nature=filters.nature, health=filters.health,
        business_line=filters.business_line_id, site=filters.site_id))


@router.get("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def get_project(request: HttpRequest, project_id: int):
    return project_for(request, project_id)


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
        **_day(payload),
    )
    return Status(201, project_for(request, project.pk))


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch):
    project = project_for(request, project_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "project_manager_id", "sponsor_id",
                                                         "lead_site_id"})
    changes.update(_people(request, payload, ("project_manager_id", "sponsor_id")))
    if "lead_site_id" in payload.model_fields_set:
        changes["lead_site"] = resolve(org_selectors.sites_visible_to(request.user), payload.lead_site_id,
                                       field="lead_site_id", label="site")
    services.project_update(project=project, by=request.user, changes=changes, version=payload.version)
    return project_for(request, project_id)


@router.post("/projects/{project_id}/status", response={200: ProjectOut, **ERRORS})
def set_status(request: HttpRequest, project_id: int, payload: StatusIn):
    return services.project_set_status(project=project_for(request, project_id), by=request.user,
                                       status=payload.status, version=payload.version)


@router.post("/projects/{project_id}/health", response={200: ProjectOut, **ERRORS})
def set_health(request: HttpRequest, project_id: int, payload: HealthIn):
    return services.project_set_health(project=project_for(request, project_id), by=request.user,
                                       health=payload.health, reason=payload.reason, version=payload.version)


class RecomputeOut(Schema):
    tasks: int
    changed: int
    warnings: list[str]
    job_id: int | None


@router.post("/projects/{project_id}/recompute", response={200: RecomputeOut, 202: RecomputeOut, **ERRORS})
def recompute(request: HttpRequest, project_id: int):
    project = project_for(request, project_id)
    from projectoffice.projects.permissions import require_edit

    require_edit(request.user, project)
    result = services.project_recompute(project=project, by=request.user)
    body = {"tasks": result.tasks, "changed": result.changed, "warnings": list(result.warnings),
            "job_id": result.job.pk if result.job else None}
    return Status(202 if result.job else 200, body)


class LevelOut(Schema):
    delayed: int
    finish_hours_before: int
    finish_hours_after: int
    optimal: bool


@router.post("/projects/{project_id}/level", response={200: LevelOut, **ERRORS})
def level_resources(request: HttpRequest, project_id: int, clear: bool = False):
    project = project_for(request, project_id)
    if clear:
        services.project_clear_leveling(project=project, by=request.user)
        return {"delayed": 0, "finish_hours_before": 0, "finish_hours_after": 0, "optimal": True}
    return services.project_level_resources(project=project, by=request.user)
