"""Reads of a plan: the WBS rows, the Gantt chart's data, the critical path, a baseline against the plan.

The Gantt data is columnar JSON (one list per field) with dates as minutes since 1970 in the lead site's wall
time, so a 10,000-task chart is one small document built from three queries.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from projectoffice.projects.models import Baseline, BaselineTask, Project, Task, TaskLink
from projectoffice.projects.services.baselines import task_costs

EPOCH = dt.datetime(1970, 1, 1)
LINK_CODES = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}


def tasks_of(project: Project) -> QuerySet[Task]:
    """The WBS rows in order, with their calendar (one query)."""
    return Task.objects.filter(project=project).select_related("calendar").order_by("sort_index")


def task_get(project: Project, task_id: int) -> Task:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Task.objects.select_related("project__lead_site", "calendar"), project=project,
                             pk=task_id)


def predecessors_text(project: Project) -> dict[int, str]:
    """"3FS+2d; 5SS" per task pk, as the WBS table's predecessor column shows it (one query)."""
    out: dict[int, list[str]] = {}
    rows = TaskLink.objects.filter(project=project).values_list("successor_id", "predecessor__sort_index", "type",
                                                                "lag", "lag_kind")
    for successor, row, kind, lag, lag_kind in rows:
        text = f"{row}{kind}" if kind != "FS" or lag else str(row)
        if lag:
            text += f"{'+' if lag > 0 else ''}{_lag_text(lag, lag_kind, project.minutes_per_day)}"
        out.setdefault(successor, []).append(text)
    return {pk: "; ".join(items) for pk, items in out.items()}


def _lag_text(lag: int, kind: str, minutes_per_day: int) -> str:
    if kind == "percent":
        return f"{lag}%"
    days = lag / minutes_per_day if kind == "working" else lag / 1440
    return f"{days:g}{'d' if kind == 'working' else 'ed'}"


def critical_path(project: Project) -> QuerySet[Task]:
    """The critical tasks (float at or below the project's critical slack), by start."""
    return Task.objects.filter(project=project, is_critical=True, is_summary=False).order_by("start", "sort_index")


# --- Gantt -------------------------------------------------------------------------------------------------------
def _wall_minutes(moment: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> int | None:
    if moment is None:
        return None
    return int((moment.astimezone(zone).replace(tzinfo=None) - EPOCH).total_seconds() // 60)


GANTT_FIELDS = ("pk", "uid", "sort_index", "outline_level", "wbs", "name", "is_summary", "is_milestone", "is_critical",
                "start", "finish", "percent_complete", "total_float_minutes", "duration_minutes", "parent_id",
                "deadline")


def gantt_data(project: Project, *, baseline: int | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the Gantt chart draws, columnar: rows, links (row indexes), baseline bars, reference lines."""
    zone = zoneinfo.ZoneInfo(project.lead_site.time_zone)
    rows = list(Task.objects.filter(project=project).order_by("sort_index").values_list(*GANTT_FIELDS))
    index = {row[0]: i for i, row in enumerate(rows)}
    columns: dict[str, list[Any]] = {name: [] for name in ("id", "uid", "row", "level", "wbs", "name", "summary",
                                                             "milestone", "critical", "start", "finish", "percent",
                                                             "float", "duration", "parent", "deadline")}
    for (pk, uid, row, level, wbs, name, summary, milestone, critical, start, finish, percent, total_float,
         duration, parent_id, deadline) in rows:
        for key, value in (("id", pk), ("uid", uid), ("row", row), ("level", level), ("wbs", wbs), ("name", name),
                           ("summary", summary), ("milestone", milestone), ("critical", critical),
                           ("start", _wall_minutes(start, zone)), ("finish", _wall_minutes(finish, zone)),
                           ("percent", float(percent)), ("float", total_float), ("duration", duration),
                           ("parent", index.get(parent_id, -1)), ("deadline", _wall_minutes(deadline, zone))):
            columns[key].append(value)
    links = [[index[p], index[s], LINK_CODES[t]] for p, s, t in TaskLink.objects.filter(project=project)
             .values_list("predecessor_id", "successor_id", "type") if p in index and s in index]
    now = dt.datetime.combine(today, dt.time(12)) if today else None
    return {
        "project": {"id": project.pk, "code": project.code, "name": project.name,
                    "start": _wall_minutes(project.scheduled_start or project.planned_start, zone),
                    "finish": _wall_minutes(project.scheduled_finish, zone),
                    "status_date": _wall_minutes(project.status_date, zone),
                    "today": int((now - EPOCH).total_seconds() // 60) if now else None,
                    "time_zone": project.lead_site.time_zone},
        "tasks": columns,
        "links": links,
        "baseline": _baseline_columns(project, baseline, columns["uid"], zone),
    }


def _baseline_columns(project: Project, number: int | None, uids: list[int],
                      zone: zoneinfo.ZoneInfo) -> dict[str, Any] | None:
    if number is None:
        return None
    rows = BaselineTask.objects.filter(baseline__project=project, baseline__number=number).values_list(
        "uid", "start", "finish")
    by_uid = {uid: (start, finish) for uid, start, finish in rows}
    if not by_uid:
        return None
    pairs = [by_uid.get(uid, (None, None)) for uid in uids]
    return {"number": number, "start": [_wall_minutes(s, zone) for s, _ in pairs],
            "finish": [_wall_minutes(f, zone) for _, f in pairs]}


# --- baselines ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Variance:
    """One task against a baseline; variances are current minus baseline (positive = later, longer, dearer)."""

    uid: int
    wbs: str
    name: str
    summary: bool
    baseline_start: dt.datetime | None
    baseline_finish: dt.datetime | None
    start: dt.datetime | None
    finish: dt.datetime | None
    start_variance_days: float | None
    finish_variance_days: float | None
    duration_variance_minutes: int | None
    cost_variance: Decimal | None
    status: str  # "changed", "unchanged", "added", "removed"


@dataclass(frozen=True, slots=True)
class Comparison:
    baseline: Baseline
    rows: list[Variance]
    finish_variance_days: float | None
    cost_variance: Decimal
    budget_variance: Decimal


def baselines_of(project: Project) -> QuerySet[Baseline]:
    return Baseline.objects.filter(project=project).select_related("saved_by__user").order_by("number")


def _days(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    return None if a is None or b is None else round((a - b).total_seconds() / 86400, 2)


def baseline_compare(project: Project, baseline: Baseline) -> Comparison:
    """Start, finish, duration and cost variances of every task, and for the project (four queries)."""
    costs = task_costs(project)
    saved = {r.uid: r for r in BaselineTask.objects.filter(baseline=baseline)}
    rows: list[Variance] = []
    total_now, total_then = Decimal(0), Decimal(0)
    for task in Task.objects.filter(project=project).order_by("sort_index").only(
            "uid", "wbs", "name", "is_summary", "start", "finish", "duration_minutes", "fixed_cost"):
        cost = Decimal(task.fixed_cost) + Decimal(str(costs.get(task.pk, (0, 0))[1]))
        old = saved.pop(task.uid, None)
        total_now += cost if not task.is_summary else 0
        total_then += old.cost if old is not None and not task.is_summary else 0
        rows.append(_variance(task, old, cost))
    for old in saved.values():
        total_then += old.cost
        rows.append(Variance(old.uid, "", old.name, False, old.start, old.finish, None, None, None, None, None,
                             -old.cost, "removed"))
    finish = _days(project.scheduled_finish, max((r.baseline_finish for r in rows if r.baseline_finish),
                                                 default=None))
    return Comparison(baseline, rows, finish, total_now - total_then,
                      project.budget_at_completion - baseline.budget_at_completion)


def _variance(task: Task, old: BaselineTask | None, cost: Decimal) -> Variance:
    if old is None:
        return Variance(task.uid, task.wbs, task.name, task.is_summary, None, None, task.start, task.finish, None,
                        None, None, cost, "added")
    start_days, finish_days = _days(task.start, old.start), _days(task.finish, old.finish)
    duration = task.duration_minutes - old.duration_minutes
    changed = bool(start_days or finish_days or duration or cost != old.cost)
    return Variance(task.uid, task.wbs, task.name, task.is_summary, old.start, old.finish, task.start, task.finish,
                    start_days, finish_days, duration, cost - old.cost, "changed" if changed else "unchanged")
