"""Both back-ends at once on the two cores, keeping the better answer ("race").

On the OR-Library knapsacks neither solver dominates: each misses optima the other finds within 10 s
(docs/decisions/0002-portfolio-solver.md). HiGHS's branch and cut is single-threaded, so HiGHS in one process
and CP-SAT with the remaining worker in another use the two cores; their best bounds are both valid, so the
smaller one is kept.
"""

from __future__ import annotations

import time

import numpy as np

from projectoffice.engine.portfolio.isolation import run_backend, start_in_child
from projectoffice.engine.portfolio.program import (
    BinaryProgram,
    BinarySolution,
    SolveOptions,
    Status,
    relative_gap,
)

_COLLECTION_MARGIN = 0.5  # seconds kept for spawning and collecting the child's answer


def solve_race(program: BinaryProgram, options: SolveOptions) -> BinarySolution:
    """HiGHS in a child process while CP-SAT solves here with ``workers - 1`` threads; the better answer wins."""
    started = time.monotonic()
    child = start_in_child(
        "highs", program, SolveOptions(options.time_limit, 1, options.relative_gap, options.hint)
    )
    here_options = SolveOptions(
        options.time_limit, max(1, options.workers - 1), options.relative_gap, options.hint, options.progress
    )
    mine: BinarySolution = run_backend("cpsat", program, here_options)
    theirs: BinarySolution = child.result()
    return combine(program, mine, theirs, time.monotonic() - started)


def combine(program: BinaryProgram, a: BinarySolution, b: BinarySolution, seconds: float) -> BinarySolution:
    """The better solution of two runs on the same program, with the tighter of their bounds."""
    if Status.INFEASIBLE in (a.status, b.status):
        return BinarySolution(Status.INFEASIBLE, (), float("nan"), float("nan"), seconds)
    solved = [r for r in (a, b) if r.x]
    bounds = [r.bound for r in (a, b) if r.x or np.isfinite(r.bound)]
    bound = min(bounds) if bounds else float("inf")
    if not solved:
        return BinarySolution(Status.UNKNOWN, (), float("nan"), bound, seconds)
    best = max(solved, key=lambda r: r.objective)
    bound = max(bound, best.objective)
    proven = any(r.status is Status.OPTIMAL for r in solved) or relative_gap(best.objective, bound) <= 1e-9
    return BinarySolution(
        Status.OPTIMAL if proven else Status.FEASIBLE, best.x, best.objective, bound, seconds
    )
