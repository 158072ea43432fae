"""HiGHS back-end of the 0/1 programs (highspy, branch and cut on the LP relaxation)."""

from __future__ import annotations

import time
from typing import Any

import highspy
import numpy as np

from projectoffice.engine.portfolio.program import (
    BinaryProgram,
    BinarySolution,
    LpRelaxation,
    Progress,
    SolveOptions,
    Status,
    relative_gap,
)


def solve_highs(program: BinaryProgram, options: SolveOptions) -> BinarySolution:
    """Solve with HiGHS (its MIP solver is single-threaded; ``workers`` only feeds its LP threads)."""
    started = time.monotonic()
    highs = _build(program, options)
    if options.progress is not None:
        _subscribe_progress(highs, options, started)
    highs.run()
    return _extract(program, highs, started)


def _build(program: BinaryProgram, options: SolveOptions) -> highspy.Highs:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", max(options.time_limit, 0.01))
    highs.setOptionValue("mip_rel_gap", options.relative_gap)
    highs.setOptionValue("threads", max(1, options.workers))
    n = program.variables
    lower, upper = np.zeros(n), np.ones(n)
    for j, value in program.fixed.items():
        lower[j] = upper[j] = value
    highs.addVars(n, lower, upper)
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), program.objective.astype(np.float64))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    _add_rows(highs, program)
    highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger))
    if options.hint is not None:
        _set_hint(highs, options.hint)
    return highs


def _add_rows(highs: highspy.Highs, program: BinaryProgram) -> None:
    order = np.lexsort((program.cols, program.rows))
    rows = program.rows[order]
    starts = np.searchsorted(rows, np.arange(program.constraints)).astype(np.int32)
    inf = highspy.kHighsInf
    lower = np.where(np.isfinite(program.lower), program.lower, -inf)
    upper = np.where(np.isfinite(program.upper), program.upper, inf)
    highs.addRows(
        program.constraints,
        lower,
        upper,
        len(order),
        starts,
        program.cols[order].astype(np.int32),
        program.values[order].astype(np.float64),
    )


def _set_hint(highs: highspy.Highs, hint: tuple[int, ...]) -> None:
    solution = highspy.HighsSolution()
    solution.col_value = [float(v) for v in hint]
    solution.value_valid = True
    highs.setSolution(solution)


def _subscribe_progress(highs: highspy.Highs, options: SolveOptions, started: float) -> None:
    report = options.progress

    def on_improving(event: Any) -> None:
        if report is not None:
            data = event.data_out
            report(Progress(data.objective_function_value, data.mip_dual_bound, time.monotonic() - started))

    highs.cbMipImprovingSolution.subscribe(on_improving)


def _extract(program: BinaryProgram, highs: highspy.Highs, started: float) -> BinarySolution:
    seconds = time.monotonic() - started
    status = highs.getModelStatus()
    info = highs.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return BinarySolution(Status.INFEASIBLE, (), float("nan"), float("nan"), seconds)
    if info.primal_solution_status != highspy.kSolutionStatusFeasible:
        return BinarySolution(Status.UNKNOWN, (), float("nan"), float(info.mip_dual_bound), seconds)
    x = tuple(round(v) for v in highs.getSolution().col_value[: program.variables])
    value = float(np.dot(program.objective, np.asarray(x, dtype=np.float64)))
    bound = max(value, float(info.mip_dual_bound))
    proven = status == highspy.HighsModelStatus.kOptimal and relative_gap(value, bound) <= 1e-9
    return BinarySolution(Status.OPTIMAL if proven else Status.FEASIBLE, x, value, bound, seconds)


def solve_lp(program: BinaryProgram, options: SolveOptions) -> LpRelaxation:
    """The LP relaxation (0 <= x <= 1) by dual simplex: its value bounds every 0/1 solution from above."""
    started = time.monotonic()
    highs = _build(program, SolveOptions(options.time_limit, options.workers))
    n = program.variables
    highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kContinuous))
    highs.setOptionValue("solver", "simplex")
    highs.run()
    seconds = time.monotonic() - started
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return LpRelaxation(False, np.zeros(0), np.zeros(0), float("inf"), seconds)
    solution = highs.getSolution()
    x = np.asarray(solution.col_value, dtype=np.float64)
    reduced = np.asarray(solution.col_dual, dtype=np.float64)
    duals = np.asarray(solution.row_dual, dtype=np.float64)
    return LpRelaxation(True, x, reduced, float(highs.getInfo().objective_function_value), seconds, duals)


class LpSession:
    """One LP relaxation kept across solves that differ only in some row upper bounds (the budget levels of the
    efficient frontier): each re-solve starts from the previous optimal basis, which dual simplex repairs fast."""

    def __init__(self, program: BinaryProgram, workers: int = 2) -> None:
        self._program = program
        self._highs = _build(program, SolveOptions(workers=workers))
        n = program.variables
        self._highs.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kContinuous)
        )
        self._highs.setOptionValue("solver", "simplex")

    def solve(self, rows: list[int], upper: list[float], time_limit: float) -> LpRelaxation:
        started = time.monotonic()
        index = np.asarray(rows, dtype=np.int32)
        lower = np.where(
            np.isfinite(self._program.lower[index]), self._program.lower[index], -highspy.kHighsInf
        )
        self._highs.changeRowsBounds(  # type: ignore[attr-defined]
            len(rows), index, lower, np.asarray(upper, dtype=np.float64)
        )
        self._highs.setOptionValue("time_limit", max(time_limit, 0.01))
        self._highs.run()
        seconds = time.monotonic() - started
        if self._highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return LpRelaxation(False, np.zeros(0), np.zeros(0), float("inf"), seconds)
        solution = self._highs.getSolution()
        x = np.asarray(solution.col_value, dtype=np.float64)
        reduced = np.asarray(solution.col_dual, dtype=np.float64)
        duals = np.asarray(solution.row_dual, dtype=np.float64)
        value = float(self._highs.getInfo().objective_function_value)
        return LpRelaxation(True, x, reduced, value, seconds, duals)
