"""The solver back-ends behind one interface, by name. The default is the one that won the measurements
recorded in docs/decisions/0002-portfolio-solver.md."""

from __future__ import annotations

from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.portfolio.core import solve_by_core
from projectoffice.engine.portfolio.isolation import run_backend
from projectoffice.engine.portfolio.program import BinaryProgram, BinarySolution, SolveOptions, Solver
from projectoffice.engine.portfolio.race import solve_race

SOLVER_NAMES = ("cpsat", "highs", "race")
DEFAULT_SOLVER = "highs"  # the portfolio optimiser


def solver_named(name: str) -> Solver:
    """The back-end called ``name``, as a function of (program, options): "cpsat", "highs", or "race" (both at
    once on the two cores, the better answer kept)."""
    if name not in SOLVER_NAMES:
        raise InvalidInputError(f"unknown solver {name!r}; choose one of {', '.join(SOLVER_NAMES)}")

    def solve(program: BinaryProgram, options: SolveOptions) -> BinarySolution:
        if name == "race":
            return solve_race(program, options)
        solution: BinarySolution = run_backend(name, program, options)
        return solution

    return solve


CORE_THRESHOLD = 5000  # variables above which "auto" solves by LP core (see core.py)


def solve_program(
    program: BinaryProgram, options: SolveOptions, *, solver: str = DEFAULT_SOLVER, strategy: str = "auto"
) -> BinarySolution:
    """Solve directly ("direct"), by LP core ("core"), or by size ("auto": core above CORE_THRESHOLD variables)."""
    if strategy not in ("auto", "direct", "core"):
        raise InvalidInputError(f"unknown strategy {strategy!r}; choose auto, direct or core")
    exact = solver_named(solver)
    if strategy == "core" or (strategy == "auto" and program.variables > CORE_THRESHOLD):
        return solve_by_core(program, options, exact)
    return exact(program, options)
