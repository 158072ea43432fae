"""Benchmark of the CPM scheduler against MPXJ's MicrosoftScheduler on the same random networks.

    .venv/bin/python bench/cpm.py                  # 1k, 10k and 100k tasks, a table
    .venv/bin/python bench/cpm.py --tasks 100000 --json
    .venv/bin/python bench/cpm.py --no-mpxj

Networks look like a programme: WBS depth 4 (project > phase > work package > task, 10 tasks per package,
10 packages per phase, 10 phases per project), about 3 links per task of all four types with working,
elapsed and negative lags, a French site calendar with 5 years of public holidays, 10 % of tasks on a German
(Bavarian) site calendar, a few elapsed durations, SNET constraints and deadlines. Timings are wall-clock on
this machine as measured; compare them as ratios within one run. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from projectoffice.engine.calendars import site_calendar
from projectoffice.engine.formats.mspdi_write import write_mspdi
from projectoffice.engine.network import Constraint, LagKind, Link, LinkType, Network, Task
from projectoffice.engine.schedule import schedule

START = datetime(2026, 1, 5, 8, 0)
PER_PACKAGE, PER_PHASE, PER_PROJECT = 10, 10, 10


def random_network(leaves: int, seed: int = 7) -> Network:
    """A programme of ``leaves`` working tasks plus its WBS summaries and ~3 links per task."""
    rng = random.Random(seed)
    years = range(START.year - 1, START.year + 5)
    calendars = {"FR": site_calendar("FR", years=years, name="FR"),
                 "DE-BY": site_calendar("DE", "BY", years=years, name="DE-BY")}
    tasks: list[Task] = [Task(1, "Programme")]
    links: list[Link] = []
    uid, parents = 1, {0: 1}
    phase: list[int] = []
    previous_phase: list[int] = []
    package: list[int] = []
    for i in range(leaves):
        for depth, size in ((1, PER_PACKAGE * PER_PHASE * PER_PROJECT), (2, PER_PACKAGE * PER_PHASE),
                            (3, PER_PACKAGE)):
            if i % size == 0:
                uid += 1
                tasks.append(Task(uid, f"WBS {depth} #{uid}", parent=parents[depth - 1]))
                parents[depth] = uid
                if depth == 1:
                    phase = []
                if depth <= 2:
                    previous_phase, phase = phase, []
                package = []
        uid += 1
        tasks.append(_leaf(rng, uid, parents[3]))
        links += _links_into(rng, uid, package, previous_phase)
        package.append(uid)
        phase.append(uid)
    return Network(tasks=tuple(tasks), links=tuple(links), start=START, calendars=calendars, calendar="FR")


def _leaf(rng: random.Random, uid: int, parent: int) -> Task:
    roll = rng.random()
    duration = 0 if roll < 0.05 else rng.choice((240, 480, 960, 1440, 2400, 4800))
    constraint, when = Constraint.ASAP, None
    if rng.random() < 0.02:
        constraint, when = Constraint.SNET, START + timedelta(days=rng.randint(0, 400))
    deadline = START + timedelta(days=rng.randint(200, 900)) if rng.random() < 0.01 else None
    return Task(uid, f"Task {uid}", duration=duration, elapsed=0.05 <= roll < 0.08 and duration > 0,
                calendar="DE-BY" if rng.random() < 0.1 else None, parent=parent,
                constraint=constraint, constraint_date=when, deadline=deadline)


def _links_into(rng: random.Random, uid: int, package: list[int], previous_phase: list[int]) -> list[Link]:
    """The previous task of the work package, an earlier one of it, and tasks of the previous phase."""
    sources = set(package[-1:]) | set(rng.sample(package[:-1], min(1, len(package[:-1]))))
    wanted = 3 - len(sources)
    sources |= set(rng.sample(previous_phase, min(wanted, len(previous_phase))))
    out = []
    for source in sorted(sources):
        kind = rng.choices(list(LinkType), weights=(70, 15, 10, 5))[0]
        lag, lag_kind = 0, LagKind.WORKING
        if rng.random() < 0.3:
            lag = rng.choice((-480, -240, 240, 480, 960))
            lag_kind = LagKind.ELAPSED if rng.random() < 0.2 else LagKind.WORKING
        out.append(Link(source, uid, kind, lag, lag_kind))
    return out


def time_engine(network: Network) -> tuple[float, float, float]:
    """Wall and CPU seconds of one full schedule (best of 5 below 20k tasks, else of 2) and peak MiB (traced).

    CPU time is printed beside wall time because the machine is shared: under load, wall time measures the
    neighbours as much as the scheduler.
    """
    schedule(network)  # warm: calendars compiled and cached, as in a running server
    wall = cpu = float("inf")
    for _ in range(5 if len(network.tasks) < 20_000 else 2):
        began, began_cpu = time.perf_counter(), time.process_time()
        schedule(network)
        wall, cpu = min(wall, time.perf_counter() - began), min(cpu, time.process_time() - began_cpu)
    tracemalloc.start()
    schedule(network)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return wall, cpu, peak / 2**20


def time_mpxj(network: Network) -> tuple[float, float] | None:
    """Wall and CPU seconds of MPXJ's MicrosoftScheduler on the same network written as MSPDI.

    Reading the file is not timed; the JVM is warmed on a first copy of the network.
    """
    try:
        import jpype
        import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
    except ImportError:
        return None
    if not jpype.isJVMStarted():
        jpype.startJVM("-Xmx4g")
    from org.mpxj.cpm import MicrosoftScheduler  # type: ignore[import-not-found]
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    with tempfile.NamedTemporaryFile(suffix=".xml") as file:
        file.write(write_mspdi(network, name="bench"))
        file.flush()
        warm, project = UniversalProjectReader().read(file.name), UniversalProjectReader().read(file.name)
    MicrosoftScheduler().schedule(warm, warm.getProjectProperties().getStartDate())
    began, began_cpu = time.perf_counter(), time.process_time()  # the JVM runs in this process: all its threads
    MicrosoftScheduler().schedule(project, project.getProjectProperties().getStartDate())
    return time.perf_counter() - began, time.process_time() - began_cpu


Row = dict[str, float | int | None]


def measure(leaves: int, with_mpxj: bool) -> Row:
    network = random_network(leaves)
    seconds, cpu, peak = time_engine(network)
    mpxj = time_mpxj(network) if with_mpxj else None
    return {"tasks": len(network.tasks), "links": len(network.links), "seconds": round(seconds, 4),
            "peak_mb": round(peak, 1), "mpxj_seconds": None if mpxj is None else round(mpxj[0], 3),
            "cpu_seconds": round(cpu, 4), "mpxj_cpu_seconds": None if mpxj is None else round(mpxj[1], 3)}


def _line(row: Row, previous: Row | None) -> str:
    """One table line; growth and speed-up are CPU-time ratios (load-independent), wall time as measured."""
    cpu, mpxj_cpu = float(row["cpu_seconds"] or 0), row["mpxj_cpu_seconds"]
    growth = "" if previous is None else f"{cpu / float(previous['cpu_seconds'] or 1):.1f}x"
    speed = f"{float(mpxj_cpu) / cpu:.1f}x" if mpxj_cpu else "-"
    per_task = float(row["peak_mb"] or 0) * 2**20 / float(row["tasks"] or 1)
    mpxj = "-" if row["mpxj_seconds"] is None else f"{row['mpxj_seconds']:.3f}"
    mpxj_cpu_text = "-" if mpxj_cpu is None else f"{mpxj_cpu:.3f}"
    return (f"{row['tasks']:>8} {row['links']:>8} {float(row['seconds'] or 0):>8.3f} {cpu:>7.3f} {growth:>7} "
            f"{float(row['peak_mb'] or 0):>9.1f} {per_task:>7.0f} {mpxj:>8} {mpxj_cpu_text:>8} {speed:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, action="append", help="leaf tasks (repeatable); default 1k, 10k, 100k")
    parser.add_argument("--json", action="store_true", help="measure the largest size only and print it as JSON")
    parser.add_argument("--no-mpxj", action="store_true", help="skip MPXJ's MicrosoftScheduler")
    args = parser.parse_args()
    sizes = sorted(args.tasks or [1_000, 10_000, 100_000])
    if args.json:
        row = measure(sizes[-1], not args.no_mpxj)
        print(json.dumps({key: row[key] for key in ("tasks", "links", "seconds", "peak_mb", "mpxj_seconds")}))
        return
    print(f"{'tasks':>8} {'links':>8} {'wall s':>8} {'cpu s':>7} {'growth':>7} {'peak MiB':>9} {'B/task':>7} "
          f"{'MPXJ s':>8} {'MPXJ cpu':>8} {'speed-up':>8}", flush=True)
    previous = None
    for size in sizes:
        row = measure(size, not args.no_mpxj)
        print(_line(row, previous), flush=True)
        previous = row


if __name__ == "__main__":
    main()
