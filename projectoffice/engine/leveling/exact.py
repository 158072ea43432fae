"""The exact and improving mode: the RCPSP on OR-Tools CP-SAT, seeded with the heuristic's schedule.

Model building, solving and extraction are separate functions. Each activity is a fixed-size interval; each
resource a cumulative constraint; links are start-to-start inequalities; start domains are cut to the
critical-path window under the heuristic's makespan, which is also the objective's upper bound. The solver
returns its best schedule and a proven lower bound, so the caller can state the gap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from projectoffice.engine.leveling.cliques import conflict_cliques
from projectoffice.engine.leveling.graph import Graph, earliest_starts, latest_starts

Progress = Callable[[int, int, float], None]

MAKESPAN_IN_CUMULATIVE = True
"""Whether the makespan enters every cumulative as an interval (see ``build_model``)."""

CLIQUES = True
"""Whether the destructive questions get a redundant no-overlap on each set of pairwise conflicting activities
(``cliques.py``). Minimisation does not: on PSPLIB j30 the cliques prove some instances far sooner in the
questions (j309_2, j3013_1, j3045_2) but slow minimisation down on others (j3029_2, j3045_7, j3045_10)."""


@dataclass(frozen=True, slots=True)
class ExactResult:
    """What CP-SAT reached: a schedule (None if it found none better), its makespan, the proven bound."""

    starts: tuple[int, ...] | None
    makespan: int | None
    lower_bound: int
    optimal: bool


@dataclass(slots=True)
class _Model:
    model: cp_model.CpModel
    starts: list[cp_model.IntVar]
    end: cp_model.IntVar


def build_model(
    graph: Graph, upper: int, lower: int, hint: list[int] | None, *, minimise: bool = True
) -> _Model | None:
    """Intervals, cumulatives and links for a makespan in [lower, upper]; ``hint`` is a known schedule.

    ``minimise=False`` asks only whether a schedule within ``upper`` exists. None when the critical path
    alone already rules ``upper`` out.
    """
    model = cp_model.CpModel()
    es, ls = earliest_starts(graph), latest_starts(graph, upper)
    if not minimise and any(ls[i] < es[i] for i in range(graph.size) if graph.pinned[i] is None):
        return None
    starts = [model.new_int_var(es[i], max(es[i], ls[i]), f"s{i}") for i in range(graph.size)]
    end = model.new_int_var(lower, upper, "makespan")
    intervals = [
        model.new_fixed_size_interval_var(starts[i], graph.durations[i], f"x{i}") for i in range(graph.size)
    ]
    # The makespan as an interval [end, upper + 1) that takes every resource whole: cumulative reasoning
    # (time-tabling, energy) then pushes the makespan up, which is what proves lower bounds (as in OR-Tools'
    # rcpsp_sat example).
    tail = model.new_interval_var(end, upper + 1 - end, upper + 1, "tail")
    for r, capacity in enumerate(graph.capacities):
        users = [
            (i, q)
            for i in range(graph.size)
            for rr, q in graph.needs[i]
            if rr == r and graph.durations[i] > 0
        ]
        if users and capacity > 0:
            tails = [tail] if MAKESPAN_IN_CUMULATIVE else []
            demands = [q for _, q in users] + [capacity] * len(tails)
            model.add_cumulative([intervals[i] for i, _ in users] + tails, demands, capacity)
    for clique in conflict_cliques(graph) if CLIQUES and not minimise else []:
        model.add_no_overlap([intervals[i] for i in clique])
    _add_links(model, graph, starts)
    for i in range(graph.size):
        model.add(end >= starts[i] + graph.durations[i])
    if minimise:
        model.minimize(end)
    if hint is not None:
        for var, value in zip(starts, hint, strict=True):
            model.add_hint(var, value)
        model.add_hint(end, max(hint[i] + graph.durations[i] for i in range(graph.size)))
    return _Model(model, starts, end)


def _add_links(model: cp_model.CpModel, graph: Graph, starts: list[cp_model.IntVar]) -> None:
    """Links as inequalities; a "do not level" activity starts exactly when its links allow."""
    for j in range(graph.size):
        for i, delay in graph.preds[j]:
            model.add(starts[j] >= starts[i] + delay)
        if graph.free_running[j]:
            model.add_max_equality(
                starts[j], [graph.release[j], *(starts[i] + delay for i, delay in graph.preds[j])]
            )


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Forwards each improving solution to the progress callback."""

    def __init__(self, end: cp_model.IntVar, progress: Progress | None, began: float) -> None:
        super().__init__()
        self.end, self.progress, self.began = end, progress, began

    def on_solution_callback(self) -> None:
        if self.progress is not None:
            bound = int(self.best_objective_bound)
            self.progress(int(self.value(self.end)), bound, time.monotonic() - self.began)


def solve_exact(
    graph: Graph,
    *,
    upper: int,
    lower: int,
    hint: list[int] | None,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    deterministic: bool = False,
    progress: Progress | None = None,
) -> ExactResult:
    """Minimise the makespan within ``upper`` (the heuristic's) and report the proven lower bound."""
    built = build_model(graph, upper, lower, hint)
    assert built is not None
    solver = cp_model.CpSolver()
    configure(solver.parameters, time_limit, workers, seed, deterministic)
    status = solver.solve(built.model, _Reporter(built.end, progress, time.monotonic()))
    return _extract(solver, built, status, lower)


def configure(
    params: cp_model.SatParameters, time_limit: float, workers: int, seed: int, deterministic: bool
) -> None:
    params.num_workers = max(1, workers)
    params.random_seed = seed
    if deterministic:
        # Several CP-SAT workers race and are not reproducible; one worker counting deterministic time is.
        # On this kind of machine one deterministic second takes three to four seconds of wall time.
        params.num_workers = 1
        params.max_deterministic_time = max(0.02, time_limit / 4)
    else:
        params.max_time_in_seconds = max(0.05, time_limit)


def _extract(
    solver: cp_model.CpSolver, built: _Model, status: cp_model.CpSolverStatus, lower: int
) -> ExactResult:
    bound = max(lower, int(solver.best_objective_bound)) if status != cp_model.UNKNOWN else lower
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # INFEASIBLE under the heuristic's bound means that bound is optimal (nothing shorter exists).
        return ExactResult(None, None, bound, status == cp_model.INFEASIBLE)
    span = int(solver.value(built.end))
    starts = tuple(int(solver.value(v)) for v in built.starts)
    return ExactResult(starts, span, max(bound, lower), status == cp_model.OPTIMAL or bound >= span)


def tighten(
    graph: Graph,
    *,
    upper: int,
    lower: int,
    hint: list[int] | None,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    deterministic: bool = False,
    progress: Progress | None = None,
) -> ExactResult:
    """Destructive bounding from above: is there a schedule one unit shorter than the best known?

    Each question fixes the horizon, which cuts every start window to the critical-path window under it;
    that, with the conflict cliques, makes CP-SAT prove "no" far sooner than it raises the bound of the
    minimisation. A "yes" comes with a shorter schedule and the next question; a "no" proves the best optimal.
    """
    began, best, span = time.monotonic(), list(hint or []), upper
    spent = 0.0
    while span > lower and spent < time_limit:
        built = build_model(graph, span - 1, lower, None, minimise=False)
        if built is None:
            return ExactResult(tuple(best), span, span, True)
        solver = cp_model.CpSolver()
        configure(solver.parameters, time_limit - spent, workers, seed, deterministic)
        status = solver.solve(built.model)
        spent = solver.deterministic_time * 4 if deterministic else time.monotonic() - began
        if status == cp_model.INFEASIBLE:
            return ExactResult(tuple(best), span, span, True)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        best = [int(solver.value(v)) for v in built.starts]
        span = max(best[i] + graph.durations[i] for i in range(graph.size))
        if progress is not None:
            progress(span, lower, time.monotonic() - began)
    return ExactResult(tuple(best), span, lower, span <= lower)
