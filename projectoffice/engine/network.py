"""The project network the scheduler reads: tasks, links and calendars as frozen values.

Durations and lags are integer minutes: working minutes on the task's calendar, or elapsed minutes when the
task or lag is marked elapsed. Dates are wall-clock datetimes of the project's site (MS Project's convention).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from projectoffice.engine.calendars import Calendar, standard_calendar
from projectoffice.engine.errors import InvalidInputError, UnknownTaskError


class LinkType(StrEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class LagKind(StrEnum):
    WORKING = "working"  # minutes of work on the successor's calendar
    ELAPSED = "elapsed"  # wall-clock minutes
    PERCENT = "percent"  # lag is a percentage of the predecessor's duration


class Constraint(StrEnum):
    ASAP = "ASAP"  # as soon as possible
    ALAP = "ALAP"  # as late as possible
    SNET = "SNET"  # start no earlier than
    SNLT = "SNLT"  # start no later than
    FNET = "FNET"  # finish no earlier than
    FNLT = "FNLT"  # finish no later than
    MSO = "MSO"  # must start on
    MFO = "MFO"  # must finish on


DATED = frozenset({Constraint.SNET, Constraint.SNLT, Constraint.FNET, Constraint.FNLT, Constraint.MSO, Constraint.MFO})


@dataclass(frozen=True, slots=True)
class Driver:
    """A resource assignment that sets a task's dates, as MS Project does for tasks that are not fixed-duration:
    ``duration`` working minutes (the assignment's work divided by its units) on the resource's ``calendar``.
    The task starts when its first driver can and finishes when its last one does.
    """

    calendar: str
    duration: int

    def __post_init__(self) -> None:
        if self.duration < 0:
            raise InvalidInputError(f"A resource driver on {self.calendar!r} has a negative duration.")


@dataclass(frozen=True, slots=True)
class Task:
    """One task. A task that is some task's ``parent`` is a summary: its dates roll up from its children.

    ``pause`` is the working time of the interruptions of a split task (it spans ``duration + pause``).
    ``drivers`` (resource assignments on their own calendars) replace ``duration`` and ``calendar`` for the
    task's dates when given. ``manual`` tasks keep ``start``/``finish`` as given and still drive their successors. ``actual_start``,
    ``actual_finish``, ``percent_complete`` and ``remaining`` describe progress; a finished task keeps its
    actual dates, an started one runs its remaining work from its resume point (or the status date).
    """

    uid: int
    name: str = ""
    duration: int = 0
    elapsed: bool = False
    calendar: str | None = None
    parent: int | None = None
    constraint: Constraint = Constraint.ASAP
    constraint_date: datetime | None = None
    deadline: datetime | None = None
    manual: bool = False
    start: datetime | None = None
    finish: datetime | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    percent_complete: float = 0.0
    remaining: int | None = None
    milestone: bool | None = None
    drivers: tuple[Driver, ...] = ()
    pause: int = 0

    def __post_init__(self) -> None:
        if self.duration < 0 or self.pause < 0:
            raise InvalidInputError(f"Task {self.uid} ({self.name}) has a negative duration: {self.duration}.")
        if self.constraint in DATED and self.constraint_date is None:
            raise InvalidInputError(f"Task {self.uid} ({self.name}) has a {self.constraint} constraint but no date.")
        if self.manual and (self.start is None or self.finish is None):
            raise InvalidInputError(f"Manually scheduled task {self.uid} ({self.name}) needs a start and a finish.")
        if not 0 <= self.percent_complete <= 100:
            raise InvalidInputError(f"Task {self.uid} ({self.name}) is {self.percent_complete}% complete.")


@dataclass(frozen=True, slots=True)
class Link:
    """``successor`` depends on ``predecessor``; a negative ``lag`` is a lead."""

    predecessor: int
    successor: int
    type: LinkType = LinkType.FS
    lag: int = 0
    lag_kind: LagKind = LagKind.WORKING


@dataclass(frozen=True, slots=True)
class Network:
    """Everything the scheduler needs. ``calendars`` maps names used by tasks; ``calendar`` is the project's.

    ``from_finish`` schedules backwards from ``finish``. ``status_date``, when given, keeps remaining work from
    starting before it. ``honor_constraints`` makes dated constraints win over links (MS Project's option
    "tasks will always honor their constraint dates"). ``critical_slack`` is the float (minutes) at or below
    which a task is critical.
    """

    tasks: tuple[Task, ...]
    links: tuple[Link, ...] = ()
    start: datetime | None = None
    finish: datetime | None = None
    calendars: Mapping[str, Calendar] = field(default_factory=dict)
    calendar: str = "Standard"
    from_finish: bool = False
    status_date: datetime | None = None
    honor_constraints: bool = True
    critical_slack: int = 0

    def __post_init__(self) -> None:
        if self.from_finish and self.finish is None:
            raise InvalidInputError("A project scheduled from its finish needs a finish date.")
        if not self.from_finish and self.start is None:
            raise InvalidInputError("A project scheduled from its start needs a start date.")
        uids = {t.uid for t in self.tasks}
        if len(uids) != len(self.tasks):
            raise InvalidInputError("Two tasks share a uid.")
        self._check_references(uids)

    def _check_references(self, uids: set[int]) -> None:
        unknown = sorted({u for link in self.links for u in (link.predecessor, link.successor) if u not in uids})
        unknown += sorted({t.parent for t in self.tasks if t.parent is not None and t.parent not in uids})
        if unknown:
            raise UnknownTaskError(f"Links or parents name unknown tasks: {', '.join(map(str, unknown))}.")
        names = {self.calendar, *(t.calendar for t in self.tasks if t.calendar is not None),
                 *(d.calendar for t in self.tasks for d in t.drivers)}
        missing = sorted(n for n in names if n not in self.calendars and n != "Standard")
        if missing:
            raise InvalidInputError(f"Unknown calendars: {', '.join(missing)}.")

    def calendar_named(self, name: str | None) -> Calendar:
        """A task's calendar (the project's when ``name`` is None); "Standard" defaults to MS Project's."""
        key = name or self.calendar
        return self.calendars.get(key) or standard_calendar(key)
