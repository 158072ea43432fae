"""Rows ↔ engine values: a project's tasks, links and calendars as an engine ``Network``, and the engine's
``Schedule`` written back to the task rows in bulk (only the rows whose dates, float or critical flag moved).

Dates in the database are aware (UTC); the engine works in the wall-clock time of the lead site, as MS Project
does, so every date crosses the lead site's time zone here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import BigIntegerField, F, Func, IntegerField, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from projectoffice.engine import network as engine
from projectoffice.engine.schedule import Schedule
from projectoffice.organization.models import SiteCalendarException
from projectoffice.projects.calendars import (
    default_calendar_name,
    engine_calendars,
    engine_site_calendar,
    holiday_years,
)
from projectoffice.projects.models import Project, ProjectCalendar, Task, TaskLink

INPUT_FIELDS = (
    "pk", "uid", "parent_id", "name", "duration_minutes", "elapsed", "calendar_id", "constraint", "constraint_date",
    "deadline", "manual", "manual_start", "manual_finish", "actual_start", "actual_finish", "percent_complete",
    "remaining_minutes", "is_milestone", "leveled_start",
)
RESULT_FIELDS = (
    "start", "finish", "early_start", "early_finish", "late_start", "late_finish", "total_float_minutes",
    "free_float_minutes", "is_critical",
)
DATE_RESULTS = RESULT_FIELDS[:6]
NULL = -(2**62)
"""Stands for NULL in the integer form of the stored results (no date or float is ever that far off)."""
CONSTRAINTS = {c.value: c for c in engine.Constraint}  # enum look-ups by value are slow at 10,000 rows
LINK_TYPES = {t.value: t for t in engine.LinkType}
LAG_KINDS = {k.value: k for k in engine.LagKind}


@dataclass(frozen=True, slots=True, eq=False)
class LoadedPlan:
    """A project's network and what is needed to write the schedule back."""

    network: engine.Network
    pk_of_uid: dict[int, int]
    current: np.ndarray  # RESULT_FIELDS as stored, one row per task in the network's order (see result_columns)
    names: dict[int, str]  # uid -> "WBS name", for messages
    zone: zoneinfo.ZoneInfo


class EpochSeconds(Func):
    """A datetime column as whole seconds since 1970-01-01 UTC. Stored and computed results are compared, and
    written, as plain integers: no datetime object is made for a row that did not move."""

    arity = 1
    output_field = BigIntegerField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)


def result_columns() -> dict[str, Coalesce]:
    """The stored results as integers (``NULL`` for a null): dates as epoch seconds, floats, critical as 0/1."""
    columns: dict[str, Coalesce] = {}
    for name in RESULT_FIELDS:
        expression: Any = F(name)
        if name in DATE_RESULTS:
            expression = EpochSeconds(name)
        elif name == "is_critical":
            expression = Cast(name, IntegerField())  # PostgreSQL casts a boolean to integer, not to bigint
        columns[f"stored_{name}"] = Coalesce(expression, Value(NULL), output_field=BigIntegerField())
    return columns


def raw_rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a values_list as the database driver returns them, without Django's per-value converters
    (a third of a second at 10,000 tasks on SQLite); dates come back in the database's own form."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def db_moment(value: Any) -> dt.datetime | None:
    """A raw database datetime (naive UTC from SQLite, aware from the others) as an aware datetime."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def project_zone(project: Project) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(project.lead_site.time_zone)


def to_local(moment: Any, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """An aware (or raw database) moment as the lead site's naive wall-clock time (the engine's convention)."""
    moment = db_moment(moment)
    return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)


def from_local(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return moment.replace(tzinfo=zone)


def load_plan(project: Project) -> LoadedPlan:
    """Read the project's rows (three queries, plus calendars) and build the engine network."""
    zone = project_zone(project)
    stored = result_columns()
    rows = raw_rows(Task.objects.filter(project=project).order_by("sort_index").annotate(**stored).values_list(
        *INPUT_FIELDS, "wbs", *stored))
    uid_of = {row[0]: row[1] for row in rows}
    calendars, default = project_calendars(project)
    calendar_names = {c_pk: name for c_pk, name in calendars.items()}
    tasks = tuple(_engine_task(row, uid_of, calendar_names, zone) for row in rows)
    links = tuple(
        engine.Link(uid_of[p], uid_of[s], LINK_TYPES[kind], lag, LAG_KINDS[lag_kind])
        for p, s, kind, lag, lag_kind in TaskLink.objects.filter(project=project).values_list(
            "predecessor_id", "successor_id", "type", "lag", "lag_kind")
    )
    _refuse_summary_links(links, {t.uid: t.parent for t in tasks})
    network = engine.Network(
        tasks=tasks, links=links, start=to_local(project.planned_start, zone),
        finish=to_local(project.planned_finish, zone), calendars=default[1], calendar=default[0],
        from_finish=project.schedule_from_finish, status_date=to_local(project.status_date, zone),
        critical_slack=project.critical_slack_minutes,
    )
    n = len(INPUT_FIELDS) + 1
    current = np.array([row[n:] for row in rows], dtype=np.int64).reshape(len(rows), len(RESULT_FIELDS))
    return LoadedPlan(network=network, pk_of_uid={row[1]: row[0] for row in rows}, current=current,
                      names={row[1]: f"{row[n - 1]} {row[3]}".strip() for row in rows}, zone=zone)


def _refuse_summary_links(links: tuple[engine.Link, ...], parent: dict[int, int | None]) -> None:
    """A link between a summary and a task below it is a loop (MS Project refuses it too): name both."""
    for link in links:
        for upper, lower in ((link.predecessor, link.successor), (link.successor, link.predecessor)):
            node = parent.get(lower)
            while node is not None:
                if node == upper:
                    raise SummaryLinkError(upper, lower)
                node = parent.get(node)


class SummaryLinkError(Exception):
    def __init__(self, summary: int, below: int) -> None:
        super().__init__(summary, below)
        self.summary, self.below = summary, below


def project_calendars(project: Project) -> tuple[dict[int, str], tuple[str, dict[str, Any]]]:
    """Calendar names by pk, and (the project's calendar name, engine calendars by name)."""
    rows = list(ProjectCalendar.objects.filter(project=project).select_related("base_site"))
    years = holiday_years(project.planned_start or project.planned_finish or dt.datetime.now(dt.UTC))
    sites = {r.base_site_id for r in rows if r.base_site_id} | {project.lead_site_id}
    local: dict[int, list[SiteCalendarException]] = defaultdict(list)
    for exception in SiteCalendarException.objects.filter(site_id__in=sites):
        local[exception.site_id].append(exception)
    by_name = engine_calendars(rows, years, local)
    names = {r.pk: r.name for r in rows}
    if project.calendar_id in names:
        return names, (names[project.calendar_id], by_name)
    name = default_calendar_name(project.lead_site)
    by_name.setdefault(name, engine_site_calendar(project.lead_site, years, local.get(project.lead_site_id, ())))
    return names, (name, by_name)


def _engine_task(row: tuple[Any, ...], uid_of: dict[int, int], calendars: dict[int, str],
                 zone: zoneinfo.ZoneInfo) -> engine.Task:
    (_, uid, parent_id, name, duration, elapsed, calendar_id, constraint, constraint_date, deadline, manual,
     manual_start, manual_finish, actual_start, actual_finish, percent, remaining, milestone, leveled) = row[:19]
    if leveled is not None or constraint_date is not None:  # most rows have neither: skip the conversions
        constraint, constraint_date = _with_leveling(constraint, constraint_date, leveled)
    manual = bool(manual and manual_start and manual_finish)
    if deadline is None and actual_start is None and actual_finish is None and not manual:
        return engine.Task(uid=uid, name=name, duration=duration, calendar=calendars.get(calendar_id),
                           parent=uid_of.get(parent_id) if parent_id else None, constraint=CONSTRAINTS[constraint],
                           constraint_date=to_local(constraint_date, zone), percent_complete=float(percent),
                           remaining=remaining, milestone=bool(milestone), elapsed=bool(elapsed))
    return engine.Task(
        uid=uid, name=name, duration=duration, calendar=calendars.get(calendar_id),
        parent=uid_of.get(parent_id) if parent_id else None, constraint=CONSTRAINTS[constraint],
        constraint_date=to_local(constraint_date, zone), deadline=to_local(deadline, zone), manual=manual,
        start=to_local(manual_start, zone) if manual else None,
        finish=to_local(manual_finish, zone) if manual else None,
        actual_start=to_local(actual_start, zone), actual_finish=to_local(actual_finish, zone),
        percent_complete=float(percent), remaining=remaining, milestone=bool(milestone), elapsed=bool(elapsed),
    )


def _with_leveling(constraint: str, date: dt.datetime | None,
                   leveled: dt.datetime | None) -> tuple[str, dt.datetime | None]:
    """A levelled task waits until its levelled start: an ASAP task becomes "start no earlier than" it."""
    date, leveled = db_moment(date), db_moment(leveled)
    if leveled is None:
        return constraint, date
    if constraint == "ASAP":
        return "SNET", leveled
    if constraint == "SNET" and date is not None and date < leveled:
        return "SNET", leveled
    return constraint, date


@dataclass(frozen=True, slots=True, eq=False)
class ChangedRows:
    """The rows whose computed results differ from the stored ones: task pks and, per row, RESULT_FIELDS as
    integers (dates in epoch seconds, UTC; floats in minutes; critical 0/1)."""

    pks: list[int]
    values: list[list[int]]

    def __len__(self) -> int:
        return len(self.pks)


def changed_rows(plan: LoadedPlan, result: Schedule) -> ChangedRows:
    """Compare the engine's results with the stored ones, all rows at once in NumPy."""
    if not len(result.uids):
        return ChangedRows([], [])
    position = {uid: i for i, uid in enumerate(t.uid for t in plan.network.tasks)}
    order = np.fromiter((position[uid] for uid in result.uids.tolist()), dtype=np.int64, count=len(result.uids))
    computed = np.column_stack([*(utc_seconds(result.dates[name], plan.zone) for name in DATE_RESULTS),
                                result.total_slack, result.free_slack, result.critical]).astype(np.int64)
    moved = np.flatnonzero((computed != plan.current[order]).any(axis=1))
    uids = result.uids[moved].tolist()
    return ChangedRows([plan.pk_of_uid[uid] for uid in uids], computed[moved].tolist())


def utc_seconds(minutes: np.ndarray, zone: zoneinfo.ZoneInfo) -> np.ndarray:
    """Wall-clock minutes since the epoch (the engine's dates) as UTC seconds since the epoch, vectorised.

    The offset is taken at noon of each day: working time never falls in the night hour a DST change skips.
    """
    minutes = np.asarray(minutes, dtype=np.int64)
    if not len(minutes):
        return minutes
    days = minutes // 1440
    unique = np.unique(days)
    offsets = np.array([_offset_minutes(int(day), zone) for day in unique], dtype=np.int64)
    return (minutes - offsets[np.searchsorted(unique, days)]) * 60


@lru_cache(maxsize=65536)
def _offset_minutes(day: int, zone: zoneinfo.ZoneInfo) -> int:
    noon = dt.datetime(1970, 1, 1, 12) + dt.timedelta(days=day)
    offset = noon.replace(tzinfo=zone).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0
