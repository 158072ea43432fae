"""How the access walk (core/tests/test_access.py) exercises the projects endpoints, interchange included.

``populate`` adds five small projects (a plan of two tasks, a link, an assignment and a baseline each) in
both companies and several scopes; ``visible`` recomputes who sees them from the rules of
``projectoffice/access.py``'s docstring, naively (every row loaded, plain sets), without the app's selectors.
``reach`` is what the other apps' walks build their own expectations on.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from projectoffice.core.tests.api_walk import Route, create, list_of, read, write
from projectoffice.organization.models import OrgUnit
from projectoffice.people.models import PMO_ROLES, PSO_ROLES, Person, RoleAssignment
from projectoffice.projects.models import (
    Assignment,
    Baseline,
    Project,
    ProjectMember,
    Resource,
    Task,
    TaskLink,
)

V = "/api/v1"
P = f"{V}/projects/{{project_id}}"
MONDAY = dt.datetime(2026, 3, 2, 8, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))

ROW_SETS: dict[str, Any] = {"projects": Project, "tasks": Task, "links": TaskLink, "assignments": Assignment,
                            "baselines": Baseline, "resources": Resource}

# code: company, business unit, line, lead site, other sites, manager persona, member personas
WORLD = {
    "P-W": ("GLOBEX", "NET", "RAN", "W", [], "project-leader", ["team-member"]),
    "P-MUC": ("GLOBEX", "NET", "RAN", "MUC", [], None, []),
    "P-AUS": ("GLOBEX", "ENT", "CLD", "AUS", [], None, ["team-member"]),
    "P-SEC": ("GLOBEX", "ENT", "SEC", "AUS", ["W"], None, []),
    "P-Z": ("INITECH", "X", "XL", "Z", [], None, ["outsider"]),
}


def populate(org: Any) -> None:
    """Five projects through the services (by the system), each with a small plan, a link, an assignment and a
    baseline; one person resource per company."""
    from projectoffice.projects import services

    pool = {"GLOBEX": services.resource_create(by=None, company=org.company, person=org.people["team-member"]),
            "INITECH": services.resource_create(by=None, company=org.other_company, person=org.people["outsider"])}
    for code, (company, unit, line, site, others, manager, members) in WORLD.items():
        project = services.project_create(
            by=None, company=org.company if company == "GLOBEX" else org.other_company, code=code,
            name=f"Project {code}", business_unit=org.units[unit], business_line=org.units[line],
            lead_site=org.sites[site], planned_start=MONDAY, other_sites=[org.sites[s] for s in others],
            project_manager=org.people[manager] if manager else None, budget_at_completion=Decimal("100000"),
            members=[(org.people[name], "member") for name in members])
        first = services.task_add(project=project, by=None, name="Design", recompute=False, duration_minutes=480)
        second = services.task_add(project=project, by=None, name="Build", recompute=False, duration_minutes=960)
        services.link_add(project=project, by=None, predecessor=first, successor=second)
        services.assignment_add(task=second, by=None, resource=pool[company])
        services.project_recompute(project=project)
        services.baseline_save(project=project, by=None, number=0)
        if code != "P-MUC":  # one stays proposed (earned value leaves proposals out)
            services.project_set_status(project=project, by=None, status="approved")


# --- what a user reaches, read from the rules ------------------------------------------------------------------
@dataclass(frozen=True)
class Reach:
    """A user's standing, from their person and role assignments: everything the other walks need."""

    everything: bool
    person_id: int | None
    company_id: int | None
    whole_companies: frozenset[int]
    owned_units: frozenset[int]  # BU executive's units and PMO lines, with everything below them
    supported_sites: frozenset[int]  # the sites of the user's PSOs
    roles: frozenset[tuple[str, int]]  # (role, office id) of the user's office roles


def reach(user: Any) -> Reach:
    if user is None or not user.is_authenticated or user.is_superuser:
        everything = bool(user is not None and user.is_authenticated and user.is_superuser)
        return Reach(everything, None, None, frozenset(), frozenset(), frozenset(), frozenset())
    person = Person.objects.filter(user=user).first()
    if person is None:
        return Reach(False, None, None, frozenset(), frozenset(), frozenset(), frozenset())
    assignments = list(RoleAssignment.objects.filter(person=person).select_related("office"))
    roots = {a.business_unit_id for a in assignments if a.business_unit_id}
    roots |= {a.office.business_line_id for a in assignments
              if a.office is not None and a.role in PMO_ROLES and a.office.business_line_id}
    sites = {s.pk for a in assignments if a.office is not None and a.role in PSO_ROLES for s in a.office.sites.all()}
    return Reach(False, person.pk, person.company_id, frozenset(a.company_id for a in assignments if a.company_id),
                 frozenset(below(roots)), frozenset(sites),
                 frozenset((a.role, a.office_id) for a in assignments if a.office_id))


def below(roots: set[int]) -> set[int]:
    """The units ``roots`` with every unit under them."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    found = set(roots)
    while grown := {pk for pk, parent in parents.items() if parent in found} - found:
        found |= grown
    return found


def projects_seen(r: Reach) -> set[int]:
    """The whole company for its executives; the projects of owned units and lines; those led from or run at
    supported sites; those the person manages or is a member of."""
    if r.everything:
        return set(Project.objects.values_list("pk", flat=True))
    members = {(p, person) for p, person in ProjectMember.objects.values_list("project_id", "person_id")}
    others = {(p, s) for p, s in Project.other_sites.through.objects.values_list("project_id", "site_id")}
    seen = set()
    for pk, company, unit, line, site, manager in Project.objects.values_list(
            "pk", "company_id", "business_unit_id", "business_line_id", "lead_site_id", "project_manager_id"):
        if (company in r.whole_companies or unit in r.owned_units or line in r.owned_units
                or site in r.supported_sites or any((pk, s) in others for s in r.supported_sites)
                or (r.person_id is not None and (manager == r.person_id or (pk, r.person_id) in members))):
            seen.add(pk)
    return seen


def of_projects(model: Any, projects: set[int]) -> set[int]:
    return {pk for pk, project in model.objects.values_list("pk", "project_id") if project in projects}


def visible(user: Any, seen: dict[str, set[int]]) -> dict[str, set[int]]:
    """Plans are seen with their project; the resource pool is the company's."""
    r = reach(user)
    projects = projects_seen(r)
    pool = {pk for pk, company in Resource.objects.values_list("pk", "company_id")
            if r.everything or company == r.company_id}
    return {"projects": projects, "tasks": of_projects(Task, projects), "links": of_projects(TaskLink, projects),
            "assignments": of_projects(Assignment, projects), "baselines": of_projects(Baseline, projects),
            "resources": pool}


# --- routes ----------------------------------------------------------------------------------------------------
def _project(ids: Any) -> dict[str, Any]:
    """The unit fills both unit fields: a hidden one is refused on the first, ``business_unit_id``."""
    return {"code": "NEW-1", "name": "New", "business_unit_id": ids["units"], "business_line_id": ids["units"],
            "lead_site_id": ids["sites"], "planned_start": MONDAY.isoformat()}


def _file(name: str, content: bytes = b"<Project xmlns='http://schemas.microsoft.com/project'/>") -> Any:
    return SimpleUploadedFile(name, content)


def _import(ids: Any) -> dict[str, Any]:
    return {"file": _file("plan.xml"), "business_line_id": ids["units"], "lead_site_id": ids["sites"],
            "code": "IMP-1", "name": "Imported"}


TASK = ("project_id", "pk")
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", f"{V}/projects"): list_of("projects"),
    ("POST", f"{V}/projects"): create("projects", _project, units="business_unit_id", sites="lead_site_id"),
    ("GET", P): read("projects"),
    ("PATCH", P): write("projects", lambda ids: {"name": "Renamed"}),
    ("POST", f"{P}/status"): write("projects", lambda ids: {"status": "active"}),
    ("POST", f"{P}/health"): write("projects", lambda ids: {"health": "red", "reason": "walk"}),
    ("POST", f"{P}/recompute"): write("projects"),
    ("POST", f"{P}/level"): write("projects"),
    ("GET", f"{P}/gantt"): read("projects"),
    ("GET", f"{P}/tasks"): list_of("tasks", under="projects"),
    ("POST", f"{P}/tasks"): write("projects", lambda ids: {"name": "Walked in"}),
    ("GET", f"{P}/tasks/{{task_id}}"): read("tasks", ids=TASK),
    ("PATCH", f"{P}/tasks/{{task_id}}"): write("tasks", lambda ids: {"name": "Renamed"}, ids=TASK),
    ("DELETE", f"{P}/tasks/{{task_id}}"): write("tasks", ids=TASK),
    ("POST", f"{P}/tasks/{{task_id}}/outline"): write("tasks", lambda ids: {"action": "indent"}, ids=TASK),
    ("GET", f"{P}/links"): list_of("links", under="projects"),
    ("POST", f"{P}/links"): write("projects", lambda ids: {"predecessor_id": 1, "successor_id": 2}),
    ("PATCH", f"{P}/links/{{link_id}}"): write("links", lambda ids: {"lag": 60}, ids=TASK),
    ("DELETE", f"{P}/links/{{link_id}}"): write("links", ids=TASK),
    ("GET", f"{P}/assignments"): list_of("assignments", under="projects"),
    ("POST", f"{P}/assignments"): write("projects", lambda ids: {"task_id": 1, "resource_id": 1}),
    ("PATCH", f"{P}/assignments/{{assignment_id}}"): write("assignments", lambda ids: {"units": "0.5"}, ids=TASK),
    ("DELETE", f"{P}/assignments/{{assignment_id}}"): write("assignments", ids=TASK),
    ("GET", f"{V}/resources"): list_of("resources"),
    ("POST", f"{V}/resources"): create(
        "resources", lambda ids: {"person_id": ids["people"], "site_id": ids["sites"]},
        people="person_id", sites="site_id"),
    ("GET", f"{P}/baselines"): list_of("baselines", under="projects"),
    ("POST", f"{P}/baselines"): write("projects", lambda ids: {"number": 3}),
    ("GET", f"{P}/baselines/{{number}}/comparison"): read("baselines", ids=("project_id", "number")),
    ("DELETE", f"{P}/baselines/{{number}}"): write("baselines", ids=("project_id", "number")),
    # interchange: MS Project and Excel files, the milestones feed
    ("POST", f"{V}/projects/import"): create("projects", _import, form=True, units="business_line_id",
                                            sites="lead_site_id"),
    ("POST", f"{P}/import"): write("projects", lambda ids: {"file": _file("plan.xml")}, form=True),
    ("POST", f"{P}/import.xlsx"): write("projects", lambda ids: {"file": _file("plan.xlsx", b"PK")}, form=True),
    ("GET", f"{P}/export.mspdi"): read("projects"),
    ("GET", f"{P}/export.xlsx"): read("projects"),
    ("GET", f"{P}/milestones.ics"): read("projects"),
}
