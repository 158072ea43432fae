"""How the access walk (core/tests/test_access.py) exercises the change-request endpoints.

``populate`` raises a change request (without plan edits) on three projects of both companies; ``visible``: a
change request is seen with its project (``projectoffice/access.py``'s project rules, read naively in the
projects walk).
"""

from __future__ import annotations

from typing import Any

from projectoffice.changes.models import ChangeRequest
from projectoffice.core.tests.api_walk import Route, create, list_of, read, write
from projectoffice.projects.models import Project
from projectoffice.projects.tests.access_routes import of_projects, projects_seen, reach

V = "/api/v1/change-requests"
ROW_SETS: dict[str, Any] = {"change_requests": ChangeRequest}


def populate(org: Any) -> None:
    from projectoffice.changes import services

    for code in ("P-W", "P-AUS", "P-Z"):
        services.change_request_raise(project=Project.objects.get(code=code), by=None, title=f"Change {code}",
                                      description="More scope", reason="Customer request", category="scope")


def visible(user: Any, seen: dict[str, set[int]]) -> dict[str, set[int]]:
    return {"change_requests": of_projects(ChangeRequest, projects_seen(reach(user)))}


def _change(ids: Any) -> dict[str, Any]:
    return {"project_id": ids["projects"], "title": "Walk", "description": "d", "reason": "r", "category": "scope"}


ROUTES: dict[tuple[str, str], Route] = {
    ("GET", V): list_of("change_requests"),
    ("POST", V): create("change_requests", _change, projects="project_id"),
    ("GET", f"{V}/{{change_request_id}}"): read("change_requests"),
    ("POST", f"{V}/{{change_request_id}}/impact"): write("change_requests"),
    ("POST", f"{V}/{{change_request_id}}/decision"): write(
        "change_requests", lambda ids: {"decision": "approved", "rationale": "walk"}),
    ("PUT", f"{V}/boards/{{project_id}}"): write("projects", lambda ids: {"approver_ids": [], "quorum": 1}),
}
