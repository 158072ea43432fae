"""Writing, submitting, approving and correcting time through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.models import AuditRecord
from projectoffice.timesheets import services
from projectoffice.timesheets.models import Category, LabourOverride, Timesheet, TimesheetLine
from projectoffice.timesheets.periods import ensure_open, period_close, period_is_closed, period_reopen
from projectoffice.timesheets.tests.conftest import WEEK, World, hours, submitted_week


def open_week(world: World, week: dt.date = WEEK) -> Timesheet:
    return services.timesheet_open(person=world.worker, week_start=week, by=world.worker.user)


def test_it_submits_a_week_within_the_rules(world: World) -> None:
    timesheet = submitted_week(world)
    assert timesheet.status == Timesheet.Status.SUBMITTED
    assert set(timesheet.lines.values_list("status", flat=True)) == {TimesheetLine.Status.SUBMITTED}
    assert AuditRecord.objects.filter(action="timesheet.submitted", target_id=str(timesheet.pk)).exists()


@pytest.mark.parametrize(("values", "field"), [((-1,), "d1"), ((0, 25), "d2"), ((0, 0, "abc"), "d3")])
def test_it_refuses_bad_hours_and_saves_nothing(world: World, values: tuple, field: str) -> None:
    timesheet = open_week(world)
    raw = [*values, *[0] * (7 - len(values))]
    with pytest.raises(ApplicationError) as exc:
        services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=raw)
    assert exc.value.field == field
    assert not TimesheetLine.objects.exists()


def test_it_refuses_more_than_24_hours_over_the_lines_of_a_day(world: World) -> None:
    timesheet = open_week(world)
    services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(14))
    with pytest.raises(ApplicationError, match="more than 24"):
        services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task2, hours=hours(11))
    assert TimesheetLine.objects.count() == 1


@pytest.mark.parametrize(("task_name", "message"), [
    ("cancelled_task", "cancelled"), ("foreign_task", "not a member"), ("summary", "summary task"),
    ("milestone", "milestone"),
])
def test_it_refuses_time_on_tasks_the_person_cannot_book(world: World, task_name: str, message: str) -> None:
    timesheet = open_week(world)
    with pytest.raises(ApplicationError, match=message) as exc:
        services.line_add(timesheet=timesheet, by=world.worker.user, task=getattr(world, task_name), hours=hours(1))
    assert exc.value.field == "task"
    assert not TimesheetLine.objects.exists()


def test_it_refuses_time_on_a_closed_period(world: World) -> None:
    timesheet = open_week(world)
    period_close(site=world.site, month=dt.date(2026, 3, 1), by=world.pso_manager.user)
    assert period_is_closed(world.site, dt.date(2026, 3, 4))
    with pytest.raises(ApplicationError, match="closed"):
        services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(8))
    assert not TimesheetLine.objects.exists()


def test_closing_and_reopening_a_period_is_recorded_and_needs_the_finance_role(world: World) -> None:
    march = dt.date(2026, 3, 1)
    with pytest.raises(PermissionDenied):
        period_close(site=world.site, month=march, by=world.worker.user)
    period_close(site=world.site, month=march, by=world.administrator.user)
    with pytest.raises(ApplicationError) as exc:
        ensure_open(world.site.pk, dt.date(2026, 3, 31), field="spent_on")
    assert exc.value.field == "spent_on"
    with pytest.raises(ApplicationError, match="reason"):
        period_reopen(site=world.site, month=march, by=world.pso_manager.user, reason=" ")
    period = period_reopen(site=world.site, month=march, by=world.pso_manager.user, reason="Late invoice")
    assert [(e.action, e.reason) for e in period.events.all()] == [("close", ""), ("reopen", "Late invoice")]
    assert not period_is_closed(world.site, dt.date(2026, 3, 31))


def test_a_violation_blocks_submission_citing_the_rule(world: World) -> None:
    timesheet = open_week(world)
    services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(11, 6, 6, 6, 6))
    with pytest.raises(ApplicationError, match="maximum of 10 h per day at W"):
        services.timesheet_submit(timesheet=timesheet, by=world.worker.user)
    timesheet.refresh_from_db()
    assert timesheet.status == Timesheet.Status.DRAFT


def test_the_minimum_rest_is_checked_on_a_daily_total(world: World) -> None:
    world.site.max_hours_per_day = Decimal("16")
    world.site.save()
    timesheet = open_week(world)
    services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(14))
    with pytest.raises(ApplicationError, match="minimum rest of 11 h"):
        services.timesheet_submit(timesheet=timesheet, by=world.worker.user)


def test_weekend_work_needs_an_overtime_reason(world: World) -> None:
    timesheet = open_week(world)
    services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(7, 7, 7, 0, 0, 4))
    with pytest.raises(ApplicationError, match="not a working day"):
        services.timesheet_submit(timesheet=timesheet, by=world.worker.user)
    services.timesheet_submit(timesheet=timesheet, by=world.worker.user, overtime_reason="Release weekend")
    assert Timesheet.objects.get(pk=timesheet.pk).overtime_reason == "Release weekend"


def test_holiday_work_needs_a_reason(world: World) -> None:
    week = dt.date(2026, 7, 13)  # 14 July, Bastille Day, is a Tuesday
    timesheet = open_week(world, week)
    services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(7, 7))
    with pytest.raises(ApplicationError, match="public holiday"):
        services.timesheet_submit(timesheet=timesheet, by=world.worker.user)


def test_the_pso_manager_overrides_a_violation_with_a_recorded_reason(world: World) -> None:
    timesheet = open_week(world)
    services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(11, 6, 6, 6, 6))
    with pytest.raises(PermissionDenied):
        services.timesheet_override_submit(timesheet=timesheet, by=world.manager.user, reason="ok")
    override = services.timesheet_override_submit(timesheet=timesheet, by=world.pso_manager.user,
                                                  reason="Site incident on Monday")
    assert override.violations[0]["rule"] == "max-hours-per-day"
    assert Timesheet.objects.get(pk=timesheet.pk).status == Timesheet.Status.SUBMITTED
    assert LabourOverride.objects.get().reason == "Site incident on Monday"


def test_lines_are_approved_by_the_project_manager_and_the_line_manager(world: World) -> None:
    timesheet = submitted_week(world)
    project_line = timesheet.lines.get(category=Category.PROJECT)
    training_line = timesheet.lines.get(category=Category.TRAINING)
    with pytest.raises(PermissionDenied):
        services.line_approve(line=project_line, by=world.manager.user)
    with pytest.raises(PermissionDenied):
        services.line_approve(line=training_line, by=world.pm.user)
    services.line_approve(line=project_line, by=world.pm.user)
    assert Timesheet.objects.get(pk=timesheet.pk).status == Timesheet.Status.SUBMITTED
    services.line_approve(line=training_line, by=world.manager.user)
    assert Timesheet.objects.get(pk=timesheet.pk).status == Timesheet.Status.APPROVED


def test_nobody_approves_their_own_time(world: World) -> None:
    timesheet = services.timesheet_open(person=world.pm, week_start=WEEK, by=world.pm.user)
    line = services.line_add(timesheet=timesheet, by=world.pm.user, task=world.task, hours=hours(8))
    services.timesheet_submit(timesheet=timesheet, by=world.pm.user)
    with pytest.raises(PermissionDenied, match="own time"):
        services.line_approve(line=line, by=world.pm.user)


def test_a_rejected_line_is_fixed_and_resubmitted(world: World) -> None:
    timesheet = submitted_week(world)
    line = timesheet.lines.get(category=Category.PROJECT)
    with pytest.raises(ApplicationError, match="reason"):
        services.line_reject(line=line, by=world.pm.user, reason="")
    services.line_reject(line=line, by=world.pm.user, reason="Wrong task")
    timesheet.refresh_from_db()
    assert timesheet.status == Timesheet.Status.REJECTED
    line.refresh_from_db()
    services.line_update(line=line, by=world.worker.user, hours=hours(6, 6, 6, 6, 6), expected_version=line.version)
    services.timesheet_submit(timesheet=timesheet, by=world.worker.user)
    line.refresh_from_db()
    assert (line.status, line.reject_reason) == (TimesheetLine.Status.SUBMITTED, "")


def test_an_approved_line_is_immutable_and_corrected_by_reversal(world: World) -> None:
    timesheet = submitted_week(world)
    line = timesheet.lines.get(category=Category.PROJECT)
    services.line_approve(line=line, by=world.pm.user)
    with pytest.raises(ApplicationError):
        services.line_update(line=line, by=world.worker.user, hours=hours(1))
    with pytest.raises(ApplicationError, match="reason"):
        services.line_correct(line=line, by=world.worker.user, hours=hours(6, 6, 6, 6, 6), reason="")
    reversal, new = services.line_correct(line=line, by=world.worker.user, hours=hours(5, 5, 5, 5, 5),
                                          reason="Two hours were on another task")
    line.refresh_from_db()
    assert line.status == TimesheetLine.Status.APPROVED and line.total == Decimal("30")
    assert reversal.reverses_id == line.pk and reversal.total == Decimal("-30")
    assert new.corrects_id == line.pk and new.total == Decimal("25")
    assert {reversal.status, new.status} == {TimesheetLine.Status.SUBMITTED}


def test_a_delegate_approves_during_the_absence_only(world: World) -> None:
    timesheet = submitted_week(world)
    line = timesheet.lines.get(category=Category.PROJECT)
    today = dt.date.today()
    services.delegation_create(by=world.pm.user, delegate=world.manager, start=today - dt.timedelta(days=1),
                               end=today + dt.timedelta(days=5))
    services.line_approve(line=line, by=world.manager.user)
    assert TimesheetLine.objects.get(pk=line.pk).decided_by == world.manager


def test_copy_last_week_copies_lines_still_open(world: World) -> None:
    submitted_week(world)
    next_week = open_week(world, WEEK + dt.timedelta(weeks=1))
    copied = services.timesheet_copy_last_week(timesheet=next_week, by=world.worker.user)
    assert sorted(line.category for line in copied) == ["project", "training"]
    assert sum(line.total for line in copied) == Decimal("35")
    with pytest.raises(ApplicationError):
        services.timesheet_copy_last_week(timesheet=next_week, by=world.worker.user)


def test_nobody_writes_time_for_someone_else(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.timesheet_open(person=world.worker, week_start=WEEK, by=world.outsider.user)


def test_without_a_line_manager_the_site_pso_manager_approves_non_project_time(world: World) -> None:
    timesheet = services.timesheet_open(person=world.manager, week_start=WEEK, by=world.manager.user)
    line = services.line_add(timesheet=timesheet, by=world.manager.user, category=Category.INTERNAL,
                             hours=hours(7, 7, 7, 7, 7))
    services.timesheet_submit(timesheet=timesheet, by=world.manager.user)
    line.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.line_approve(line=line, by=world.pm.user)
    services.line_approve(line=line, by=world.pso_manager.user)
    assert TimesheetLine.objects.get(pk=line.pk).status == TimesheetLine.Status.APPROVED


def test_a_correction_in_a_closed_period_is_refused(world: World) -> None:
    timesheet = submitted_week(world)
    line = timesheet.lines.get(category=Category.PROJECT)
    services.line_approve(line=line, by=world.pm.user)
    period_close(site=world.site, month=dt.date(2026, 3, 1), by=world.administrator.user)
    with pytest.raises(ApplicationError, match="closed"):
        services.line_correct(line=line, by=world.worker.user, hours=hours(1), reason="Typo")
    assert TimesheetLine.objects.count() == 2


def test_labour_rules_change_on_the_site_and_in_the_rules_row(world: World) -> None:
    from projectoffice.timesheets.labour import labour_rules_update

    with pytest.raises(PermissionDenied):
        labour_rules_update(site=world.site, by=world.worker.user, changes={"max_hours_per_day": Decimal("12")})
    with pytest.raises(ApplicationError) as exc:
        labour_rules_update(site=world.site, by=world.pso_manager.user, changes={"colour": "blue"})
    assert exc.value.field == "colour"
    rules = labour_rules_update(site=world.site, by=world.pso_manager.user,
                                changes={"max_hours_per_day": Decimal("12"), "weekend_work_needs_reason": False})
    world.site.refresh_from_db()
    assert world.site.max_hours_per_day == 12 and not rules.weekend_work_needs_reason
