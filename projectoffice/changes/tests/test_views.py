"""Change pages: render in scope, 404 outside it, refusals under the field, constant query counts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectoffice.changes import services
from projectoffice.changes.models import ChangeRequest
from projectoffice.changes.tests.conftest import uid
from projectoffice.projects.models import Project

pytestmark = pytest.mark.django_db


def raise_one(project: Project, by: Any) -> ChangeRequest:
    return services.change_request_raise(project=project, by=by, title="Longer build", description="d",
                                         reason="r", category="contract", edits=[
                                             {"op": "set_duration", "uid": uid(project, "Build"),
                                              "duration_minutes": 2400}])


def test_the_detail_shows_impact_contract_flag_and_history(plan_w: Project, team_member: Any,
                                                           client_as: Any) -> None:
    change = raise_one(plan_w, team_member)
    page = client_as(team_member).get(reverse("changes:detail", args=[plan_w.pk, change.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Impact analysis" in text and "contract is affected" in text and "raised the request" in text
    assert "change_request.raised" not in text


def test_raising_with_bad_json_shows_the_error_and_saves_nothing(plan_w: Project, team_member: Any,
                                                                 client_as: Any) -> None:
    page = client_as(team_member).post(reverse("changes:list", args=[plan_w.pk]), {
        "title": "t", "description": "d", "reason": "r", "category": "scope", "edits": "[{oops"})
    assert page.status_code == 422 and "Not valid JSON" in page.content.decode()
    assert not ChangeRequest.objects.exists()


def test_deciding_your_own_request_shows_the_refusal(plan_w: Project, org: Any, client_as: Any) -> None:
    leader = org.user("project-leader")
    change = raise_one(plan_w, leader)
    page = client_as(leader).post(reverse("changes:detail", args=[plan_w.pk, change.pk]),
                                  {"decision": "approve", "rationale": "mine"})
    assert page.status_code == 403 and "You raised" in page.content.decode()


def test_an_outsider_gets_404(plan_w: Project, team_member: Any, outsider: Any, client_as: Any) -> None:
    change = raise_one(plan_w, team_member)
    client = client_as(outsider)
    assert client.get(reverse("changes:list", args=[plan_w.pk])).status_code == 404
    assert client.get(reverse("changes:detail", args=[plan_w.pk, change.pk])).status_code == 404


def test_the_register_costs_the_same_queries_at_two_sizes(plan_w: Project, team_member: Any,
                                                          client_as: Any) -> None:
    client = client_as(team_member)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("changes:list", args=[plan_w.pk])).status_code == 200
        return len(queries)

    raise_one(plan_w, team_member)
    small = count()
    for _ in range(3):
        raise_one(plan_w, team_member)
    assert count() == small


def test_the_board_is_configured_from_the_register(plan_w: Project, org: Any, client_as: Any) -> None:
    from projectoffice.changes.models import ChangeBoard

    url = reverse("changes:board", args=[plan_w.pk])
    member = org.people["team-member"]
    assert client_as(org.user("team-member")).post(url, {"approvers": [member.pk], "quorum": 1}).status_code == 302
    assert not ChangeBoard.objects.exists()  # a team member may not edit the plan: refused with a message
    client_as(org.user("project-leader")).post(url, {"approvers": [member.pk], "quorum": 1})
    assert list(ChangeBoard.objects.get(project=plan_w).approvers.all()) == [member]
    assert client_as(org.user("outsider")).post(url, {"approvers": [member.pk], "quorum": 1}).status_code == 404


def test_the_raise_form_lists_the_plans_tasks_with_their_uids(plan_w: Project, team_member: Any,
                                                              client_as: Any) -> None:
    text = client_as(team_member).get(reverse("changes:list", args=[plan_w.pk])).content.decode()
    table = text[text.index('id="plan-uids"'):]
    assert re.search(rf'<td class="num">{uid(plan_w, "Build")}</td><td>[^<]*</td><td>Build</td>', table)
    assert table.index(">Design<") < table.index(">Build<") < table.index(">Test<")  # in WBS order
