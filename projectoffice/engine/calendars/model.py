"""Calendar values: a working week, dated exceptions and a base calendar to inherit from.

Times of day are minutes after midnight (0..1440) and dates are local wall-clock dates of the site, as in
MS Project: a calendar knows no time zone, so "08:00" means eight in the morning wherever it is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from projectoffice.engine.calendars.recurrence import Recurrence
from projectoffice.engine.errors import InvalidInputError

Hours = tuple[tuple[int, int], ...]
"""Working intervals of one day, ``((480, 720), (780, 1020))`` for 08:00-12:00 and 13:00-17:00."""

STANDARD_DAY: Hours = ((8 * 60, 12 * 60), (13 * 60, 17 * 60))
NO_WORK: Hours = ()
ALL_DAY: Hours = ((0, 24 * 60),)


def validate_hours(hours: Hours) -> Hours:
    """Return ``hours`` sorted, refusing overlapping or out-of-day intervals."""
    ordered = tuple(sorted((int(a), int(b)) for a, b in hours))
    previous_end = 0
    for start, end in ordered:
        if not (0 <= start < end <= 24 * 60) or start < previous_end:
            raise InvalidInputError(f"Working hours {hours!r} overlap or fall outside 00:00-24:00.")
        previous_end = end
    return ordered


@dataclass(frozen=True, slots=True)
class WorkWeek:
    """Working hours per weekday, Monday first (``date.weekday()`` order).

    ``None`` for a day means "as the base calendar", which is how resource and site calendars inherit.
    """

    days: tuple[Hours | None, ...] = (STANDARD_DAY,) * 5 + (NO_WORK,) * 2

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise InvalidInputError("A working week has seven days, Monday first.")
        object.__setattr__(self, "days", tuple(None if d is None else validate_hours(d) for d in self.days))

    @classmethod
    def uniform(cls, hours: Hours, weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> WorkWeek:
        """The same ``hours`` on ``weekdays`` (0 = Monday) and no work on the other days."""
        return cls(tuple(hours if d in weekdays else NO_WORK for d in range(7)))

    @classmethod
    def inherited(cls) -> WorkWeek:
        """Every day as the base calendar."""
        return cls((None,) * 7)


@dataclass(frozen=True, slots=True)
class WeekPeriod:
    """An alternative working week in force from ``start`` to ``finish`` inclusive (MS Project "Work Weeks")."""

    start: date
    finish: date
    week: WorkWeek


@dataclass(frozen=True, slots=True)
class CalendarException:
    """Different hours from ``start`` to ``finish`` inclusive: a holiday (no hours), extra or changed hours.

    With a ``recurrence`` the exception applies only on the dates of the rule between ``start`` and ``finish``.
    """

    start: date
    finish: date
    hours: Hours = NO_WORK
    name: str = ""
    recurrence: Recurrence | None = None

    def __post_init__(self) -> None:
        if self.finish < self.start:
            raise InvalidInputError(f"Calendar exception {self.name!r} finishes before it starts.")
        object.__setattr__(self, "hours", validate_hours(self.hours))

    def dates(self) -> list[date]:
        """Every date the exception covers."""
        if self.recurrence is not None:
            return self.recurrence.dates(self.start, self.finish)
        return [self.start + timedelta(days=i) for i in range((self.finish - self.start).days + 1)]


@dataclass(frozen=True, slots=True)
class Calendar:
    """A working-time calendar; a day's hours come, in order, from the first of:

    the calendar's own exception on that date, its base's exceptions (a site's holidays reach every resource
    calendar built on it), the calendar's alternative work week in force, its default week, the base's week.
    """

    name: str
    week: WorkWeek = field(default_factory=WorkWeek)
    exceptions: tuple[CalendarException, ...] = ()
    base: Calendar | None = None
    periods: tuple[WeekPeriod, ...] = ()

    def __post_init__(self) -> None:
        if self.base is None and any(d is None for d in self.week.days):
            raise InvalidInputError(f"Calendar {self.name!r} inherits weekdays but has no base calendar.")

    def derive(self, name: str, *, week: WorkWeek | None = None,
               exceptions: tuple[CalendarException, ...] = ()) -> Calendar:
        """A calendar built on this one (site from company, resource from site) with its own changes."""
        return Calendar(name, week or WorkWeek.inherited(), exceptions, base=self)

    def exception_table(self) -> dict[date, Hours]:
        """Hours by date of every exception here and in the bases (own exceptions win)."""
        table = self.base.exception_table() if self.base is not None else {}
        for exception in self.exceptions:
            for day in exception.dates():
                table[day] = exception.hours
        return table

    def week_hours(self, day: date) -> Hours:
        """The hours of ``day`` from the working weeks alone, ignoring exceptions."""
        weekday = day.weekday()
        hours = next((p.week.days[weekday] for p in self.periods if p.start <= day <= p.finish), None)
        if hours is None:
            hours = self.week.days[weekday]
        if hours is None:
            assert self.base is not None  # guaranteed by __post_init__
            return self.base.week_hours(day)
        return hours

    def hours_on(self, day: date) -> Hours:
        """The working hours of ``day`` (slow path for one day; use ``calendar_index`` for arithmetic)."""
        return self.exception_table().get(day, self.week_hours(day))


def standard_calendar(name: str = "Standard") -> Calendar:
    """MS Project's default: Monday to Friday, 08:00-12:00 and 13:00-17:00."""
    return Calendar(name)


def continuous_calendar(name: str = "24 Hours") -> Calendar:
    """Every minute is working time: elapsed durations and lags are measured on it."""
    return Calendar(name, WorkWeek((ALL_DAY,) * 7))
