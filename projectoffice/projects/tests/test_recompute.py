"""The recompute against small plans checked by hand on Site W's calendar (09:00-12:30, 13:30-17:30, Mon-Fri)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from projectoffice.core.errors import ApplicationError
from projectoffice.projects import services
from projectoffice.projects.models import Project, Task, TaskLink
from projectoffice.projects.tests.conftest import PARIS

DAY = 450  # Site W works 7.5 hours a day


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def abc(project_w: Project) -> dict[str, Any]:
    """A (2 days) → B (1 day) finish-to-start; C (3 days) starts one day after A starts."""
    a = services.task_add(project=project_w, by=None, name="A", duration_minutes=2 * DAY)
    b = services.task_add(project=project_w, by=None, name="B", duration_minutes=DAY)
    c = services.task_add(project=project_w, by=None, name="C", duration_minutes=3 * DAY)
    services.link_add(project=project_w, by=None, predecessor=a, successor=b)
    services.link_add(project=project_w, by=None, predecessor=a, successor=c, type="SS", lag=DAY)
    return {t.name: t for t in Task.objects.filter(project=project_w)}


def test_it_computes_dates_float_and_the_critical_path_by_hand(abc: dict[str, Any], project_w: Project) -> None:
    a, b, c = abc["A"], abc["B"], abc["C"]
    assert (a.start, a.finish) == (at(2, 9), at(3, 17, 30))
    assert (b.start, b.finish) == (at(4, 9), at(4, 17, 30))
    assert (c.start, c.finish) == (at(3, 9), at(5, 17, 30))
    assert (a.is_critical, b.is_critical, c.is_critical) == (True, False, True)
    assert b.total_float_minutes == DAY and b.free_float_minutes == DAY
    project_w.refresh_from_db()
    assert project_w.scheduled_finish == at(5, 17, 30)


def test_a_longer_task_moves_its_successors_and_the_critical_path(abc: dict[str, Any]) -> None:
    services.task_update(task=abc["A"], by=None, changes={"duration_minutes": 5 * DAY}, version=abc["A"].version)
    b = Task.objects.get(pk=abc["B"].pk)
    assert b.start == at(9, 9)  # A now ends Friday 6th: B on Monday 9th
    assert b.is_critical


def test_a_summary_rolls_up_its_children(project_w: Project, abc: dict[str, Any]) -> None:
    services.task_indent(task=abc["C"], by=None)  # C under B: B becomes a summary of C
    b = Task.objects.get(pk=abc["B"].pk)
    c = Task.objects.get(pk=abc["C"].pk)
    assert b.is_summary and c.parent_id == b.pk and c.outline_level == 2 and c.wbs == "2.1"
    # the link A → B now holds every task below B: C waits for A to finish (MS Project)
    assert (b.start, b.finish) == (c.start, c.finish) == (at(4, 9), at(6, 17, 30))


def test_it_refuses_to_put_a_task_under_a_summary_it_is_linked_to(project_w: Project, abc: dict[str, Any]) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.task_indent(task=abc["B"], by=None)  # A → B would link a summary to its own child
    assert caught.value.field == "links" and "“A”" in caught.value.message and "“B”" in caught.value.message
    assert Task.objects.get(pk=abc["B"].pk).parent_id is None


def test_a_constraint_conflict_shows_as_negative_float_and_a_warning(project_w: Project,
                                                                     abc: dict[str, Any]) -> None:
    services.task_update(task=abc["C"], by=None, changes={"constraint": "FNLT", "constraint_date": at(4, 17, 30)})
    project_w.refresh_from_db()
    a, c = Task.objects.get(pk=abc["A"].pk), Task.objects.get(pk=abc["C"].pk)
    assert c.finish == at(4, 17, 30)  # the constraint is honoured (MS Project's default)...
    assert a.total_float_minutes == -DAY  # ...and the predecessor it cannot wait for shows the conflict
    assert any("(A)" in w and "negative slack" in w for w in project_w.schedule_warnings)


def test_it_refuses_a_cycle_naming_its_tasks_and_saves_nothing(project_w: Project, abc: dict[str, Any]) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.link_add(project=project_w, by=None, predecessor=abc["B"], successor=abc["A"])
    assert caught.value.field == "links"
    assert "A" in caught.value.message and "B" in caught.value.message
    assert TaskLink.objects.filter(project=project_w).count() == 2


def test_only_the_rows_that_moved_are_rewritten(project_w: Project, abc: dict[str, Any]) -> None:
    result = services.project_recompute(project=project_w)
    assert result.tasks == 3 and result.changed == 0
    services.task_update(task=abc["B"], by=None, changes={"duration_minutes": 2 * DAY})
    assert services.project_recompute(project=project_w).changed == 0


def test_progress_keeps_actuals_and_pushes_remaining_work_past_the_status_date(project_w: Project,
                                                                            abc: dict[str, Any]) -> None:
    services.project_set_status_date(project=project_w, by=None, status_date=at(10, 9))
    b = Task.objects.get(pk=abc["B"].pk)
    assert b.start is not None and b.start >= at(10, 9)  # not started by the status date: remaining work starts after it
    services.task_update(task=abc["A"], by=None, changes={"actual_start": at(2, 9), "actual_finish": at(3, 17, 30),
                                                          "percent_complete": 100})
    a = Task.objects.get(pk=abc["A"].pk)
    assert (a.start, a.finish) == (at(2, 9), at(3, 17, 30))


def test_a_plan_over_the_inline_limit_is_recomputed_by_a_job(project_w: Project, abc: dict[str, Any],
                                                             settings: Any,
                                                             django_capture_on_commit_callbacks: Any) -> None:
    settings.PROJECTOFFICE_RECOMPUTE_INLINE_LIMIT = 2
    Task.objects.filter(project=project_w).update(start=None)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.project_recompute(project=project_w)
    assert result.job is not None
    result.job.refresh_from_db()
    assert result.job.status == "done" and result.job.result["tasks"] == 3
    assert not Task.objects.filter(project=project_w, start=None).exists()


def test_levelling_delays_the_task_that_would_overload_a_person(org: Any, project_w: Project) -> None:
    a = services.task_add(project=project_w, by=None, name="A", duration_minutes=2 * DAY)
    b = services.task_add(project=project_w, by=None, name="B", duration_minutes=DAY, priority=100)
    person = services.resource_create(by=None, company=org.company, person=org.people["team-member"])
    for task in (a, b):
        services.assignment_add(task=Task.objects.get(pk=task.pk), by=None, resource=person)
    assert Task.objects.get(pk=a.pk).start == Task.objects.get(pk=b.pk).start  # both at once: overloaded
    outcome = services.project_level_resources(project=project_w, by=None)
    a, b = Task.objects.get(pk=a.pk), Task.objects.get(pk=b.pk)
    assert outcome.delayed == 1
    assert a.finish is not None and b.finish is not None
    assert (a.start is not None and b.start is not None) and (b.start >= a.finish or a.start >= b.finish)
    services.project_clear_leveling(project=project_w, by=None)
    assert Task.objects.get(pk=a.pk).start == Task.objects.get(pk=b.pk).start


def test_the_lead_site_calendar_skips_public_holidays_and_local_closures(org: Any) -> None:
    from projectoffice.organization import services as org_services
    from projectoffice.projects.tests.conftest import make_project

    org_services.site_exception_set(site=org.sites["W"], by=None, date=dt.date(2026, 5, 4), name="Site closed")
    project = make_project(org, "HOLIDAY", planned_start=dt.datetime(2026, 4, 30, 9, tzinfo=PARIS))
    task = services.task_add(project=project, by=None, name="Across May Day", duration_minutes=2 * DAY)
    task.refresh_from_db()
    # Thursday 30 April, then Friday 1 May (public holiday), the weekend and Monday 4 May (closure): Tuesday 5
    assert (task.start, task.finish) == (dt.datetime(2026, 4, 30, 9, tzinfo=PARIS),
                                         dt.datetime(2026, 5, 5, 17, 30, tzinfo=PARIS))
