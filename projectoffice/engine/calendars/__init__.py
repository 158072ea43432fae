"""Working-time calendars and fast working-time arithmetic.

Build a calendar as a value, compile it once, then ask questions in O(log n)::

    site = site_calendar("DE", "BY", years=range(2025, 2031))
    work = calendar_index(site)                     # cached per calendar value
    work.add(datetime(2026, 6, 3, 16), 8 * 60)      # 2026-06-05 16:00: Corpus Christi (4 June) skipped
    work.working_minutes(monday, friday)            # capacity between two moments
    work.working_minutes_on(date(2026, 1, 1))       # 0: New Year
    work.next_working(datetime(2026, 1, 3, 10))     # 2026-01-05 08:00

Inheritance: ``base.derive("Lyon", exceptions=...)`` or ``Calendar(..., base=site)`` for a resource calendar;
a weekday left ``None`` in a ``WorkWeek`` takes the base's hours. Vectorised forms (``work_at``, ``start_at``,
``finish_at``) take NumPy arrays of minutes since 1970-01-01 and serve the scheduler.
"""

from projectoffice.engine.calendars.index import (
    CalendarIndex,
    OutOfSpanError,
    build_index,
    calendar_index,
    from_minutes,
    to_minutes,
)
from projectoffice.engine.calendars.model import (
    ALL_DAY,
    NO_WORK,
    STANDARD_DAY,
    Calendar,
    CalendarException,
    Hours,
    WeekPeriod,
    WorkWeek,
    continuous_calendar,
    standard_calendar,
)
from projectoffice.engine.calendars.recurrence import LAST, Frequency, Recurrence
from projectoffice.engine.calendars.sites import site_calendar

__all__ = [
    "ALL_DAY",
    "LAST",
    "NO_WORK",
    "STANDARD_DAY",
    "Calendar",
    "CalendarException",
    "CalendarIndex",
    "Frequency",
    "Hours",
    "OutOfSpanError",
    "Recurrence",
    "WeekPeriod",
    "WorkWeek",
    "build_index",
    "calendar_index",
    "continuous_calendar",
    "from_minutes",
    "site_calendar",
    "standard_calendar",
    "to_minutes",
]
