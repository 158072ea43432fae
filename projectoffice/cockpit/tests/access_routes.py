"""How the access walk (core/tests/test_access.py) exercises the cockpit endpoints.

The cockpit sums the projects of the caller's scope (``projectoffice/access.py``'s rules, read naively in the
projects walk) by business unit and line: the walk checks that its business units are exactly those of the projects
one sees, and
that a project's status report is served for the projects one sees only.
"""

from __future__ import annotations

from typing import Any

from projectoffice.core.tests.api_walk import Route, list_of, read
from projectoffice.organization.models import OrgUnit
from projectoffice.projects.models import Project
from projectoffice.projects.tests.access_routes import projects_seen, reach

V = "/api/v1/cockpit"
ROW_SETS: dict[str, Any] = {"cockpit_units": OrgUnit}


def visible(user: Any, seen: dict[str, set[int]]) -> dict[str, set[int]]:
    projects = Project.objects.filter(pk__in=projects_seen(reach(user)))
    return {"cockpit_units": set(projects.values_list("business_unit_id", flat=True))}


ROUTES: dict[tuple[str, str], Route] = {
    ("GET", V): list_of("cockpit_units", items="tree.children", key="code", lookup="code"),
    ("GET", f"{V}/projects/{{project_id}}/status-report.pdf"): read("projects"),
}
