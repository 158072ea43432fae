"""Services of projects: permissions, lifecycle, health, the 5 M€ rule, the WBS outline, baselines, versions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from projectoffice.core.errors import ApplicationError, ConflictError, PermissionDenied
from projectoffice.projects import selectors, services
from projectoffice.projects.models import LifecycleTemplate, Project, Task
from projectoffice.projects.permissions import may_edit_project
from projectoffice.projects.tests.conftest import MONDAY, make_plan

EDITORS = ("executive", "project-leader", "pso-manager", "data-administrator", "pmo-manager",
           "pmo-project-manager", "data-manager")
READERS_ONLY = ("bu-executive", "team-member", "tool-expert", "quality-assurance-officer", "outsider")


def test_who_may_edit_a_site_w_project(org: Any, project_w: Project) -> None:
    allowed = {name for name in (*EDITORS, *READERS_ONLY) if may_edit_project(org.user(name), project_w)}
    assert allowed == set(EDITORS)


def test_a_team_member_may_not_change_the_plan_and_nothing_is_saved(org: Any, project_w: Project) -> None:
    with pytest.raises(PermissionDenied):
        services.task_add(project=project_w, by=org.user("team-member"), name="Sneaky")
    assert not Task.objects.filter(project=project_w).exists()


def test_a_pso_outside_the_lead_site_may_not_create_a_project_there(org: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.project_create(by=org.user("data-administrator"), company=org.company, code="X-1", name="X",
                                business_unit=org.units["ENT"], business_line=org.units["CLD"],
                                lead_site=org.sites["AUS"], planned_start=MONDAY)
    assert not Project.objects.filter(code="X-1").exists()


def test_creation_gives_the_lead_site_calendar_and_the_manager_a_seat(org: Any, project_w: Project) -> None:
    assert project_w.calendar is not None and project_w.calendar.base_site == org.sites["W"]
    assert project_w.currency == "EUR"
    assert project_w.members.filter(person=org.people["project-leader"], role="manager").exists()


def test_status_follows_the_lifecycle_and_refuses_a_jump(project_w: Project) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.project_set_status(project=project_w, by=None, status="closed")
    assert caught.value.field == "status"
    services.project_set_status(project=project_w, by=None, status="approved")
    services.project_set_status(project=project_w, by=None, status="active")
    assert Project.objects.get(pk=project_w.pk).status == "active"


def test_amber_health_needs_a_reason(project_w: Project) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.project_set_health(project=project_w, by=None, health="amber", reason=" ")
    assert caught.value.field == "health_reason"
    services.project_set_health(project=project_w, by=None, health="red", reason="Supplier late")
    assert Project.objects.get(pk=project_w.pk).health_reason == "Supplier late"


def test_a_stale_version_is_refused_and_the_first_edit_kept(project_w: Project) -> None:
    seen = project_w.version
    services.project_update(project=project_w, by=None, changes={"name": "First"}, version=seen)
    stale = Project.objects.get(pk=project_w.pk)
    with pytest.raises(ConflictError):
        services.project_update(project=stale, by=None, changes={"name": "Second"}, version=seen)
    assert Project.objects.get(pk=project_w.pk).name == "First"


def test_a_stale_task_edit_is_a_conflict(project_w: Project) -> None:
    task = services.task_add(project=project_w, by=None, name="A")
    services.task_update(task=task, by=None, changes={"name": "A1"}, version=task.version)
    with pytest.raises(ConflictError):
        services.task_update(task=Task.objects.get(pk=task.pk), by=None, changes={"name": "A2"}, version=1)
    assert Task.objects.get(pk=task.pk).name == "A1"


def test_a_pmo_lifecycle_becomes_the_phases(org: Any, project_w: Project) -> None:
    lifecycle = LifecycleTemplate.objects.create(office=org.offices["PMO-RAN"], name="RAN standard", phases=[
        {"name": "Definition", "gate": "G1"}, {"name": "Build", "gate": "G2"}])
    services.project_apply_lifecycle(project=project_w, by=None, lifecycle=lifecycle)
    assert [(p.order, p.name, p.gate) for p in project_w.phases.all()] == [(1, "Definition", "G1"), (2, "Build", "G2")]


def test_outline_edits_keep_rows_wbs_codes_and_summaries_coherent(project_w: Project) -> None:
    a = services.task_add(project=project_w, by=None, name="A")
    b = services.task_add(project=project_w, by=None, name="B")
    c = services.task_add(project=project_w, by=None, name="C")
    services.task_indent(task=b, by=None)
    services.task_indent(task=c, by=None)  # C goes under A too (after B)
    services.task_move(task=Task.objects.get(pk=c.pk), by=None, step=-1)
    rows: list[Any] = list(Task.objects.filter(project=project_w).values_list(
        "name", "sort_index", "wbs", "outline_level", "is_summary"))
    assert rows == [("A", 1, "1", 1, True), ("C", 2, "1.1", 2, False), ("B", 3, "1.2", 2, False)]
    services.task_outdent(task=Task.objects.get(pk=c.pk), by=None)  # B, below C, becomes C's child
    rows = list(Task.objects.filter(project=project_w).values_list("name", "wbs", "is_summary"))
    assert rows == [("A", "1", False), ("C", "2", True), ("B", "2.1", False)]
    added = services.task_add(project=project_w, by=None, name="D", after=Task.objects.get(pk=a.pk))
    assert Task.objects.get(pk=added.pk).sort_index == 2


def test_deleting_a_summary_needs_confirmation_and_takes_its_subtree(project_w: Project) -> None:
    tasks = make_plan(project_w, 40)
    phase = tasks[0]
    below = Task.objects.filter(project=project_w, wbs__startswith=f"{phase.wbs}.").count()
    with pytest.raises(ApplicationError) as caught:
        services.task_delete(task=phase, by=None)
    assert caught.value.field == "confirm"
    assert services.task_delete(task=phase, by=None, confirm=True) == below + 1
    assert Task.objects.filter(project=project_w).count() == len(tasks) - below - 1
    assert Task.objects.filter(project=project_w).order_by("sort_index")[0].sort_index == 1


def test_bad_task_input_names_the_field_and_saves_nothing(project_w: Project) -> None:
    task = services.task_add(project=project_w, by=None, name="A")
    for changes, field in (({"constraint": "MSO"}, "constraint_date"), ({"duration_minutes": -5}, "duration_minutes"),
                           ({"percent_complete": Decimal(150)}, "percent_complete"), ({"colour": "red"}, "colour")):
        with pytest.raises(ApplicationError) as caught:
            services.task_update(task=Task.objects.get(pk=task.pk), by=None, changes=changes)
        assert field in (caught.value.field or "") + " ".join(caught.value.errors)
    assert Task.objects.get(pk=task.pk).version == task.version


def test_baselines_save_once_unless_overwritten_and_compare_with_the_plan(project_w: Project) -> None:
    make_plan(project_w, 30)
    baseline = services.baseline_save(project=project_w, by=None, number=1)
    with pytest.raises(ApplicationError) as caught:
        services.baseline_save(project=project_w, by=None, number=1)
    assert caught.value.field == "overwrite"
    with pytest.raises(ApplicationError):
        services.baseline_save(project=project_w, by=None, number=11)
    task = Task.objects.filter(project=project_w, is_summary=False, duration_minutes__gt=0)[0]
    services.task_update(task=task, by=None, changes={"duration_minutes": task.duration_minutes + 900,
                                                      "fixed_cost": task.fixed_cost + 100})
    comparison = selectors.baseline_compare(project_w, baseline)
    row = next(r for r in comparison.rows if r.uid == task.uid)
    assert row.duration_variance_minutes == 900 and row.cost_variance == Decimal(100)
    assert row.finish_variance_days and row.finish_variance_days > 0
    assert comparison.cost_variance == Decimal(100)
    services.baseline_save(project=project_w, by=None, number=1, overwrite=True)
    assert project_w.baselines.count() == 1
