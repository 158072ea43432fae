"""The efficient frontier: the best portfolio value at each of N budget levels.

Levels are the yearly budgets scaled by a factor, solved in increasing order: the previous portfolio still fits a
larger budget, so it is handed to the solver as a warm start and the frontier can only go up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.portfolio.build import PortfolioModel, build_model
from projectoffice.engine.portfolio.core import solve_by_core
from projectoffice.engine.portfolio.isolation import rival_loaded
from projectoffice.engine.portfolio.model import FrontierPoint, PortfolioProblem, Selection
from projectoffice.engine.portfolio.program import (
    BinaryProgram,
    BinarySolution,
    FloatArray,
    LpRelaxation,
    SolveOptions,
    Status,
    dual_bound,
    relative_gap,
)
from projectoffice.engine.portfolio.solvers import CORE_THRESHOLD, DEFAULT_SOLVER, solve_program, solver_named
from projectoffice.engine.portfolio.validation import validate

FrontierProgress = Callable[[int, int, FrontierPoint], None]  # (points done, points in all, last point)


def efficient_frontier(
    problem: PortfolioProblem,
    *,
    points: int = 20,
    scales: Sequence[float] | None = None,
    time_limit_per_point: float = 15.0,
    relative_gap: float = 0.0,
    solver: str = DEFAULT_SOLVER,
    workers: int = 2,
    strategy: str = "auto",
    progress: FrontierProgress | None = None,
) -> tuple[FrontierPoint, ...]:
    """Value against budget: ``scales`` (default: ``points`` even steps up to the level where budgets stop
    binding) multiply every yearly budget. A level too small for the forced-in proposals gives value None."""
    validate(problem)
    model = build_model(problem)
    levels = sorted(scales) if scales is not None else default_scales(problem, model, points)
    if any(s < 0 for s in levels):
        raise InvalidInputError("budget scales must not be negative")
    results: list[BinarySolution] = []
    best: BinarySolution | None = None
    levels_solver = _point_solver(model, solver, strategy, workers)
    for scale in levels:
        options = SolveOptions(time_limit_per_point, workers, relative_gap, best.x if best else None)
        started = time.monotonic()
        result = _at_least(best, levels_solver.solve(problem, scale, options), time.monotonic() - started)
        if result.x:
            best = result
        results.append(result)
        if progress is not None and len(results) < len(levels):
            progress(len(results), len(levels), _point(problem, model, scale, result))
    prices = levels_solver.finish(time_limit_per_point * _LP_SHARE)
    frontier = [
        _point(problem, model, scale, priced(_at_scale(problem, model, scale), result, prices))
        for scale, result in zip(levels, results, strict=True)
    ]
    if progress is not None and frontier:
        progress(len(frontier), len(levels), frontier[-1])
    return tuple(frontier)


def _at_least(best: BinarySolution | None, result: BinarySolution, seconds: float) -> BinarySolution:
    """The level's result, or the previous level's portfolio (which still fits) when that is worth more."""
    worse = not result.x or result.objective < best.objective if best is not None else False
    if best is not None and worse and result.status is not Status.INFEASIBLE:
        return BinarySolution(
            Status.FEASIBLE, best.x, best.objective, max(best.objective, result.bound), seconds
        )
    return replace(result, seconds=seconds)


_LP_SHARE = 0.8  # of a level's time given to its LP when the model is large


class _Levels:
    """Solves one budget level at a time; ``finish`` returns the row prices gathered for bounding every level."""

    def __init__(self, model: PortfolioModel, solver: str, strategy: str) -> None:
        self.model, self.solver, self.strategy = model, solver, strategy

    def solve(self, problem: PortfolioProblem, scale: float, options: SolveOptions) -> BinarySolution:
        program = _at_scale(problem, self.model, scale)
        return solve_program(program, options, solver=self.solver, strategy=self.strategy)

    def finish(self, time_limit: float) -> list[FloatArray]:
        return []


class _LpLevels(_Levels):
    """Large models: one HiGHS LP kept across the levels (dual simplex restarts from the previous basis), the
    LP core on each, and the row duals of every LP that finished kept as prices (see ``priced``)."""

    def __init__(self, model: PortfolioModel, solver: str, strategy: str, workers: int) -> None:
        super().__init__(model, solver, strategy)
        from projectoffice.engine.portfolio.backend_highs import LpSession

        self.session = LpSession(model.program, workers)
        self.rows = budget_rows(model)
        self.prices: list[FloatArray] = []
        self.last_upper: list[float] | None = None
        self.last_solved = True

    def solve(self, problem: PortfolioProblem, scale: float, options: SolveOptions) -> BinarySolution:
        program = _at_scale(problem, self.model, scale)
        self.last_upper = [float(program.upper[r]) for r in self.rows]
        lp = self.session.solve(self.rows, self.last_upper, options.time_limit * _LP_SHARE)
        self._keep(lp)
        result = solve_by_core(program, options, solver_named(self.solver), lp=lp)
        return priced(program, result, self.prices)

    def finish(self, time_limit: float) -> list[FloatArray]:
        """Let the last (largest) level's LP finish if it ran out of time: the largest budget's LP bounds every
        smaller level too (more budget never lowers the optimum), where the prices of small levels are loose."""
        if not self.last_solved and self.last_upper is not None:
            self._keep(self.session.solve(self.rows, self.last_upper, time_limit))
        return self.prices

    def _keep(self, lp: LpRelaxation) -> None:
        self.last_solved = lp.solved
        if lp.solved and lp.duals is not None:
            self.prices.append(lp.duals)


def _point_solver(model: PortfolioModel, solver: str, strategy: str, workers: int) -> _Levels:
    """By LP core with a warm-started LP session when the model is large and HiGHS can run in this process,
    otherwise through solve_program."""
    large = strategy == "core" or (strategy == "auto" and model.program.variables > CORE_THRESHOLD)
    if not large or rival_loaded("highs_lp"):
        return _Levels(model, solver, strategy)
    return _LpLevels(model, solver, strategy, workers)


def priced(program: BinaryProgram, result: BinarySolution, prices: list[FloatArray]) -> BinarySolution:
    """The result with its bound tightened by the row prices of other levels' LPs (weak duality: any prices
    bound this level too), so a level whose own LP did not finish in time still reports a bound."""
    if not result.x or not prices:
        return result
    bound = min([result.bound, *(dual_bound(program, y) for y in prices)])
    bound = max(bound, result.objective)
    status = Status.OPTIMAL if relative_gap(result.objective, bound) <= 1e-9 else result.status
    return replace(result, bound=bound, status=status)


def budget_rows(model: PortfolioModel) -> list[int]:
    return [i for i, label in enumerate(model.labels) if label[0] == "budget"]


def default_scales(problem: PortfolioProblem, model: PortfolioModel, points: int) -> list[float]:
    """``points`` even steps from 1/points to the scale at which selecting everything would fit every budget."""
    if points < 1:
        raise InvalidInputError(f"a frontier needs at least one point, not {points}")
    program = model.program
    rows = budget_rows(model)
    # Each year's spend if everything were chosen, each proposal at its costliest start for that year.
    mask = np.isin(program.rows, rows)
    grid = np.zeros((max(rows, default=-1) + 1, len(problem.proposals)))
    np.maximum.at(grid, (program.rows[mask], model.proposal_of[program.cols[mask]]), program.values[mask])
    spend = grid.sum(axis=1)
    ratios = [spend[r] / problem.yearly_budget[y] for y, r in enumerate(rows) if problem.yearly_budget[y] > 0]
    top = max(ratios, default=1.0) or 1.0
    return [float(top * k / points) for k in range(1, points + 1)]


def _at_scale(problem: PortfolioProblem, model: PortfolioModel, scale: float) -> BinaryProgram:
    upper = model.program.upper.copy()
    for year, row in enumerate(budget_rows(model)):
        upper[row] = problem.yearly_budget[year] * scale
    return model.program.with_upper(upper)


def _point(
    problem: PortfolioProblem, model: PortfolioModel, scale: float, result: BinarySolution
) -> FrontierPoint:
    budget = tuple(float(b * scale) for b in problem.yearly_budget)
    if not result.x:
        return FrontierPoint(scale, budget, result.status, None, None, None, (), result.seconds)
    selected = tuple(
        Selection(problem.proposals[int(model.proposal_of[j])].id, int(model.start_of[j]))
        for j, v in enumerate(result.x)
        if v
    )
    return FrontierPoint(
        scale, budget, result.status, result.objective, result.bound, result.gap, selected, result.seconds
    )
