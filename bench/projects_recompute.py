"""Recompute + save of a 10,000-task project (target ≤ 2 s): the engine's CPM, then the changed rows written.

    .venv/bin/python bench/projects_recompute.py [--tasks 10000]

Prints figures; never asserts timings. "cold" = every row moves (dates cleared first), "warm" = nothing moved.
"""

from __future__ import annotations

import argparse
import time

from projects_setup import bench_project, timed_cpu  # type: ignore[import-not-found]

from projectoffice.projects.models import Task
from projectoffice.projects.network import load_plan
from projectoffice.projects.services import project_recompute


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    size = parser.parse_args().tasks
    began = time.perf_counter()
    project = bench_project("RECOMPUTE", size, recompute=False)
    rows = Task.objects.filter(project=project).count()
    print(f"generated {rows} tasks in {time.perf_counter() - began:.2f} s")

    def cold() -> object:
        Task.objects.filter(project=project).update(start=None, finish=None, is_critical=False)
        return project_recompute(project=project, background=False)

    load_s, load_cpu, _ = timed_cpu(lambda: load_plan(project))
    cold_s, cold_cpu, result = timed_cpu(cold)
    warm_s, warm_cpu, warm = timed_cpu(lambda: project_recompute(project=project, background=False))
    print(f"{'':25} {'wall':>7} {'cpu':>7}")
    print(f"load rows -> network      {load_s:6.3f}s {load_cpu:6.3f}s")
    print(f"recompute + save (cold)   {cold_s:6.3f}s {cold_cpu:6.3f}s  rows written {result.changed}  (target <= 2 s)")
    print(f"recompute (warm)          {warm_s:6.3f}s {warm_cpu:6.3f}s  rows written {warm.changed}")
    print(f"project finish {project.scheduled_finish:%Y-%m-%d %H:%M}, warnings {len(result.warnings)}")


if __name__ == "__main__":
    main()
