"""``schedule(network)``: the critical path method end to end, MS Project's way.

Model building (``plan``), the passes (``passes``) and extraction (slack, roll-up, longest path, here) are
separate steps. The calendar span is guessed from the network's dates and widened when work runs past it.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from projectoffice.engine.calendars import OutOfSpanError, to_minutes
from projectoffice.engine.calendars.index import Minutes
from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.network import LinkType, Network
from projectoffice.engine.schedule.extract import extract
from projectoffice.engine.schedule.passes import ALAP, backward, forward, group_by_level
from projectoffice.engine.schedule.plan import Plan, build_plan, default_span, leaves_under
from projectoffice.engine.schedule.result import Schedule

MAX_WIDENINGS = 6


def schedule(network: Network) -> Schedule:
    """Early and late dates, total and free slack, critical flag and longest path of every task.

    Raises ``CycleError`` naming the tasks of one cycle, ``UnknownTaskError``/``InvalidInputError`` for bad
    input. Constraint conflicts do not raise: they show as negative slack and a warning.
    """
    first, last = default_span(network)
    for _ in range(MAX_WIDENINGS):
        try:
            return _schedule(network, first, last)
        except OutOfSpanError:
            width = last - first
            first, last = first - width, last + 4 * width
    raise InvalidInputError("The schedule runs beyond any reasonable calendar span (centuries of work?).")


def _schedule(network: Network, first: date, last: date) -> Schedule:
    plan = build_plan(network, first, last)
    groups = group_by_level(plan)
    n = len(plan.rows)
    es, ef, ls, lf = (np.zeros(n, dtype=np.int64) for _ in range(4))
    if network.from_finish:
        assert network.finish is not None
        project_finish = to_minutes(network.finish)
        backward(plan, groups, project_finish, es, ef, ls, lf)
        project_start = int(ls.min()) if n else project_finish
        forward(plan, groups, project_start, es, ef)
    else:
        assert network.start is not None
        project_start = to_minutes(network.start)
        forward(plan, groups, project_start, es, ef)
        replanned = _with_summary_starts(network, plan, es, first, last)
        if replanned is not None:
            plan, groups = replanned, group_by_level(replanned)
            forward(plan, groups, project_start, es, ef)
        project_finish = int(ef.max()) if n else project_start
        backward(plan, groups, project_finish, es, ef, ls, lf)
        if (plan.constraint == ALAP).any():
            forward(plan, groups, project_start, es, ef, late=True, ls=ls, lf=lf)
    return extract(network, plan, es, ef, ls, lf)


def _with_summary_starts(network: Network, plan: Plan, es: Minutes, first: date, last: date) -> Plan | None:
    """Replan when start-based links leave a summary: they hang on its earliest child (MS Project)."""
    sources = {link.predecessor for link in network.links
               if link.predecessor in plan.children and link.type in (LinkType.SS, LinkType.SF)}
    if not sources:
        return None
    row_of = {t.uid: i for i, t in enumerate(plan.rows)}
    earliest = {}
    for uid in sources:
        leaves = leaves_under(uid, plan.children)
        if leaves:
            earliest[uid] = min(leaves, key=lambda u: int(es[row_of[u]]))
    return build_plan(network, first, last, earliest)
