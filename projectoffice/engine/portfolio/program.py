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


Solver = Callable[[BinaryProgram, SolveOptions], BinarySolution]


def row_activity(program: BinaryProgram, x: npt.ArrayLike) -> FloatArray:
    """A x for a 0/1 vector, used to check solutions and to explain what binds."""
    weights = program.values * np.asarray(x, dtype=np.float64)[program.cols]
    return np.asarray(
        np.bincount(program.rows, weights=weights, minlength=program.constraints), dtype=np.float64
    )
