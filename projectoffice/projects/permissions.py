"""Who may change a project (seeing one is ``selectors.projects_visible_to``).

May edit: the project's manager, leader and administrator members (and its named project manager); the PSO
managers and data administrators of its lead site; the PMO staff of its business line (a product line counts
for the line above it); executives of the whole company. Might move to ``projectoffice.access`` later.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from projectoffice.access import Scope, scope_of
from projectoffice.core.errors import PermissionDenied
from projectoffice.organization.models import OrgUnit, ProjectOffice, Site
from projectoffice.people.models import PMO_ROLES
from projectoffice.projects.models import Project, ProjectMember, ProjectRole

EDITING_ROLES = (ProjectRole.MANAGER, ProjectRole.LEADER, ProjectRole.ADMINISTRATOR)
AnyUser = AbstractBaseUser | AnonymousUser


def pmo_lines(user: AnyUser | None) -> frozenset[int]:
    """The business lines whose PMO the user staffs, with the product lines below them (cached per user)."""
    scope = scope_of(user)
    cached = getattr(user, "_projectoffice_pmo_lines", None)
    if cached is not None:
        return cached
    offices = [o for o, roles in scope.roles_by_office.items() if roles & PMO_ROLES]
    lines = set(ProjectOffice.objects.filter(pk__in=offices, kind=ProjectOffice.Kind.PMO)
                .values_list("business_line_id", flat=True))
    lines |= set(OrgUnit.objects.filter(parent__in=lines).values_list("pk", flat=True)) if lines else set()
    result = frozenset(x for x in lines if x)
    if user is not None and user.is_authenticated:
        user._projectoffice_pmo_lines = result  # type: ignore[union-attr,attr-defined]
    return result


def may_administer_project(user: AnyUser | None, project: Project) -> bool:
    """Office-level right (no membership needed): also the right to create a project with these units."""
    scope: Scope = scope_of(user)
    return (
        scope.may_manage_company(project.company_id)
        or project.lead_site_id in scope.managed_site_ids
        or project.business_line_id in pmo_lines(user)
    )


def may_edit_project(user: AnyUser | None, project: Project) -> bool:
    """Whether ``user`` may change ``project``: its plan, team, status and baselines."""
    if may_administer_project(user, project):
        return True
    person_id = scope_of(user).person_id
    if person_id is None or project.pk is None:
        return False
    if project.project_manager_id == person_id:
        return True
    return ProjectMember.objects.filter(project=project, person_id=person_id, role__in=EDITING_ROLES).exists()


def require_edit(user: AnyUser | None, project: Project) -> None:
    """Refuse (403) unless ``user`` may change ``project``; ``None`` is the system and may."""
    if user is not None and not may_edit_project(user, project):
        raise PermissionDenied(f"You may not change project {project.code}.")


def creation_choices(user: AnyUser | None) -> tuple[QuerySet[OrgUnit], QuerySet[Site]] | None:
    """The lines and sites a new project's form offers the user (``may_administer_project`` decides each
    combination): PMO staff create in their lines at any site they see, PSO managers and data administrators at
    their sites for any line they see, company executives anywhere. None: the user may create no project."""
    scope = scope_of(user)
    lines = scope.org_units().exclude(kind=OrgUnit.Kind.BUSINESS_UNIT).order_by("code")
    sites = scope.sites().order_by("code")
    if scope.is_superuser or scope.whole_company_ids:
        return lines, sites
    own_lines, own_sites = pmo_lines(user), scope.managed_site_ids
    if not own_lines and not own_sites:
        return None
    if own_lines and own_sites:
        return lines, sites
    if own_lines:
        return lines.filter(pk__in=own_lines), sites
    return lines, sites.filter(pk__in=own_sites)
