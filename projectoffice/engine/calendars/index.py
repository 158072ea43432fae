"""A calendar compiled into sorted arrays for fast working-time arithmetic.

Over its span a calendar becomes the sorted working intervals ``[starts[i], ends[i])`` in minutes since
1970-01-01 00:00 (local wall time) and ``cum[i]``, the working minutes before interval ``i``. A moment then maps
to a *working-time coordinate* (the working minutes elapsed since the span began) by one binary search, and
back again: adding work is coordinate arithmetic. Every query is O(log intervals); NumPy variants take arrays.

Two conversions back from a coordinate exist because a coordinate at a break names two moments: the *finish*
one is the end of the work before the break (a task finishing Friday 17:00) and the *start* one the beginning of
the work after it (its successor starting Monday 08:00). MS Project shows dates exactly this way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from projectoffice.engine.calendars.model import Calendar
from projectoffice.engine.errors import InvalidInputError, OutOfSpanError

Minutes = npt.NDArray[np.int64]
EPOCH = datetime(1970, 1, 1)
DAY = 24 * 60


def to_minutes(moment: datetime) -> int:
    """Minutes since 1970-01-01 00:00 of a wall-clock moment (a time zone, if any, is dropped: local time)."""
    return (moment.replace(tzinfo=None) - EPOCH) // timedelta(minutes=1)


def from_minutes(minutes: int) -> datetime:
    """The wall-clock moment ``minutes`` after 1970-01-01 00:00."""
    return EPOCH + timedelta(minutes=int(minutes))


@dataclass(frozen=True, slots=True, eq=False)
class CalendarIndex:
    """Working intervals of ``calendar`` from ``first`` to ``last`` (inclusive dates), ready for arithmetic."""

    calendar: Calendar
    first: date
    last: date
    starts: Minutes
    ends: Minutes
    cum: Minutes  # len(starts) + 1 entries: working minutes before each interval, then the total

    # -- vectorised coordinates -------------------------------------------------------------------------
    def work_at(self, moments: Minutes) -> Minutes:
        """Working-time coordinate of each moment (minutes since the epoch)."""
        self._check_moments(moments)
        i = np.searchsorted(self.starts, moments, side="right") - 1
        i = np.maximum(i, 0)
        inside = np.clip(moments - self.starts[i], 0, self.ends[i] - self.starts[i])
        return np.where(moments < self.starts[0], 0, self.cum[i] + inside)

    def start_at(self, work: Minutes) -> Minutes:
        """Earliest moment at which coordinate ``work`` is reached and work goes on (start semantics)."""
        self._check_work(work, self.cum[-1] - 1)
        i = np.searchsorted(self.cum[1:], work, side="right")
        return self.starts[i] + (work - self.cum[i])

    def finish_at(self, work: Minutes) -> Minutes:
        """Moment at which coordinate ``work`` is reached, at the end of the work before it (finish semantics)."""
        self._check_work(work, self.cum[-1])
        i = np.searchsorted(self.cum[1:], work, side="left")
        return self.starts[i] + (work - self.cum[i])

    def _check_moments(self, moments: Minutes) -> None:
        low = to_minutes(datetime.combine(self.first, datetime.min.time()))
        if moments.size and (moments.min() < low or moments.max() > low + DAY * ((self.last - self.first).days + 1)):
            raise OutOfSpanError(f"A date falls outside {self.first}..{self.last} of calendar {self.calendar.name!r}.")

    def _check_work(self, work: Minutes, top: int) -> None:
        if work.size and (work.min() < 0 or work.max() > top):
            raise OutOfSpanError(f"Working time runs outside {self.first}..{self.last} of {self.calendar.name!r}.")

    # -- scalar API ---------------------------------------------------------------------------------------
    def work_of(self, moment: datetime) -> int:
        """Working-time coordinate of one moment."""
        return int(self.work_at(np.array([to_minutes(moment)], dtype=np.int64))[0])

    def start_of(self, work: int) -> datetime:
        return from_minutes(int(self.start_at(np.array([work], dtype=np.int64))[0]))

    def finish_of(self, work: int) -> datetime:
        return from_minutes(int(self.finish_at(np.array([work], dtype=np.int64))[0]))

    def add(self, moment: datetime, minutes: int) -> datetime:
        """The moment ``minutes`` of work after ``moment`` (before it when negative; ``moment`` itself for 0).

        Forwards the result is the end of that work (a finish); backwards the start of it (a start).
        """
        if minutes == 0:
            return moment
        if minutes > 0:
            return self.finish_of(self.work_of(moment) + minutes)
        return self.start_of(self.work_of(moment) + minutes)

    def subtract(self, moment: datetime, minutes: int) -> datetime:
        """The start of the ``minutes`` of work that end at ``moment``."""
        return self.add(moment, -minutes)

    def working_minutes(self, start: datetime, finish: datetime) -> int:
        """Working minutes between two moments (negative when ``finish`` is before ``start``)."""
        return self.work_of(finish) - self.work_of(start)

    def next_working(self, moment: datetime) -> datetime:
        """``moment`` itself if work goes on then, else the start of the next working interval."""
        return self.start_of(self.work_of(moment))

    def previous_working(self, moment: datetime) -> datetime:
        """``moment`` itself if within work, else the end of the last working interval before it."""
        return self.finish_of(self.work_of(moment))

    def is_working(self, moment: datetime) -> bool:
        """Whether work goes on during the minute starting at ``moment``."""
        m = to_minutes(moment)
        i = int(np.searchsorted(self.starts, m, side="right")) - 1
        return i >= 0 and m < int(self.ends[i])

    def working_minutes_on(self, day: date) -> int:
        """Working minutes of one date: a person's or a site's capacity that day."""
        return self.working_minutes(datetime.combine(day, datetime.min.time()),
                                    datetime.combine(day + timedelta(days=1), datetime.min.time()))


def build_index(calendar: Calendar, first: date, last: date) -> CalendarIndex:
    """Compile ``calendar`` over ``first``..``last``; one pass over the days, at build time only."""
    if last < first:
        raise InvalidInputError("A calendar span must end after it starts.")
    table = calendar.exception_table()
    plain_weeks = not _has_periods(calendar)
    by_weekday = [calendar.week_hours(first + timedelta(days=i)) for i in range(7)] if plain_weeks else []
    starts: list[int] = []
    ends: list[int] = []
    day = first
    midnight = to_minutes(datetime.combine(first, datetime.min.time()))
    while day <= last:
        if day in table:
            hours = table[day]
        else:
            hours = by_weekday[(day - first).days % 7] if plain_weeks else calendar.week_hours(day)
        for a, b in hours:
            if ends and ends[-1] == midnight + a:
                ends[-1] = midnight + b  # merge work running through midnight
            else:
                starts.append(midnight + a)
                ends.append(midnight + b)
        day += timedelta(days=1)
        midnight += DAY
    if not starts:
        raise InvalidInputError(f"Calendar {calendar.name!r} has no working time from {first} to {last}.")
    s, e = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
    cum = np.concatenate(([0], np.cumsum(e - s))).astype(np.int64)
    return CalendarIndex(calendar, first, last, s, e, cum)


def _has_periods(calendar: Calendar | None) -> bool:
    while calendar is not None:
        if calendar.periods:
            return True
        calendar = calendar.base
    return False


@lru_cache(maxsize=256)
def calendar_index(calendar: Calendar, first: date = date(1990, 1, 1), last: date = date(2060, 12, 31)) -> CalendarIndex:
    """The (cached) index of ``calendar``; calendars are frozen values, so equal calendars share one index."""
    return build_index(calendar, first, last)
