"""Reads of projects: the scoped list with its filters, one project for a user, the 5 M€ leadership rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.access import scope_of
from projectoffice.core.errors import ApplicationError
from projectoffice.people.models import Role, RoleAssignment
from projectoffice.projects.currency import to_eur
from projectoffice.projects.models import Project, ProjectMember

AnyUser = AbstractBaseUser | AnonymousUser
DEFAULT_THRESHOLD_EUR = 5_000_000


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


def threshold_eur() -> Decimal:
    return Decimal(getattr(settings, "PROJECTOFFICE_PMO_PROJECT_THRESHOLD_EUR", DEFAULT_THRESHOLD_EUR))


def budget_in_eur(project: Project) -> Decimal | None:
    try:
        return to_eur(project.budget_at_completion, project.currency)
    except ApplicationError:
        return None


def leadership_warning(project: Project, manager_roles: Iterable[str] | None = None) -> str | None:
    """The seed's rule as a warning: above the threshold a PMO project manager leads, below a site project
    leader. ``manager_roles`` are the project manager's roles (read from a prefetch when not given)."""
    eur = budget_in_eur(project)
    limit = threshold_eur()
    if eur is None:
        return f"The budget in {project.currency} cannot be converted to EUR to check the {limit:,.0f} € rule."
    if project.project_manager_id is None:
        return "No project manager is named."
    roles = set(manager_roles if manager_roles is not None else
                (a.role for a in project.project_manager.roles.all()))  # type: ignore[union-attr]
    if eur > limit and Role.PMO_PROJECT_MANAGER not in roles:
        return (f"Budget {eur:,.0f} € is above {limit:,.0f} €: this project should be led by a PMO project "
                f"manager.")
    if eur <= limit and Role.PROJECT_LEADER not in roles and Role.PMO_PROJECT_MANAGER in roles:
        return (f"Budget {eur:,.0f} € is within {limit:,.0f} €: a site project leader would normally lead it "
                f"rather than a PMO project manager.")
    if eur <= limit and not roles & {Role.PROJECT_LEADER, Role.PMO_PROJECT_MANAGER}:
        return f"Budget {eur:,.0f} € is within {limit:,.0f} €: this project should be led by a site project leader."
    return None


def project_team(project: Project) -> QuerySet[ProjectMember]:
    return project.members.select_related("person__user", "person__home_site").order_by("role", "person__user__last_name")
