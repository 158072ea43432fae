"""Benchmark the levelling engine on a PSPLIB set, with PyJobShop (CP-SAT backend) as the peer in the same run.

    .venv/bin/python bench/psplib.py ../shared/data/psplib/j60 --time-limit 5 --sample 40

Per solver: average deviation of the makespan from the critical-path bound (the literature's figure for
j60/j90/j120), average excess over the best-known makespan (for j30: the deviation from the optimum), share
at the best-known makespan, share proven optimal, mean and max seconds. Every schedule of ours is re-checked for
precedence and capacity. Prints figures; asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from projectoffice.engine.formats.psplib import read_psplib
from projectoffice.engine.leveling import Problem, Settings, level, violations


@dataclass(frozen=True)
class Known:
    cpm_lb: int
    best_ub: int
    optimal: bool


@dataclass(frozen=True)
class Run:
    instance: str
    solver: str
    makespan: int
    lower_bound: int
    optimal: bool
    seconds: float
    cpu: float


def shared_data() -> Path:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return Path(os.environ.get("PROJECTOFFICE_SHARED_DATA", default))


def best_known(set_dir: Path) -> dict[str, Known]:
    path = set_dir.parent / "solutions" / "best_known.csv"
    if not path.exists():
        path = shared_data() / "psplib" / "solutions" / "best_known.csv"
    with path.open() as handle:
        return {
            row["instance"]: Known(int(row["cpm_lb"]), int(row["best_ub"]), row["optimal"] == "1")
            for row in csv.DictReader(handle)
        }


def instances(set_dir: Path, sample: int | None) -> list[Path]:
    """The set's files in parameter order; a sample takes K evenly spaced ones (every parameter group)."""

    def key(path: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.stem[len(set_dir.name) :]))

    files = sorted(set_dir.glob("*.sm"), key=key)
    if sample is None or sample >= len(files):
        return files
    step = len(files) / sample
    return [files[int(k * step)] for k in range(sample)]


def run_ours(name: str, problem: Problem, time_limit: float, seed: int) -> Run:
    cpu = time.process_time()
    result = level(problem, settings=Settings(time_limit=time_limit, seed=seed))
    cpu = time.process_time() - cpu + _children_cpu()
    broken = violations(problem, result.starts)
    if broken:
        raise SystemExit(f"{name}: infeasible schedule: {broken[:3]}")
    return Run(name, "ours", result.makespan, result.lower_bound, result.optimal, result.seconds, cpu)


_reaped = [0.0]


def _children_cpu() -> float:
    """CPU seconds of the search's worker processes that ended since the last call."""
    times = os.times()
    total = times.children_user + times.children_system
    new, _reaped[0] = total - _reaped[0], total
    return new


def run_peer(name: str, problem: Problem, time_limit: float) -> Run:
    """The same instance through PyJobShop's CP-SAT model with two workers."""
    # This file's folder heads sys.path and this file would shadow the PyPI package psplib PyJobShop imports.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    from pyjobshop import Model

    model = Model()
    resources = [model.add_renewable(capacity) for capacity in problem.capacities]
    tasks = [model.add_task() for _ in problem.activities]
    for task, activity in zip(tasks, problem.activities, strict=True):
        model.add_mode(task, resources, activity.duration, list(activity.demands))
    for link in problem.links:
        model.add_end_before_start(tasks[link.before], tasks[link.after])
    model.set_objective(weight_makespan=1)
    began, cpu = time.perf_counter(), time.process_time()
    result = model.solve("ortools", time_limit=time_limit, display=False, num_workers=2)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    optimal = result.status.value == "Optimal"
    # No schedule within the limit (a loaded machine): count the trivial one, every job after the other.
    span = (
        int(result.objective)
        if math.isfinite(result.objective)
        else sum(a.duration for a in problem.activities)
    )
    bound = int(result.lower_bound) if math.isfinite(result.lower_bound) else 0
    return Run(name, "pyjobshop", span, bound, optimal, seconds, cpu)


def load_average() -> float:
    """The machine's 1-minute load average (other sessions share its cores); 0 where /proc is missing."""
    path = Path("/proc/loadavg")
    return float(path.read_text().split()[0]) if path.exists() else 0.0


def summary(runs: list[Run], known: dict[str, Known]) -> dict[str, float]:
    dev = [100 * (r.makespan - known[r.instance].cpm_lb) / known[r.instance].cpm_lb for r in runs]
    excess = [100 * (r.makespan - known[r.instance].best_ub) / known[r.instance].best_ub for r in runs]
    return {
        "instances": len(runs),
        "dev_cpm_lb_pct": statistics.fmean(dev),
        "excess_best_pct": statistics.fmean(excess),
        "at_best_pct": 100 * sum(r.makespan <= known[r.instance].best_ub for r in runs) / len(runs),
        "proven_optimal_pct": 100 * sum(r.optimal for r in runs) / len(runs),
        "proven_optimal": sum(r.optimal for r in runs),
        "better_than_best": sum(r.makespan < known[r.instance].best_ub for r in runs),
        "mean_s": statistics.fmean(r.seconds for r in runs),
        "max_s": max(r.seconds for r in runs),
        "mean_cpu_s": statistics.fmean(r.cpu for r in runs),
    }


def table(title: str, rows: dict[str, dict[str, float]]) -> str:
    header = f"{'solver':<10} {'n':>4} {'dev LB %':>9} {'excess %':>9} {'at best':>8} {'optimal':>12} {'mean s':>7} {'max s':>7} {'cpu s':>6}"
    lines = [title, header, "-" * len(header)]
    for solver, s in rows.items():
        lines.append(
            f"{solver:<10} {s['instances']:>4} {s['dev_cpm_lb_pct']:>9.2f} {s['excess_best_pct']:>9.2f} "
            f"{s['at_best_pct']:>7.1f}% {s['proven_optimal']:>4} ({s['proven_optimal_pct']:>5.1f}%) "
            f"{s['mean_s']:>7.2f} {s['max_s']:>7.2f} {s['mean_cpu_s']:>6.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("set_dir", type=Path)
    parser.add_argument("--time-limit", type=float, default=1.0)
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-peer", action="store_true", help="skip PyJobShop")
    parser.add_argument("--json", action="store_true", help="print the summaries and every run as JSON")
    parser.add_argument("--verbose", action="store_true", help="one line per instance on stderr")
    args = parser.parse_args(argv)
    known = best_known(args.set_dir)
    runs: dict[str, list[Run]] = {"ours": [], "pyjobshop": []}
    loads: list[float] = []
    for path in instances(args.set_dir, args.sample):
        loads.append(load_average())
        problem = read_psplib(path)
        batch = [run_ours(path.stem, problem, args.time_limit, args.seed)]
        if not args.no_peer:
            batch.append(run_peer(path.stem, problem, args.time_limit))
        for run in batch:
            runs[run.solver].append(run)
        if args.verbose:
            print(
                path.stem,
                known[path.stem].best_ub,
                *(f"{r.solver}={r.makespan}/{r.lower_bound}" for r in batch),
                file=sys.stderr,
                flush=True,
            )
    rows = {solver: summary(done, known) for solver, done in runs.items() if done}
    title = (
        f"{args.set_dir.name}: {len(runs['ours'])} instances, {args.time_limit:g} s each, 2 workers "
        f"(1-min load average {min(loads):.1f}-{max(loads):.1f}, mean {statistics.fmean(loads):.1f}; "
        "cpu s: this process and its workers, per instance)"
    )
    if args.json:
        print(
            json.dumps(
                {"title": title, "summary": rows, "runs": [asdict(r) for rs in runs.values() for r in rs]}
            )
        )
    else:
        print(table(title, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
