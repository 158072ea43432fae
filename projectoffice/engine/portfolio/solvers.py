"""The solver back-ends behind one interface, by name. The default is the one that won the measurements
recorded in docs/decisions/0002-portfolio-solver.md."""

from __future__ import annotations

from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.portfolio.isolation import run_backend
from projectoffice.engine.portfolio.program import BinaryProgram, BinarySolution, SolveOptions, Solver

SOLVER_NAMES = ("cpsat", "highs")
DEFAULT_SOLVER = "cpsat"


def solver_named(name: str) -> Solver:
    """The back-end called ``name`` ("cpsat" or "highs"), as a function of (program, options)."""
    if name not in SOLVER_NAMES:
        raise InvalidInputError(f"unknown solver {name!r}; choose one of {', '.join(SOLVER_NAMES)}")

    def solve(program: BinaryProgram, options: SolveOptions) -> BinarySolution:
        return run_backend(name, program, options)

    return solve
