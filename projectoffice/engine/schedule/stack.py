"""Several calendar indexes stacked into one set of arrays, so one binary search serves tasks on any calendar.

Calendar ``k`` occupies the block ``[k * BLOCK, (k + 1) * BLOCK)`` of both time and work axes: a moment ``t`` on
calendar ``k`` is looked up as ``t + k * BLOCK``. Each block opens with an empty sentinel interval at the start
of the span so that a moment before the calendar's first working minute maps to the block's zero.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from projectoffice.engine.calendars import Calendar, CalendarIndex, OutOfSpanError, calendar_index, to_minutes
from projectoffice.engine.calendars.index import Minutes


class CalendarStack:
    """Vectorised working-time arithmetic over a fixed list of calendars sharing one span."""

    def __init__(self, calendars: list[Calendar], first: date, last: date) -> None:
        self.first, self.last = first, last
        self.indexes: list[CalendarIndex] = [calendar_index(c, first, last) for c in calendars]
        self.low = to_minutes(datetime.combine(first, datetime.min.time()))
        self.high = to_minutes(datetime.combine(last + timedelta(days=1), datetime.min.time()))
        self.block = np.int64(self.high - self.low + 1)
        starts, ends, cums = [], [], []
        for k, index in enumerate(self.indexes):
            shift = np.int64(k) * self.block
            starts.append(np.concatenate(([self.low], index.starts)) + shift)
            ends.append(np.concatenate(([self.low], index.ends)) + shift)
            cums.append(np.concatenate(([0], index.cum[:-1])) + shift)
        # A phantom block after the last one catches moments and work past the span (owner -1).
        phantom = np.array([self.low + len(self.indexes) * self.block], dtype=np.int64)
        self.starts = np.concatenate([*starts, phantom])
        self.ends = np.concatenate([*ends, phantom])
        self.cum = np.concatenate([*cums, phantom - self.low])
        self.cum_end = self.cum + (self.ends - self.starts)
        self.cum_end[-1] = np.iinfo(np.int64).max
        self.offset = self.cum - self.starts  # coordinate = moment + offset inside an interval
        self.owner = np.concatenate([np.repeat(np.arange(len(self.indexes)), [len(i.starts) + 1 for i in self.indexes]),
                                     [-1]])

    def work(self, moments: Minutes, cal: Minutes) -> Minutes:
        """Working-time coordinate (in the calendar's block) of each moment."""
        t = moments + cal * self.block
        i = np.searchsorted(self.starts, t, side="right") - 1
        if (self.owner[i] != cal).any():  # before or after the span: another block's (or the phantom's) interval
            raise OutOfSpanError(f"A date falls outside {self.first}..{self.last}.")
        return np.minimum(t + self.offset[i], self.cum_end[i])  # in a break: the end of the interval before

    def start_of(self, work: Minutes, cal: Minutes) -> Minutes:
        """The moment work resumes at coordinate ``work`` (start semantics)."""
        i = np.searchsorted(self.cum_end, work, side="right")
        return self._moment(work, cal, i)

    def finish_of(self, work: Minutes, cal: Minutes) -> Minutes:
        """The moment coordinate ``work`` is reached at the end of the preceding work (finish semantics)."""
        i = np.searchsorted(self.cum_end, work, side="left")
        return self._moment(work, cal, i)

    def _moment(self, work: Minutes, cal: Minutes, i: Minutes) -> Minutes:
        shift = cal * self.block
        if ((self.owner[i] != cal) | (work < shift)).any():
            raise OutOfSpanError(f"Working time runs outside {self.first}..{self.last}.")
        return work - self.offset[i] - shift

    # -- the operations the scheduler needs -------------------------------------------------------------------
    def add(self, moments: Minutes, minutes: Minutes, cal: Minutes) -> Minutes:
        """``minutes`` of work after each moment (a finish); before it when negative (a start); 0 keeps it."""
        positive, negative = minutes > 0, minutes < 0
        if positive.all():
            return self.finish_of(self.work(moments, cal) + minutes, cal)
        out = moments.copy()
        for mask, convert in ((positive, self.finish_of), (negative, self.start_of)):
            if mask.any():
                c = cal[mask]
                out[mask] = convert(self.work(moments[mask], c) + minutes[mask], c)
        return out

    def start_and_finish(self, moments: Minutes, minutes: Minutes, cal: Minutes) -> tuple[Minutes, Minutes]:
        """The next working moment of each moment and the end of ``minutes`` (>= 0) of work from there:
        ``next_start`` then ``add`` with one lookup of the moments instead of two."""
        work = self.work(moments, cal)
        start = self.start_of(work, cal)
        busy = minutes > 0
        if busy.all():
            return start, self.finish_of(work + minutes, cal)
        finish = start.copy()
        if busy.any():
            finish[busy] = self.finish_of(work[busy] + minutes[busy], cal[busy])
        return start, finish

    def finish_and_start(self, moments: Minutes, minutes: Minutes, cal: Minutes) -> tuple[Minutes, Minutes]:
        """The previous working end of each moment and the start of the ``minutes`` (>= 0) of work ending
        there: ``previous_finish`` then ``add(-minutes)`` with one lookup instead of two."""
        work = self.work(moments, cal)
        finish = self.finish_of(work, cal)
        busy = minutes > 0
        start = finish.copy()
        if busy.any():
            start[busy] = self.start_of(work[busy] - minutes[busy], cal[busy])
        return finish, start

    def next_start(self, moments: Minutes, cal: Minutes) -> Minutes:
        """Each moment, or the start of the next work if it falls in a break."""
        return self.start_of(self.work(moments, cal), cal)

    def previous_finish(self, moments: Minutes, cal: Minutes) -> Minutes:
        """Each moment, or the end of the previous work if it falls in a break."""
        return self.finish_of(self.work(moments, cal), cal)

    def between(self, a: Minutes, b: Minutes, cal: Minutes) -> Minutes:
        """Working minutes from ``a`` to ``b`` on each calendar (negative when ``b`` is earlier)."""
        return self.work(b, cal) - self.work(a, cal)
