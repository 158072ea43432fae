"""A network turned into arrays: one row per schedulable task, one per link, levels and calendars.

Summary tasks are not scheduled; their links are passed down to the tasks below them, as MS Project does
(a successor summary's children all wait; a predecessor summary is waited on through all its children, or its
earliest child for start-based links), and their dates roll up afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import compress
from operator import attrgetter

import numpy as np

from projectoffice.engine.calendars import continuous_calendar, to_minutes
from projectoffice.engine.calendars.index import Minutes
from projectoffice.engine.network import Constraint, LagKind, Link, LinkType, Network, Task
from projectoffice.engine.schedule.order import levels
from projectoffice.engine.schedule.stack import CalendarStack

NONE = np.int64(-(2**62))
"""Marks "no date" in date arrays."""

CONSTRAINT_CODES = {c: i for i, c in enumerate(Constraint)}
LAG_CODES = {k: i for i, k in enumerate(LagKind)}
LINK_CODES = {t: i for i, t in enumerate(LinkType)}
FS, SS, FF, SF = (LINK_CODES[t] for t in LinkType)


def minutes_or_none(moment: datetime | None) -> int:
    return int(NONE) if moment is None else to_minutes(moment)


@dataclass(slots=True, eq=False)
class Plan:
    """The arrays the passes read; ``rows`` maps array rows to tasks of the network."""

    rows: list[Task]
    children: dict[int, list[int]]
    dur: Minutes
    rem: Minutes
    cal: Minutes  # calendar the duration runs on (the 24-hour one for elapsed durations)
    work_cal: Minutes  # the task's own calendar: lags and slack are measured on it
    milestone: Minutes
    constraint: Minutes
    constraint_date: Minutes
    deadline: Minutes
    manual: Minutes
    fixed_start: Minutes
    fixed_finish: Minutes
    actual_start: Minutes
    actual_finish: Minutes
    pred: Minutes
    succ: Minutes
    link_type: Minutes
    lag: Minutes
    lag_cal: Minutes
    level: Minutes
    stack: CalendarStack
    status: int = int(NONE)  # status date: remaining work does not start before it


def summary_children(network: Network) -> dict[int, list[int]]:
    """Children of each summary task, by uid."""
    children: dict[int, list[int]] = {}
    for task in network.tasks:
        if task.parent is not None:
            children.setdefault(task.parent, []).append(task.uid)
    return children


def leaves_under(uid: int, children: dict[int, list[int]]) -> list[int]:
    """Every non-summary task below ``uid``."""
    out, todo = [], list(children.get(uid, ()))
    while todo:
        u = todo.pop()
        if u in children:
            todo.extend(children[u])
        else:
            out.append(u)
    return out


def build_plan(network: Network, first: date, last: date, earliest: dict[int, int] | None = None) -> Plan:
    """Arrays of ``network`` with calendars indexed over ``first``..``last``.

    ``earliest`` maps a summary uid to its earliest child; start-based links from a summary use it.
    """
    children = summary_children(network)
    rows = [t for t in network.tasks if t.uid not in children]
    row_of = {t.uid: i for i, t in enumerate(rows)}
    names = [network.calendar, *sorted({t.calendar for t in rows if t.calendar} - {network.calendar})]
    cal_of: dict[str | None, int] = {name: k for k, name in enumerate(names)}
    elapsed = len(names)
    stack = CalendarStack([*(network.calendar_named(n) for n in names), continuous_calendar()], first, last)
    cal_of[None] = 0  # the project's calendar comes first in the stack
    work_cal = _column(rows, "calendar", cal_of)
    elapsed_task = _column(rows, "elapsed", dtype=bool)
    dur = _column(rows, "duration")
    pred, succ, kind, lag, lag_elapsed = _links(network, children, row_of, dur, earliest or {})
    return Plan(
        rows=rows, children=children, dur=dur, rem=_remaining(rows, dur),
        cal=np.where(elapsed_task, elapsed, work_cal), work_cal=work_cal,
        milestone=np.array([_is_milestone(t) for t in rows], dtype=bool),
        constraint=_column(rows, "constraint", CONSTRAINT_CODES),
        constraint_date=_dates(rows, "constraint_date"), deadline=_dates(rows, "deadline"),
        manual=_column(rows, "manual", dtype=bool),
        fixed_start=_dates(rows, "start"), fixed_finish=_dates(rows, "finish"),
        actual_start=_dates(rows, "actual_start"), actual_finish=_dates(rows, "actual_finish"),
        pred=pred, succ=succ, link_type=kind, lag=lag,
        lag_cal=np.where(lag_elapsed, elapsed, work_cal[succ] if succ.size else succ),
        level=levels(len(rows), pred, succ, _column(rows, "uid")),
        stack=stack, status=minutes_or_none(network.status_date),
    )


def _is_milestone(task: Task) -> bool:
    return task.duration == 0 if task.milestone is None else task.milestone and task.duration == 0


def _dates(rows: list[Task], attribute: str) -> Minutes:
    """Minutes of one optional datetime attribute, ``NONE`` where absent (only present dates are converted)."""
    out = np.full(len(rows), NONE, dtype=np.int64)
    given = [(i, m) for i, m in enumerate(map(attrgetter(attribute), rows)) if m is not None]
    if given:
        at, moments = zip(*given, strict=True)
        out[list(at)] = [to_minutes(m) for m in moments]
    return out


def _column(items: list, attribute: str, codes: dict | None = None, dtype: type = np.int64) -> Minutes:
    """One attribute of every item as an array, through ``codes`` when given (no per-item Python frame)."""
    values = map(attrgetter(attribute), items)
    return np.fromiter(map(codes.__getitem__, values) if codes else values, dtype=dtype, count=len(items))


def _remaining(rows: list[Task], dur: Minutes) -> Minutes:
    """Remaining duration: as given, else what the percent complete leaves."""
    done = np.array([t.percent_complete for t in rows], dtype=np.float64)
    given = np.array([-1 if t.remaining is None else t.remaining for t in rows], dtype=np.int64)
    return np.where(given >= 0, given, np.rint(dur * (100.0 - done) / 100.0).astype(np.int64))


def _links(network: Network, children: dict[int, list[int]], row_of: dict[int, int], dur: Minutes,
           earliest: dict[int, int]) -> tuple[Minutes, Minutes, Minutes, Minutes, Minutes]:
    """Link arrays with summary ends replaced by the tasks below them and percent lags made minutes."""
    links = list(network.links)
    summaries = np.fromiter(children.keys(), dtype=np.int64, count=len(children))
    touching = np.isin(_column(links, "predecessor"), summaries) | np.isin(_column(links, "successor"), summaries)
    if touching.any():
        plain = list(compress(links, ~touching))
        links = plain + _expanded(list(compress(links, touching)), children, earliest)
    uid_order = np.fromiter(row_of.keys(), dtype=np.int64, count=len(row_of))
    row_order = np.fromiter(row_of.values(), dtype=np.int64, count=len(row_of))
    sort = np.argsort(uid_order)
    uid_sorted, rows_sorted = uid_order[sort], row_order[sort]
    pred = rows_sorted[np.searchsorted(uid_sorted, _column(links, "predecessor"))]
    succ = rows_sorted[np.searchsorted(uid_sorted, _column(links, "successor"))]
    kinds = _column(links, "lag_kind", LAG_CODES)
    lag = _column(links, "lag")
    percent = kinds == LAG_CODES[LagKind.PERCENT]
    lag = np.where(percent, np.rint(dur[pred] * lag / 100.0).astype(np.int64), lag)
    return pred, succ, _column(links, "type", LINK_CODES), lag, kinds == LAG_CODES[LagKind.ELAPSED]


def _expanded(links: list[Link], children: dict[int, list[int]], earliest: dict[int, int]) -> list[Link]:
    """Links touching a summary, one per pair of tasks they really join."""
    out = []
    for link in links:
        if link.predecessor not in children and link.successor not in children:
            continue
        froms = _link_ends(link.predecessor, children, earliest if link.type in (LinkType.SS, LinkType.SF) else {})
        for p in froms:
            out += [replace(link, predecessor=p, successor=s) for s in _link_ends(link.successor, children, {})]
    return out


def _link_ends(uid: int, children: dict[int, list[int]], earliest: dict[int, int]) -> list[int]:
    if uid not in children:
        return [uid]
    if uid in earliest:
        return [earliest[uid]]
    return leaves_under(uid, children)


def default_span(network: Network) -> tuple[date, date]:
    """A first guess of the dates the schedule needs; the scheduler widens it when work runs outside."""
    moments = [m for t in network.tasks for m in (t.constraint_date, t.start, t.actual_start, t.deadline)
               if m is not None]
    anchor = network.start or network.finish
    assert anchor is not None
    low = min([anchor, *moments]).date() - timedelta(days=2 * 366)
    high = max([anchor, *moments]).date() + timedelta(days=5 * 366)
    return low, high
