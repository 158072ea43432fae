"""The problem flattened into plain lists for the inner loops, and the critical-path times on it.

Schedule generation runs hundreds of thousands of times in a search, so it reads lists of ints, not dataclasses.
Every link becomes a minimum start-to-start distance ``delay``: start(j) >= start(i) + delay.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from projectoffice.engine.leveling.problem import Problem, topological_order


@dataclass(frozen=True, slots=True)
class Graph:
    """Lists indexed by activity. ``preds[j]`` holds (i, delay) pairs; ``needs[j]`` the (resource, units) used."""

    durations: list[int]
    needs: list[list[tuple[int, int]]]
    preds: list[list[tuple[int, int]]]
    succs: list[list[tuple[int, int]]]
    release: list[int]
    deadline: list[int | None]
    pinned: list[int | None]
    free_running: list[bool]
    capacities: list[int]
    order: list[int]
    rank: list[int]
    horizon: int
    sortable: bool

    @property
    def size(self) -> int:
        return len(self.durations)


def build_graph(problem: Problem) -> Graph:
    """Flatten ``problem``; links into a pinned (started) activity are dropped: its actual start stands."""
    durations = [a.duration for a in problem.activities]
    pinned = [a.fixed_start for a in problem.activities]
    preds: list[list[tuple[int, int]]] = [[] for _ in durations]
    succs: list[list[tuple[int, int]]] = [[] for _ in durations]
    for link in problem.links:
        if pinned[link.after] is None:
            delay = link.delay(durations)
            preds[link.after].append((link.before, delay))
            succs[link.before].append((link.after, delay))
    order = topological_order(problem)
    return Graph(
        durations=durations,
        needs=[[(r, q) for r, q in enumerate(a.demands) if q > 0] for a in problem.activities],
        preds=preds,
        succs=succs,
        release=[a.release for a in problem.activities],
        deadline=[a.deadline for a in problem.activities],
        pinned=pinned,
        free_running=[not a.levelled and a.fixed_start is None for a in problem.activities],
        capacities=list(problem.capacities),
        order=order,
        rank=_ranks(order),
        horizon=_horizon(problem, durations),
        sortable=all(
            d >= 0 and d + durations[j] - durations[i] >= 0 for i, row in enumerate(succs) for j, d in row
        ),
    )


def reversed_graph(graph: Graph) -> Graph:
    """The mirror image in time: start'(x) = T - finish(x); used by the backward pass of justification.

    Releases become deadlines there and are dropped (the forward pass restores them); pins are set per call.
    """
    d = graph.durations
    preds = [[(j, delay + d[j] - d[i]) for j, delay in graph.succs[i]] for i in range(graph.size)]
    succs = [[(i, delay + d[j] - d[i]) for i, delay in graph.preds[j]] for j in range(graph.size)]
    order = graph.order[::-1]
    return Graph(
        durations=d,
        needs=graph.needs,
        preds=preds,
        succs=succs,
        release=[0] * graph.size,
        deadline=[None] * graph.size,
        pinned=[None] * graph.size,
        free_running=graph.free_running,
        capacities=graph.capacities,
        order=order,
        rank=_ranks(order),
        horizon=2 * graph.horizon,
        sortable=graph.sortable,
    )


def _ranks(order: list[int]) -> list[int]:
    rank = [0] * len(order)
    for position, node in enumerate(order):
        rank[node] = position
    return rank


def _horizon(problem: Problem, durations: list[int]) -> int:
    """A time by which any serial schedule has finished: fixed ends, plus every duration and positive lag."""
    fixed = [a.fixed_start + a.duration for a in problem.activities if a.fixed_start is not None]
    start = max([0, *fixed, *(a.release for a in problem.activities)])
    lags = sum(max(0, link.lag) for link in problem.links)
    return start + sum(durations) + lags + 1


def earliest_starts(graph: Graph) -> list[int]:
    """Critical-path early starts without resources (pinned activities at their actual start)."""
    es = [0] * graph.size
    for j in graph.order:
        fixed = graph.pinned[j]
        if fixed is not None:
            es[j] = fixed
            continue
        es[j] = max([graph.release[j], *(es[i] + delay for i, delay in graph.preds[j])])
    return es


def latest_starts(graph: Graph, finish: int) -> list[int]:
    """Critical-path late starts for a project that must finish by ``finish`` (and each activity by its deadline)."""
    ls = [0] * graph.size
    for i in reversed(graph.order):
        fixed = graph.pinned[i]
        if fixed is not None:
            ls[i] = fixed
            continue
        limit = graph.deadline[i]
        own = finish if limit is None else min(finish, limit)
        ls[i] = min([own - graph.durations[i], *(ls[j] - delay for j, delay in graph.succs[i])])
    return ls


def critical_path_bound(graph: Graph) -> int:
    """The makespan without resource limits: the lower bound PSPLIB calls MPM-time."""
    es = earliest_starts(graph)
    return max((es[i] + graph.durations[i] for i in range(graph.size)), default=0)


def order_by_time(graph: Graph, times: Sequence[float]) -> list[int]:
    """A list of all activities, earliest ``times`` first, in which every link still goes forward.

    When every delay is non-negative, sorting by (time, topological rank) is enough; otherwise a heap-driven
    topological sort picks, among the activities whose predecessors are placed, the one with the least time.
    """
    if graph.sortable:
        rank = graph.rank
        return sorted(range(graph.size), key=lambda i: (times[i], rank[i]))
    waiting = [len(p) for p in graph.preds]
    heap = [(times[i], graph.rank[i], i) for i in range(graph.size) if waiting[i] == 0]
    heapq.heapify(heap)
    result: list[int] = []
    while heap:
        node = heapq.heappop(heap)[2]
        result.append(node)
        for nxt, _ in graph.succs[node]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(heap, (times[nxt], graph.rank[nxt], nxt))
    return result
