"""The CPM forward and backward passes, one topological level at a time, as MS Project computes them.

Forward: a task starts at the latest of what its links allow (lags on the successor's calendar), moved to the
next working moment (a milestone may sit at the end of a working period); dated constraints then win over
links, as in MS Project. Backward: a task finishes by the earliest of what its successors allow, the project
finish, its constraint and its deadline. Actual dates and manually scheduled dates are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from projectoffice.engine.calendars.index import Minutes
from projectoffice.engine.network import Constraint
from projectoffice.engine.schedule.plan import CONSTRAINT_CODES, FF, FS, NONE, SF, SS, Plan

C = CONSTRAINT_CODES
SNET, SNLT, FNET, FNLT = C[Constraint.SNET], C[Constraint.SNLT], C[Constraint.FNET], C[Constraint.FNLT]
MSO, MFO, ALAP = C[Constraint.MSO], C[Constraint.MFO], C[Constraint.ALAP]
assert C[Constraint.ASAP] == 0 and ALAP == 1, "dated constraints are coded above ALAP"
assert FS == 0, "finish-to-start is link code 0: 'no link of another type' is kind.any() is False"
LATEST = np.int64(2**62)


@dataclass(slots=True, eq=False)
class Groups:
    """Rows of tasks and links per level, computed once and reused by every pass."""

    tasks: list[Minutes]
    links_in: list[Minutes]  # links grouped by their successor's level
    links_out: list[Minutes]  # links grouped by their predecessor's level
    drivers: list[Minutes]  # resource drivers grouped by their task's level


def group_by_level(plan: Plan) -> Groups:
    count = int(plan.level.max()) + 1 if plan.level.size else 0
    return Groups(_split(plan.level, count), _split(plan.level[plan.succ], count),
                  _split(plan.level[plan.pred], count), _split(plan.level[plan.driver_task], count))


def _split(keys: Minutes, count: int) -> list[Minutes]:
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(count + 1))
    return [order[bounds[k]:bounds[k + 1]] for k in range(count)]


# -- duration arithmetic on each task's calendar ----------------------------------------------------------------
def masked(mask: npt.NDArray[np.bool_], base: Minutes, operation: Callable[..., Minutes], *args: Minutes) -> Minutes:
    """``base`` where ``mask`` is false, ``operation(*args)`` where it holds: computed only on those rows."""
    if not mask.any():
        return base
    out = base.copy()
    out[mask] = operation(*(a[mask] for a in args))
    return out


def finish_from_start(plan: Plan, rows: Minutes, start: Minutes, dur: Minutes) -> Minutes:
    return plan.stack.add(start, dur, plan.cal[rows])


def start_from_finish(plan: Plan, rows: Minutes, finish: Minutes, dur: Minutes) -> Minutes:
    return plan.stack.add(finish, -dur, plan.cal[rows])


def next_start(plan: Plan, rows: Minutes, moments: Minutes) -> Minutes:
    """Next working moment, except that a milestone may stay at the very end of a working period."""
    cal = plan.cal[rows]
    snapped = plan.stack.next_start(moments, cal)
    moved = plan.milestone[rows] & (snapped > moments)
    if moved.any():
        at_end = plan.stack.previous_finish(moments[moved], cal[moved]) == moments[moved]
        snapped[moved] = np.where(at_end, moments[moved], snapped[moved])
    return snapped


def _start_and_finish(plan: Plan, rows: Minutes, moments: Minutes, dur: Minutes) -> tuple[Minutes, Minutes]:
    """``next_start`` and ``finish_from_start`` in one lookup (the common case: no dated constraint)."""
    cal = plan.cal[rows]
    start, finish = plan.stack.start_and_finish(moments, dur, cal)
    moved = plan.milestone[rows] & (start > moments)
    if moved.any():
        at_end = plan.stack.previous_finish(moments[moved], cal[moved]) == moments[moved]
        start[moved] = np.where(at_end, moments[moved], start[moved])
        finish[moved] = start[moved]
    return start, finish


# -- forward pass --------------------------------------------------------------------------------------------
def forward(plan: Plan, groups: Groups, project_start: int, es: Minutes, ef: Minutes, late: bool = False,
            ls: Minutes | None = None, lf: Minutes | None = None) -> None:
    """Fill early start/finish ``es``/``ef`` level by level (``late`` lets ALAP tasks drive from late dates)."""
    bound = np.full(len(plan.rows), NONE, dtype=np.int64)
    finish_bound = np.full(len(plan.rows), NONE, dtype=np.int64)
    for rows, links, drivers in zip(groups.tasks, groups.links_in, groups.drivers, strict=True):
        if links.size:
            starts, finishes = start_bounds(plan, links, project_start, es, ef, ls, lf, late)
            np.maximum.at(bound, plan.succ[links], starts)
            by_finish = finishes != NONE
            if by_finish.any():
                np.maximum.at(finish_bound, plan.succ[links[by_finish]], finishes[by_finish])
        _place(plan, rows, bound[rows], finish_bound[rows], project_start, es, ef, drivers)


def start_bounds(plan: Plan, links: Minutes, project_start: int, es: Minutes, ef: Minutes,
                  ls: Minutes | None, lf: Minutes | None, late: bool) -> tuple[Minutes, Minutes]:
    """The earliest start of each link's successor that the link allows, and for finish-based links (FF, SF)
    the finish itself: MS Project keeps that literal moment (Monday 08:00, not Friday 17:00) as the finish."""
    p, s, kind = plan.pred[links], plan.succ[links], plan.link_type[links]
    alap = late and ls is not None and lf is not None
    if not alap and not kind.any() and not plan.lag[links].any():  # plain finish-to-start (code 0), no lag
        return ef[p], np.full(links.size, NONE, dtype=np.int64)
    p_start = np.where(plan.constraint[p] == ALAP, ls[p], es[p]) if alap else es[p]  # type: ignore[index]
    p_finish = np.where(plan.constraint[p] == ALAP, lf[p], ef[p]) if alap else ef[p]  # type: ignore[index]
    if plan.progress:
        finished = plan.actual_finish[p] != NONE
        p_start = np.where(finished & (kind == SS), plan.actual_start[p], p_start)
    ref = np.where((kind == SS) | (kind == SF), p_start, p_finish)
    ff, sf = kind == FF, kind == SF
    lag = plan.lag[links]
    finishes = np.where(ff | sf, masked(lag != 0, ref, plan.stack.add, ref, lag, plan.lag_cal[links]), NONE)
    back = -np.where(ff, plan.rem[s], plan.dur[s])
    ref = masked(ff | sf, ref, plan.stack.add, ref, back, plan.cal[s])
    out = masked(lag != 0, ref, plan.stack.add, ref, lag, plan.lag_cal[links])
    return np.where(ff, np.maximum(out, project_start), out), finishes


def _place(plan: Plan, rows: Minutes, bound: Minutes, finish_bound: Minutes, project_start: int, es: Minutes,
           ef: Minutes, drivers: Minutes) -> None:
    """Early dates of the tasks of one level from the bound their links set."""
    start = np.where(bound == NONE, project_start, bound)
    cons, dur = plan.constraint[rows], plan.dur[rows]
    dated = cons > ALAP  # ASAP and ALAP carry no date
    if dated.any():
        start, from_cdate = _dated_bounds(plan, rows, bound == NONE, start)
    if plan.status != NONE:
        start = np.maximum(start, plan.status)
    if dated.any():
        start = _constrain(cons, plan.constraint_date[rows], from_cdate, next_start(plan, rows, start))
        finish = np.where(cons == MFO, plan.constraint_date[rows], finish_from_start(plan, rows, start, dur))
    else:
        start, finish = _start_and_finish(plan, rows, start, dur)
    finish = _literal_finish(plan, rows, finish, finish_bound)
    if plan.progress:
        _keep_actuals_and_manual(plan, rows, start, finish)
    es[rows], ef[rows] = start, finish
    if drivers.size:
        _drive(plan, drivers, es, ef)


def _dated_bounds(plan: Plan, rows: Minutes, no_links: Minutes, start: Minutes) -> tuple[Minutes, Minutes]:
    """Starts of tasks without links that a SNET/FNET date sets, and the start each finish date implies."""
    cons, cdate = plan.constraint[rows], plan.constraint_date[rows]
    start = np.where(no_links & (cons == SNET), cdate, start)
    by_finish = ((cons == FNET) | (cons == FNLT) | (cons == MFO)) & (cdate != NONE)
    from_cdate = masked(by_finish, start, plan.stack.add, cdate, -plan.dur[rows], plan.cal[rows])
    return np.where(no_links & (cons == FNET), from_cdate, start), from_cdate


def _literal_finish(plan: Plan, rows: Minutes, finish: Minutes, finish_bound: Minutes) -> Minutes:
    """A finish-based link ending on the first minute of work keeps that moment, as MS Project shows it."""
    later = (finish_bound != NONE) & (finish_bound > finish)
    if not later.any():
        return finish
    cal = plan.cal[rows[later]]
    same = plan.stack.work(finish_bound[later], cal) == plan.stack.work(finish[later], cal)
    out = finish.copy()
    out[later] = np.where(same, finish_bound[later], finish[later])
    return out


def _drive(plan: Plan, drivers: Minutes, es: Minutes, ef: Minutes) -> None:
    """Tasks with resource drivers start with their first driver and finish with their last (MS Project)."""
    task = plan.driver_task[drivers]
    keep = (plan.actual_finish[task] == NONE) & ~plan.manual[task]
    task, cal, drivers = task[keep], plan.driver_cal[drivers[keep]], drivers[keep]
    if not task.size:
        return
    started = plan.actual_start[task] != NONE
    starts = np.where(started, plan.actual_start[task], plan.stack.next_start(es[task], cal))
    finishes = plan.stack.add(starts, plan.driver_dur[drivers], cal)
    es[task], ef[task] = LATEST, -LATEST
    np.minimum.at(es, task, starts)
    np.maximum.at(ef, task, finishes)


def _constrain(cons: Minutes, cdate: Minutes, from_cdate: Minutes, start: Minutes) -> Minutes:
    start = np.where(cons == SNET, np.maximum(start, cdate), start)
    start = np.where(cons == FNET, np.maximum(start, from_cdate), start)
    start = np.where(cons == SNLT, np.minimum(start, cdate), start)
    start = np.where(cons == FNLT, np.minimum(start, from_cdate), start)
    start = np.where(cons == MSO, cdate, start)
    return np.where(cons == MFO, from_cdate, start)


def _keep_actuals_and_manual(plan: Plan, rows: Minutes, start: Minutes, finish: Minutes) -> None:
    started = plan.actual_start[rows] != NONE
    if started.any():
        astart = plan.actual_start[rows]
        done = plan.actual_finish[rows]
        run = finish_from_start(plan, rows, np.where(started, astart, start), plan.dur[rows])
        if plan.status != NONE:
            rem = plan.rem[rows]
            stop = finish_from_start(plan, rows, np.where(started, astart, start), plan.dur[rows] - rem)
            resume = next_start(plan, rows, np.maximum(stop, plan.status))
            run = np.where(rem > 0, finish_from_start(plan, rows, resume, rem), run)
        start[:] = np.where(started, astart, start)
        finish[:] = np.where(done != NONE, done, np.where(started, run, finish))
    manual = plan.manual[rows]
    if manual.any():
        start[:] = np.where(manual, plan.fixed_start[rows], start)
        finish[:] = np.where(manual, plan.fixed_finish[rows], finish)


# -- backward pass -------------------------------------------------------------------------------------------
def backward(plan: Plan, groups: Groups, project_finish: int, es: Minutes, ef: Minutes,
             ls: Minutes, lf: Minutes) -> Minutes:
    """Fill late start/finish ``ls``/``lf`` level by level from the last; returns the computed late starts."""
    bound = np.full(len(plan.rows), LATEST, dtype=np.int64)
    computed = np.zeros(len(plan.rows), dtype=np.int64)
    levels = zip(reversed(groups.tasks), reversed(groups.links_out), reversed(groups.drivers), strict=True)
    for rows, links, drivers in levels:
        if links.size:
            live = links[plan.actual_finish[plan.succ[links]] == NONE] if plan.progress else links
            if live.size:
                np.minimum.at(bound, plan.pred[live], _finish_bounds(plan, live, project_finish, ls, lf, computed))
        _place_late(plan, rows, bound[rows], project_finish, ls, lf, computed)
        if drivers.size:
            _drive_late(plan, drivers, ls, lf, computed)
    return computed


def _drive_late(plan: Plan, drivers: Minutes, ls: Minutes, lf: Minutes, computed: Minutes) -> None:
    """Late dates of driven tasks: the latest equivalent finish of any driver, the earliest driver start."""
    task, cal = plan.driver_task[drivers], plan.driver_cal[drivers]
    keep = (plan.actual_finish[task] == NONE) & ~plan.manual[task]
    task, cal, drivers = task[keep], cal[keep], drivers[keep]
    if not task.size:
        return
    finishes = plan.stack.previous_finish(lf[task], cal)
    share = np.where(plan.dur[task] > 0, plan.rem[task] / np.maximum(plan.dur[task], 1), 1.0)
    remaining = np.rint(plan.driver_dur[drivers] * share).astype(np.int64)
    lf[task] = -LATEST
    np.maximum.at(lf, task, finishes)
    starts = plan.stack.add(lf[task], -remaining, cal)
    computed[task] = LATEST
    np.minimum.at(computed, task, starts)
    ls[task] = np.where(plan.actual_start[task] != NONE, plan.actual_start[task], computed[task])


def _finish_bounds(plan: Plan, links: Minutes, project_finish: int, ls: Minutes, lf: Minutes,
                   computed: Minutes) -> Minutes:
    """The latest finish of each link's predecessor that the link allows."""
    p, s, kind = plan.pred[links], plan.succ[links], plan.link_type[links]
    if not kind.any() and not plan.lag[links].any() and not plan.progress:  # plain finish-to-start, no lag
        return np.minimum(computed[s], project_finish)
    stack, lag, lag_cal, p_cal, p_dur = plan.stack, -plan.lag[links], plan.lag_cal[links], plan.cal[p], plan.dur[p]
    ss = kind == SS
    out = np.where(kind == FS, computed[s], lf[s])
    out = masked(kind == SF, out, stack.add, out, p_dur, p_cal)
    out = masked(ss, out, stack.next_start, ls[s], plan.work_cal[p])
    out = masked(lag != 0, out, stack.add, out, lag, lag_cal)
    out = masked(ss, out, stack.add, out, p_dur, p_cal)
    if plan.progress:
        out = np.where((plan.actual_start[p] != NONE) & ss, project_finish, out)
    return np.minimum(out, project_finish)


def _place_late(plan: Plan, rows: Minutes, bound: Minutes, project_finish: int, ls: Minutes, lf: Minutes,
                computed: Minutes) -> None:
    """Late dates of the tasks of one level from the bound their successors set."""
    finish = np.where(bound == LATEST, project_finish, bound)
    cons = plan.constraint[rows]
    if (cons > ALAP).any():
        finish = _latest_by_constraint(plan, rows, cons, finish)
    deadline = plan.deadline[rows]
    finish = np.where(deadline != NONE, np.minimum(finish, np.where(deadline == NONE, finish, deadline)), finish)
    span = plan.rem[rows]
    if not plan.progress:
        lf[rows], ls[rows] = plan.stack.finish_and_start(finish, span, plan.cal[rows])
        computed[rows] = ls[rows]
        return
    done, manual = plan.actual_finish[rows] != NONE, plan.manual[rows]
    span = np.where(manual, plan.dur[rows], span)
    finish, start = plan.stack.finish_and_start(finish, span, plan.cal[rows])
    if done.any():
        finish = np.where(done, plan.actual_finish[rows], finish)
        start = np.where(done, start_from_finish(plan, rows, finish, span), start)
    computed[rows] = start
    started = plan.actual_start[rows] != NONE
    ls[rows] = np.where(started & ~manual, plan.actual_start[rows], np.where(manual & done, plan.actual_start[rows], start))
    lf[rows] = finish


def _latest_by_constraint(plan: Plan, rows: Minutes, cons: Minutes, finish: Minutes) -> Minutes:
    """The late finish a dated constraint allows (MSO/MFO fix it, SNLT/FNLT cap it)."""
    cdate = plan.constraint_date[rows]
    safe = np.where(cdate == NONE, finish, cdate)
    by_start = (cons == MSO) | (cons == SNLT)
    latest = masked(by_start, finish, plan.stack.add, safe, plan.dur[rows], plan.cal[rows])
    finish = np.where(cons == MSO, latest, np.where(cons == SNLT, np.minimum(finish, latest), finish))
    finish = np.where(cons == MFO, safe, finish)
    return np.where(cons == FNLT, np.minimum(finish, safe), finish)

