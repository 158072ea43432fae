"""The optimiser without time: a 0/1 multidimensional knapsack (choose items, respect every capacity)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.portfolio.isolation import run_backend
from projectoffice.engine.portfolio.program import (
    BinaryProgram,
    ProgressCallback,
    SolveOptions,
    Status,
)
from projectoffice.engine.portfolio.solvers import solver_named

KNAPSACK_SOLVER = "core"  # LP cores by CP-SAT in two threads (mkp.py; measured: docs/decisions/0002)
KNAPSACK_SOLVERS = ("core", "cpsat", "highs", "race")


@dataclass(frozen=True, slots=True)
class KnapsackResult:
    status: Status
    chosen: tuple[int, ...]  # indices of the chosen items, ascending
    value: float
    bound: float  # best upper bound proven by the solver
    gap: float | None  # relative gap between bound and value; 0 when proven optimal
    seconds: float


def solve_knapsack(
    profits: Sequence[float],
    weights: Sequence[Sequence[float]],
    capacities: Sequence[float],
    *,
    time_limit: float = 10.0,
    solver: str = KNAPSACK_SOLVER,
    workers: int = 2,
    progress: ProgressCallback | None = None,
) -> KnapsackResult:
    """Maximise the profit of the chosen items with ``weights[i] · x <= capacities[i]`` for every constraint i.

    Raises InvalidInputError when a row's length differs from the number of items or a number is negative.
    """
    program = knapsack_program(profits, weights, capacities)
    options = SolveOptions(time_limit=time_limit, workers=workers, progress=progress)
    if solver == "core":
        result = run_backend("mkp", program, options)
    else:
        result = solver_named(solver)(program, options)
    chosen = tuple(j for j, v in enumerate(result.x) if v)
    return KnapsackResult(result.status, chosen, result.objective, result.bound, result.gap, result.seconds)


def knapsack_program(
    profits: Sequence[float], weights: Sequence[Sequence[float]], capacities: Sequence[float]
) -> BinaryProgram:
    """The 0/1 program of a multidimensional knapsack, after validating its dimensions and signs."""
    p = np.asarray(profits, dtype=np.float64)
    _check(p, weights, capacities)
    a = np.asarray(weights, dtype=np.float64).reshape(len(capacities), len(p))
    rows, cols = np.nonzero(a)
    return BinaryProgram(
        objective=p,
        rows=rows.astype(np.int64),
        cols=cols.astype(np.int64),
        values=a[rows, cols],
        lower=np.full(len(capacities), -np.inf),
        upper=np.asarray(capacities, dtype=np.float64),
    )


def _check(profits: np.ndarray, weights: Sequence[Sequence[float]], capacities: Sequence[float]) -> None:
    if len(weights) != len(capacities):
        raise InvalidInputError(f"{len(weights)} weight rows for {len(capacities)} capacities")
    for i, row in enumerate(weights):
        if len(row) != len(profits):
            raise InvalidInputError(f"weight row {i + 1} has {len(row)} values for {len(profits)} items")
        if min(row, default=0) < 0:
            raise InvalidInputError(f"weight row {i + 1} has a negative weight")
    if len(profits) and float(profits.min()) < 0:
        raise InvalidInputError(f"item {int(profits.argmin()) + 1} has a negative profit")
    for i, capacity in enumerate(capacities):
        if capacity < 0:
            raise InvalidInputError(f"capacity {i + 1} is negative")
