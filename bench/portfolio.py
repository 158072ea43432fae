"""Synthetic portfolio at 10x MS Project Server's limit: optimum or gap within a time limit, and a frontier.

    .venv/bin/python bench/portfolio.py [--proposals 8000] [--months 60] [--skills 50] [--time-limit 30]
        [--solver cpsat|highs] [--frontier 20] [--frontier-time 15] [--seed 7] [--json]

The portfolio is generated from a seed (same seed, same portfolio): proposals of 3-24 months with a start window
of up to 6 months, 1-3 skills each at a constant FTE, costs spread evenly over their months, 5 % "requires" links
(to an earlier proposal, so acyclic), 3 % "excludes" links, 0.5 % mandatory; budgets at 30 % and capacities at
35 % of what selecting everything would need. Every solution is re-checked independently. Prints figures; asserts
nothing about time.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import itertools

from projectoffice.engine.portfolio import (
    PortfolioProblem,
    PortfolioSolution,
    Proposal,
    SkillDemand,
    check_portfolio,
    efficient_frontier,
    optimise,
)
from projectoffice.engine.portfolio.solvers import DEFAULT_SOLVER, SOLVER_NAMES


def synthetic_portfolio(
    proposals: int,
    months: int,
    skills: int,
    seed: int,
    budget_share: float = 0.30,
    capacity_share: float = 0.35,
) -> PortfolioProblem:
    rng = np.random.default_rng(seed)
    names = [f"S{k:02d}" for k in range(skills)]
    spend = np.zeros(months)
    load = np.zeros((skills, months))
    items = []
    for p in range(proposals):
        proposal, cost, demand = _proposal(rng, p, months, names)
        items.append(proposal)
        first = proposal.earliest_start
        span = slice(first, min(months, first + len(cost)))
        spend[span] += cost[: span.stop - span.start]
        for k, fte in demand:
            load[k, span] += fte
    years = math.ceil(months / 12)
    budget = tuple(float(round(budget_share * spend[12 * y : 12 * y + 12].sum())) for y in range(years))
    capacity = {names[k]: tuple(round(capacity_share * float(v), 2) for v in load[k]) for k in range(skills)}
    return PortfolioProblem(tuple(items), months, budget, capacity)


def _proposal(
    rng: np.random.Generator, p: int, months: int, names: list[str]
) -> tuple[Proposal, list[float], list[tuple[int, float]]]:
    duration = int(rng.integers(3, 25))
    earliest = int(rng.integers(0, months - 6))
    latest = min(months - 1, earliest + int(rng.integers(0, 6)))
    total = float(rng.lognormal(13.5, 0.6))  # about 0.7 M on average
    cost = [float(round(total / duration))] * duration
    chosen = rng.choice(len(names), size=int(rng.integers(1, 4)), replace=False)
    demand = [(int(k), round(float(rng.uniform(0.5, 5.0)), 2)) for k in chosen]
    value = float(round(total * rng.uniform(0.2, 1.6) / 1000))
    requires = (f"P{int(rng.integers(0, p))}",) if p > 0 and rng.random() < 0.05 else ()
    excludes = (f"P{int(rng.integers(0, p))}",) if p > 0 and rng.random() < 0.03 else ()
    proposal = Proposal(
        id=f"P{p}",
        value=value,
        cost=tuple(cost),
        demand=tuple(SkillDemand(names[k], (fte,) * duration) for k, fte in demand),
        earliest_start=earliest,
        latest_start=latest,
        requires=requires,
        excludes=tuple(e for e in excludes if e not in requires),
        mandatory=rng.random() < 0.005 and duration <= 6 and not requires,
    )
    return proposal, cost, demand


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=8000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--skills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--budget-share", type=float, default=0.30, help="budget / spend if all were chosen")
    parser.add_argument(
        "--capacity-share", type=float, default=0.35, help="capacity / load if all were chosen"
    )
    parser.add_argument("--strategy", choices=["auto", "direct", "core"], default="auto")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--solver", choices=SOLVER_NAMES, default=DEFAULT_SOLVER)
    parser.add_argument("--frontier", type=int, default=0, help="number of frontier points (0: no frontier)")
    parser.add_argument("--frontier-time", type=float, default=15.0, help="seconds per frontier point")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    problem = synthetic_portfolio(
        args.proposals, args.months, args.skills, args.seed, args.budget_share, args.capacity_share
    )
    report: dict[str, object] = {"generated_seconds": round(time.monotonic() - started, 2)}
    report["solve"] = solve_once(problem, args)
    if args.frontier:
        report["frontier"] = frontier(problem, args)
    print(json.dumps(report, indent=1) if args.json else _table(report))
    return 0


def solve_once(problem: PortfolioProblem, args: argparse.Namespace) -> dict[str, object]:
    started = time.monotonic()
    solution = optimise(
        problem, time_limit=args.time_limit, solver=args.solver, progress=_show if not args.json else None
    )
    wall = time.monotonic() - started
    check_portfolio(problem, solution.selected)
    return _summary(solution, wall)


def _show(progress: object) -> None:
    print(f"  progress: {progress}", file=sys.stderr, flush=True)


def _show_point(done: int, total: int, point: object) -> None:
    print(f"  frontier {done}/{total}: {point}"[:200], file=sys.stderr, flush=True)


def _summary(solution: PortfolioSolution, wall: float) -> dict[str, object]:
    reasons: dict[str, int] = {}
    for exclusion in solution.excluded:
        for reason in exclusion.reasons:
            reasons[reason.value] = reasons.get(reason.value, 0) + 1
    return {
        "solver": solution.solver,
        "status": solution.status.value,
        "value": solution.value,
        "bound": solution.bound,
        "gap_percent": None if solution.gap is None else round(100 * solution.gap, 4),
        "solver_seconds": round(solution.seconds, 2),
        "wall_seconds": round(wall, 2),
        "selected": len(solution.selected),
        "excluded_by_reason": reasons,
    }


def frontier(problem: PortfolioProblem, args: argparse.Namespace) -> dict[str, object]:
    started = time.monotonic()
    points = efficient_frontier(
        problem,
        points=args.frontier,
        time_limit_per_point=args.frontier_time,
        solver=args.solver,
        strategy=args.strategy,
        progress=None if args.json else _show_point,
    )
    wall = time.monotonic() - started
    rows = [
        {
            "scale": round(p.scale, 4),
            "value": p.value,
            "gap_percent": None if p.gap is None else round(100 * p.gap, 4),
            "seconds": round(p.seconds, 2),
        }
        for p in points
    ]
    values = [p.value for p in points if p.value is not None]
    monotone = all(a <= b for a, b in itertools.pairwise(values))
    return {"points": rows, "wall_seconds": round(wall, 1), "monotone": monotone}


def _table(report: dict[str, object]) -> str:
    return json.dumps(report, indent=1)


if __name__ == "__main__":
    raise SystemExit(main())
