"""Resource levelling of one project with the engine's levelling (``projectoffice.engine.leveling``).

The engine levels integer time units on one calendar; this adapter uses working hours of the project's calendar
(task calendars are approximated by it), counted from the project start. Each leaf task is an activity released
at its CPM early start; links between summaries are expanded to the tasks below them; started tasks stay where
they are; "do not level" tasks are never delayed. The result is stored as each delayed task's
``leveled_start`` (a "start no earlier than" the recompute honours), and the plan is recomputed. Clearing the
levelling empties those dates again.
"""

from __future__ import annotations

import math
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.engine import leveling
from projectoffice.engine.calendars import CalendarIndex, calendar_index
from projectoffice.engine.errors import EngineError
from projectoffice.projects.models import Assignment, Project, Task, TaskLink
from projectoffice.projects.network import from_local, project_calendars, project_zone, to_local
from projectoffice.projects.permissions import require_edit
from projectoffice.projects.services.recompute import inline_limit, project_recompute, write_columns

User = AbstractBaseUser | AnonymousUser | None
UNIT = 60  # minutes per levelling time unit


@dataclass(frozen=True, slots=True)
class LevelOutcome:
    delayed: int
    finish_hours_before: int
    finish_hours_after: int
    optimal: bool


@transaction.atomic
def project_level_resources(*, project: Project, by: User, time_limit: float = 2.0) -> LevelOutcome:
    """Delay tasks so no resource is over-allocated, minimising the finish; then recompute the plan."""
    require_edit(by, project)
    if Task.objects.filter(project=project).count() > inline_limit():
        raise ApplicationError("This plan is too large to level within a request.", field="project")
    Task.objects.filter(project=project).update(leveled_start=None)
    project_recompute(project=project, by=by, background=False)
    rows = list(Task.objects.filter(project=project, is_summary=False).order_by("sort_index").values_list(
        "pk", "parent_id", "early_start", "duration_minutes", "actual_start", "do_not_level", "priority"))
    index, origin, zone = _clock(project)
    problem = _problem(project, rows, lambda m: max(0, (index.work_of(m.astimezone(zone).replace(tzinfo=None))
                                                        - origin) // UNIT))
    try:
        result = leveling.level(problem, settings=leveling.Settings(time_limit=time_limit, workers=1))
    except EngineError as exc:
        raise ApplicationError(f"Levelling failed: {exc}", field="resources") from exc
    releases = [a.release for a in problem.activities]
    delayed = [(rows[i][0], (from_local(index.start_of(origin + start * UNIT), zone),))
               for i, start in enumerate(result.starts) if start > releases[i]]
    write_columns(("leveled_start",), delayed)
    project_recompute(project=project, by=by, background=False)
    audit_record(actor=by, action="project.resources_levelled", target=project, data={"delayed": len(delayed)})
    before = max((r + a.duration for r, a in zip(releases, problem.activities, strict=True)), default=0)
    return LevelOutcome(len(delayed), before, result.makespan, result.optimal)


def _clock(project: Project) -> tuple[CalendarIndex, int, zoneinfo.ZoneInfo]:
    """The project calendar's index, the working minute of the project start, and the lead site's zone."""
    _, (name, calendars) = project_calendars(project)
    zone = project_zone(project)
    index = calendar_index(calendars[name])
    start = to_local(project.scheduled_start or project.planned_start, zone)
    assert start is not None
    return index, index.work_of(start), zone


def _problem(project: Project, rows: list[tuple], offset: object) -> leveling.Problem:  # type: ignore[type-arg]
    position = {row[0]: i for i, row in enumerate(rows)}
    resources, demands = _demands(project, position)
    capacity = [max(1, round(units * 100)) for units in resources.values()]
    activities = []
    for pk, _, early, minutes, started, fixed, priority in rows:
        release = offset(early) if early else 0  # type: ignore[operator]
        activities.append(leveling.Activity(
            duration=math.ceil(minutes / UNIT), release=release, name=str(pk), priority=min(priority, 1000),
            demands=tuple(min(d, capacity[r]) for r, d in enumerate(demands.get(position[pk], ()))),
            fixed_start=release if started else None, level=not fixed))
    return leveling.Problem(activities=tuple(activities), capacities=tuple(capacity),
                            links=tuple(_links(project, position)))


def _demands(project: Project, position: dict[int, int]) -> tuple[dict[int, float], dict[int, list[int]]]:
    rows = list(Assignment.objects.filter(project=project).values_list("task_id", "resource_id", "units",
                                                                       "resource__max_units"))
    resources = {r: float(cap) for _, r, _, cap in rows}
    order = {r: i for i, r in enumerate(resources)}
    demands: dict[int, list[int]] = {}
    for task, resource, units, _ in rows:
        if task in position:
            line = demands.setdefault(position[task], [0] * len(order))
            line[order[resource]] += round(float(units) * 100)
    return resources, demands


def _links(project: Project, position: dict[int, int]) -> list[leveling.Link]:
    """Leaf-to-leaf links; a summary end stands for every task below it."""
    parents = dict(Task.objects.filter(project=project).values_list("pk", "parent_id"))
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in parents.items():
        if parent:
            children[parent].append(pk)

    def leaves(pk: int) -> list[int]:
        out, todo = [], [pk]
        while todo:
            node = todo.pop()
            if node in children:
                todo.extend(children[node])
            elif node in position:
                out.append(position[node])
        return out

    links = []
    for pred, succ, kind, lag in TaskLink.objects.filter(project=project).values_list(
            "predecessor_id", "successor_id", "type", "lag"):
        for a in leaves(pred):
            for b in leaves(succ):
                links.append(leveling.Link(a, b, leveling.LinkType(kind), math.floor(lag / UNIT)))
    return links


@transaction.atomic
def project_clear_leveling(*, project: Project, by: User) -> int:
    """Remove every levelling delay and recompute."""
    require_edit(by, project)
    cleared = Task.objects.filter(project=project, leveled_start__isnull=False).update(leveled_start=None)
    project_recompute(project=project, by=by)
    audit_record(actor=by, action="project.levelling_cleared", target=project, data={"tasks": cleared})
    return cleared
