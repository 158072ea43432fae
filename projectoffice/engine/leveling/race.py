"""Both cores on one small instance: CP-SAT minimising on one, destructive bounding on the other.

Minimisation finds shorter schedules quickly and proves some instances through its objective bound; the
destructive questions ("is there a schedule one unit shorter than the best?", on a fixed horizon with the
conflict cliques) prove others far sooner (PSPLIB j30, bench/psplib.py). Neither wins everywhere, so each runs
as one CP-SAT worker in its own thread (CP-SAT releases the interpreter lock while it searches), sharing the
best schedule and the bound; whichever proves the best schedule optimal stops the other.
"""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

from projectoffice.engine.leveling.exact import ExactResult, Progress, build_model, configure
from projectoffice.engine.leveling.graph import Graph

MINIMISER_WORKERS = 1
"""CP-SAT workers of the minimising side (the bounding side has one)."""


class _Shared:
    """The best schedule and bound both threads see; every change goes through ``lock``."""

    def __init__(self, graph: Graph, starts: list[int], span: int, lower: int, progress: Progress | None):
        self.graph, self.starts, self.span, self.lower = graph, starts, span, lower
        self.progress, self.began = progress, time.monotonic()
        self.lock = threading.Lock()
        self.solvers: list[cp_model.CpSolver] = []
        self.asking = -1

    def offer(self, starts: list[int]) -> None:
        span = max(s + d for s, d in zip(starts, self.graph.durations, strict=True))
        with self.lock:
            if span >= self.span:
                return
            self.starts, self.span = starts, span
            if span <= self.asking:
                self.solvers[1].stop_search()
        self._moved()

    def raise_bound(self, bound: int) -> None:
        with self.lock:
            if bound <= self.lower:
                return
            self.lower = bound
        self._moved()

    def _moved(self) -> None:
        if self.span <= self.lower:
            for solver in self.solvers:
                solver.stop_search()
        if self.progress is not None:
            self.progress(self.span, min(self.lower, self.span), time.monotonic() - self.began)


class _Minimiser(cp_model.CpSolverSolutionCallback):
    def __init__(self, shared: _Shared, starts: list[cp_model.IntVar], solver: cp_model.CpSolver) -> None:
        super().__init__()
        self.shared, self.vars, self.solver = shared, starts, solver

    def on_solution_callback(self) -> None:
        self.shared.offer([int(self.value(v)) for v in self.vars])
        self.shared.raise_bound(int(self.best_objective_bound))


def race(
    graph: Graph,
    *,
    upper: int,
    lower: int,
    hint: list[int] | None,
    time_limit: float,
    seed: int = 0,
    progress: Progress | None = None,
) -> ExactResult:
    """Minimise and bound destructively at once, each on one core, for at most ``time_limit`` seconds."""
    shared = _Shared(graph, list(hint or []), upper, lower, progress)
    deadline = time.monotonic() + time_limit
    shared.solvers = [cp_model.CpSolver(), cp_model.CpSolver()]
    threads = [
        threading.Thread(target=_minimise, args=(shared, upper, time_limit, seed), daemon=True),
        threading.Thread(target=_bound, args=(shared, deadline, seed), daemon=True),
    ]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        threads[0].join(timeout=0.05)
        threads[1].join(timeout=0.0)
        if shared.span <= shared.lower:  # again and again: a stop between two questions is lost
            for solver in shared.solvers:
                solver.stop_search()
    optimal = shared.span <= shared.lower
    return ExactResult(tuple(shared.starts), shared.span, min(shared.lower, shared.span), optimal)


def _minimise(shared: _Shared, upper: int, time_limit: float, seed: int) -> None:
    built = build_model(shared.graph, upper, shared.lower, shared.starts or None)
    assert built is not None
    solver = shared.solvers[0]
    configure(solver.parameters, time_limit, MINIMISER_WORKERS, seed, False)
    status = solver.solve(built.model, _Minimiser(shared, built.starts, solver))
    if status == cp_model.OPTIMAL:
        shared.raise_bound(int(solver.objective_value))
    elif status == cp_model.FEASIBLE:
        shared.raise_bound(int(solver.best_objective_bound))
    elif status == cp_model.INFEASIBLE:
        shared.raise_bound(upper)


def _bound(shared: _Shared, deadline: float, seed: int) -> None:
    """Ask for a schedule one unit shorter than the best known until the answer is no or time is up."""
    solver = shared.solvers[1]
    while True:
        with shared.lock:
            question, left = shared.span - 1, deadline - time.monotonic()
            if question < shared.lower or left <= 0.05:
                return
            shared.asking = question
        built = build_model(shared.graph, question, shared.lower, None, minimise=False)
        if built is None:
            shared.raise_bound(question + 1)
            continue
        configure(solver.parameters, left, 1, seed + 1, False)
        status = solver.solve(built.model)
        if status == cp_model.INFEASIBLE:
            shared.raise_bound(question + 1)
        elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            shared.offer([int(solver.value(v)) for v in built.starts])
        elif shared.span > question:
            return
