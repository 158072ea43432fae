"""A 0/1 linear program, the one shape both solver back-ends take: the portfolio and the knapsack build it.

Keeping the model in plain NumPy arrays (coordinate form) lets the CP-SAT and HiGHS back-ends share one builder,
so measuring them compares solvers, not two different models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class BinaryProgram:
    """Maximise ``objective · x`` over x in {0,1}^n subject to ``lower <= A x <= upper`` (A in coordinate form).

    ``fixed`` maps a variable to the value it must take (force-in / force-out of a start).
    """

    objective: FloatArray
    rows: IntArray
    cols: IntArray
    values: FloatArray
    lower: FloatArray  # -inf when a row has no lower bound
    upper: FloatArray  # +inf when a row has no upper bound
    fixed: dict[int, int] = field(default_factory=dict)

    @property
    def variables(self) -> int:
        return len(self.objective)

    @property
    def constraints(self) -> int:
        return len(self.lower)

    def with_upper(self, upper: FloatArray) -> BinaryProgram:
        """The same program with other row upper bounds (a budget level of the efficient frontier)."""
        return BinaryProgram(self.objective, self.rows, self.cols, self.values, self.lower, upper, self.fixed)

    def with_fixed(self, fixed: dict[int, int]) -> BinaryProgram:
        return BinaryProgram(self.objective, self.rows, self.cols, self.values, self.lower, self.upper, fixed)


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # a solution, optimality not proven within the time limit
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"  # no solution found and infeasibility not proven


@dataclass(frozen=True, slots=True)
class Progress:
    """Reported to a progress callback at each improving solution."""

    objective: float
    bound: float
    seconds: float


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True, slots=True)
class SolveOptions:
    time_limit: float = 30.0
    workers: int = 2
    relative_gap: float = 0.0  # stop once (bound - value) / |value| is at most this
    hint: tuple[int, ...] | None = None  # a feasible 0/1 vector to start from (warm start)
    progress: ProgressCallback | None = None


@dataclass(frozen=True, slots=True)
class BinarySolution:
    status: Status
    x: tuple[int, ...]
    objective: float
    bound: float
    seconds: float

    @property
    def gap(self) -> float | None:
        """Relative gap between the best bound and the value (0 when proven optimal, None without a solution)."""
        if self.status in (Status.INFEASIBLE, Status.UNKNOWN):
            return None
        if self.status is Status.OPTIMAL:
            return 0.0
        return relative_gap(self.objective, self.bound)


def relative_gap(value: float, bound: float) -> float:
    """(bound - value) / max(|value|, tiny), never negative."""
    return max(0.0, bound - value) / max(abs(value), 1e-9)


@dataclass(frozen=True, slots=True)
class LpRelaxation:
    """The LP relaxation of a program: values in [0, 1], reduced costs, and its objective (an upper bound)."""

    solved: bool
    x: FloatArray
    reduced_costs: FloatArray
    objective: float
    seconds: float
    duals: FloatArray | None = None  # one price per row (any sign convention: dual_bound tries both)


def dual_bound(program: BinaryProgram, duals: FloatArray) -> float:
    """An upper bound on every 0/1 (indeed every fractional) solution of ``program`` from any row prices y:
    Σ_i y_i·(u_i if y_i > 0 else l_i) + Σ_j max(0, c_j − (Aᵀy)_j), fixed variables at their value (weak duality).

    Valid for prices computed on another program with the same matrix, e.g. the LP of the previous budget level
    of the efficient frontier. Both signs of ``duals`` are tried (solvers differ in their convention for
    maximisation); inf when neither gives a finite bound.
    """
    return min(_priced_bound(program, duals), _priced_bound(program, -duals))


def _priced_bound(program: BinaryProgram, prices: FloatArray) -> float:
    prices = np.where(np.abs(prices) < 1e-12, 0.0, prices)
    side = np.where(prices > 0, program.upper, np.where(prices < 0, program.lower, 0.0))
    if not np.all(np.isfinite(side)):
        return float("inf")
    charged = np.bincount(
        program.cols, weights=program.values * prices[program.rows], minlength=program.variables
    )
    reduced = program.objective - charged
    free = np.ones(program.variables, dtype=bool)
    total = float(side @ prices)
    for j, value in program.fixed.items():
        free[j] = False
        total += float(reduced[j]) * value
    return total + float(np.maximum(reduced[free], 0.0).sum())


Solver = Callable[[BinaryProgram, SolveOptions], BinarySolution]


def row_activity(program: BinaryProgram, x: npt.ArrayLike) -> FloatArray:
    """A x for a 0/1 vector, used to check solutions and to explain what binds."""
    weights = program.values * np.asarray(x, dtype=np.float64)[program.cols]
    return np.asarray(
        np.bincount(program.rows, weights=weights, minlength=program.constraints), dtype=np.float64
    )
