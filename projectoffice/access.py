"""The one gate: what a user may see and change, by role and scope (docs/access.md has the same with examples).

Who sees what — each rule adds to the others:
- a superuser sees everything; an account without a person profile sees nothing;
- an executive of the company sees all of it; of a business unit, the unit's lines (product lines under them
  included), their groups, the sites of those groups, and the people of those groups;
- PMO staff (PMO manager, PMO project manager, data manager) see their PMO's business line with the lines under
  it, its groups, the sites those groups are at, and the people in those groups;
- PSO staff (PSO manager, project leader, data / project administrator, tool expert, quality assurance officer)
  see their PSO's sites, the groups at them, the lines those groups belong to, and the people of those sites;
- everyone is a member of their own group (and a team member of the group they hold the role in): they see it,
  its line and site, and its people; everyone sees their home site and themself;
- everyone sees the staff of their own offices (and BU executives the staff of the PMOs of their lines);
- everyone sees the business units and lines above what they see, for context, and the offices serving what
  they see: the PMOs of the lines, the PSOs of the sites (and their own PSOs);
- roles, certifications and skills are seen with their person; the skills catalogue is the company's; API tokens
  only by their owner; site exceptions with their site;
- projects: the whole company for its executives, the projects of owned units/lines (BU executives, PMO staff),
  those led from or run at supported sites (PSO staff), and those the person is a member or manager of.

Who may change what: executives of the company everything in it; PMO managers and data managers their line's
subtree, its groups and PMO, and the people of those groups; PSO managers and data administrators their PSO's
sites (calendars, labour rules), the groups there, their PSO, and the people based there; everyone their own
certifications, skills and API tokens. Everything else is read-only.

Every selector, page, API endpoint and export starts from the querysets built here; anything out of scope is
404 as if absent. ``scope_of`` costs a constant number of queries and is cached on the request's user.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from projectoffice.organization.models import Company, Group, OrgUnit, ProjectOffice, Site
from projectoffice.people.models import PMO_ROLES, PSO_ROLES, Person, Role, RoleAssignment

MANAGER_ROLES_PMO = frozenset({Role.PMO_MANAGER, Role.DATA_MANAGER})
MANAGER_ROLES_PSO = frozenset({Role.PSO_MANAGER, Role.DATA_ADMINISTRATOR})

AnyUser = AbstractBaseUser | AnonymousUser
Actor = AbstractBaseUser | AnonymousUser | None  # who does a write: a user, or None for the system itself


@dataclass(frozen=True)
class Scope:
    """The ids of everything a user may see, and of what they may administer."""

    user_id: int | None
    person_id: int | None = None
    is_superuser: bool = False
    roles: frozenset[str] = frozenset()
    company_ids: frozenset[int] = frozenset()  # the user's own company (everyone)
    whole_company_ids: frozenset[int] = frozenset()  # companies seen whole (company executives)
    unit_ids: frozenset[int] = frozenset()  # BU/BL/PL seen, ancestors included
    owned_unit_ids: frozenset[int] = frozenset()  # BU/BL/PL subtrees the user is responsible for
    site_ids: frozenset[int] = frozenset()
    supported_site_ids: frozenset[int] = frozenset()  # sites of the user's PSOs
    group_ids: frozenset[int] = frozenset()
    office_ids: frozenset[int] = frozenset()
    staffed_office_ids: frozenset[int] = frozenset()  # offices whose staff are listed to the user
    managed_unit_ids: frozenset[int] = frozenset()  # units the user may administer
    managed_site_ids: frozenset[int] = frozenset()
    managed_office_ids: frozenset[int] = frozenset()
    roles_by_office: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def is_company_admin(self) -> bool:
        return self.is_superuser or bool(self.whole_company_ids)

    def sees_everything_in(self, company_id: int) -> bool:
        return self.is_superuser or company_id in self.whole_company_ids

    # --- querysets: the only way lists are built ---------------------------------------------------------
    def companies(self) -> QuerySet[Company]:
        return Company.objects.all() if self.is_superuser else Company.objects.filter(pk__in=self.company_ids)

    def org_units(self) -> QuerySet[OrgUnit]:
        if self.is_superuser:
            return OrgUnit.objects.all()
        return OrgUnit.objects.filter(Q(company__in=self.whole_company_ids) | Q(pk__in=self.unit_ids))

    def sites(self) -> QuerySet[Site]:
        if self.is_superuser:
            return Site.objects.all()
        return Site.objects.filter(Q(company__in=self.whole_company_ids) | Q(pk__in=self.site_ids))

    def groups(self) -> QuerySet[Group]:
        if self.is_superuser:
            return Group.objects.all()
        return Group.objects.filter(Q(site__company__in=self.whole_company_ids) | Q(pk__in=self.group_ids))

    def offices(self) -> QuerySet[ProjectOffice]:
        if self.is_superuser:
            return ProjectOffice.objects.all()
        return ProjectOffice.objects.filter(Q(company__in=self.whole_company_ids) | Q(pk__in=self.office_ids))

    def people(self) -> QuerySet[Person]:
        if self.is_superuser:
            return Person.objects.all()
        return Person.objects.filter(self.people_q())

    def people_q(self, prefix: str = "") -> Q:
        """A filter on Person (or on a relation to it, through ``prefix``) selecting the people in scope."""
        if self.is_superuser:
            return Q()
        p = f"{prefix}__" if prefix else ""
        office_staff = RoleAssignment.objects.filter(office__in=self.staffed_office_ids).values("person_id")
        return (
            Q(**{f"{p}company__in": self.whole_company_ids})
            | Q(**{f"{p}group__in": self.group_ids})
            | Q(**{f"{p}home_site__in": self.supported_site_ids})
            | Q(**{f"{p}pk__in": office_staff})
            | Q(**{f"{p}pk": self.person_id})
        )

    def projects_q(self, prefix: str = "") -> Q:
        """A filter on Project (or a relation to it, through ``prefix``) selecting the projects in scope:
        the whole company for its executives; the projects of owned business units/lines (BU executives,
        PMO staff); those led from or run at supported sites (PSO staff); those the person is in."""
        p = f"{prefix}__" if prefix else ""
        from projectoffice.projects.models import Project, ProjectMember

        if self.is_superuser:
            return Q()
        mine = ProjectMember.objects.filter(person_id=self.person_id or 0).values("project_id")
        at_my_sites = Project.other_sites.through.objects.filter(site_id__in=self.supported_site_ids).values(
            "project_id"
        )
        return (
            Q(**{f"{p}company__in": self.whole_company_ids})
            | Q(**{f"{p}business_line__in": self.owned_unit_ids})
            | Q(**{f"{p}business_unit__in": self.owned_unit_ids})
            | Q(**{f"{p}lead_site__in": self.supported_site_ids})
            | Q(**{f"{p}pk__in": at_my_sites})
            | Q(**{f"{p}pk__in": mine})
            | Q(**{f"{p}project_manager_id": self.person_id or 0})  # None would match every unmanaged project
        )

    def projects(self):  # -> QuerySet[Project]
        from projectoffice.projects.models import Project

        return Project.objects.filter(self.projects_q())

    # --- what the user may administer --------------------------------------------------------------------
    def may_manage_company(self, company_id: int) -> bool:
        return self.is_superuser or company_id in self.whole_company_ids

    def may_manage_unit(self, unit: OrgUnit) -> bool:
        return self.may_manage_company(unit.company_id) or unit.pk in self.managed_unit_ids

    def may_manage_site(self, site: Site) -> bool:
        return self.may_manage_company(site.company_id) or site.pk in self.managed_site_ids

    def may_manage_group(self, group: Group) -> bool:
        return (
            self.may_manage_site(group.site)
            or group.business_line_id in self.managed_unit_ids
        )

    def may_manage_office(self, office: ProjectOffice) -> bool:
        return self.may_manage_company(office.company_id) or office.pk in self.managed_office_ids

    def may_set_standards(self, office: ProjectOffice) -> bool:
        """A PMO's standards (lifecycles, library templates): its managers and data managers, or the company's."""
        return office.kind == ProjectOffice.Kind.PMO and self.may_manage_office(office)

    def may_manage_person(self, person: Person) -> bool:
        return (
            self.may_manage_company(person.company_id)
            or person.home_site_id in self.managed_site_ids
            or (person.group is not None and person.group.business_line_id in self.managed_unit_ids)
        )

    def may_edit_own_record(self, person: Person) -> bool:
        """Certifications and skills: the person themself, or whoever manages them."""
        return person.pk == self.person_id or self.may_manage_person(person)


SYSTEM_SCOPE = Scope(user_id=None, is_superuser=True)


def scope_of(user: AnyUser | None) -> Scope:
    """The user's scope, computed once per request (cached on the user object).

    ``None`` is the system itself (the demo loader, management commands): it may do everything.
    Interfaces always pass ``request.user``, which is never None.
    """
    if user is None:
        return SYSTEM_SCOPE
    cached = getattr(user, "_projectoffice_scope", None)
    if cached is not None:
        return cached
    scope = compute_scope(user)
    if user.is_authenticated:
        setattr(user, "_projectoffice_scope", scope)  # noqa: B010 (a cache the User model does not declare)
    return scope


def company_of(user: AnyUser) -> Company:
    """The company new rows of ``user`` belong to; a 403 for an account without one."""
    from projectoffice.core.errors import ApplicationError

    company = scope_of(user).companies().first()
    if company is None:
        raise ApplicationError("Your account belongs to no company.", status=403)
    return company


def forget_scope(user: AnyUser | None) -> None:
    """Drop the cached scope after the user's roles changed within the same request."""
    if hasattr(user, "_projectoffice_scope"):
        del user._projectoffice_scope  # type: ignore[union-attr]


def compute_scope(user: AnyUser) -> Scope:
    if not user.is_authenticated:
        return Scope(user_id=None)
    if getattr(user, "is_superuser", False):
        return Scope(user_id=user.pk, is_superuser=True)
    person = Person.objects.filter(user_id=user.pk).first()
    if person is None:
        return Scope(user_id=user.pk)
    assignments = list(
        RoleAssignment.objects.filter(person=person).select_related("office", "group", "business_unit")
    )
    return ScopeBuilder(person, assignments).build()


class ScopeBuilder:
    """Turns a person's role assignments into a Scope with a fixed number of queries (5)."""

    def __init__(self, person: Person, assignments: list[RoleAssignment]) -> None:
        self.person = person
        self.assignments = assignments
        units = list(OrgUnit.objects.filter(company_id=person.company_id).values_list("pk", "parent_id"))
        self.parent = dict(units)
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for pk, parent_id in units:
            self.children[parent_id].append(pk)

    def build(self) -> Scope:
        whole = {a.company_id for a in self.assignments if a.company_id}
        owned_roots = {a.business_unit_id for a in self.assignments if a.business_unit_id}
        owned_roots |= self.lines_of(self.pmo_assignments())
        owned_units = self.subtrees(owned_roots)
        pso_ids = self.offices_of(self.pso_assignments())
        supported_sites = set(
            ProjectOffice.sites.through.objects.filter(projectoffice_id__in=pso_ids).values_list("site_id", flat=True)
        )
        member_groups = {a.group_id for a in self.assignments if a.group_id}
        if self.person.group_id:
            member_groups.add(self.person.group_id)
        groups = list(
            Group.objects.filter(
                Q(business_line__in=owned_units) | Q(site__in=supported_sites) | Q(pk__in=member_groups)
            ).values_list("pk", "business_line_id", "site_id")
        )
        group_ids = {pk for pk, _, _ in groups}
        site_ids = {site for _, _, site in groups} | supported_sites | {self.person.home_site_id}
        unit_ids = self.with_ancestors(owned_units | {line for _, line, _ in groups})
        offices = ProjectOffice.objects.filter(
            Q(business_line__in=unit_ids) | Q(sites__in=site_ids) | Q(pk__in=pso_ids)
        ).values_list("pk", flat=True).distinct()
        managed_units = self.subtrees(self.lines_of(self.pmo_assignments(MANAGER_ROLES_PMO)))
        managed_psos = self.offices_of(self.pso_assignments(MANAGER_ROLES_PSO))
        managed_sites = set(
            ProjectOffice.sites.through.objects.filter(projectoffice_id__in=managed_psos).values_list(
                "site_id", flat=True
            )
        )
        pmo_offices = self.offices_of(self.pmo_assignments())
        owned_pmos = set(
            ProjectOffice.objects.filter(business_line__in=owned_units).values_list("pk", flat=True)
        )
        return Scope(
            user_id=self.person.user_id,
            person_id=self.person.pk,
            roles=frozenset(a.role for a in self.assignments),
            company_ids=frozenset({self.person.company_id}),
            whole_company_ids=frozenset(whole),
            unit_ids=frozenset(unit_ids),
            owned_unit_ids=frozenset(owned_units),
            site_ids=frozenset(site_ids),
            supported_site_ids=frozenset(supported_sites),
            group_ids=frozenset(group_ids),
            office_ids=frozenset(offices),
            staffed_office_ids=frozenset(pso_ids | pmo_offices | owned_pmos),
            managed_unit_ids=frozenset(managed_units),
            managed_site_ids=frozenset(managed_sites),
            managed_office_ids=frozenset(managed_psos | self.pmos_of(managed_units)),
            roles_by_office=self.roles_by_office(),
        )

    def pmo_assignments(self, roles: Iterable[str] = PMO_ROLES) -> list[RoleAssignment]:
        wanted = set(roles)
        return [a for a in self.assignments if a.office_id and a.role in wanted and a.role in PMO_ROLES]

    def pso_assignments(self, roles: Iterable[str] = PSO_ROLES) -> list[RoleAssignment]:
        wanted = set(roles)
        return [a for a in self.assignments if a.office_id and a.role in wanted and a.role in PSO_ROLES]

    def subtrees(self, roots: set[int]) -> set[int]:
        seen: set[int] = set()
        stack = [root for root in roots if root]
        while stack:
            unit = stack.pop()
            if unit not in seen:
                seen.add(unit)
                stack.extend(self.children.get(unit, []))
        return seen

    def with_ancestors(self, units: set[int]) -> set[int]:
        result = set(units)
        for unit in units:
            parent = self.parent.get(unit)
            while parent is not None and parent not in result:
                result.add(parent)
                parent = self.parent.get(parent)
        return result

    def pmos_of(self, units: set[int]) -> set[int]:
        managing = self.pmo_assignments(MANAGER_ROLES_PMO)
        return self.offices_of([a for a in managing if a.office and a.office.business_line_id in units])

    @staticmethod
    def offices_of(assignments: list[RoleAssignment]) -> set[int]:
        return {a.office_id for a in assignments if a.office_id is not None}

    @staticmethod
    def lines_of(assignments: list[RoleAssignment]) -> set[int]:
        """The business lines of the PMOs in ``assignments``."""
        return {a.office.business_line_id for a in assignments
                if a.office is not None and a.office.business_line_id is not None}

    def roles_by_office(self) -> dict[int, frozenset[str]]:
        by_office: dict[int, set[str]] = defaultdict(set)
        for a in self.assignments:
            if a.office_id:
                by_office[a.office_id].add(a.role)
        return {office: frozenset(roles) for office, roles in by_office.items()}
