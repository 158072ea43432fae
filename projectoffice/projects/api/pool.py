"""Assignments of a plan, and the company resource pool they draw on."""

from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from projectoffice.access import scope_of
from projectoffice.core.api import resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.organization import selectors as org_selectors
from projectoffice.people import selectors as people_selectors
from projectoffice.projects import services
from projectoffice.projects.api.common import ERRORS, TaskPagination, project_for
from projectoffice.projects.models import Assignment, Project, Resource, Task

router = Router(tags=["projects"])


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
    return Assignment.objects.filter(project=project_for(request, project_id)).select_related("resource").order_by("pk")


@router.post("/projects/{project_id}/assignments", response={201: AssignmentOut, **ERRORS})
def create_assignment(request: HttpRequest, project_id: int, payload: AssignmentIn):
    project = project_for(request, project_id)
    task = resolve(Task.objects.filter(project=project).select_related("project"), payload.task_id,
                   field="task_id", label="task of this project")
    resource = resolve(Resource.objects.filter(company=project.company_id), payload.resource_id,
                       field="resource_id", label="resource of the company pool")
    return Status(201, services.assignment_add(task=task, by=request.user, resource=resource, units=payload.units,
                                        work_minutes=payload.work_minutes))


@router.patch("/projects/{project_id}/assignments/{assignment_id}", response={200: AssignmentOut, **ERRORS})
def update_assignment(request: HttpRequest, project_id: int, assignment_id: int, payload: AssignmentPatch):
    assignment = _assignment(project_for(request, project_id), assignment_id)
    return services.assignment_update(assignment=assignment, by=request.user,
                                      changes=payload.dict(exclude_unset=True, exclude={"version"}),
                                      version=payload.version)


@router.delete("/projects/{project_id}/assignments/{assignment_id}", response={204: None, **ERRORS})
def delete_assignment(request: HttpRequest, project_id: int, assignment_id: int, version: int | None = None):
    services.assignment_delete(assignment=_assignment(project_for(request, project_id), assignment_id),
                               by=request.user, version=version)
    return Status(204, None)


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
    return Status(201, services.resource_create(
        by=request.user, company=company, name=payload.name, max_units=payload.max_units,
        standard_rate=payload.standard_rate,
        person=resolve(people_selectors.people_visible_to(request.user), payload.person_id, field="person_id",
                       label="person"),
        skill=resolve(people_selectors.skills_visible_to(request.user), payload.skill_id, field="skill_id",
                      label="skill"),
        site=resolve(org_selectors.sites_visible_to(request.user), payload.site_id, field="site_id", label="site")))
