"""``projectoffice level FILE.sm [--time-limit S] [--json]``: level a PSPLIB instance (minimise the finish)."""

from __future__ import annotations

import argparse
import json
import sys

from projectoffice.engine.errors import EngineError
from projectoffice.engine.formats.psplib import read_psplib
from projectoffice.engine.leveling import LevelResult, Settings, level

DESCRIPTION = """Level a PSPLIB single-mode .sm file: minimise the makespan under the resource capacities
(heuristics on every core, then CP-SAT for a proven lower bound).

"starts" lists the start of every job in file order, job 1 (the dummy source) first and the dummy sink last,
exactly as PSPLIB numbers the jobs: starts[k] is the start of job k + 1."""


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="projectoffice level",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("file", help="a PSPLIB .sm file")
    command.add_argument("--time-limit", type=float, default=10.0, help="seconds to spend (default 10)")
    command.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    command.add_argument("--workers", type=int, default=2, help="processes and CP-SAT workers (default 2)")
    command.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return command


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        problem = read_psplib(args.file)
        settings = Settings(time_limit=args.time_limit, seed=args.seed, workers=args.workers)
        result = level(problem, settings=settings)
    except EngineError as error:
        print(f"projectoffice level: {error}", file=sys.stderr)
        return 2
    print(json.dumps(as_json(result)) if args.json else as_text(result))
    return 0


def as_json(result: LevelResult) -> dict[str, object]:
    """The answer's fields, in the form the issue fixes."""
    return {
        "makespan": result.makespan,
        "lower_bound": result.lower_bound,
        "optimal": result.optimal,
        "seconds": round(result.seconds, 3),
        "starts": list(result.starts),
    }


def as_text(result: LevelResult) -> str:
    state = "optimal" if result.optimal else f"gap {result.gap:.1%}"
    lines = [
        f"makespan {result.makespan}  lower bound {result.lower_bound}  {state}  {result.seconds:.2f} s",
        "job  start",
        *(f"{job:>3}  {start:>5}" for job, start in enumerate(result.starts, 1)),
    ]
    return "\n".join(lines)
