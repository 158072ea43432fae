"""Synthetic but realistic plans for the demo, the tests and the benchmarks, written with bulk_create.

A plan is phases (summaries) of work packages (summaries) of tasks, each phase closed by a gate milestone;
links go from an earlier row to a later one (so never a cycle): finish-to-start chains, some start-to-start and
finish-to-finish links with lags, an occasional start-to-finish. Bypassing the services is acceptable here only
because every row satisfies the rules the services check.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from projectoffice.projects.models import Assignment, Project, Resource, Task, TaskLink
from projectoffice.projects.services.recompute import write_fields

DAY = 480
PHASES = ("Initiation", "Definition", "Design", "Build", "Integration and test", "Deployment", "Closure")
VERBS = ("Specify", "Design", "Prototype", "Implement", "Review", "Test", "Integrate", "Validate", "Document",
         "Procure", "Install", "Configure", "Migrate", "Train", "Qualify")
OBJECTS = ("radio front end", "baseband", "firmware loader", "control plane", "billing adapter", "test bench",
           "rack layout", "cooling", "user interface", "API gateway", "data model", "security hardening",
           "network core", "field trial", "supplier contract", "release notes", "site survey", "power supply")


@dataclass
class GeneratedPlan:
    tasks: list[Task]
    links: list[TaskLink]
    assignments: list[Assignment]


def generate_plan(project: Project, *, size: int, rng: random.Random, resources: Sequence[Resource] = (),
                  phases: Sequence[str] = PHASES) -> GeneratedPlan:
    """About ``size`` rows (summaries and milestones included) for ``project``, saved in bulk."""
    builder = _Builder(project, rng)
    phase_names = list(phases[: max(2, min(len(phases), size // 12 or 2))])
    per_phase = max(3, (size - 2 * len(phase_names)) // len(phase_names))
    previous_gate: Task | None = None
    for p, phase_name in enumerate(phase_names, start=1):
        phase = builder.add(phase_name, None, summary=True)
        ends = builder.work(phase, per_phase, previous_gate)
        gate = builder.add(f"Gate {p}: {phase_name} complete", phase, duration=0)
        for end in ends:
            builder.link(end, gate)
        previous_gate = gate
    parents = [task.parent for task in builder.tasks]
    for task in builder.tasks:  # bulk_create refuses unsaved parents: set them once every row has its id
        task.parent = None
    tasks = Task.objects.bulk_create(builder.tasks, batch_size=1000)
    for task, parent in zip(tasks, parents, strict=True):
        task.parent = parent
    write_fields([t for t in tasks if t.parent_id], ("parent",))
    links = TaskLink.objects.bulk_create(builder.links, batch_size=2000)
    assignments = _assign(project, tasks, resources, rng)
    return GeneratedPlan(tasks, links, assignments)


class _Builder:
    def __init__(self, project: Project, rng: random.Random) -> None:
        self.project, self.rng = project, rng
        self.tasks: list[Task] = []
        self.links: list[TaskLink] = []
        self.level: dict[int, int] = {}
        self.counters: dict[int | None, int] = {}
        self.codes: dict[int, str] = {}

    def add(self, name: str, parent: Task | None, *, summary: bool = False, duration: int | None = None) -> Task:
        uid = len(self.tasks) + 1
        parent_code = self.codes.get(id(parent)) if parent is not None else None
        key = id(parent) if parent is not None else None
        self.counters[key] = self.counters.get(key, 0) + 1
        code = f"{parent_code}.{self.counters[key]}" if parent_code else str(self.counters[key])
        if duration is None:
            duration = 0 if summary else self.rng.choice((1, 2, 3, 5, 5, 8, 10, 15, 20)) * DAY
        task = Task(project=self.project, uid=uid, parent=parent, sort_index=uid, wbs=code, name=name[:300],
                    outline_level=code.count(".") + 1, is_summary=summary, is_milestone=duration == 0 and not summary,
                    duration_minutes=duration, fixed_cost=Decimal(self.rng.choice((0, 0, 0, 500, 2000))))
        self.codes[id(task)] = code
        self.tasks.append(task)
        return task

    def link(self, before: Task, after: Task, kind: str = "FS", lag: int = 0) -> None:
        self.links.append(TaskLink(project=self.project, predecessor=before, successor=after, type=kind, lag=lag))

    def work(self, phase: Task, count: int, gate: Task | None) -> list[Task]:
        """Work packages of 3-12 tasks under ``phase``, run in parallel after the previous gate (a few also
        wait for the package before them); returns the last task of every package."""
        ends: list[Task] = []
        made = 0
        while made < count:
            size = min(count - made, self.rng.randint(3, 12))
            package = self.add(f"{self.rng.choice(OBJECTS).capitalize()}", phase, summary=True)
            made += 1
            previous = ends[-1] if ends and self.rng.random() < 0.2 else gate
            for _ in range(max(1, size - 1)):
                task = self.add(f"{self.rng.choice(VERBS)} {self.rng.choice(OBJECTS)}", package)
                made += 1
                self._link_in(previous, task)
                previous = task
            assert previous is not None
            ends.append(previous)
        return ends

    def _link_in(self, previous: Task | None, task: Task) -> None:
        if previous is None:
            return
        roll = self.rng.random()
        if roll < 0.08:
            self.link(previous, task, "SS", self.rng.choice((1, 2)) * DAY)
        elif roll < 0.13:
            self.link(previous, task, "FF", self.rng.choice((0, 1)) * DAY)
        elif roll < 0.15 and not previous.is_milestone:
            self.link(previous, task, "FS", -DAY)  # a lead: overlap by one day
        else:
            self.link(previous, task, "FS", self.rng.choice((0, 0, 0, 0, DAY)))
        if roll > 0.995 and len(self.tasks) > 3:
            earlier = self.tasks[self.rng.randrange(0, len(self.tasks) - 2)]
            if not earlier.is_summary and earlier is not previous:
                self.link(earlier, task, "SF", 0)


def _assign(project: Project, tasks: list[Task], resources: Sequence[Resource],
            rng: random.Random) -> list[Assignment]:
    if not resources:
        return []
    rows = []
    for task in tasks:
        if task.is_summary or task.is_milestone:
            continue
        for resource in rng.sample(list(resources), k=min(len(resources), rng.choice((1, 1, 2)))):
            units = Decimal(rng.choice(("1", "1", "0.5")))
            rows.append(Assignment(project=project, task=task, resource=resource, units=units,
                                   work_minutes=int(task.duration_minutes * units)))
    return Assignment.objects.bulk_create(rows, batch_size=2000)


def record_progress(project: Project, tasks: Sequence[Task], status_date: dt.datetime) -> int:
    """Progress as of ``status_date`` from the computed dates: done before it, partly done across it."""
    changed = []
    for task in tasks:
        if task.is_summary or task.start is None or task.finish is None or task.start >= status_date:
            continue
        task.actual_start = task.start
        if task.finish <= status_date:
            task.actual_finish, task.percent_complete = task.finish, Decimal(100)
        else:
            span = (task.finish - task.start).total_seconds() or 1
            task.percent_complete = Decimal(min(95, int(100 * (status_date - task.start).total_seconds() / span)))
        changed.append(task)
    Task.objects.bulk_update(changed, ["actual_start", "actual_finish", "percent_complete"], batch_size=1000)
    project.status_date = status_date
    project.save(update_fields=["status_date"])
    return len(changed)
