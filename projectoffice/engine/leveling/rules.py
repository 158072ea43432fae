"""Priority rules and regret-based biased random sampling: the constructive half of the heuristics.

A rule gives each activity a value, lower meaning "schedule first" (Kolisch 1996): LFT (latest finish), LST
(latest start), MTS (most total successors), GRPW (greatest rank positional weight). Task and project priority
(MS Project's 0..1000) come before the rule: a more important task is placed first and so delayed less.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from projectoffice.engine.leveling.graph import Graph, critical_path_bound, latest_starts
from projectoffice.engine.leveling.problem import Problem

Rule = Callable[[Graph], list[float]]


def lft(graph: Graph) -> list[float]:
    """Latest finish time on the critical path without resources."""
    ls = latest_starts(graph, critical_path_bound(graph))
    return [float(ls[i] + graph.durations[i]) for i in range(graph.size)]


def lst(graph: Graph) -> list[float]:
    """Latest start time on the critical path without resources."""
    return [float(t) for t in latest_starts(graph, critical_path_bound(graph))]


def mts(graph: Graph) -> list[float]:
    """Most total successors first (direct and indirect)."""
    below: list[set[int]] = [set() for _ in range(graph.size)]
    for i in reversed(graph.order):
        for j, _ in graph.succs[i]:
            below[i].add(j)
            below[i] |= below[j]
    return [-float(len(s)) for s in below]


def grpw(graph: Graph) -> list[float]:
    """Greatest rank positional weight: own duration plus the durations of the direct successors."""
    d = graph.durations
    return [-float(d[i] + sum(d[j] for j, _ in graph.succs[i])) for i in range(graph.size)]


RULES: dict[str, Rule] = {"lft": lft, "lst": lst, "mts": mts, "grpw": grpw}


def with_priorities(problem: Problem, values: list[float]) -> list[tuple[int, int, float]]:
    """Rule values behind project and task priority (higher priority first), as sortable keys."""
    return [(-a.project_priority, -a.priority, v) for a, v in zip(problem.activities, values, strict=True)]


def priority_list(graph: Graph, keys: Sequence[object]) -> list[int]:
    """A topological activity list taking, among the eligible activities, the least key first."""
    waiting = [len(p) for p in graph.preds]
    eligible = [i for i in range(graph.size) if waiting[i] == 0]
    result: list[int] = []
    while eligible:
        best = min(eligible, key=lambda i: (keys[i], i))  # type: ignore[return-value]
        eligible.remove(best)
        result.append(best)
        for j, _ in graph.succs[best]:
            waiting[j] -= 1
            if waiting[j] == 0:
                eligible.append(j)
    return result


def sampled_list(graph: Graph, values: Sequence[float], rng: random.Random, alpha: float = 1.0) -> list[int]:
    """Regret-based biased random sampling: a topological list drawn with weight (regret + 1) ** alpha.

    The regret of an eligible activity is how much worse the worst eligible value is than its own, so the rule's
    favourite is likeliest but every eligible activity can be drawn.
    """
    waiting = [len(p) for p in graph.preds]
    eligible = [i for i in range(graph.size) if waiting[i] == 0]
    result: list[int] = []
    while eligible:
        worst = max(values[i] for i in eligible)
        weights = [(worst - values[i] + 1.0) ** alpha for i in eligible]
        pick = eligible.pop(_draw(weights, rng))
        result.append(pick)
        for j, _ in graph.succs[pick]:
            waiting[j] -= 1
            if waiting[j] == 0:
                eligible.append(j)
    return result


def _draw(weights: list[float], rng: random.Random) -> int:
    point = rng.random() * sum(weights)
    for index, weight in enumerate(weights):
        point -= weight
        if point < 0:
            return index
    return len(weights) - 1
