"""Who may change money: the finance roles of a site (its PSO managers and project administrators), the
company's executives, and a project's own managers. Built on ``scope_of``; it may move to access.py."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from projectoffice.access import scope_of
from projectoffice.organization.models import Company, ProjectOffice, Site
from projectoffice.people.models import Role
from projectoffice.projects.models import Project, ProjectMember, ProjectRole

AnyUser = AbstractBaseUser | AnonymousUser | None
FINANCE_ROLES = frozenset({Role.PSO_MANAGER, Role.PROJECT_ADMINISTRATOR})
PROJECT_FINANCE_ROLES = (ProjectRole.MANAGER, ProjectRole.LEADER, ProjectRole.ADMINISTRATOR)


def finance_site_ids(user: AnyUser) -> frozenset[int]:
    """The sites whose PSO the user serves as PSO manager or project administrator (one query, cached)."""
    cached = getattr(user, "_finance_site_ids", None)
    if cached is not None:
        return cached
    scope = scope_of(user)
    offices = [office for office, roles in scope.roles_by_office.items() if roles & FINANCE_ROLES]
    sites = frozenset(
        ProjectOffice.sites.through.objects.filter(projectoffice_id__in=offices).values_list("site_id", flat=True)
    ) if offices else frozenset()
    if user is not None and user.is_authenticated:
        setattr(user, "_finance_site_ids", sites)  # noqa: B010 (a cache on the request's user)
    return sites


def may_manage_site_finance(user: AnyUser, site: Site) -> bool:
    """Cost rates of a site: its finance roles, or an executive of the whole company."""
    return scope_of(user).may_manage_company(site.company_id) or site.pk in finance_site_ids(user)


def may_set_exchange_rates(user: AnyUser, company: Company) -> bool:
    """Exchange rates are the company's: its executives set them."""
    return scope_of(user).may_manage_company(company.pk)


def may_see_site_finance(user: AnyUser) -> bool:
    scope = scope_of(user)
    return scope.is_company_admin or bool(finance_site_ids(user))


def may_manage_project_finance(user: AnyUser, project: Project) -> bool:
    """Budgets, expenses and their approval: the project's manager, leader or administrator, the finance roles
    of its lead site, or a company executive."""
    scope = scope_of(user)
    if scope.may_manage_company(project.company_id) or project.lead_site_id in finance_site_ids(user):
        return True
    if scope.person_id is None:
        return False
    if project.project_manager_id == scope.person_id:
        return True
    return ProjectMember.objects.filter(project=project, person_id=scope.person_id,
                                        role__in=PROJECT_FINANCE_ROLES).exists()


def may_book_cost(user: AnyUser, project: Project) -> bool:
    """Any member of the project may book an expense on it; so may those who manage its finance."""
    scope = scope_of(user)
    if scope.person_id is not None and ProjectMember.objects.filter(project=project,
                                                                    person_id=scope.person_id).exists():
        return True
    return may_manage_project_finance(user, project)
