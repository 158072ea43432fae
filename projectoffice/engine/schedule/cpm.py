"""``schedule(network)``: the critical path method end to end, MS Project's way.

Model building (``plan``), the passes (``passes``) and extraction (slack, roll-up, longest path, here) are
separate steps. The calendar span is guessed from the network's dates and widened when work runs past it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from projectoffice.engine.calendars import OutOfSpanError, to_minutes
from projectoffice.engine.calendars.index import Minutes
from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.network import LinkType, Network
from projectoffice.engine.schedule.extract import extract
from projectoffice.engine.schedule.passes import ALAP, backward, forward, group_by_level
from projectoffice.engine.schedule.plan import Plan, build_plan, leaves_under
from projectoffice.engine.schedule.result import Schedule

MAX_WIDENINGS = 6


def schedule(network: Network) -> Schedule:
    """Early and late dates, total and free slack, critical flag and longest path of every task.

    Raises ``CycleError`` naming the tasks of one cycle, ``UnknownTaskError``/``InvalidInputError`` for bad
    input. Constraint conflicts do not raise: they show as negative slack and a warning.
    """
    with paused_garbage_collection():
        plan = build_plan(network)
        first, last = plan.span(network)
        for _ in range(MAX_WIDENINGS):
            try:
                plan.attach_calendars(network, first, last)
                return _schedule(network, plan)
            except OutOfSpanError:
                width = last - first
                first, last = first - width, last + 4 * width
    raise InvalidInputError("The schedule runs beyond any reasonable calendar span (centuries of work?).")


@contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Pause the cyclic collector while a large network is read and scheduled.

    Reading 400,000 frozen objects allocates as many small Python values; each allocation burst would start a
    full collection over the caller's (large) object graph and triple the conversion time. Nothing created here
    holds a reference cycle, so pausing is safe; the collector's previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _schedule(network: Network, plan: Plan) -> Schedule:
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
        if plan.summary_start_links:
            plan = _with_summary_starts(network, plan, es)
            groups = group_by_level(plan)
            forward(plan, groups, project_start, es, ef)
        project_finish = int(ef.max()) if n else project_start
        backward(plan, groups, project_finish, es, ef, ls, lf)
        if (plan.constraint == ALAP).any():
            forward(plan, groups, project_start, es, ef, late=True, ls=ls, lf=lf)
    return extract(network, plan, es, ef, ls, lf, project_start)


def _with_summary_starts(network: Network, plan: Plan, es: Minutes) -> Plan:
    """Replan when start-based links leave a summary: they hang on its earliest child (MS Project)."""
    sources = {link.predecessor for link in network.links
               if link.predecessor in plan.children and link.type in (LinkType.SS, LinkType.SF)}
    row_of = {t.uid: i for i, t in enumerate(plan.rows)}
    earliest = {}
    for uid in sources:
        leaves = leaves_under(uid, plan.children)
        if leaves:
            earliest[uid] = min(leaves, key=lambda u: int(es[row_of[u]]))
    replanned = build_plan(network, earliest)
    replanned.stack = plan.stack
    return replanned
