"""Levelling within float: the finish does not move; fit as many activities as capacity allows.

Every activity must start by its late start under the fixed finish, so no finish date slips. Priority rules and
biased sampling build schedules with the serial scheme bounded by those late starts; the one leaving the fewest
activities over-allocated wins. CP-SAT then maximises the levelled activities (weighted by priority) with
optional intervals: an activity left out stays where its links allow and takes no capacity in the model,
exactly as the heuristic leaves it, and is reported as not levelled.
"""

from __future__ import annotations

import random
import time

from ortools.sat.python import cp_model

from projectoffice.engine.errors import InfeasibleError
from projectoffice.engine.leveling.graph import Graph, critical_path_bound, earliest_starts, latest_starts
from projectoffice.engine.leveling.problem import Problem
from projectoffice.engine.leveling.results import LevelResult, Progress, Settings
from projectoffice.engine.leveling.rules import RULES, priority_list, sampled_list, with_priorities
from projectoffice.engine.leveling.sgs import makespan, overloaded, serial_within

Attempt = tuple[list[int], list[int]]


def level_within_float(
    problem: Problem, graph: Graph, *, settings: Settings, finish: int | None, progress: Progress | None
) -> LevelResult:
    """Level so that every activity ends by ``finish`` (default: the critical-path finish)."""
    began = time.monotonic()
    earliest_finish = critical_path_bound(graph)
    deadline = earliest_finish if finish is None else finish
    if deadline < earliest_finish:
        raise InfeasibleError(f"The links alone need until {earliest_finish}, after the finish {deadline}.")
    latest = latest_starts(graph, deadline)
    early = earliest_starts(graph)
    late = [i for i in range(graph.size) if latest[i] < early[i]]
    if late:
        raise InfeasibleError(f"Activity {late[0]} cannot meet its deadline even without levelling.")
    best = _heuristic(problem, graph, latest, settings)
    optimal = not best[1]
    if settings.exact and best[1]:
        exact = _exact(problem, graph, latest, best, settings)
        if exact is not None:
            best, optimal = exact[0], exact[1]
    if progress is not None:
        progress(makespan(graph, best[0]), earliest_finish, time.monotonic() - began)
    left = set(best[1]) | set(overloaded(graph, best[0]))
    return LevelResult(
        starts=tuple(best[0]),
        makespan=makespan(graph, best[0]),
        lower_bound=earliest_finish,
        optimal=optimal and not left,
        seconds=time.monotonic() - began,
        unlevelled=tuple(sorted(left)),
    )


def _heuristic(problem: Problem, graph: Graph, latest: list[int], settings: Settings) -> Attempt:
    """The best of every rule and a few hundred biased samples (fewest unlevelled, then earliest finish)."""
    rules = [with_priorities(problem, rule(graph)) for rule in RULES.values()]
    rules.append(with_priorities(problem, [float(t) for t in latest]))
    attempts = [serial_within(graph, priority_list(graph, keys), latest) for keys in rules]
    rng = random.Random(settings.seed)
    values = [float(t) for t in latest]
    stop = time.monotonic() + settings.time_limit * 0.3
    for _ in range(200):
        if not settings.deterministic and time.monotonic() > stop:
            break
        attempts.append(serial_within(graph, sampled_list(graph, values, rng), latest))
    return min(attempts, key=lambda a: (len(a[1]) + len(overloaded(graph, a[0])), makespan(graph, a[0])))


def _exact(
    problem: Problem, graph: Graph, latest: list[int], hint: Attempt, settings: Settings
) -> tuple[Attempt, bool] | None:
    """CP-SAT: maximise the priority-weighted count of levelled activities; None if it finds nothing better."""
    model = cp_model.CpModel()
    es = earliest_starts(graph)
    starts = [model.new_int_var(es[i], max(es[i], latest[i]), f"s{i}") for i in range(graph.size)]
    kept = [model.new_bool_var(f"k{i}") for i in range(graph.size)]
    for i in range(graph.size):
        if graph.pinned[i] is not None or graph.free_running[i]:
            model.add(kept[i] == 1)
    _constraints(model, graph, starts, kept)
    model.maximize(sum((1000 + a.priority) * kept[i] for i, a in enumerate(problem.activities)))
    left_out = set(hint[1])
    for i in range(graph.size):
        model.add_hint(starts[i], hint[0][i])
        model.add_hint(kept[i], i not in left_out)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, settings.workers)
    solver.parameters.random_seed = settings.seed
    solver.parameters.max_time_in_seconds = max(0.1, settings.time_limit * 0.7)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    result = (
        [int(solver.value(v)) for v in starts],
        [i for i in range(graph.size) if not solver.value(kept[i])],
    )
    if len(result[1]) > len(hint[1]):
        return None
    return result, status == cp_model.OPTIMAL


def _constraints(
    model: cp_model.CpModel, graph: Graph, starts: list[cp_model.IntVar], kept: list[cp_model.IntVar]
) -> None:
    intervals = [
        model.new_optional_fixed_size_interval_var(starts[i], graph.durations[i], kept[i], f"x{i}")
        for i in range(graph.size)
    ]
    for r, capacity in enumerate(graph.capacities):
        users = [
            (i, q)
            for i in range(graph.size)
            for rr, q in graph.needs[i]
            if rr == r and graph.durations[i] > 0
        ]
        if users:
            model.add_cumulative([intervals[i] for i, _ in users], [q for _, q in users], capacity)
    for j in range(graph.size):
        for i, delay in graph.preds[j]:
            model.add(starts[j] >= starts[i] + delay)
        if graph.free_running[j]:
            model.add_max_equality(
                starts[j], [graph.release[j], *(starts[i] + delay for i, delay in graph.preds[j])]
            )
