"""Working-time calendars: arithmetic, exceptions, recurrence, inheritance and site holidays."""

from datetime import date, datetime

import pytest

from projectoffice.engine.calendars import (
    LAST,
    Calendar,
    CalendarException,
    Frequency,
    OutOfSpanError,
    Recurrence,
    WorkWeek,
    build_index,
    calendar_index,
    site_calendar,
    standard_calendar,
)
from projectoffice.engine.errors import InvalidInputError

WEEK = calendar_index(standard_calendar())


def test_adding_a_day_of_work_on_friday_afternoon_ends_on_monday_afternoon():
    assert WEEK.add(datetime(2026, 3, 6, 14, 0), 480) == datetime(2026, 3, 9, 14, 0)


def test_a_full_day_of_work_finishes_at_five_not_at_eight_next_morning():
    assert WEEK.add(datetime(2026, 3, 9, 8, 0), 480) == datetime(2026, 3, 9, 17, 0)


def test_subtracting_work_returns_the_start_of_that_work():
    assert WEEK.subtract(datetime(2026, 3, 9, 17, 0), 960) == datetime(2026, 3, 6, 8, 0)


def test_working_minutes_between_skip_lunch_nights_and_weekends():
    assert WEEK.working_minutes(datetime(2026, 3, 6, 11, 0), datetime(2026, 3, 9, 14, 0)) == 60 + 240 + 300


def test_next_working_moment_of_a_saturday_is_monday_at_eight():
    assert WEEK.next_working(datetime(2026, 3, 7, 10, 0)) == datetime(2026, 3, 9, 8, 0)
    assert WEEK.previous_working(datetime(2026, 3, 7, 10, 0)) == datetime(2026, 3, 6, 17, 0)


def test_is_working_knows_lunch_break():
    assert WEEK.is_working(datetime(2026, 3, 9, 11, 59))
    assert not WEEK.is_working(datetime(2026, 3, 9, 12, 0))


def test_a_bavarian_site_does_not_work_on_corpus_christi():
    site = calendar_index(site_calendar("DE", "BY", years=[2026]))
    assert site.working_minutes_on(date(2026, 6, 4)) == 0
    assert site.add(datetime(2026, 6, 3, 16, 0), 480) == datetime(2026, 6, 5, 16, 0)
    assert calendar_index(site_calendar("DE", "BE", years=[2026])).working_minutes_on(date(2026, 6, 4)) == 480


def test_an_unknown_country_is_refused():
    with pytest.raises(InvalidInputError):
        site_calendar("XX", years=[2026])


def test_a_resource_calendar_inherits_its_sites_holidays_and_keeps_its_own_week():
    site = site_calendar("FR", years=[2026])
    part_time = site.derive("Anne", week=WorkWeek((((480, 720),), None, None, None, (), None, None)))
    work = calendar_index(part_time)
    assert work.working_minutes_on(date(2026, 3, 9)) == 240  # her Monday
    assert work.working_minutes_on(date(2026, 3, 10)) == 480  # the site's Tuesday
    assert work.working_minutes_on(date(2026, 3, 13)) == 0  # her Friday off
    assert work.working_minutes_on(date(2026, 7, 14)) == 0  # Bastille Day, from the site


def test_an_exception_can_add_working_hours_on_a_saturday():
    calendar = Calendar("Busy", exceptions=(CalendarException(date(2026, 3, 7), date(2026, 3, 7), ((540, 600),)),))
    assert calendar_index(calendar).working_minutes_on(date(2026, 3, 7)) == 60


def test_recurring_exceptions_follow_ms_project_rules():
    second_tuesday_quarterly = Recurrence(Frequency.MONTHLY, 3, nth=2, weekday=1, occurrences=4)
    assert second_tuesday_quarterly.dates(date(2002, 1, 1), date(2002, 12, 31)) == [
        date(2002, 1, 8), date(2002, 4, 9), date(2002, 7, 9), date(2002, 10, 8)]
    last_friday = Recurrence(Frequency.YEARLY, nth=LAST, weekday=4, month=5)
    assert last_friday.dates(date(2026, 1, 1), date(2027, 12, 31)) == [date(2026, 5, 29), date(2027, 5, 28)]
    fortnightly = Recurrence(Frequency.WEEKLY, 2, weekdays=frozenset({1}))
    assert fortnightly.dates(date(2001, 1, 1), date(2001, 2, 13)) == [
        date(2001, 1, 2), date(2001, 1, 16), date(2001, 1, 30), date(2001, 2, 13)]


def test_overlapping_hours_are_refused():
    with pytest.raises(InvalidInputError):
        WorkWeek.uniform(((480, 720), (700, 900)))


def test_arithmetic_outside_the_indexed_span_raises():
    short = build_index(standard_calendar(), date(2026, 1, 1), date(2026, 1, 31))
    with pytest.raises(OutOfSpanError):
        short.add(datetime(2026, 1, 30, 8, 0), 480 * 10)
