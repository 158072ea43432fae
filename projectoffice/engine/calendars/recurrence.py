"""Recurring calendar exceptions: "every 2nd Tuesday", "the last Friday of each quarter", "1 May yearly"."""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from projectoffice.engine.errors import InvalidInputError


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


LAST = 5
"""``nth`` value meaning "the last such weekday of the month"."""


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A rule producing dates between an exception's start and finish.

    * DAILY: every ``period`` days.
    * WEEKLY: on ``weekdays`` (0 = Monday) every ``period`` weeks, counted from the start's week.
    * MONTHLY: every ``period`` months on ``day`` of the month, or on the ``nth`` (1..4, ``LAST``) ``weekday``.
    * YEARLY: every year in ``month`` (1..12) on ``day``, or on the ``nth`` ``weekday``.

    ``occurrences`` caps the number of dates (MS Project's "end after N occurrences").
    """

    frequency: Frequency
    period: int = 1
    weekdays: frozenset[int] = frozenset()
    day: int | None = None
    nth: int | None = None
    weekday: int | None = None
    month: int | None = None
    occurrences: int | None = None

    def __post_init__(self) -> None:
        if self.period < 1:
            raise InvalidInputError(f"A recurrence period must be at least 1, not {self.period}.")
        if self.frequency is Frequency.WEEKLY and not self.weekdays:
            raise InvalidInputError("A weekly recurrence needs at least one weekday.")
        if self.frequency in (Frequency.MONTHLY, Frequency.YEARLY) and self.day is None and (
            self.nth is None or self.weekday is None
        ):
            raise InvalidInputError("A monthly or yearly recurrence needs a day or an nth weekday.")

    def dates(self, start: date, finish: date) -> list[date]:
        """The dates of the rule from ``start`` to ``finish`` inclusive, at most ``occurrences`` of them."""
        found = [d for d in self._candidates(start, finish) if start <= d <= finish]
        return found[: self.occurrences] if self.occurrences else found

    def _candidates(self, start: date, finish: date) -> list[date]:
        if self.frequency is Frequency.DAILY:
            return [start + timedelta(days=i) for i in range(0, (finish - start).days + 1, self.period)]
        if self.frequency is Frequency.WEEKLY:
            monday = start - timedelta(days=start.weekday())
            weeks = range(0, (finish - monday).days // 7 + 1, self.period)
            return [monday + timedelta(weeks=w, days=d) for w in weeks for d in sorted(self.weekdays)]
        step = self.period if self.frequency is Frequency.MONTHLY else 12
        first_month = start.month if self.frequency is Frequency.MONTHLY else (self.month or start.month)
        months = _months(start.year, first_month, finish, step)
        if self.frequency is Frequency.YEARLY and self.month is not None and self.month < start.month:
            months = _months(start.year + 1, self.month, finish, step)
        return [d for d in (self._day_in(y, m) for y, m in months) if d is not None]

    def _day_in(self, year: int, month: int) -> date | None:
        length = gregorian.monthrange(year, month)[1]
        if self.day is not None:
            return date(year, month, self.day) if self.day <= length else None
        assert self.nth is not None and self.weekday is not None
        first = date(year, month, 1)
        offset = (self.weekday - first.weekday()) % 7
        if self.nth == LAST:
            last = date(year, month, length)
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        candidate = first + timedelta(days=offset + 7 * (self.nth - 1))
        return candidate if candidate.month == month else None


def _months(year: int, month: int, finish: date, step: int) -> list[tuple[int, int]]:
    """(year, month) pairs from the given month up to ``finish``'s month, every ``step`` months."""
    out = []
    index = year * 12 + month - 1
    while index <= finish.year * 12 + finish.month - 1:
        out.append((index // 12, index % 12 + 1))
        index += step
    return out
