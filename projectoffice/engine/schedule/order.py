"""Topological levels of the task graph, computed frontier by frontier with NumPy (Kahn's algorithm).

Every task of level ``k`` has all its predecessors in levels below ``k``, so a pass can treat a whole level as
one vector operation. When a cycle blocks the frontier, one cycle is traced and reported by task uid.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from projectoffice.engine.calendars.index import Minutes
from projectoffice.engine.errors import CycleError


def levels(n: int, pred: Minutes, succ: Minutes, uids: Minutes) -> Minutes:
    """Level of each of ``n`` tasks; raises ``CycleError`` naming one cycle."""
    level = np.full(n, -1, dtype=np.int64)
    indegree = np.bincount(succ, minlength=n)
    by_pred = np.argsort(pred, kind="stable")
    out_succ = succ[by_pred]
    out_ptr = np.concatenate(([0], np.cumsum(np.bincount(pred, minlength=n))))
    frontier = np.flatnonzero(indegree == 0)
    k = 0
    while frontier.size:
        level[frontier] = k
        reached = out_succ[_ranges(out_ptr[frontier], out_ptr[frontier + 1])]
        indegree -= np.bincount(reached, minlength=n)
        frontier = np.unique(reached[indegree[reached] == 0])
        k += 1
    if (level < 0).any():
        raise CycleError([int(uids[i]) for i in _one_cycle(level < 0, pred, succ)])
    return level


def _ranges(starts: Minutes, stops: Minutes) -> Minutes:
    """Concatenation of ``arange(a, b)`` for each pair, without a Python loop."""
    counts = stops - starts
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return offsets + np.arange(total)


def _one_cycle(blocked: npt.NDArray[np.bool_], pred: Minutes, succ: Minutes) -> list[int]:
    """Walk predecessors among the blocked tasks until one repeats; the repeated stretch is a cycle."""
    inside = blocked[pred] & blocked[succ]
    back: dict[int, int] = {int(s): int(p) for p, s in zip(pred[inside], succ[inside], strict=True)}
    node = next(iter(back))
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = back[node]
    return list(reversed(path[seen[node]:]))
