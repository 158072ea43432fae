"""/api/v1/change-requests: scope, bad input naming the field, decisions, constant query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projectoffice.changes import services
from projectoffice.changes.models import ChangeRequest, Vote
from projectoffice.changes.tests.conftest import uid
from projectoffice.projects.models import Project

pytestmark = pytest.mark.django_db
URL = "/api/v1/change-requests"


def payload(project: Project, **extra: Any) -> dict[str, Any]:
    return {"project_id": project.pk, "title": "Longer build", "description": "d", "reason": "r",
            "category": "schedule",
            "edits": [{"op": "set_duration", "uid": uid(project, "Build"), "duration_minutes": 2400}], **extra}


def test_a_member_raises_a_change_with_its_impact(plan_w: Project, team_member: Any, client_as: Any) -> None:
    response = client_as(team_member).post(URL, payload(plan_w), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "CR-001" and body["impact"]["finish_delta_days"] > 0


def test_bad_edits_answer_422_naming_the_field(plan_w: Project, team_member: Any, client_as: Any) -> None:
    response = client_as(team_member).post(URL, payload(plan_w, edits=[{"op": "explode"}]),
                                           content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "edits"
    assert not ChangeRequest.objects.exists()


def test_approving_your_own_request_is_refused(plan_w: Project, org: Any, client_as: Any) -> None:
    leader = org.user("project-leader")
    client = client_as(leader)
    created = client.post(URL, payload(plan_w), content_type="application/json").json()
    response = client.post(f"{URL}/{created['id']}/decision", {"decision": "approve", "rationale": "mine"},
                           content_type="application/json")
    assert response.status_code == 403 and "You raised" in response.json()["detail"]
    assert ChangeRequest.objects.get().status == "submitted" and not Vote.objects.exists()


def test_an_outsider_sees_nothing(plan_w: Project, team_member: Any, outsider: Any, client_as: Any) -> None:
    change = services.change_request_raise(project=plan_w, by=team_member, title="t", description="d",
                                           reason="r", category="scope")
    client = client_as(outsider)
    assert client.get(URL).json() == []
    assert client.get(f"{URL}/{change.pk}").status_code == 404
    assert client.post(URL, payload(plan_w), content_type="application/json").status_code == 422


def test_the_list_costs_the_same_queries_at_two_sizes(plan_w: Project, team_member: Any, org: Any,
                                                      client_as: Any) -> None:
    client = client_as(team_member)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            change = services.change_request_raise(project=plan_w, by=team_member, title="t", description="d",
                                                   reason="r", category="scope")
            services.change_request_decide(change_request=change, by=org.user("project-leader"),
                                           decision="defer", rationale="later")

    add(1)
    small = count()
    add(3)
    assert count() == small


@pytest.mark.parametrize(("body", "field"), [
    ({"decision": "maybe", "rationale": "r"}, "decision"), ({"decision": "approve", "rationale": "  "}, "rationale"),
    ({"decision": "approve", "rationale": "r", "baseline_number": 99}, "baseline_number"),
])
def test_a_bad_decision_is_refused_naming_the_field_and_changes_nothing(plan_w: Project, org: Any, client_as: Any,
                                                                        body: dict[str, Any], field: str) -> None:
    from projectoffice.projects.models import Task

    created = client_as(org.user("team-member")).post(URL, payload(plan_w), content_type="application/json").json()
    durations = sorted(Task.objects.filter(project=plan_w).values_list("uid", "duration_minutes"))
    response = client_as(org.user("project-leader")).post(f"{URL}/{created['id']}/decision", body,
                                                          content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == field, response.content
    assert ChangeRequest.objects.get().status == "submitted" and not Vote.objects.exists()
    assert sorted(Task.objects.filter(project=plan_w).values_list("uid", "duration_minutes")) == durations
