"""Benchmark: import of a 10,000-task MS Project XML (MSPDI) file into a new project, then over it again.

    .venv/bin/python bench/mspdi_import.py                  # 10,000 tasks, in-memory SQLite
    .venv/bin/python bench/mspdi_import.py --tasks 2000
    DATABASE_URL=postgres://… .venv/bin/python bench/mspdi_import.py

The file is generated with the engine's MSPDI writer: 20 phases x 10 work packages of chained tasks (≈ 10,000 rows
with the summaries), links with lags across packages, 50 resources with one or two assignments per task, a
baseline of every task. Prints the file size, the time to read and check it, the time of the whole import (one
transaction: rows, recompute or its job, audit) and the number of SQL queries, which must not grow with the plan.
Nothing here asserts a timing; the machine is shared, so compare figures within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection
from django.test.utils import CaptureQueriesContext
from projects_setup import timed_split, world

from projectoffice.engine.formats.mspdi import Assignment, Baseline, Resource
from projectoffice.engine.formats.mspdi_write import write_mspdi
from projectoffice.engine.network import Link, LinkType, Network, Task
from projectoffice.projects.interchange.mspdi_import import mspdi_import, read_plan
from projectoffice.projects.interchange.new_project import NewProject

START = dt.datetime(2026, 3, 2, 8)


def generate(count: int, seed: int = 5) -> bytes:
    """An MSPDI file of about ``count`` task rows (summaries included)."""
    rng = random.Random(seed)
    per_package = max(1, count // 200 - 1)
    tasks: list[Task] = []
    links: list[Link] = []
    uid = 0
    previous_package_last = None
    for phase in range(20):
        uid += 1
        phase_uid = uid
        tasks.append(Task(phase_uid, f"Phase {phase + 1}"))
        for package in range(10):
            uid += 1
            package_uid = uid
            tasks.append(Task(package_uid, f"Work package {phase + 1}.{package + 1}", parent=phase_uid))
            for step in range(per_package):
                uid += 1
                tasks.append(Task(uid, f"Task {phase + 1}.{package + 1}.{step + 1}", rng.choice((240, 480, 960, 2400)),
                                  parent=package_uid))
                if step:
                    links.append(Link(uid - 1, uid, LinkType.FS, rng.choice((0, 0, 0, 480))))
                elif previous_package_last is not None:
                    links.append(Link(previous_package_last, uid, LinkType.SS, 960))
            previous_package_last = uid
    network = Network(tasks=tuple(tasks), links=tuple(links), start=START)
    leaves = [t for t in tasks if t.duration]
    resources = [Resource(uid=i, name=f"Engineer {i:02d}", email=f"engineer{i:02d}@example.com") for i in range(1, 51)]
    assignments = [Assignment(uid=n, task=t.uid, resource=rng.randint(1, 50), units=1.0, work=t.duration)
                   for n, t in enumerate(leaves, start=1)]
    baselines = [Baseline(task=t.uid, number=0, start=START, finish=START, duration=t.duration, work=t.duration,
                          cost=10000.0) for t in leaves]
    return write_mspdi(network, name=f"Bench {count}", resources=resources, assignments=assignments,
                       baselines=baselines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    args = parser.parse_args()
    w = world()
    began = time.perf_counter()
    data = generate(args.tasks)
    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}; generated {len(data) / 2**20:.1f} MiB in "
          f"{time.perf_counter() - began:.2f} s")
    print(f"{'':40} {'wall':>7} {'cpu':>7} {'server':>7} {'queries':>7}")
    wall, cpu, server, read = timed_split(lambda: read_plan(data))
    print(f"{'read and check':40} {wall:6.2f}s {cpu:6.2f}s {server:6.2f}s {0:7d}  {len(read.plan.network.tasks)} tasks, "
          f"{len(read.plan.network.links)} links, {len(read.plan.assignments)} assignments")
    new = NewProject(code="BENCH-MSPDI", business_line=w["bl"], lead_site=w["site"])
    with CaptureQueriesContext(connection) as queries:
        wall, cpu, server, (project, report) = timed_split(
            lambda: mspdi_import(data=data, source="bench.xml", by=None, new=new))
    print(f"{'import into a new project (all of it)':40} {wall:6.2f}s {cpu:6.2f}s {server:6.2f}s {len(queries):7d}  "
          f"recomputed inline: {report.recomputed}")
    print("  mapped: " + ", ".join(f"{v} {k}" for k, v in report.mapped.items()))
    for line in report.warnings:
        print(f"  warning: {line}")
    with CaptureQueriesContext(connection) as queries:
        wall, cpu, server, _ = timed_split(lambda: mspdi_import(data=data, source="bench.xml", by=None, project=project))
    print(f"{'import over the same project (replace)':40} {wall:6.2f}s {cpu:6.2f}s {server:6.2f}s {len(queries):7d}")
    print("(in these settings background jobs run inline on commit: a plan over 5,000 tasks is recomputed by its job "
          "within the import's time)")


if __name__ == "__main__":
    main()
