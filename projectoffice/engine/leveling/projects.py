"""Levelling several projects that share resources: scheduled networks in, levelled dates out.

Each project is first scheduled by the critical-path engine (``projectoffice.engine.schedule``) with its own
calendars, constraints and actuals; those dates are the earliest each task may start. The tasks of all projects
then become one RCPSP on the working time of a common calendar, counted in units of ``unit`` working minutes
(an hour by default): a task's release is its scheduled start, its duration the working time between its
scheduled start and finish, links keep their type and lag, started work is pinned, resources share one pool
with capacity in percent (100 = one full-time person). After levelling, a task that did not move keeps its
dates exactly; a moved task starts at its new unit of the common calendar and keeps its working duration.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from projectoffice.engine.calendars import (
    Calendar,
    CalendarIndex,
    calendar_index,
    from_minutes,
    standard_calendar,
)
from projectoffice.engine.errors import InvalidInputError, UnknownTaskError
from projectoffice.engine.leveling.problem import Activity, Link, LinkType, Problem
from projectoffice.engine.leveling.results import LevelResult, Mode, Progress, Settings
from projectoffice.engine.leveling.solve import level
from projectoffice.engine.network import LagKind, Network
from projectoffice.engine.schedule import Schedule, schedule


@dataclass(frozen=True, slots=True)
class Resource:
    """A resource of the shared pool; ``max_units`` 1.0 is one full-time person."""

    uid: int
    name: str = ""
    max_units: float = 1.0


@dataclass(frozen=True, slots=True)
class Assignment:
    """``units`` of ``resource`` on the task ``task`` (uid in its project) for the whole task."""

    task: int
    resource: int
    units: float = 1.0


@dataclass(frozen=True, slots=True)
class ProjectToLevel:
    """One project: its network, its assignments, its priority and its tasks' priorities (0..1000)."""

    key: str
    network: Network
    assignments: tuple[Assignment, ...] = ()
    priority: int = 500
    task_priorities: Mapping[int, int] = field(default_factory=dict)
    do_not_level: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class LevelledTask:
    """A task's levelled dates; ``delay`` is the levelling delay in working minutes of the common calendar."""

    project: str
    uid: int
    start: datetime
    finish: datetime
    delay: int
    levelled: bool = True


@dataclass(frozen=True, slots=True)
class ProjectsLevelling:
    """The levelled tasks of every project, the finish of them all and what the solver proved about it."""

    tasks: tuple[LevelledTask, ...]
    finish: datetime
    earliest_finish: datetime
    optimal: bool
    seconds: float

    def task(self, project: str, uid: int) -> LevelledTask:
        found = next((t for t in self.tasks if t.project == project and t.uid == uid), None)
        if found is None:
            raise UnknownTaskError(f"No levelled task {uid} in project {project!r}.")
        return found

    @property
    def unlevelled(self) -> tuple[tuple[str, int], ...]:
        """(project, uid) of the tasks left over-allocated."""
        return tuple((t.project, t.uid) for t in self.tasks if not t.levelled)


@dataclass(frozen=True, slots=True)
class _Row:
    """One task of one project, placed on the common calendar."""

    project: ProjectToLevel
    uid: int
    name: str
    start: datetime
    finish: datetime
    work_start: int
    work_span: int
    started: bool


def level_projects(
    projects: Sequence[ProjectToLevel],
    resources: Sequence[Resource],
    *,
    calendar: Calendar | None = None,
    unit: int = 60,
    mode: Mode = Mode.MINIMISE_FINISH,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> ProjectsLevelling:
    """Level the tasks of ``projects`` against the shared ``resources`` on ``calendar`` (default: Standard).

    ``mode`` MINIMISE_FINISH moves tasks to end all the work as early as possible; WITHIN_FLOAT keeps every
    project's own finish and reports the tasks it could not level.
    """
    if unit <= 0:
        raise InvalidInputError("The levelling unit must be a positive number of working minutes.")
    began = time.monotonic()
    index = calendar_index(calendar or standard_calendar())
    rows = [row for project in projects for row in _rows(project, schedule(project.network), index)]
    origin = min((r.work_start for r in rows), default=0)
    problem = _problem(rows, resources, origin, unit, within=mode is Mode.WITHIN_FLOAT)
    result = level(problem, mode=mode, settings=settings, progress=progress)
    return _levelled(rows, problem, result, index, origin, unit, time.monotonic() - began)


def _rows(project: ProjectToLevel, dates: Schedule, index: CalendarIndex) -> list[_Row]:
    """The project's leaf tasks with their scheduled dates in working time of the common calendar."""
    tasks = {t.uid: t for t in project.network.tasks}
    leaves = [i for i in range(len(dates.uids)) if not dates.summary[i]]
    starts = np.asarray([dates.dates["start"][i] for i in leaves], dtype=np.int64)
    finishes = np.asarray([dates.dates["finish"][i] for i in leaves], dtype=np.int64)
    work_starts, work_finishes = index.work_at(starts), index.work_at(finishes)
    return [
        _Row(
            project=project,
            uid=int(dates.uids[i]),
            name=dates.names[i],
            start=from_minutes(int(starts[k])),
            finish=from_minutes(int(finishes[k])),
            work_start=int(work_starts[k]),
            work_span=max(0, int(work_finishes[k] - work_starts[k])),
            started=tasks[int(dates.uids[i])].actual_start is not None,
        )
        for k, i in enumerate(leaves)
    ]


def _problem(
    rows: list[_Row], resources: Sequence[Resource], origin: int, unit: int, *, within: bool
) -> Problem:
    pool = {r.uid: k for k, r in enumerate(resources)}
    position = {(row.project.key, row.uid): k for k, row in enumerate(rows)}
    starts = [round((row.work_start - origin) / unit) for row in rows]
    ends = [round((row.work_start + row.work_span - origin) / unit) for row in rows]
    finish_of = _project_finishes(rows, ends)
    activities = tuple(
        _activity(
            row, starts[k], ends[k], _demands(row, pool), finish_of[row.project.key] if within else None
        )
        for k, row in enumerate(rows)
    )
    return Problem(
        activities=activities,
        capacities=tuple(round(r.max_units * 100) for r in resources),
        links=_links(rows, position, starts, ends, unit),
        resource_names=tuple(r.name for r in resources),
    )


def _project_finishes(rows: list[_Row], ends: list[int]) -> dict[str, int]:
    finish: dict[str, int] = {}
    for row, end in zip(rows, ends, strict=True):
        finish[row.project.key] = max(finish.get(row.project.key, 0), end)
    return finish


def _activity(row: _Row, start: int, end: int, demands: tuple[int, ...], deadline: int | None) -> Activity:
    project = row.project
    return Activity(
        duration=max(end - start, 1 if row.work_span else 0),
        demands=demands,
        release=max(0, start),
        fixed_start=max(0, start) if row.started else None,
        deadline=deadline,
        level=row.uid not in project.do_not_level,
        priority=project.task_priorities.get(row.uid, 500),
        project_priority=project.priority,
        name=f"{project.key}/{row.uid} {row.name}".strip(),
    )


def _demands(row: _Row, pool: dict[int, int]) -> tuple[int, ...]:
    demands = [0] * len(pool)
    for assignment in row.project.assignments:
        if assignment.task == row.uid:
            if assignment.resource not in pool:
                raise UnknownTaskError(
                    f"Task {row.uid} of {row.project.key!r} uses unknown resource {assignment.resource}."
                )
            demands[pool[assignment.resource]] += round(assignment.units * 100)
    return tuple(demands)


def _links(
    rows: list[_Row], position: dict[tuple[str, int], int], starts: list[int], ends: list[int], unit: int
) -> tuple[Link, ...]:
    """Each project's links between leaf tasks; a link on a summary ties every task below it."""
    links = []
    for project in {row.project.key: row.project for row in rows}.values():
        below = _leaves_below(project.network)
        for link in project.network.links:
            for a in below.get(link.predecessor, [link.predecessor]):
                for b in below.get(link.successor, [link.successor]):
                    i, j = position[(project.key, a)], position[(project.key, b)]
                    lag = _lag_units(link.lag, link.lag_kind, ends[i] - starts[i], unit)
                    links.append(Link(i, j, LinkType(link.type.value), lag))
    return tuple(links)


def _leaves_below(network: Network) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for task in network.tasks:
        if task.parent is not None:
            children.setdefault(task.parent, []).append(task.uid)

    def leaves(uid: int) -> list[int]:
        return [leaf for child in children[uid] for leaf in (leaves(child) if child in children else [child])]

    return {uid: leaves(uid) for uid in children}


def _lag_units(lag: int, kind: LagKind, duration_units: int, unit: int) -> int:
    """A lag in units; an elapsed lag is taken as working time (the approximation of a common calendar)."""
    if kind is LagKind.PERCENT:
        return round(duration_units * lag / 100)
    return round(lag / unit)


def _levelled(
    rows: list[_Row],
    problem: Problem,
    result: LevelResult,
    index: CalendarIndex,
    origin: int,
    unit: int,
    seconds: float,
) -> ProjectsLevelling:
    tasks = []
    left = set(result.unlevelled)
    for k, row in enumerate(rows):
        moved = result.starts[k] - problem.activities[k].release
        start, finish = row.start, row.finish
        if moved > 0:
            work = origin + result.starts[k] * unit
            start, finish = index.start_of(work), index.finish_of(work + row.work_span)
        tasks.append(
            LevelledTask(row.project.key, row.uid, start, finish, max(0, moved) * unit, k not in left)
        )
    return ProjectsLevelling(
        tasks=tuple(tasks),
        finish=max((t.finish for t in tasks), default=index.start_of(origin)),
        earliest_finish=index.finish_of(origin + result.lower_bound * unit),
        optimal=result.optimal,
        seconds=seconds,
    )
