"""Sets of activities of which no two can run at the same time: the redundant disjunctive constraints.

Two activities conflict when together they need more of some resource than it has, so they never overlap. A
set of pairwise conflicting activities (a clique of the conflict graph) is a disjunctive resource: CP-SAT's
no-overlap reasoning on it (edge finding, not-first/not-last, precedences) is much stronger than what the
cumulatives deduce on their own, because the conflicts may come from different resources. These constraints
are what proves the hard PSPLIB j30 instances optimal (bench/psplib.py).
"""

from __future__ import annotations

from itertools import combinations

from projectoffice.engine.leveling.graph import Graph

MAX_CLIQUES = 400
"""At most this many cliques (largest first): beyond it the model grows faster than its reasoning helps."""


def conflicts(graph: Graph) -> list[set[int]]:
    """``adjacent[i]``: the activities that can never run alongside activity ``i``."""
    adjacent: list[set[int]] = [set() for _ in range(graph.size)]
    needs = [dict(row) for row in graph.needs]
    busy = [i for i in range(graph.size) if graph.durations[i] > 0 and needs[i]]
    for i, j in combinations(busy, 2):
        shared = needs[i].keys() & needs[j].keys()
        if any(needs[i][r] + needs[j][r] > graph.capacities[r] for r in shared):
            adjacent[i].add(j)
            adjacent[j].add(i)
    return adjacent


def conflict_cliques(graph: Graph) -> list[list[int]]:
    """Greedy maximal cliques of at least three activities that cover the conflicting pairs, longest first."""
    adjacent = conflicts(graph)
    by_length = sorted(range(graph.size), key=lambda i: (-graph.durations[i], i))
    pairs = sorted(
        ((i, j) for i in range(graph.size) for j in adjacent[i] if i < j),
        key=lambda p: (-(graph.durations[p[0]] + graph.durations[p[1]]), p),
    )
    covered: set[tuple[int, int]] = set()
    cliques: list[list[int]] = []
    for i, j in pairs:
        if (i, j) in covered:
            continue
        clique = _grow([i, j], adjacent, by_length)
        covered.update(combinations(sorted(clique), 2))
        if len(clique) >= 3:
            cliques.append(sorted(clique))
        if len(cliques) >= MAX_CLIQUES:
            break
    return cliques


def _grow(clique: list[int], adjacent: list[set[int]], candidates: list[int]) -> list[int]:
    for k in candidates:
        if k not in clique and all(k in adjacent[x] for x in clique):
            clique.append(k)
    return clique
