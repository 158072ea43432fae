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

from projectoffice.projects.bulk import insert_rows
from projectoffice.projects.models import Assignment, Project, Resource, Task, TaskLink
from projectoffice.projects.services.recompute import write_columns

DAY = 480
PHASES = ("Initiation", "Definition", "Design", "Build", "Integration and test", "Deployment", "Closure")
VERBS = ("Specify", "Design", "Prototype", "Implement", "Review", "Test", "Integrate", "Validate", "Document",
         "Procure", "Install", "Configure", "Migrate", "Train", "Qualify")
OBJECTS = ("radio front end", "baseband", "firmware loader", "control plane", "billing adapter", "test bench",
           "rack layout", "cooling", "user interface", "API gateway", "data model", "security hardening",
           "network core", "field trial", "supplier contract", "release notes", "site survey", "power supply")


@dataclass
class GeneratedPlan:
    tasks: int
    links: int
    assignments: int
    ids: dict[int, int]  # uid -> task id


@dataclass
class _Row:
    uid: int
    parent: int | None
    wbs: str
    name: str
    summary: bool
    duration: int
    fixed_cost: Decimal

    def as_insert(self, project_id: int) -> dict[str, object]:
        return {"project_id": project_id, "uid": self.uid, "sort_index": self.uid, "wbs": self.wbs,
                "outline_level": self.wbs.count(".") + 1, "name": self.name[:300], "is_summary": self.summary,
                "is_milestone": self.duration == 0 and not self.summary, "duration_minutes": self.duration,
                "fixed_cost": self.fixed_cost}


def generate_plan(project: Project, *, size: int, rng: random.Random, resources: Sequence[Resource] = (),
                  phases: Sequence[str] = PHASES) -> GeneratedPlan:
    """``size`` rows (summaries and milestones included; at least 5 per phase, so at least 10) for ``project``,
    inserted in bulk."""
    day = project.minutes_per_day  # a working day of the project
    builder = _Builder(rng, day)
    phase_names = list(phases[: max(2, min(len(phases), size // 12 or 2))])
    work_rows = max(3 * len(phase_names), size - 2 * len(phase_names))  # all but each phase and its gate
    previous_gate: _Row | None = None
    for p, phase_name in enumerate(phase_names, start=1):
        phase = builder.add(phase_name, None, summary=True)
        per_phase = work_rows // len(phase_names) + (p <= work_rows % len(phase_names))
        ends = builder.work(phase, per_phase, previous_gate)
        gate = builder.add(f"Gate {p}: {phase_name} complete", phase, duration=0)
        for end in ends:
            builder.link(end, gate)
        previous_gate = gate
    ids = _insert_by_level(project, builder.rows)
    links = insert_rows(TaskLink, ({"project_id": project.pk, "predecessor_id": ids[a], "successor_id": ids[b],
                                    "type": kind, "lag": lag} for a, b, kind, lag in builder.links))
    assignments = _assign(project, builder.rows, ids, resources, rng)
    return GeneratedPlan(len(builder.rows), links, assignments, ids)


def _insert_by_level(project: Project, rows: list[_Row]) -> dict[int, int]:
    """Insert the outline one level at a time, so each row's parent id is known when it is inserted."""
    ids: dict[int, int] = {}
    depth = max((r.wbs.count(".") for r in rows), default=0)
    for level in range(depth + 1):
        batch = [r for r in rows if r.wbs.count(".") == level]
        insert_rows(Task, ({**r.as_insert(project.pk), "parent_id": ids[r.parent] if r.parent else None}
                           for r in batch))
        ids.update(Task.objects.filter(project=project, outline_level=level + 1).values_list("uid", "pk"))
    return ids


class _Builder:
    def __init__(self, rng: random.Random, day: int = DAY) -> None:
        self.rng, self.day = rng, day
        self.rows: list[_Row] = []
        self.links: list[tuple[int, int, str, int]] = []
        self.counters: dict[int | None, int] = {}

    def add(self, name: str, parent: _Row | None, *, summary: bool = False, duration: int | None = None) -> _Row:
        key = parent.uid if parent is not None else None
        self.counters[key] = self.counters.get(key, 0) + 1
        code = f"{parent.wbs}.{self.counters[key]}" if parent is not None else str(self.counters[key])
        if duration is None:
            duration = 0 if summary else self.rng.choice((1, 2, 3, 5, 5, 8, 10, 15, 20)) * self.day
        row = _Row(len(self.rows) + 1, key, code, name, summary, duration,
                   Decimal(self.rng.choice((0, 0, 0, 500, 2000))) if not summary else Decimal(0))
        self.rows.append(row)
        return row

    def link(self, before: _Row, after: _Row, kind: str = "FS", lag: int = 0) -> None:
        self.links.append((before.uid, after.uid, kind, lag))

    def work(self, phase: _Row, count: int, gate: _Row | None) -> list[_Row]:
        """``count`` rows: work packages of 3-12 rows (the package and its tasks) under ``phase``, run in
        parallel after the previous gate (a few also wait for the package before them); returns the last task of
        every package."""
        ends: list[_Row] = []
        made = 0
        while made < count:
            size = min(count - made, self.rng.randint(3, 12))
            if count - made - size == 1:  # a package needs two rows: never leave one
                size += 1
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

    def _link_in(self, previous: _Row | None, task: _Row) -> None:
        if previous is None:
            return
        roll = self.rng.random()
        if roll < 0.08:
            self.link(previous, task, "SS", self.rng.choice((1, 2)) * self.day)
        elif roll < 0.13:
            self.link(previous, task, "FF", self.rng.choice((0, 1)) * self.day)
        elif roll < 0.15 and previous.duration:
            self.link(previous, task, "FS", -self.day)  # a lead: overlap by one day
        else:
            self.link(previous, task, "FS", self.rng.choice((0, 0, 0, 0, self.day)))
        if roll > 0.995 and len(self.rows) > 3:
            earlier = self.rows[self.rng.randrange(0, len(self.rows) - 2)]
            if not earlier.summary and earlier is not previous:
                self.link(earlier, task, "SF", 0)


def _assign(project: Project, rows: list[_Row], ids: dict[int, int], resources: Sequence[Resource],
            rng: random.Random) -> int:
    if not resources:
        return 0
    inserts = []
    for row in rows:
        if row.summary or row.duration == 0:
            continue
        for resource in rng.sample(list(resources), k=min(len(resources), rng.choice((1, 1, 2)))):
            units = Decimal(rng.choice(("1", "1", "0.5")))
            inserts.append({"project_id": project.pk, "task_id": ids[row.uid], "resource_id": resource.pk,
                            "units": units, "work_minutes": int(row.duration * units)})
    return insert_rows(Assignment, inserts)


def record_progress(project: Project, status_date: dt.datetime) -> int:
    """Progress as of ``status_date`` from the computed dates: done before it, partly done across it."""
    changed: list[tuple[int, tuple[dt.datetime, dt.datetime | None, Decimal]]] = []
    rows = Task.objects.filter(project=project, is_summary=False, start__lt=status_date).values_list(
        "pk", "start", "finish")
    for pk, start, finish in rows:
        if start is None or finish is None:
            continue
        if finish <= status_date:
            changed.append((pk, (start, finish, Decimal(100))))
        else:
            span = (finish - start).total_seconds() or 1
            changed.append((pk, (start, None, Decimal(min(95, int(100 * (status_date - start).total_seconds() / span))))))
    write_columns(("actual_start", "actual_finish", "percent_complete"), list(changed))
    project.status_date = status_date
    project.save(update_fields=["status_date"])
    return len(changed)
