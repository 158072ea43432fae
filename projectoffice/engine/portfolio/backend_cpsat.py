"""CP-SAT back-end of the 0/1 programs (OR-Tools).

CP-SAT needs integer coefficients: each row is scaled by the smallest power of ten that makes it integral (so
money in cents and FTE in hundredths stay exact) and the objective by one power of ten, then rounded.
"""

from __future__ import annotations

import math
import time

import numpy as np
from ortools.sat.python import cp_model

from projectoffice.engine.portfolio.program import (
    BinaryProgram,
    BinarySolution,
    FloatArray,
    IntArray,
    Progress,
    SolveOptions,
    Status,
    relative_gap,
)

_MAX_DECIMALS = 6
_OBJECTIVE_MAGNITUDE = 2.0**50


def solve_cpsat(program: BinaryProgram, options: SolveOptions) -> BinarySolution:
    """Solve with CP-SAT on ``options.workers`` threads; the value reported is the unscaled objective."""
    started = time.monotonic()
    model, scale = _build(program, options)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(options.time_limit, 0.01)
    solver.parameters.num_workers = options.workers
    solver.parameters.relative_gap_limit = options.relative_gap
    callback = _ProgressCallback(options, scale, started) if options.progress else None
    status = solver.solve(model, callback)
    return _extract(program, solver, status, scale, started)


def _build(program: BinaryProgram, options: SolveOptions) -> tuple[cp_model.CpModel, float]:
    model = cp_model.CpModel()
    variables = [model.new_bool_var(f"x{j}") for j in range(program.variables)]
    for j, value in program.fixed.items():
        model.add(variables[j] == value)
    _add_rows(model, variables, program)
    scale = objective_scale(program.objective)
    coefficients = np.rint(program.objective * scale).astype(np.int64).tolist()
    model.maximize(cp_model.LinearExpr.weighted_sum(variables, coefficients))
    if options.hint is not None:
        for var, value in zip(variables, options.hint, strict=True):
            model.add_hint(var, bool(value))
    return model, scale


def _add_rows(model: cp_model.CpModel, variables: list[cp_model.IntVar], program: BinaryProgram) -> None:
    order = np.argsort(program.rows, kind="stable")
    rows, cols, values = program.rows[order], program.cols[order], program.values[order]
    starts = np.searchsorted(rows, np.arange(program.constraints + 1))
    for i in range(program.constraints):
        a, b = starts[i], starts[i + 1]
        _add_row(model, variables, cols[a:b], values[a:b], program.lower[i], program.upper[i])


def _add_row(
    model: cp_model.CpModel,
    variables: list[cp_model.IntVar],
    cols: IntArray,
    values: FloatArray,
    lower: float,
    upper: float,
) -> None:
    terms = [variables[j] for j in cols.tolist()]
    if len(terms) > 1 and np.all(values == 1.0) and upper == 1.0 and lower <= 0.0:
        model.add_at_most_one(terms)
        return
    if len(terms) > 1 and np.all(values == 1.0) and upper == 1.0 and lower == 1.0:
        model.add_exactly_one(terms)
        return
    factor = row_scale(values, lower, upper)
    coefficients = np.rint(values * factor).astype(np.int64).tolist()
    low = math.ceil(lower * factor - 1e-9) if math.isfinite(lower) else cp_model.INT_MIN
    high = math.floor(upper * factor + 1e-9) if math.isfinite(upper) else cp_model.INT_MAX
    model.add_linear_constraint(cp_model.LinearExpr.weighted_sum(terms, coefficients), low, high)


def row_scale(values: FloatArray, lower: float, upper: float) -> int:
    """The smallest power of ten making every coefficient of the row integral (bounds are rounded inward)."""
    for decimals in range(_MAX_DECIMALS + 1):
        factor = 10**decimals
        scaled = values * factor
        if np.all(np.abs(scaled - np.rint(scaled)) < 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return factor
    return 10**_MAX_DECIMALS


def objective_scale(objective: FloatArray) -> float:
    """A power of ten that makes the objective integral, or keeps it within CP-SAT's int64 range when it is not."""
    biggest = float(np.max(np.abs(objective))) if len(objective) else 1.0
    total = float(np.sum(np.abs(objective))) or 1.0
    for decimals in range(_MAX_DECIMALS + 1):
        factor = 10.0**decimals
        scaled = objective * factor
        if np.all(np.abs(scaled - np.rint(scaled)) < 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return factor
        if total * factor * 10 > _OBJECTIVE_MAGNITUDE:
            return factor
    return 10.0**_MAX_DECIMALS if biggest > 0 else 1.0


class _ProgressCallback(cp_model.CpSolverSolutionCallback):
    def __init__(self, options: SolveOptions, scale: float, started: float) -> None:
        super().__init__()
        self._report = options.progress
        self._scale = scale
        self._started = started

    def on_solution_callback(self) -> None:
        if self._report is not None:
            objective = self.objective_value / self._scale
            bound = self.best_objective_bound / self._scale
            self._report(Progress(objective, bound, time.monotonic() - self._started))


def _extract(
    program: BinaryProgram, solver: cp_model.CpSolver, status: object, scale: float, started: float
) -> BinarySolution:
    seconds = time.monotonic() - started
    if status == cp_model.INFEASIBLE:
        return BinarySolution(Status.INFEASIBLE, (), float("nan"), float("nan"), seconds)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Without a solution CP-SAT may report a bound from before its search started: claim none.
        return BinarySolution(Status.UNKNOWN, (), float("nan"), float("inf"), seconds)
    x = tuple(int(v) for v in list(solver.response_proto.solution)[: program.variables])
    value = float(np.dot(program.objective, np.asarray(x, dtype=np.float64)))
    bound = max(value, solver.best_objective_bound / scale)
    optimal = status == cp_model.OPTIMAL and relative_gap(value, bound) <= 1e-9
    return BinarySolution(Status.OPTIMAL if optimal else Status.FEASIBLE, x, value, bound, seconds)
