"""The multidimensional knapsack by LP cores: small exact sub-problems around the LP optimum, two at a time.

Solving a 500-item knapsack whole spends the time limit proving bounds; the items whose LP reduced cost is large
are almost never chosen differently from the LP. So the LP relaxation (GLOP) is solved once, and CP-SAT solves a
sequence of *core* problems: the K items with the smallest |reduced cost| are free, every other item keeps its LP
value, and K grows (×1.5) each time a core is solved to optimality, up to the whole problem. Two threads search
different cores on the two cores of the machine (CP-SAT releases the GIL while it solves):

* ``plain``: cores of the LP relaxation;
* ``hyperplane``: the number of chosen items is fixed to k (k = ⌊Σ x_LP⌋, then its neighbours), the LP is
  re-solved with that row, and its cores are solved with the row kept (Vasquez & Hao's hyperplanes).

Both share one incumbent (each core starts from it as a hint). The bound is the LP value. A core's optimum is
proven global when every item outside it has |reduced cost| above LP − incumbent (flipping it alone would
already fall below the incumbent: reduced-cost fixing), and a hyperplane is skipped once its LP cannot beat the
incumbent. Deterministic for given data up to the time limit (each core is solved single-threaded with a fixed
seed; the two threads only meet through the incumbent).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from projectoffice.engine.portfolio.backend_cpsat import objective_scale, row_scale
from projectoffice.engine.portfolio.program import (
    BinaryProgram,
    BinarySolution,
    FloatArray,
    Progress,
    SolveOptions,
    Status,
    relative_gap,
)

FIRST_CORE = 30  # items free in the first core problem
CORE_GROWTH = 1.5
LINEARIZATION = 2  # CP-SAT's LP with cuts on every row: measured better than the default 1 on 10 × 250 / 500
HYPERPLANES = 4  # item counts tried by the hyperplane search: ⌊Σ x_LP⌋, +1, −1, +2
_SEED = 7


@dataclass(frozen=True, slots=True)
class Knapsack:
    """maximise p·x subject to A x <= b, x binary; profits and weights made integral (CP-SAT's need)."""

    profits: FloatArray
    weights: FloatArray  # m × n
    capacities: FloatArray
    int_profits: list[int]
    int_weights: list[list[int]]
    int_capacities: list[int]

    @property
    def items(self) -> int:
        return len(self.profits)


def knapsack_of(program: BinaryProgram) -> Knapsack:
    """The dense knapsack of a program whose rows all read ``weights · x <= capacity``."""
    a = np.zeros((program.constraints, program.variables))
    a[program.rows, program.cols] = program.values
    scale = objective_scale(program.objective)
    int_profits = np.rint(program.objective * scale).astype(np.int64).tolist()
    int_weights, int_capacities = [], []
    for row, capacity in zip(a, program.upper, strict=True):
        factor = row_scale(row, -math.inf, float(capacity))
        int_weights.append(np.rint(row * factor).astype(np.int64).tolist())
        int_capacities.append(math.floor(capacity * factor + 1e-9))
    return Knapsack(program.objective, a, program.upper, int_profits, int_weights, int_capacities)


@dataclass(slots=True)
class Incumbent:
    """The best solution found by either thread (guarded by a lock)."""

    x: np.ndarray
    value: float
    started: float
    options: SolveOptions
    bound: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    proven: bool = False

    def offer(self, x: np.ndarray, value: float) -> None:
        with self.lock:
            if value <= self.value + 1e-9:
                return
            self.x, self.value = x.copy(), value
        if self.options.progress is not None:
            self.options.progress(Progress(value, self.bound, time.monotonic() - self.started))


@dataclass(frozen=True, slots=True)
class Lp:
    x: FloatArray
    reduced: FloatArray  # |reduced cost| per item
    duals: FloatArray
    value: float


def solve_mkp(program: BinaryProgram, options: SolveOptions) -> BinarySolution:
    """Solve a pure knapsack program (rows ``A x <= b``, no fixed variables) by LP cores in two threads."""
    started = time.monotonic()
    deadline = started + options.time_limit
    knapsack = knapsack_of(program)
    lp = solve_lp(knapsack)
    if lp is None:  # the LP failed: no core to build, the whole problem is the only core
        lp = Lp(
            np.zeros(knapsack.items), np.zeros(knapsack.items), np.zeros(len(knapsack.capacities)), math.inf
        )
    start = greedy(knapsack, lp)
    bound = _integral_bound(knapsack, lp.value)
    incumbent = Incumbent(start, float(knapsack.profits @ start), started, options, bound)
    searches = [_search_plain, _search_hyperplanes] if options.workers > 1 else [_search_plain]
    threads = [
        threading.Thread(target=s, args=(knapsack, lp, incumbent, deadline), name=s.__name__)
        for s in searches
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bound = max(incumbent.value, bound)
    proven = incumbent.proven or relative_gap(incumbent.value, bound) <= 1e-9
    x = tuple(int(v) for v in incumbent.x)
    status = Status.OPTIMAL if proven else Status.FEASIBLE
    return BinarySolution(
        status, x, incumbent.value, incumbent.value if proven else bound, time.monotonic() - started
    )


def _integral_bound(knapsack: Knapsack, bound: float) -> float:
    integral = bool(np.all(knapsack.profits == np.rint(knapsack.profits)))
    return math.floor(bound + 1e-6) if integral and math.isfinite(bound) else bound


def solve_lp(knapsack: Knapsack, cardinality: int | None = None) -> Lp | None:
    """The LP relaxation by GLOP (part of OR-Tools, so no clash with CP-SAT), optionally with Σx = cardinality."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    n = knapsack.items
    xs = [solver.NumVar(0.0, 1.0, "") for _ in range(n)]
    rows = []
    for weights, capacity in zip(knapsack.weights, knapsack.capacities, strict=True):
        row = solver.Constraint(-solver.infinity(), float(capacity))
        for var, weight in zip(xs, weights.tolist(), strict=True):
            if weight:
                row.SetCoefficient(var, weight)
        rows.append(row)
    if cardinality is not None:
        count = solver.Constraint(cardinality, cardinality)
        for var in xs:
            count.SetCoefficient(var, 1.0)
    objective = solver.Objective()
    for var, profit in zip(xs, knapsack.profits.tolist(), strict=True):
        objective.SetCoefficient(var, profit)
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    x = np.array([v.solution_value() for v in xs])
    reduced = np.abs(np.array([v.reduced_cost() for v in xs]))
    duals = np.array([r.dual_value() for r in rows])
    return Lp(x, reduced, duals, objective.Value())


def greedy(knapsack: Knapsack, lp: Lp) -> np.ndarray:
    """A first portfolio: items by LP value, then by profit per dual-weighted resource, while they fit."""
    pseudo_cost = lp.duals @ knapsack.weights + 1e-9
    order = np.lexsort((-knapsack.profits / pseudo_cost, -np.round(lp.x, 6)))
    x = np.zeros(knapsack.items, dtype=np.int64)
    used = np.zeros(len(knapsack.capacities))
    for j in order.tolist():
        column = knapsack.weights[:, j]
        if np.all(used + column <= knapsack.capacities + 1e-9):
            x[j] = 1
            used += column
    return x


def _core_sizes(items: int) -> Iterator[int]:
    size = min(FIRST_CORE, items)
    while True:
        yield size
        if size >= items:
            return
        size = min(items, math.ceil(size * CORE_GROWTH))


def _search_plain(knapsack: Knapsack, lp: Lp, incumbent: Incumbent, deadline: float) -> None:
    order = np.argsort(lp.reduced, kind="stable")
    for size in _core_sizes(knapsack.items):
        if time.monotonic() >= deadline or incumbent.proven:
            return
        optimal = _solve_core(knapsack, lp, order[:size], None, incumbent, deadline)
        if optimal and _core_decides(knapsack, lp, lp.reduced[order[size:]], incumbent.value):
            incumbent.proven = True
            return


def _core_decides(knapsack: Knapsack, lp: Lp, outside: np.ndarray, value: float) -> bool:
    """True when no item outside the core can differ from its LP value in a portfolio better than ``value``:
    flipping item j alone caps the LP at LP − |reduced cost j| (reduced-cost fixing)."""
    if len(outside) == 0:
        return True
    step = 1.0 if bool(np.all(knapsack.profits == np.rint(knapsack.profits))) else 0.0
    return lp.value - float(outside.min()) < value + step - 1e-6


def _hyperplanes(center: int, items: int) -> Iterator[int]:
    for step in range(items + 1):
        for k in (center - step, center + step + 1) if step else (center, center + 1):
            if 0 <= k <= items:
                yield k


def _search_hyperplanes(knapsack: Knapsack, lp: Lp, incumbent: Incumbent, deadline: float) -> None:
    center = math.floor(float(lp.x.sum()) + 1e-6)
    planes = {k: solve_lp(knapsack, k) for k in list(_hyperplanes(center, knapsack.items))[:HYPERPLANES]}
    sizes = list(_core_sizes(knapsack.items))
    for size in sizes[1:] or sizes:  # the plain search covers the smallest core
        for k, plane in planes.items():
            if time.monotonic() >= deadline or incumbent.proven:
                return
            if plane is None or plane.value < incumbent.value + 1e-6:
                continue  # no portfolio of k items beats the incumbent
            order = np.argsort(plane.reduced, kind="stable")
            _solve_core(knapsack, plane, order[:size], k, incumbent, deadline)


def _solve_core(
    knapsack: Knapsack,
    lp: Lp,
    free: np.ndarray,
    cardinality: int | None,
    incumbent: Incumbent,
    deadline: float,
) -> bool:
    """CP-SAT on the items ``free``, every other item at its LP value; True when solved to optimality."""
    fixed = np.rint(lp.x).astype(np.int64)
    fixed[free] = 0
    model = cp_model.CpModel()
    free_items = free.tolist()
    variables = [model.new_bool_var(f"x{j}") for j in free_items]
    for weights, capacity in zip(knapsack.int_weights, knapsack.int_capacities, strict=True):
        left = capacity - sum(w for w, v in zip(weights, fixed.tolist(), strict=True) if v)
        model.add(cp_model.LinearExpr.weighted_sum(variables, [weights[j] for j in free_items]) <= left)
    if cardinality is not None:
        model.add(sum(variables) == cardinality - int(fixed.sum()))
    model.maximize(cp_model.LinearExpr.weighted_sum(variables, [knapsack.int_profits[j] for j in free_items]))
    with incumbent.lock:
        hint = incumbent.x.copy()
    for var, j in zip(variables, free_items, strict=True):
        model.add_hint(var, bool(hint[j]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = _SEED
    solver.parameters.linearization_level = LINEARIZATION
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status == cp_model.INFEASIBLE
    x = fixed.copy()
    x[free] = [solver.value(v) for v in variables]
    if np.all(knapsack.weights @ x <= knapsack.capacities + 1e-9):
        incumbent.offer(x, float(knapsack.profits @ x))
    return bool(status == cp_model.OPTIMAL)
