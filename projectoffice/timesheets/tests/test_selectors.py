"""Reads: the labour-rule check as a pure function, missing weeks, the inbox, visibility; reminders by e-mail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from projectoffice.core.jobs import PERIODIC
from projectoffice.timesheets import selectors, services
from projectoffice.timesheets.labour import Rule, SiteRules, week_violations
from projectoffice.timesheets.models import Category, Timesheet
from projectoffice.timesheets.reminders import reminders_send
from projectoffice.timesheets.tests.conftest import WEEK, World, hours, submitted_week

RULES = SiteRules(site_code="W", max_per_day=Decimal("10"), max_per_week=Decimal("48"), min_rest=Decimal("11"),
                  overtime_threshold=Decimal("37.5"), weekend_needs_reason=True, holiday_needs_reason=True,
                  working_days=frozenset({1, 2, 3, 4, 5}), holidays={dt.date(2026, 3, 3): "Test day"})
quarter_hours = st.integers(min_value=0, max_value=96).map(lambda q: Decimal(q) / 4)


def test_a_hand_checked_week_breaks_exactly_the_expected_rules() -> None:
    daily = [Decimal(h) for h in ("8", "2", "14", "8", "8", "0", "0")]
    rules = [v.rule for v in week_violations(RULES, WEEK, daily)]
    assert rules == [Rule.HOLIDAY, Rule.MAX_DAY, Rule.MIN_REST, Rule.OVERTIME]
    with_reason = [v.rule for v in week_violations(RULES, WEEK, daily, overtime_reason="Launch")]
    assert with_reason == [Rule.MAX_DAY, Rule.MIN_REST]


@settings(deadline=None, max_examples=60)
@given(st.lists(quarter_hours, min_size=7, max_size=7))
def test_the_check_flags_a_day_or_week_over_the_limits_and_nothing_within(daily: list[Decimal]) -> None:
    found = {v.rule for v in week_violations(RULES, WEEK, daily, overtime_reason="given")}
    assert (Rule.MAX_DAY in found) == any(h > RULES.max_per_day for h in daily)
    assert (Rule.MAX_WEEK in found) == (sum(daily) > RULES.max_per_week)
    assert (Rule.MIN_REST in found) == any(h > 24 - RULES.min_rest for h in daily)
    assert not found & {Rule.WEEKEND, Rule.HOLIDAY, Rule.OVERTIME}


def test_missing_and_late_weeks_are_listed_for_the_last_four_weeks(world: World) -> None:
    today = WEEK + dt.timedelta(weeks=4, days=2)
    submitted_week(world, WEEK)
    services.timesheet_open(person=world.worker, week_start=WEEK + dt.timedelta(weeks=1), by=world.worker.user)
    rows = [r for r in selectors.missing_weeks(selectors.reminder_people(world.manager.user), today=today)
            if r.person == world.worker]
    assert [(r.week_start, r.status) for r in rows] == [
        (WEEK + dt.timedelta(weeks=1), "draft"), (WEEK + dt.timedelta(weeks=2), "missing"),
        (WEEK + dt.timedelta(weeks=3), "missing"),
    ]


def test_reminders_are_mailed_once_a_day_by_the_command_and_the_periodic_task(world: World) -> None:
    assert "timesheets.reminders" in PERIODIC
    today = WEEK + dt.timedelta(weeks=2)
    assert reminders_send(today=today, dry_run=True) == 6
    assert mail.outbox == []
    call_command("timesheet_reminders", "--date", today.isoformat())
    assert len(mail.outbox) == 6
    to_worker = next(m for m in mail.outbox if m.to == ["worker@example.com"])
    assert "week of 02 Mar 2026: missing" in to_worker.body and "/timesheets/" in to_worker.body
    assert reminders_send(today=today) == 0  # already reminded today


def test_the_inbox_holds_only_what_the_user_approves(world: World) -> None:
    submitted_week(world)
    pm_inbox = selectors.inbox_lines(world.pm.user, today=dt.date.today())
    manager_inbox = selectors.inbox_lines(world.manager.user, today=dt.date.today())
    assert [line.category for line in pm_inbox] == [Category.PROJECT]
    assert [line.category for line in manager_inbox] == [Category.TRAINING]
    assert selectors.inbox_lines(world.outsider.user, today=dt.date.today()) == []
    assert selectors.inbox_lines(world.worker.user, today=dt.date.today()) == []


def test_a_delegation_counts_only_between_its_dates(world: World) -> None:
    submitted_week(world)
    services.delegation_create(by=world.pm.user, delegate=world.outsider, start=dt.date(2020, 1, 1),
                               end=dt.date(2020, 1, 31))
    assert selectors.inbox_lines(world.outsider.user, today=dt.date.today()) == []
    assert len(selectors.inbox_lines(world.outsider.user, today=dt.date(2020, 1, 15))) == 1


def test_weeks_are_visible_to_the_person_their_approvers_and_the_site_pso_only(world: World) -> None:
    timesheet = submitted_week(world)
    for person in (world.worker, world.manager, world.pm, world.pso_manager, world.administrator):
        assert selectors.timesheets_visible_to(person.user).filter(pk=timesheet.pk).exists(), person
    assert not selectors.timesheets_visible_to(world.outsider.user).exists()


def test_tasks_open_to_a_person_exclude_cancelled_projects_summaries_and_other_projects(world: World) -> None:
    assert set(selectors.tasks_open_to(world.worker)) == {world.task, world.task2}


def test_the_current_week_follows_the_site_time_zone(world: World) -> None:
    sunday_night_utc = dt.datetime(2026, 3, 8, 23, 30, tzinfo=dt.UTC)  # already Monday 00:30 in Paris
    assert selectors.current_week_start(world.site, sunday_night_utc) == dt.date(2026, 3, 9)
    world.site.time_zone = "America/Chicago"
    assert selectors.current_week_start(world.site, sunday_night_utc) == dt.date(2026, 3, 2)


def test_a_week_is_recorded_under_the_persons_site(world: World) -> None:
    timesheet = services.timesheet_open(person=world.outsider, week_start=WEEK, by=world.outsider.user)
    services.line_add(timesheet=timesheet, by=world.outsider.user, category=Category.SUPPORT, hours=hours(9.5))
    assert Timesheet.objects.get(pk=timesheet.pk).site == world.other_site
    assert "9 h per day at BLR" in " ".join(v.message for v in selectors_violations(timesheet))


def selectors_violations(timesheet: Timesheet) -> list:
    from projectoffice.timesheets.labour import labour_rule_violations

    return labour_rule_violations(timesheet=timesheet)
