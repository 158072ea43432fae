"""An MSPDI plan as rows ready for the database: plain tuples built in memory, ids reserved up front (so links,
assignments and baseline rows name their tasks without reading them back), each table written in one statement
(``projects.bulk.insert_columns``: COPY on PostgreSQL, one executemany on SQLite).

At 10,000 tasks, building 40,000 model instances and preparing every value through the ORM was most of an
import's time; here a row costs a tuple. The values come from the engine's reading, whose types and ranges are
already checked (durations not negative, percentages within 0-100, known constraint types); lengths are cut to
the columns' sizes as before.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from projectoffice.core.errors import ApplicationError
from projectoffice.engine.formats.mspdi import MspdiProject, StoredDates
from projectoffice.engine.network import Task as EngineTask
from projectoffice.projects.bulk import db_datetime, insert_columns, reserve_ids
from projectoffice.projects.interchange.mspdi_survey import Survey, TaskExtras
from projectoffice.projects.models import Assignment, Baseline, BaselineTask, Project, Task, TaskLink

TASK_COLUMNS = (
    "id", "project_id", "uid", "parent_id", "sort_index", "outline_level", "wbs", "name", "notes", "is_summary",
    "is_milestone", "duration_minutes", "elapsed", "manual", "manual_start", "manual_finish", "constraint",
    "constraint_date", "deadline", "calendar_id", "priority", "percent_complete", "physical_percent_complete",
    "actual_start", "actual_finish", "remaining_minutes", "fixed_cost", "start", "finish", "early_start",
    "early_finish", "late_start", "late_finish", "total_float_minutes", "free_float_minutes", "is_critical",
)
NO_EXTRAS = TaskExtras()
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class WrittenTasks:
    """The task rows written: ids and names by uid, and counts for the report."""

    ids: dict[int, int]
    names: dict[int, str]
    summaries: int
    milestones: int


def write_task_rows(project: Project, plan: MspdiProject, survey: Survey, *, top: int | None,
                    calendars: dict[str, int]) -> WrittenTasks:
    """Insert every task of the plan but the project summary ``top``; parents resolved in memory."""
    kept = [t for t in plan.network.tasks if t.uid != top]
    parents = {t.uid: (None if t.parent == top else t.parent) for t in kept}
    levels = outline_levels(parents)
    ids = dict(zip(parents, reserve_ids(Task, len(kept)), strict=True))
    zone = zoneinfo.ZoneInfo(project.lead_site.time_zone)
    rows = [_task_row(project.pk, t, ids, parents, levels, plan, survey, zone, calendars) for t in kept]
    insert_columns(Task, TASK_COLUMNS, rows)
    return WrittenTasks(ids=ids, names={row[2]: row[7] for row in rows}, summaries=sum(1 for r in rows if r[9]),
                        milestones=sum(1 for r in rows if r[10]))


def outline_levels(parents: dict[int, int | None]) -> dict[int, int]:
    """Each task's outline level (1 at the top) from its parent; a parent missing from the plan or a task among
    its own ancestors refuses the file."""
    levels: dict[int, int] = {}
    for uid in parents:
        chain: list[int] = []
        node: int | None = uid
        while node is not None and node not in levels:
            if node not in parents or len(chain) > len(parents):
                raise ApplicationError("The outline has a loop: some tasks are their own ancestors.", field="file")
            chain.append(node)
            node = parents[node]
        base = 0 if node is None else levels[node]
        for depth, member in enumerate(reversed(chain), start=1):
            levels[member] = base + depth
    return levels


def _task_row(project_id: int, task: EngineTask, ids: dict[int, int], parents: dict[int, int | None],
              levels: dict[int, int], plan: MspdiProject, survey: Survey, zone: zoneinfo.ZoneInfo,
              calendars: dict[str, int]) -> tuple[Any, ...]:
    uid = task.uid
    stored = plan.stored.get(uid)
    extras = survey.tasks.get(uid, NO_EXTRAS)
    parent = parents[uid]
    manual = task.manual
    return (
        ids[uid], project_id, uid, ids[parent] if parent is not None else None, plan.task_ids.get(uid, uid),
        levels[uid], (extras.wbs or plan.outline.get(uid, ""))[:60], task.name[:300], extras.notes,
        bool(stored and stored.summary), bool(task.milestone), task.duration, task.elapsed, manual,
        _at(task.start, zone) if manual else None, _at(task.finish, zone) if manual else None,
        task.constraint.value, _at(task.constraint_date, zone), _at(task.deadline, zone),
        calendars.get(task.calendar) if task.calendar else None, extras.priority,
        Decimal(str(round(task.percent_complete, 2))), _percent(extras.physical_percent),
        _at(task.actual_start, zone), _at(task.actual_finish, zone),
        max(task.remaining, 0) if task.remaining is not None else None, extras.fixed_cost.quantize(CENT),
        *_stored(stored, zone),
    )


def _stored(stored: StoredDates | None, zone: zoneinfo.ZoneInfo) -> tuple[Any, ...]:
    """The dates, floats and critical flag as the file computed them (the recompute replaces them)."""
    if stored is None:
        return (None,) * 8 + (False,)
    return (_at(stored.start, zone), _at(stored.finish, zone), _at(stored.early_start, zone),
            _at(stored.early_finish, zone), _at(stored.late_start, zone), _at(stored.late_finish, zone),
            stored.total_slack, stored.free_slack, bool(stored.critical))


def _at(moment: datetime | None, zone: zoneinfo.ZoneInfo) -> Any:
    """A wall-clock time of the lead site as the database takes it."""
    return None if moment is None else db_datetime(moment.replace(tzinfo=zone))


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else min(max(value, Decimal("0")), Decimal("100")).quantize(CENT)


def write_link_rows(project: Project, links: list[tuple[int, int, str, int, str]], ids: dict[int, int]) -> int:
    """Links as (predecessor uid, successor uid, type, lag, lag kind); one per task pair. Returns how many."""
    unique: dict[tuple[int, int], tuple[Any, ...]] = {}
    for predecessor, successor, kind, lag, lag_kind in links:
        unique.setdefault((predecessor, successor),
                          (project.pk, ids[predecessor], ids[successor], kind, lag, lag_kind))
    return insert_columns(TaskLink, ("project_id", "predecessor_id", "successor_id", "type", "lag", "lag_kind"),
                          unique.values())


def write_assignment_rows(project: Project, assignments: list[tuple[int, int, Decimal, int, int]]
                          ) -> tuple[int, int]:
    """Assignments as (task id, pool resource id, units, work, actual work); two on the same task and resource
    are merged. Returns (written, merged)."""
    merged: dict[tuple[int, int], list[Any]] = {}
    for task, resource, units, work, actual in assignments:
        kept = merged.get((task, resource))
        if kept is None:
            merged[(task, resource)] = [project.pk, task, resource, units, work, actual]
        else:
            kept[3:] = [kept[3] + units, kept[4] + work, kept[5] + actual]
    insert_columns(Assignment, ("project_id", "task_id", "resource_id", "units", "work_minutes",
                                "actual_work_minutes"), (tuple(row) for row in merged.values()))
    return len(merged), len(assignments) - len(merged)


def write_baselines(project: Project, plan: MspdiProject, tasks: WrittenTasks, *, top: int | None) -> int:
    """Task baselines 0..10 with their rows; the project summary's baseline cost is the baseline's budget."""
    zone = zoneinfo.ZoneInfo(project.lead_site.time_zone)
    budgets = {b.number: money(b.cost) for b in plan.baselines if b.task == top and b.cost}
    rows: dict[int, list[tuple[Any, ...]]] = {}
    for b in plan.baselines:
        if b.task in tasks.ids and 0 <= b.number <= 10:
            rows.setdefault(b.number, []).append((
                tasks.ids[b.task], b.task, tasks.names[b.task], _at(b.start, zone), _at(b.finish, zone),
                b.duration or 0, b.work or 0, money(b.cost)))
    numbers = sorted(set(rows) | {n for n in budgets if 0 <= n <= 10})
    for number in numbers:
        baseline = Baseline.objects.create(project=project, number=number, budget_at_completion=budgets.get(number, 0),
                                           name="Baseline" if number == 0 else f"Baseline {number}")
        insert_columns(BaselineTask, ("baseline_id", "task_id", "uid", "name", "start", "finish", "duration_minutes",
                                      "work_minutes", "cost"), ((baseline.pk, *row) for row in rows.get(number, ())))
    return len(numbers)


def money(hundredths: float | None) -> Decimal:
    """MSPDI costs are hundredths of the currency (the engine reader returns them as written)."""
    return (Decimal(str(hundredths or 0)) / 100).quantize(CENT)
