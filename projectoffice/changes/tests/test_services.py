"""Change requests: impact before the decision, the board's rules, and the plan after approval."""

from __future__ import annotations

from typing import Any

import pytest

from projectoffice.changes import services
from projectoffice.changes.models import ChangeRequest
from projectoffice.changes.selectors import change_request_history
from projectoffice.changes.tests.conftest import uid
from projectoffice.core.errors import ApplicationError
from projectoffice.projects.models import Baseline, Project, Task

pytestmark = pytest.mark.django_db


def impact(request: ChangeRequest) -> dict[str, Any]:
    assert request.impact is not None
    return request.impact


def raise_longer_build(project: Project, by: Any, days: int = 5) -> ChangeRequest:
    return services.change_request_raise(
        project=project, by=by, title="Longer build", description="Build needs more time", reason="Supplier late",
        category="schedule", edits=[{"op": "set_duration", "uid": uid(project, "Build"), "duration_minutes": days * 480}])


def test_impact_shows_the_later_finish_and_moved_milestone_without_touching_the_plan(
        plan_w: Project, team_member: Any) -> None:
    before = Task.objects.get(project=plan_w, name="Done").finish
    request = raise_longer_build(plan_w, team_member)
    assert impact(request)["finish_delta_days"] > 0
    assert "Build" in impact(request)["critical_after"]
    assert [m["name"] for m in impact(request)["milestones"]] == ["Done"]
    assert Task.objects.get(project=plan_w, name="Done").finish == before
    assert Task.objects.get(project=plan_w, name="Build").duration_minutes == 3 * 480


def test_impact_counts_cost_of_added_and_removed_tasks(plan_w: Project, team_member: Any) -> None:
    request = services.change_request_raise(
        project=plan_w, by=team_member, title="Swap docs", description="d", reason="r", category="cost",
        edits=[{"op": "remove_task", "uid": uid(plan_w, "Docs")},
               {"op": "add_task", "name": "Audit", "duration_minutes": 480, "fixed_cost": "2500",
                "predecessors": [uid(plan_w, "Test")], "successors": [uid(plan_w, "Done")]}])
    assert impact(request)["cost_delta"] == "1500.00"
    assert impact(request)["finish_delta_days"] > 0


def test_it_refuses_an_edit_naming_an_unknown_task_and_saves_nothing(plan_w: Project, team_member: Any) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.change_request_raise(project=plan_w, by=team_member, title="t", description="d", reason="r",
                                      category="scope", edits=[{"op": "remove_task", "uid": 999}])
    assert caught.value.field == "edits" and "999" in caught.value.message
    assert not ChangeRequest.objects.exists()


def test_it_refuses_a_loop_naming_its_tasks(plan_w: Project, team_member: Any) -> None:
    with pytest.raises(ApplicationError, match="Test → Design"):
        services.change_request_raise(
            project=plan_w, by=team_member, title="t", description="d", reason="r", category="scope",
            edits=[{"op": "add_link", "predecessor": uid(plan_w, "Test"), "successor": uid(plan_w, "Design")}])


def test_nobody_approves_their_own_request(plan_w: Project, org: Any) -> None:
    leader = org.user("project-leader")
    request = raise_longer_build(plan_w, leader)
    with pytest.raises(ApplicationError, match="You raised CR-001"):
        services.change_request_decide(change_request=request, by=leader, decision="approve", rationale="ok")
    request.refresh_from_db()
    assert request.status == "submitted" and not request.votes.exists()


def test_approval_at_quorum_applies_the_edits_and_saves_a_baseline(plan_w: Project, org: Any,
                                                                   team_member: Any) -> None:
    approvers = [org.people["project-leader"], org.people["pso-manager"]]
    services.board_configure(project=plan_w, by=None, approvers=approvers, quorum=2)
    request = raise_longer_build(plan_w, team_member)
    services.change_request_decide(change_request=request, by=org.user("project-leader"), decision="approve",
                                   rationale="Needed")
    assert request.status == "submitted"
    assert Task.objects.get(project=plan_w, name="Build").duration_minutes == 3 * 480
    services.change_request_decide(change_request=request, by=org.user("pso-manager"), decision="approve",
                                   rationale="Agreed", baseline_number=1)
    request.refresh_from_db()
    assert request.status == "approved" and request.applied_at is not None
    build = Task.objects.get(project=plan_w, name="Build")
    assert build.duration_minutes == 5 * 480
    assert str(Task.objects.get(project=plan_w, name="Done").finish)[:10] == \
        impact(request)["finish_after"][:10]
    assert Baseline.objects.filter(project=plan_w, number=1).exists()
    actions = [r.action for r in change_request_history(request)]
    assert actions[0] == "change_request.raised" and actions[-1] == "change_request.approved"


def test_someone_off_the_board_may_not_decide(plan_w: Project, org: Any, team_member: Any) -> None:
    services.board_configure(project=plan_w, by=None, approvers=[org.people["pso-manager"]], quorum=1)
    request = raise_longer_build(plan_w, team_member)
    with pytest.raises(ApplicationError, match="not on the change board"):
        services.change_request_decide(change_request=request, by=org.user("project-leader"), decision="reject",
                                       rationale="no")


def test_a_contract_change_is_flagged(plan_w: Project, team_member: Any) -> None:
    request = services.change_request_raise(project=plan_w, by=team_member, title="t", description="d",
                                            reason="r", category="contract")
    assert request.contract_affected and request.customer_contract_affected


def test_an_outsider_may_not_raise_a_change(plan_w: Project, outsider: Any) -> None:
    with pytest.raises(ApplicationError):
        raise_longer_build(plan_w, outsider)


def test_a_budget_edit_shows_its_delta_and_sets_the_cell_on_approval(plan_w: Project, org: Any,
                                                                      team_member: Any) -> None:
    from projectoffice.finance.models import BudgetLine

    request = services.change_request_raise(
        project=plan_w, by=team_member, title="Travel", description="d", reason="r", category="cost",
        edits=[{"op": "set_budget", "category": "travel", "month": "2026-04-15", "amount": "12000"}])
    assert impact(request)["budget_delta"] == "12000.00" and impact(request)["finish_delta_days"] == 0
    assert not BudgetLine.objects.filter(project=plan_w).exists()
    services.change_request_decide(change_request=request, by=org.user("project-leader"), decision="approve",
                                   rationale="Budgeted")
    line = BudgetLine.objects.get(project=plan_w, category="travel")
    assert (str(line.month), line.amount) == ("2026-04-01", 12000)
