"""OR-Library multidimensional knapsack benchmark: gap to the best-known or optimal value per problem.

    .venv/bin/python bench/mknap.py FILE [--time-limit S] [--json] [--solver core|race|highs|cpsat] [--problems 0,5,9]

FILE is a path, or a name looked up in $PROJECTOFFICE_SHARED_DATA/mknap/ (default <repo>/../shared/data).
Every solution is re-checked against every capacity before its value is reported. Prints figures, asserts nothing
about time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from projectoffice.engine.formats.mknap import KnapsackProblem, check_solution, read_mknap
from projectoffice.engine.portfolio.knapsack import KNAPSACK_SOLVER, KNAPSACK_SOLVERS, solve_knapsack


def shared_data() -> Path:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return Path(os.environ.get("PROJECTOFFICE_SHARED_DATA", default))


def locate(name: str) -> Path:
    path = Path(name)
    if path.exists():
        return path
    candidate = shared_data() / "mknap" / name
    if candidate.exists():
        return candidate
    raise SystemExit(f"{name}: not found (nor in {candidate.parent})")


def run_problem(problem: KnapsackProblem, time_limit: float, solver: str) -> dict[str, object]:
    cpu = time.process_time()
    result = solve_knapsack(
        problem.profits, problem.weights, problem.capacities, time_limit=time_limit, solver=solver
    )
    cpu = time.process_time() - cpu
    value = check_solution(problem, result.chosen)
    reference = problem.reference
    gap = None if not reference else (reference - value) / reference * 100
    return {
        "name": problem.name,
        "value": value,
        "reference": reference,
        "gap_percent": gap,
        "seconds": round(result.seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "status": result.status.value,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per problem (default 10)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
    parser.add_argument("--solver", choices=KNAPSACK_SOLVERS, default=KNAPSACK_SOLVER)
    parser.add_argument(
        "--problems", help="comma-separated 0-based indices of the problems to run (default all)"
    )
    args = parser.parse_args(argv)
    problems = read_mknap(locate(args.file))
    if args.problems:
        problems = [problems[int(i)] for i in args.problems.split(",")]
    rows = []
    load_before = load_average()
    for problem in problems:
        row = run_problem(problem, args.time_limit, args.solver)
        rows.append(row)
        if not args.json:
            print_row(row)
    gaps = [float(str(r["gap_percent"])) for r in rows if r["gap_percent"] is not None]
    mean = sum(gaps) / len(gaps) if gaps else None
    if args.json:
        load = {"before": load_before, "after": load_average()}
        print(json.dumps({"problems": rows, "mean_gap_percent": mean, "load_average": load}, indent=1))
    else:
        print_summary(rows, mean, args.solver, load_before)
    return 0


def print_summary(rows: list[dict[str, object]], mean: float | None, solver: str, load_before: str) -> None:
    total = sum(float(str(r["seconds"])) for r in rows)
    cpu = sum(float(str(r["cpu_seconds"])) for r in rows)
    gaps = [float(str(r["gap_percent"])) for r in rows if r["gap_percent"] is not None]
    mean_text = "n/a" if mean is None else f"{mean:.4f} %, max gap {max(gaps):.4f} %"
    print(
        f"{len(rows)} problems, solver {solver}, mean gap {mean_text}, {total:.1f} s in all "
        f"(CPU {cpu:.1f} s); load average {load_before} before, {load_average()} after"
    )


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def print_row(row: dict[str, object]) -> None:
    gap = row["gap_percent"]
    gap_text = "n/a" if gap is None else f"{gap:8.4f} %"
    print(
        f"{row['name']:>12} {row['value']:>12} {row['reference']!s:>12} {gap_text} {row['seconds']:7.2f} s "
        f"(CPU {row['cpu_seconds']:6.2f} s) {row['status']}",
        flush=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
