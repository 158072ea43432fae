"""Recompute + save of a 10,000-task project (target ≤ 2 s): the engine's CPM, then the changed rows written.

    .venv/bin/python bench/projects_recompute.py [--tasks 10000]
    DATABASE_URL=postgres://… .venv/bin/python bench/projects_recompute.py

Prints figures; never asserts timings. "cold" = every row moves (dates cleared first), "warm" = nothing moved.
Each line is the best of three runs: wall time, CPU of this process, CPU of the PostgreSQL backend (read from
/proc; 0 on SQLite, which runs in this process) and the number of SQL queries.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from projects_setup import bench_project, timed_split  # type: ignore[import-not-found]

from projectoffice.projects.models import Task
from projectoffice.projects.network import load_plan
from projectoffice.projects.services import project_recompute


def best_of(function: Callable[[], Any], prepare: Callable[[], Any] = lambda: None,
            repeat: int = 3) -> tuple[float, float, float, int, Any]:
    """Best wall, Python CPU and server CPU of ``repeat`` runs (``prepare`` runs untimed before each), the
    query count of the last run and its result."""
    best = [float("inf")] * 3
    queries, result = 0, None
    for _ in range(repeat):
        prepare()
        with CaptureQueriesContext(connection) as captured:
            *times, result = timed_split(function)
        best = [min(b, t) for b, t in zip(best, times, strict=True)]
        queries = len(captured)
    return best[0], best[1], best[2], queries, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    size = parser.parse_args().tasks
    began = time.perf_counter()
    project = bench_project("RECOMPUTE", size, recompute=False)
    rows = Task.objects.filter(project=project).count()
    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}; generated {rows} tasks in "
          f"{time.perf_counter() - began:.2f} s")

    def clear() -> None:
        Task.objects.filter(project=project).update(start=None, finish=None, is_critical=False)

    def recompute() -> Any:
        return project_recompute(project=project, background=False)

    print(f"{'':25} {'wall':>7} {'cpu':>7} {'server':>7} {'queries':>7}")
    for label, function, prepare in (("load rows -> network", lambda: load_plan(project), lambda: None),
                                     ("recompute + save (cold)", recompute, clear),
                                     ("recompute (warm)", recompute, lambda: None)):
        wall, cpu, server, queries, result = best_of(function, prepare)
        written = f"  rows written {result.changed}" if hasattr(result, "changed") else ""
        print(f"{label:<25} {wall:6.3f}s {cpu:6.3f}s {server:6.3f}s {queries:7d}{written}")
    print(f"target: recompute + save <= 2 s; project finish {project.scheduled_finish:%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
