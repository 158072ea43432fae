"""What the scheduler returns: dates, slack and the critical flag of every task, summaries included.

Results are kept as NumPy columns (minutes since 1970-01-01, wall time) so a 100,000-task schedule costs no
Python object per task until someone asks for one; ``Schedule.tasks()`` and ``Schedule.task(uid)`` build the
frozen per-task values on demand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from projectoffice.engine.calendars import from_minutes
from projectoffice.engine.calendars.index import Minutes
from projectoffice.engine.errors import UnknownTaskError

COLUMNS = ("start", "finish", "early_start", "early_finish", "late_start", "late_finish")


@dataclass(frozen=True, slots=True)
class TaskSchedule:
    """One task's computed dates; slack in working minutes of the task's calendar."""

    uid: int
    name: str
    start: datetime
    finish: datetime
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    total_slack: int
    free_slack: int
    critical: bool
    summary: bool


@dataclass(frozen=True, slots=True, eq=False)
class Schedule:
    """The schedule of a network: project dates, per-task columns, the longest path and warnings."""

    start: datetime
    finish: datetime
    uids: Minutes
    names: tuple[str, ...]
    dates: Mapping[str, Minutes]  # COLUMNS -> minutes since the epoch
    total_slack: Minutes
    free_slack: Minutes
    critical: Minutes
    summary: Minutes
    critical_path: tuple[int, ...]
    warnings: tuple[str, ...] = ()

    def task(self, uid: int) -> TaskSchedule:
        """The schedule of one task; raises ``UnknownTaskError`` for a uid not in the network."""
        rows = np.flatnonzero(self.uids == uid)
        if not rows.size:
            raise UnknownTaskError(f"No task {uid} in this schedule.")
        return self._row(int(rows[0]))

    def tasks(self) -> list[TaskSchedule]:
        """Every task, in the network's order (dates converted column by column, not one by one)."""
        moments = [self.dates[name].astype("datetime64[m]").astype(object).tolist() for name in COLUMNS]
        numbers = (self.uids.tolist(), self.total_slack.tolist(), self.free_slack.tolist(),
                   self.critical.astype(bool).tolist(), self.summary.astype(bool).tolist())
        rows = zip(numbers[0], self.names, *moments, *numbers[1:], strict=True)
        return [TaskSchedule(uid, name, start, finish, early_start, early_finish, late_start, late_finish,
                             total, free, critical, summary)
                for (uid, name, start, finish, early_start, early_finish, late_start, late_finish,
                     total, free, critical, summary) in rows]

    def _row(self, i: int) -> TaskSchedule:
        moments = {name: from_minutes(int(self.dates[name][i])) for name in COLUMNS}
        return TaskSchedule(
            uid=int(self.uids[i]), name=self.names[i], **moments,
            total_slack=int(self.total_slack[i]), free_slack=int(self.free_slack[i]),
            critical=bool(self.critical[i]), summary=bool(self.summary[i]),
        )
