"""A network turned into arrays: one row per schedulable task, one per link, levels and calendars.

Summary tasks are not scheduled; their links are passed down to the tasks below them, as MS Project does
(a successor summary's children all wait; a predecessor summary is waited on through all its children, or its
earliest child for start-based links), and their dates roll up afterwards.

Conversion reads each task and link once (one ``attrgetter`` tuple per object), so building the arrays of a
100,000-task network costs a fraction of a second; the calendar stack is attached separately because its span
may have to grow and the columns do not change when it does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import compress, repeat
from operator import attrgetter, is_not

import numpy as np

from projectoffice.engine.calendars import continuous_calendar, to_minutes
from projectoffice.engine.calendars.index import Minutes
from projectoffice.engine.network import Constraint, LagKind, Link, LinkType, Network, Task
from projectoffice.engine.schedule.order import levels
from projectoffice.engine.schedule.stack import CalendarStack

AVERAGE_WORK_PER_DAY = 300  # minutes: 5 days of 8 hours a week, a little less for holidays
MAX_REACH = 100 * 366  # days of calendar indexed at first; beyond, the scheduler widens on demand
NONE = np.int64(-(2**62))
"""Marks "no date" in date arrays."""

CONSTRAINT_CODES = {c: i for i, c in enumerate(Constraint)}
LAG_CODES = {k: i for i, k in enumerate(LagKind)}
LINK_CODES = {t: i for i, t in enumerate(LinkType)}
FS, SS, FF, SF = (LINK_CODES[t] for t in LinkType)
DATE_FIELDS = ("constraint_date", "deadline", "start", "finish", "actual_start", "actual_finish")


def _values(items: list, name: str) -> list:
    """One attribute of every item (objects are read once per column: no tuple per item)."""
    return list(map(attrgetter(name), items))


def _ints(items: list, name: str, codes: dict | None = None, dtype: type = np.int64) -> Minutes:
    """One attribute of every item as an array, through ``codes`` when given."""
    values = map(attrgetter(name), items)
    return np.fromiter(map(codes.__getitem__, values) if codes else values, dtype=dtype, count=len(items))


def minutes_or_none(moment: datetime | None) -> int:
    return int(NONE) if moment is None else to_minutes(moment)


@dataclass(slots=True, eq=False)
class Plan:
    """The arrays the passes read. Row ``i`` is task ``rows[i]``, at position ``position[i]`` of the network."""

    rows: list[Task]
    position: Minutes
    parent_position: Minutes  # for every task of the network, its parent's position or -1
    uids_all: Minutes  # uid and parent uid (-1 at the top) of every task of the network
    parents_all: Minutes
    calendars: list[str]
    dur: Minutes
    rem: Minutes
    cal: Minutes  # calendar the duration runs on (the 24-hour one, last in the stack, for elapsed durations)
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
    summary_start_links: bool
    driver_task: Minutes  # resource drivers: the row they drive, their calendar and duration
    driver_cal: Minutes
    driver_dur: Minutes
    status: int = int(NONE)  # status date: remaining work does not start before it
    stack: CalendarStack = field(init=False)
    progress: bool = field(init=False)  # any actual or manual date: the passes skip that code otherwise

    def __post_init__(self) -> None:
        self.progress = bool((self.actual_start != NONE).any() or (self.actual_finish != NONE).any()
                             or self.manual.any())

    @property
    def children(self) -> dict[int, list[int]]:
        """Children of each summary task by uid (built on demand: only summary links need it)."""
        return _children(self.uids_all, self.parents_all)

    @property
    def uids(self) -> Minutes:
        return np.fromiter(map(attrgetter("uid"), self.rows), dtype=np.int64, count=len(self.rows))

    def attach_calendars(self, network: Network, first: date, last: date) -> None:
        """Index the plan's calendars (the project's first, the 24-hour one last) over ``first``..``last``."""
        calendars = [network.calendar_named(name) for name in self.calendars]
        self.stack = CalendarStack([*calendars, continuous_calendar()], first, last)

    def span(self, network: Network) -> tuple[date, date]:
        """A first guess of the dates the schedule needs; the scheduler widens it when work runs past it."""
        anchor = network.start or network.finish
        assert anchor is not None
        moments = [to_minutes(anchor)]
        for column in (self.constraint_date, self.deadline, self.fixed_start, self.actual_start):
            given = column[column != NONE]
            moments += [int(given.min()), int(given.max())] if given.size else []
        low, high = (datetime(1970, 1, 1) + timedelta(minutes=m) for m in (min(moments), max(moments)))
        reach = timedelta(days=max(5 * 366, min(self._longest_path_bound() // AVERAGE_WORK_PER_DAY, MAX_REACH)))
        return low.date() - reach / 2, high.date() + reach

    def _longest_path_bound(self) -> int:
        """Working minutes no path can exceed: a path meets each level once, so the sum over levels of the
        longest task and the longest positive lag into it bounds it."""
        if not self.level.size:
            return 0
        longest = np.zeros(int(self.level.max()) + 1, dtype=np.int64)
        np.maximum.at(longest, self.level, self.dur)
        if self.lag.size:
            np.maximum.at(longest, self.level[self.succ], self.dur[self.succ] + np.maximum(self.lag, 0))
        return int(longest.sum())


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


def build_plan(network: Network, earliest: dict[int, int] | None = None) -> Plan:
    """Arrays of ``network`` (without calendars: see ``Plan.attach_calendars``).

    ``earliest`` maps a summary uid to its earliest child; start-based links from a summary use it.
    """
    tasks = list(network.tasks)
    uids = _ints(tasks, "uid")
    parents = np.array([-1 if p is None else p for p in _values(tasks, "parent")], dtype=np.int64)
    summary_uids = np.unique(parents[parents >= 0])
    is_leaf = ~np.isin(uids, summary_uids)
    position = np.flatnonzero(is_leaf)
    rows = list(compress(tasks, is_leaf)) if summary_uids.size else tasks
    links = list(network.links)
    preds, succs = _ints(links, "predecessor"), _ints(links, "successor")
    touching = np.isin(preds, summary_uids) | np.isin(succs, summary_uids)
    children = _children(uids, parents) if touching.any() else {}
    pause = _ints(rows, "pause")
    drivers = _values(rows, "drivers")
    driver_names = [d.calendar for ds in drivers if ds for d in ds]
    calendars, work_cal = _calendar_codes(network, _values(rows, "calendar"), driver_names)
    driver_task, driver_cal, driver_dur = _drivers(drivers, calendars)
    driver_dur = driver_dur + pause[driver_task]
    dur = _ints(rows, "duration")
    pred, succ, kind, lag, lag_elapsed, summary_starts = _links(links, preds, succs, children, uids[position],
                                                                dur, earliest or {})
    elapsed_cal = len(calendars)
    dates = {name: _minutes(_values(rows, name)) for name in DATE_FIELDS}
    zero = np.flatnonzero(dur == 0)
    not_milestone = zero[np.array([rows[i].milestone is False for i in zero], dtype=bool)] if zero.size else zero
    return Plan(
        rows=rows, position=position, parent_position=_positions(uids, parents), uids_all=uids, parents_all=parents,
        calendars=calendars, dur=dur + pause,
        rem=_remaining(_ints(rows, "percent_complete", dtype=np.float64), _values(rows, "remaining"), dur) + pause,
        cal=np.where(_ints(rows, "elapsed", dtype=bool), elapsed_cal, work_cal), work_cal=work_cal,
        milestone=_milestones(dur, not_milestone),
        constraint=_ints(rows, "constraint", CONSTRAINT_CODES),
        constraint_date=dates["constraint_date"], deadline=dates["deadline"],
        manual=_ints(rows, "manual", dtype=bool),
        fixed_start=dates["start"], fixed_finish=dates["finish"],
        actual_start=dates["actual_start"], actual_finish=dates["actual_finish"],
        pred=pred, succ=succ, link_type=kind, lag=lag,
        lag_cal=np.where(lag_elapsed, elapsed_cal, work_cal[succ] if succ.size else succ),
        level=levels(len(rows), pred, succ, uids[position]), summary_start_links=summary_starts,
        driver_task=driver_task, driver_cal=driver_cal, driver_dur=driver_dur,
        status=minutes_or_none(network.status_date),
    )


def _children(uids: Minutes, parents: Minutes) -> dict[int, list[int]]:
    """Children of each summary task, by uid."""
    children: dict[int, list[int]] = {}
    for uid, parent in zip(uids[parents >= 0].tolist(), parents[parents >= 0].tolist(), strict=True):
        children.setdefault(parent, []).append(uid)
    return children



def _positions(uids: Minutes, parents: Minutes) -> Minutes:
    order = np.argsort(uids)
    found = order[np.searchsorted(uids[order], np.maximum(parents, 0))] if uids.size else parents
    return np.where(parents >= 0, found, -1)


def _calendar_codes(network: Network, names: list[str | None], others: list[str]) -> tuple[list[str], Minutes]:
    """The calendars tasks and drivers use, the project's first, and each row's code among them."""
    calendars = [network.calendar, *sorted(({n for n in names if n} | set(others)) - {network.calendar})]
    code: dict[str | None, int] = {name: k for k, name in enumerate(calendars)}
    code[None] = 0
    return calendars, np.fromiter(map(code.__getitem__, names), dtype=np.int64, count=len(names))


def _milestones(dur: Minutes, not_milestone: Minutes) -> Minutes:
    """Zero-duration tasks are milestones unless explicitly not (``Task.milestone is False``)."""
    out = dur == 0
    out[not_milestone] = False
    return out


def _drivers(drivers: list[tuple], calendars: list[str]) -> tuple[Minutes, Minutes, Minutes]:
    """Driver rows: the task row each drives, its calendar code and its duration."""
    code = {name: k for k, name in enumerate(calendars)}
    found = [(row, code[d.calendar], d.duration) for row, ds in enumerate(drivers) if ds for d in ds]
    table = np.array(found, dtype=np.int64).reshape(-1, 3)
    return table[:, 0].copy(), table[:, 1].copy(), table[:, 2].copy()


def _minutes(moments: list[datetime | None]) -> Minutes:
    """Minutes of optional datetimes, ``NONE`` where absent (only the present ones are converted)."""
    out = np.full(len(moments), NONE, dtype=np.int64)
    given = list(compress(range(len(moments)), map(is_not, moments, repeat(None))))
    if given:
        out[given] = [to_minutes(moments[i]) for i in given]  # type: ignore[arg-type]
    return out


def _remaining(done: Minutes, remaining: list[int | None], dur: Minutes) -> Minutes:
    """Remaining duration: as given, else what the percent complete leaves."""
    out = np.rint(dur * (100.0 - done) / 100.0).astype(np.int64) if done.any() else dur.copy()
    given = list(compress(range(len(remaining)), map(is_not, remaining, repeat(None))))
    if given:
        out[given] = [int(remaining[i] or 0) for i in given]
    return out


def _links(links: list[Link], preds: Minutes, succs: Minutes, children: dict[int, list[int]], leaf_uids: Minutes,
           dur: Minutes, earliest: dict[int, int]) -> tuple[Minutes, Minutes, Minutes, Minutes, Minutes, bool]:
    """Link arrays with summary ends replaced by the tasks below them and percent lags made minutes."""
    starts = False
    if children:
        summaries = np.fromiter(children.keys(), dtype=np.int64, count=len(children))
        from_summary = np.isin(preds, summaries)
        touching = from_summary | np.isin(succs, summaries)
        if touching.any():
            kinds = _ints(links, "type", LINK_CODES)
            starts = bool((from_summary & ((kinds == SS) | (kinds == SF))).any())
            links = list(compress(links, ~touching)) + _expanded(list(compress(links, touching)), children, earliest)
            preds, succs = _ints(links, "predecessor"), _ints(links, "successor")
    order = np.argsort(leaf_uids)
    pred = order[np.searchsorted(leaf_uids[order], preds)] if preds.size else preds
    succ = order[np.searchsorted(leaf_uids[order], succs)] if succs.size else succs
    lag_kind = _ints(links, "lag_kind", LAG_CODES)
    lag = _ints(links, "lag")
    percent = lag_kind == LAG_CODES[LagKind.PERCENT]
    lag = np.where(percent, np.rint(dur[pred] * lag / 100.0).astype(np.int64), lag) if percent.any() else lag
    kind = _ints(links, "type", LINK_CODES)
    return pred, succ, kind, lag, lag_kind == LAG_CODES[LagKind.ELAPSED], starts


def _expanded(links: list[Link], children: dict[int, list[int]], earliest: dict[int, int]) -> list[Link]:
    """Links touching a summary, one per pair of tasks they really join."""
    out = []
    for link in links:
        starts = link.type in (LinkType.SS, LinkType.SF)
        for p in _link_ends(link.predecessor, children, earliest if starts else {}):
            out += [replace(link, predecessor=p, successor=s) for s in _link_ends(link.successor, children, {})]
    return out


def _link_ends(uid: int, children: dict[int, list[int]], earliest: dict[int, int]) -> list[int]:
    if uid not in children:
        return [uid]
    if uid in earliest:
        return [earliest[uid]]
    return leaves_under(uid, children)
