"""Who may change the cockpit's data: built on the one gate (access.scope_of)."""

from __future__ import annotations

from projectoffice.access import scope_of
from projectoffice.finance.permissions import AnyUser
from projectoffice.organization.models import Company, OrgUnit
from projectoffice.people.models import PMO_ROLES, PSO_ROLES, Role
from projectoffice.projects.models import Project

REPORTING_ROLES = PMO_ROLES | PSO_ROLES | {Role.EXECUTIVE}


def may_define_kpis(user: AnyUser, *, company: Company, unit: OrgUnit | None) -> bool:
    """Company executives everywhere; PMO managers and data managers on their line's subtree."""
    scope = scope_of(user)  # type: ignore[arg-type]
    return scope.may_manage_company(company.pk) or (unit is not None and scope.may_manage_unit(unit))


def may_edit_template(user: AnyUser, *, company: Company) -> bool:
    """The corporate template: company executives and PMO staff of the company."""
    scope = scope_of(user)  # type: ignore[arg-type]
    return scope.may_manage_company(company.pk) or (
        company.pk in scope.company_ids and bool(scope.roles & PMO_ROLES))


def may_report_on(user: AnyUser, project: Project) -> bool:
    """Status reports of a project in view: its project manager, PMO and PSO staff, executives."""
    scope = scope_of(user)  # type: ignore[arg-type]
    return scope.is_superuser or bool(scope.roles & REPORTING_ROLES) or (
        scope.person_id is not None and project.project_manager_id == scope.person_id)
