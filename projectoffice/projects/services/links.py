"""Writes on dependencies, resources and assignments; link and assignment edits recompute the schedule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.organization.models import Company, Site
from projectoffice.people.models import Person, Skill
from projectoffice.projects.models import Assignment, Project, Resource, Task, TaskLink
from projectoffice.projects.permissions import require_edit
from projectoffice.projects.services.recompute import project_recompute

User = AbstractBaseUser | AnonymousUser | None
LINK_FIELDS = ("type", "lag", "lag_kind")
ASSIGNMENT_FIELDS = ("units", "work_minutes", "actual_work_minutes")
RESOURCE_FIELDS = ("name", "max_units", "standard_rate", "site", "skill")


# --- links ----------------------------------------------------------------------------------------------------
@transaction.atomic
def link_add(*, project: Project, by: User, predecessor: Task, successor: Task, type: str = "FS", lag: int = 0,
             lag_kind: str = "working") -> TaskLink:
    """Link two tasks of the project; a cycle is refused naming its tasks, and nothing is saved."""
    require_edit(by, project)
    for task, label in ((predecessor, "predecessor"), (successor, "successor")):
        if task.project_id != project.pk:
            raise ApplicationError(f"Task {task.pk} is not in project {project.code}.", field=label)
    if predecessor.pk == successor.pk:
        raise ApplicationError("A task cannot depend on itself.", field="successor")
    if TaskLink.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ApplicationError(f"“{successor.name}” already depends on “{predecessor.name}”.", field="predecessor")
    link = TaskLink(project=project, predecessor=predecessor, successor=successor, type=type, lag=lag,
                    lag_kind=lag_kind)
    _check_link(link)
    link.save()
    audit_record(actor=by, action="link.created", target=link)
    project_recompute(project=project, by=by)
    return link


def _check_link(link: TaskLink) -> None:
    if link.type not in TaskLink.Type.values:
        raise ApplicationError(f"“{link.type}” is not a link type (FS, SS, FF, SF).", field="type")
    if link.lag_kind not in TaskLink.LagKind.values:
        raise ApplicationError(f"“{link.lag_kind}” is not a lag kind (working, elapsed, percent).", field="lag_kind")
    if link.lag_kind == TaskLink.LagKind.PERCENT and not -1000 <= link.lag <= 1000:
        raise ApplicationError("A percent lag lies between -1000 and 1000.", field="lag")


@transaction.atomic
def link_update(*, link: TaskLink, by: User, changes: dict[str, Any], version: int | None = None) -> TaskLink:
    require_edit(by, link.project)
    locked = TaskLink.objects.select_for_update().get(pk=link.pk)
    check_version(locked, version)
    changed = apply_changes(link, changes, allowed=LINK_FIELDS)
    if not changed:
        return link
    _check_link(link)
    link.version = locked.version
    bump_version(link)
    link.save(update_fields=[*changed, "version"])
    audit_record(actor=by, action="link.updated", target=link, data={"fields": changed})
    project_recompute(project=link.project, by=by)
    return link


@transaction.atomic
def link_delete(*, link: TaskLink, by: User, version: int | None = None) -> None:
    require_edit(by, link.project)
    check_version(link, version)
    project = link.project
    audit_record(actor=by, action="link.deleted", target=link)
    link.delete()
    project_recompute(project=project, by=by)


# --- resources (one pool per company) -------------------------------------------------------------------------
@transaction.atomic
def resource_create(*, by: User, company: Company, name: str = "", person: Person | None = None,
                    skill: Skill | None = None, site: Site | None = None, max_units: Decimal = Decimal("1"),
                    standard_rate: Decimal = Decimal("0"), kind: str | None = None) -> Resource:
    """A person of the pool, or a generic skill-based resource ("2 RF engineers at BLR")."""
    kind = kind or (Resource.Kind.PERSON if person is not None else Resource.Kind.GENERIC)
    if by is not None:
        _require_pool_manager(by, company, site or (person.home_site if person else None))
    if kind == Resource.Kind.PERSON and person is None:
        raise ApplicationError("A person resource names a person.", field="person")
    if kind == Resource.Kind.GENERIC and skill is None:
        raise ApplicationError("A generic resource names the skill it stands for.", field="skill")
    if person is not None and Resource.objects.filter(person=person).exists():
        raise ApplicationError(f"{person} is already in the resource pool.", field="person")
    resource = Resource(company=company, kind=kind, name=name or (str(person) if person else ""), person=person,
                        skill=skill, site=site or (person.home_site if person else None), max_units=max_units,
                        standard_rate=standard_rate)
    validated_save(resource)
    audit_record(actor=by, action="resource.created", target=resource)
    return resource


def _require_pool_manager(by: AbstractBaseUser | AnonymousUser, company: Company, site: Site | None) -> None:
    scope = scope_of(by)
    if scope.may_manage_company(company.pk) or (site is not None and site.pk in scope.managed_site_ids):
        return
    if scope.managed_unit_ids:  # PMO managers staff the projects of their lines
        return
    raise PermissionDenied("You may not change the resource pool here.")


@transaction.atomic
def resource_update(*, resource: Resource, by: User, changes: dict[str, Any],
                    version: int | None = None) -> Resource:
    if by is not None:
        _require_pool_manager(by, resource.company, resource.site)
    check_version(resource, version)
    changed = apply_changes(resource, changes, allowed=RESOURCE_FIELDS)
    if changed:
        bump_version(resource)
        validated_save(resource, update_fields=[*changed, "version"])
        audit_record(actor=by, action="resource.updated", target=resource, data={"fields": changed})
    return resource


# --- assignments ----------------------------------------------------------------------------------------------
@transaction.atomic
def assignment_add(*, task: Task, by: User, resource: Resource, units: Decimal = Decimal("1"),
                   work_minutes: int | None = None) -> Assignment:
    """Put a resource on a task; work defaults to duration x units."""
    project = task.project
    require_edit(by, project)
    if resource.company_id != project.company_id:
        raise ApplicationError("This resource belongs to another company's pool.", field="resource")
    if task.is_summary:
        raise ApplicationError("Assign resources to the tasks under a summary, not to the summary.", field="task")
    if Assignment.objects.filter(task=task, resource=resource).exists():
        raise ApplicationError(f"{resource} is already on “{task.name}”.", field="resource")
    if units <= 0:
        raise ApplicationError("Units must be positive (1 = full time).", field="units")
    work = int(task.duration_minutes * units) if work_minutes is None else work_minutes
    assignment = Assignment(project=project, task=task, resource=resource, units=units, work_minutes=work)
    validated_save(assignment)
    audit_record(actor=by, action="assignment.created", target=assignment)
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, by: User, changes: dict[str, Any],
                      version: int | None = None) -> Assignment:
    require_edit(by, assignment.project)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    check_version(locked, version)
    changed = apply_changes(assignment, changes, allowed=ASSIGNMENT_FIELDS)
    if not changed:
        return assignment
    if assignment.units <= 0:
        raise ApplicationError("Units must be positive (1 = full time).", field="units")
    assignment.version = locked.version
    bump_version(assignment)
    validated_save(assignment, update_fields=[*changed, "version"])
    audit_record(actor=by, action="assignment.updated", target=assignment, data={"fields": changed})
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment, by: User, version: int | None = None) -> None:
    require_edit(by, assignment.project)
    check_version(assignment, version)
    audit_record(actor=by, action="assignment.deleted", target=assignment)
    assignment.delete()
