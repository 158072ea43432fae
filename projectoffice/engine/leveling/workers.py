"""Run the genetic search on several cores: one process per worker, each with its own deterministic seed.

Workers report every improvement on a queue so the caller's progress callback sees the best makespan while the
search runs; the best result wins, ties going to the lowest worker number, so a run with a schedule budget is
reproducible whatever the timing of the processes.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from projectoffice.engine.errors import EngineError
from projectoffice.engine.leveling.genetic import Budget, GeneticSearch
from projectoffice.engine.leveling.graph import Graph


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The best schedule of the search and how many schedules all workers generated."""

    starts: list[int]
    makespan: int
    schedules: int


def worker_seed(seed: int, worker: int) -> int:
    """Distinct, reproducible seeds for the workers of one run."""
    return seed * 7919 + worker * 104729 + 1


def search(
    graph: Graph, *, seed: int, workers: int, budget: Budget, on_improve: Callable[[int], None] | None = None
) -> SearchResult:
    """The genetic search on ``workers`` processes (in this process when ``workers`` is 1)."""
    if workers <= 1:
        run = GeneticSearch(graph, worker_seed(seed, 0), on_improve=on_improve)
        best = run.run(budget)
        return SearchResult(best.starts, best.span, run.schedules)
    return _in_processes(graph, seed, workers, budget, on_improve)


def _context() -> Any:
    # fork starts in milliseconds and needs no re-import; elsewhere spawn is the only safe choice.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _in_processes(
    graph: Graph, seed: int, workers: int, budget: Budget, on_improve: Callable[[int], None] | None
) -> SearchResult:
    context = _context()
    messages: Any = context.Queue()
    processes = [
        context.Process(target=_work, args=(graph, worker_seed(seed, k), k, budget, messages), daemon=True)
        for k in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        finished = _collect(messages, workers, processes, on_improve)
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    best = min(finished, key=lambda item: (item[2], item[0]))
    return SearchResult(best[1], best[2], sum(item[3] for item in finished))


def _collect(
    messages: Any, workers: int, processes: list[Any], on_improve: Callable[[int], None] | None
) -> list[tuple[int, list[int], int, int]]:
    finished: list[tuple[int, list[int], int, int]] = []
    best = None
    while len(finished) < workers:
        try:
            message = messages.get(timeout=1.0)
        except queue.Empty:
            if not any(p.is_alive() for p in processes) and messages.empty():
                raise EngineError("A levelling worker process stopped without an answer.") from None
            continue
        if message[0] == "done":
            finished.append(message[1:])
        elif best is None or message[1] < best:
            best = message[1]
            if on_improve:
                on_improve(best)
    return finished


def _work(graph: Graph, seed: int, worker: int, budget: Budget, messages: Any) -> None:
    run = GeneticSearch(graph, seed, on_improve=lambda span: messages.put(("best", span)))
    best = run.run(budget)
    messages.put(("done", worker, best.starts, best.span, run.schedules))
