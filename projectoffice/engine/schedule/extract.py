"""From pass results to a ``Schedule``: scheduled dates, slack, critical flags, summary roll-up, longest path.

Slack follows MS Project: total slack is the smaller of start slack (early to late start) and finish slack
(early to late finish) in working minutes of the task's calendar, finish slack alone once a task has started,
zero for an as-late-as-possible task. Free slack is what a task can slip without moving any successor.
"""

from __future__ import annotations

import numpy as np

from projectoffice.engine.calendars import from_minutes
from projectoffice.engine.calendars.index import Minutes
from projectoffice.engine.network import Network
from projectoffice.engine.schedule.passes import ALAP, start_bounds
from projectoffice.engine.schedule.plan import FS, NONE, SF, SS, Plan
from projectoffice.engine.schedule.result import COLUMNS, Schedule

MAX_WARNINGS = 50
LATEST = np.int64(2**62)


def extract(network: Network, plan: Plan, es: Minutes, ef: Minutes, ls: Minutes, lf: Minutes,
            project_start: int) -> Schedule:
    """Assemble the schedule of every task of ``network`` (summaries rolled up from their children)."""
    leaf = _leaf_columns(plan, es, ef, ls, lf)
    total = _total_slack(plan, es, ef, ls, lf)
    free = _free_slack(plan, leaf, total)
    critical = (total <= network.critical_slack) & (plan.actual_finish == NONE)
    rows_at = plan.position
    columns, crit, is_summary = _rollup(network, plan.parent_position, rows_at, leaf, critical)
    total_all, free_all = _summary_slack(network, plan, columns, is_summary, rows_at, total, free)
    start = int(columns["start"].min()) if len(network.tasks) else project_start
    finish = int(columns["finish"].max()) if len(network.tasks) else project_start
    return Schedule(
        start=from_minutes(start), finish=from_minutes(finish),
        uids=np.array([t.uid for t in network.tasks], dtype=np.int64),
        names=tuple(t.name for t in network.tasks), dates=columns,
        total_slack=total_all, free_slack=free_all, critical=crit, summary=is_summary,
        critical_path=_longest_path(plan, leaf, critical, es, ef, project_start),
        warnings=_warnings(plan, total, leaf),
    )


def _leaf_columns(plan: Plan, es: Minutes, ef: Minutes, ls: Minutes, lf: Minutes) -> dict[str, Minutes]:
    alap = plan.constraint == ALAP
    start = np.where(alap, ls, es)
    finish = np.where(alap, lf, ef)
    start = np.where(plan.actual_start != NONE, plan.actual_start, start)
    finish = np.where(plan.actual_finish != NONE, plan.actual_finish, finish)
    return {"start": start, "finish": finish, "early_start": es, "early_finish": ef,
            "late_start": ls, "late_finish": lf}


def _total_slack(plan: Plan, es: Minutes, ef: Minutes, ls: Minutes, lf: Minutes) -> Minutes:
    cal = plan.work_cal
    start_slack = plan.stack.between(es, ls, cal)
    finish_slack = plan.stack.between(ef, lf, cal)
    total = np.where(plan.actual_start != NONE, finish_slack, np.minimum(start_slack, finish_slack))
    return np.where(plan.constraint == ALAP, 0, total)


def _free_slack(plan: Plan, leaf: dict[str, Minutes], total: Minutes) -> Minutes:
    """Smallest gap, over a task's links to unfinished successors, between what the link needs and what it has."""
    live = np.flatnonzero(plan.actual_finish[plan.succ] == NONE)
    p, s, kind = plan.pred[live], plan.succ[live], plan.link_type[live]
    ours = np.where((kind == SS) | (kind == SF), leaf["start"][p], leaf["finish"][p])
    theirs = np.where((kind == FS) | (kind == SS), leaf["start"][s], leaf["finish"][s])
    gap = plan.stack.between(ours, theirs, plan.work_cal[p]) - plan.lag[live]
    free = np.full(len(plan.rows), LATEST, dtype=np.int64)
    np.minimum.at(free, p, gap)
    free = np.where(free == LATEST, total, free)
    free = np.maximum(free, 0)
    return np.where(plan.actual_finish != NONE, 0, free)


def _depths(parent: Minutes) -> Minutes:
    """Depth in the WBS of every task, from the parent position of each (-1 at the top)."""
    depth = np.zeros(len(parent), dtype=np.int64)
    node = parent.copy()
    while (node >= 0).any():
        depth += node >= 0
        node = np.where(node >= 0, parent[np.maximum(node, 0)], -1)
    return depth


def _rollup(network: Network, parent: Minutes, rows_at: Minutes, leaf: dict[str, Minutes],
            critical: Minutes) -> tuple[dict[str, Minutes], Minutes, Minutes]:
    """Columns for every task: leaves as computed, summaries from their children, deepest first."""
    n = len(network.tasks)
    is_summary = np.ones(n, dtype=bool)
    is_summary[rows_at] = False
    columns = {}
    for name in COLUMNS:
        col = np.full(n, LATEST if name.endswith("start") else -LATEST, dtype=np.int64)
        col[rows_at] = leaf[name]
        columns[name] = col
    crit = np.zeros(n, dtype=bool)
    crit[rows_at] = critical
    depth = _depths(parent)
    for d in range(int(depth.max()) if n else 0, 0, -1):
        kids = np.flatnonzero(depth == d)
        for name, col in columns.items():
            combine = np.minimum if name.endswith("start") else np.maximum
            combine.at(col, parent[kids], col[kids])
        np.logical_or.at(crit, parent[kids], crit[kids])
    _fill_empty_summaries(network, columns, is_summary)
    return columns, crit, is_summary


def _fill_empty_summaries(network: Network, columns: dict[str, Minutes], is_summary: Minutes) -> None:
    """A summary with no task below it keeps the project's start."""
    anchor = columns["start"][~is_summary].min() if (~is_summary).any() else 0
    for col in columns.values():
        col[(col == LATEST) | (col == -LATEST)] = anchor


def _summary_slack(network: Network, plan: Plan, columns: dict[str, Minutes], is_summary: Minutes,
                   rows_at: Minutes, total: Minutes, free: Minutes) -> tuple[Minutes, Minutes]:
    n = len(network.tasks)
    total_all, free_all = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    total_all[rows_at], free_all[rows_at] = total, free
    where = np.flatnonzero(is_summary)
    if where.size:
        cal = np.zeros(where.size, dtype=np.int64)  # the project calendar is stacked first
        start_slack = plan.stack.between(columns["early_start"][where], columns["late_start"][where], cal)
        finish_slack = plan.stack.between(columns["early_finish"][where], columns["late_finish"][where], cal)
        total_all[where] = np.minimum(start_slack, finish_slack)
        free_all[where] = np.maximum(total_all[where], 0)
    return total_all, free_all


def _longest_path(plan: Plan, leaf: dict[str, Minutes], critical: Minutes, es: Minutes, ef: Minutes,
                  project_start: int) -> tuple[int, ...]:
    """Uids of the longest path: from the last-finishing critical task back along driving links.

    A link drives when the start it allows is the successor's early start (in working time); among driving
    links from critical tasks the latest-finishing predecessor is followed (several paths may tie).
    """
    if not len(plan.rows):
        return ()
    finish = np.where(critical, leaf["finish"], -LATEST) if critical.any() else leaf["finish"]
    node = int(np.lexsort((plan.level, finish))[-1])  # the latest finish; on a tie, the last in the network
    links = _driving_links(plan, critical, es, ef, project_start)
    order = links[np.argsort(plan.succ[links], kind="stable")]
    bounds = np.searchsorted(plan.succ[order], np.arange(len(plan.rows) + 1))
    path, seen = [node], {node}
    while critical[node] and bounds[node] < bounds[node + 1]:
        preds = plan.pred[order[bounds[node]:bounds[node + 1]]]
        node = int(preds[np.argmax(leaf["finish"][preds])])
        if node in seen:
            break
        path.append(node)
        seen.add(node)
    return tuple(plan.rows[i].uid for i in reversed(path))


def _driving_links(plan: Plan, critical: Minutes, es: Minutes, ef: Minutes, project_start: int) -> Minutes:
    """Links from a critical task that set their successor's early start."""
    links = np.flatnonzero(critical[plan.pred] & critical[plan.succ])
    if not links.size:
        return links
    allowed = start_bounds(plan, links, project_start, es, ef, None, None, False)[0]
    succ = plan.succ[links]
    cal = plan.cal[succ]
    return links[plan.stack.work(allowed, cal) >= plan.stack.work(es[succ], cal)]


def _warnings(plan: Plan, total: Minutes, leaf: dict[str, Minutes]) -> tuple[str, ...]:
    out = [f"Task {plan.rows[i].uid} ({plan.rows[i].name}) has {-int(total[i])} minutes of negative slack: "
           "a constraint or deadline conflicts with its links." for i in np.flatnonzero(total < 0)[:MAX_WARNINGS]]
    late = np.flatnonzero((plan.deadline != NONE) & (leaf["finish"] > plan.deadline))
    out += [f"Task {plan.rows[i].uid} ({plan.rows[i].name}) finishes after its deadline."
            for i in late[:MAX_WARNINGS]]
    return tuple(out)
