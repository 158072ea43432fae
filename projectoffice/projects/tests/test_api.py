"""The projects API: scope (404 outside, no rows in lists), writes with versions (409), bad input (422 naming
the field, nothing saved), and query counts that do not grow with the plan."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from projectoffice.projects.models import Project, Task, TaskLink
from projectoffice.projects.tests.conftest import make_plan, make_project

API = "/api/v1"


def client_for(org: Any, name: str) -> Client:
    client = Client()
    client.force_login(org.users[name])
    return client


def send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def test_lists_and_details_follow_the_scope(org: Any, project_w: Project, project_cld: Project) -> None:
    for name, sees_w, sees_cld in (("executive", True, True), ("team-member", True, False),
                                   ("data-administrator", True, False), ("pmo-manager", True, False),
                                   ("outsider", False, False)):
        client = client_for(org, name)
        codes = {p["code"] for p in client.get(f"{API}/projects").json()["items"]}
        assert codes == {c for c, seen in (("W-RAN-1", sees_w), ("AUS-CLD-1", sees_cld)) if seen}, name
        for project, seen in ((project_w, sees_w), (project_cld, sees_cld)):
            for path in ("", "/tasks", "/links", "/assignments", "/baselines", "/gantt"):
                status = client.get(f"{API}/projects/{project.pk}{path}").status_code
                assert (status == 200) == seen and (status == 404) != seen, (name, path, status)


def test_create_update_and_a_stale_version(org: Any) -> None:
    client = client_for(org, "data-administrator")
    response = send(client, "post", f"{API}/projects", {
        "code": "W-NEW", "name": "New", "business_unit_id": org.units["NET"].pk,
        "business_line_id": org.units["RAN"].pk, "lead_site_id": org.sites["W"].pk,
        "planned_start": "2026-03-02T09:00:00+01:00", "budget_at_completion": "250000"})
    assert response.status_code == 201, response.json()
    project = response.json()
    url = f"{API}/projects/{project['id']}"
    assert send(client, "patch", url, {"name": "Renamed", "version": project["version"]}).status_code == 200
    stale = send(client, "patch", url, {"name": "Lost?", "version": project["version"]})
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    assert Project.objects.get(pk=project["id"]).name == "Renamed"


def test_bad_input_names_the_field_and_saves_nothing(org: Any, project_w: Project) -> None:
    client = client_for(org, "project-leader")
    cases = [
        ({"code": "W 2", "name": "x", "business_unit_id": org.units["NET"].pk, "business_line_id": 999999,
          "lead_site_id": org.sites["W"].pk, "planned_start": "2026-03-02T09:00:00Z"}, "business_line_id"),
        ({"code": "W-2", "name": "x", "business_unit_id": org.units["NET"].pk,
          "business_line_id": org.units["RAN"].pk, "lead_site_id": org.sites["W"].pk,
          "planned_start": "not a date"}, "planned_start"),
    ]
    for body, field in cases:
        response = send(client, "post", f"{API}/projects", body)
        assert response.status_code == 422 and response.json()["field"] == field, response.json()
    tasks = f"{API}/projects/{project_w.pk}/tasks"
    assert send(client, "post", tasks, {"name": "A", "duration_minutes": -1}).json()["field"] == "duration_minutes"
    assert send(client, "post", tasks, {"name": "A", "parent_id": 424242}).json()["field"] == "parent_id"
    assert not Task.objects.filter(project=project_w).exists()
    assert Project.objects.count() == 1


def test_tasks_links_cycles_and_recompute(org: Any, project_w: Project) -> None:
    client = client_for(org, "project-leader")
    base = f"{API}/projects/{project_w.pk}"
    a = send(client, "post", f"{base}/tasks", {"name": "A", "duration_minutes": 900}).json()
    b = send(client, "post", f"{base}/tasks", {"name": "B", "duration_minutes": 450}).json()
    link = send(client, "post", f"{base}/links", {"predecessor_id": a["id"], "successor_id": b["id"]})
    assert link.status_code == 201
    moved = client.get(f"{base}/tasks/{b['id']}").json()
    assert moved["start"] > a["start"] and moved["is_critical"]
    cycle = send(client, "post", f"{base}/links", {"predecessor_id": b["id"], "successor_id": a["id"]})
    assert cycle.status_code == 422 and cycle.json()["field"] == "links" and "cycle" in cycle.json()["detail"]
    assert TaskLink.objects.filter(project=project_w).count() == 1
    stale = send(client, "patch", f"{base}/tasks/{a['id']}", {"name": "A?", "version": a["version"] - 1})
    assert stale.status_code == 409
    assert send(client, "post", f"{base}/recompute").json()["changed"] == 0
    assert send(client, "post", f"{base}/baselines", {"number": 0}).status_code == 201
    assert client.get(f"{base}/baselines/0/comparison").json()["cost_variance"] == "0.00"
    assert client.delete(f"{base}/tasks/{a['id']}").status_code == 200


def test_a_reader_gets_403_on_writes(org: Any, project_w: Project) -> None:
    client = client_for(org, "team-member")
    response = send(client, "post", f"{API}/projects/{project_w.pk}/tasks", {"name": "A"})
    assert response.status_code == 403
    assert not Task.objects.filter(project=project_w).exists()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/tasks", "/links", "/assignments", "/gantt", "/baselines"])
def test_plan_endpoints_cost_the_same_queries_at_two_sizes(org: Any, path: str) -> None:
    small, large = make_project(org, "SMALL"), make_project(org, "LARGE")
    make_plan(small, 20)
    make_plan(large, 300)
    client = client_for(org, "project-leader")
    assert Task.objects.filter(project=large).count() > 10 * Task.objects.filter(project=small).count()
    counts = [_queries(client, f"{API}/projects/{p.pk}{path}") for p in (small, large)]
    assert counts[0] == counts[1], counts


def test_the_project_list_costs_the_same_queries_at_two_sizes(org: Any) -> None:
    client = client_for(org, "executive")
    make_project(org, "P-1")
    first = _queries(client, f"{API}/projects")
    for i in range(2, 12):
        make_project(org, f"P-{i}", manager="pmo-project-manager" if i % 2 else "project-leader")
    assert _queries(client, f"{API}/projects") == first


def test_the_resource_pool_and_assignments(org: Any, project_w: Project) -> None:
    admin = client_for(org, "data-administrator")
    generic = send(admin, "post", f"{API}/resources", {"skill_id": org.skills["PY"].pk, "site_id": org.sites["W"].pk,
                                                      "name": "Python developers (W)", "max_units": "2"})
    assert generic.status_code == 201, generic.json()
    no_skill = send(admin, "post", f"{API}/resources", {"name": "Nobody", "site_id": org.sites["W"].pk})
    assert no_skill.status_code == 422 and no_skill.json()["field"] == "skill"
    assert [r["name"] for r in client_for(org, "outsider").get(f"{API}/resources").json()["items"]] == []
    leader = client_for(org, "project-leader")
    task = send(leader, "post", f"{API}/projects/{project_w.pk}/tasks", {"name": "Code", "duration_minutes": 900}).json()
    made = send(leader, "post", f"{API}/projects/{project_w.pk}/assignments",
                {"task_id": task["id"], "resource_id": generic.json()["id"], "units": "0.5"})
    assert made.status_code == 201 and made.json()["work_minutes"] == 450
