"""Reads of projects: the scoped list with its filters, one project for a user, its team."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.access import scope_of
from projectoffice.people.models import RoleAssignment
from projectoffice.projects.models import Project, ProjectMember

AnyUser = AbstractBaseUser | AnonymousUser


def projects_visible_to(user: AnyUser | None) -> QuerySet[Project]:
    """The projects the user may see: their scope's lines and sites, plus the projects they are in."""
    return scope_of(user).projects()


def project_get_for_user(*, user: AnyUser | None, project_id: int) -> Project:
    """One project in the user's scope, or 404 whether absent or out of scope."""
    queryset = projects_visible_to(user).select_related(
        "company", "business_unit", "business_line", "lead_site", "project_manager__user", "sponsor__user",
        "calendar", "lifecycle", "schedule_job")
    return get_object_or_404(queryset, pk=project_id)


@dataclass(frozen=True, slots=True)
class ProjectFilters:
    q: str = ""
    status: str = ""
    nature: str = ""
    business_line: int | None = None
    site: int | None = None
    health: str = ""
    mine: bool = False


def project_list(user: AnyUser | None, filters: ProjectFilters = ProjectFilters()) -> QuerySet[Project]:
    """The scoped, filtered list with everything a list row shows, planned once."""
    projects = projects_visible_to(user).select_related(
        "business_line", "lead_site", "project_manager__user").prefetch_related(
        Prefetch("project_manager__roles", queryset=RoleAssignment.objects.only("person_id", "role"))
    ).annotate(task_count=Count("tasks", distinct=True))
    if filters.q:
        projects = projects.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q)
                                   | Q(customer__icontains=filters.q))
    for field, value in (("status", filters.status), ("nature", filters.nature), ("health", filters.health),
                         ("business_line_id", filters.business_line)):
        if value:
            projects = projects.filter(**{field: value})
    if filters.site:
        projects = projects.filter(Q(lead_site_id=filters.site) | Q(other_sites=filters.site)).distinct()
    if filters.mine:
        person = scope_of(user).person_id
        projects = projects.filter(Q(project_manager_id=person) | Q(members__person_id=person)).distinct()
    return projects.order_by("code")


def project_team(project: Project) -> QuerySet[ProjectMember]:
    return project.members.select_related("person__user", "person__home_site").order_by("role", "person__user__last_name")
