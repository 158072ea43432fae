"""The portfolio optimiser: choose proposals and their start months for the most value within budgets, skill
capacity and dependencies; report the proven optimum or the gap, and why each other proposal is left out."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from projectoffice.engine.errors import ConflictingForceInsError, InfeasibleError
from projectoffice.engine.portfolio.build import PortfolioModel, build_model
from projectoffice.engine.portfolio.explain import explain_exclusions, yearly_spend
from projectoffice.engine.portfolio.model import PortfolioProblem, PortfolioSolution, Selection
from projectoffice.engine.portfolio.program import BinarySolution, ProgressCallback, SolveOptions, Status
from projectoffice.engine.portfolio.solvers import DEFAULT_SOLVER, solve_program
from projectoffice.engine.portfolio.validation import validate


def optimise(
    problem: PortfolioProblem,
    *,
    time_limit: float = 30.0,
    relative_gap: float = 0.0,
    solver: str = DEFAULT_SOLVER,
    workers: int = 2,
    strategy: str = "auto",
    progress: ProgressCallback | None = None,
) -> PortfolioSolution:
    """The best portfolio found within ``time_limit`` seconds (checking, building and solving; explaining the
    exclusions comes after, about 2 s for 8,000 proposals), its gap to the proven bound and the exclusions.

    ``solver`` is "highs", "cpsat" or "race"; ``strategy`` "direct" (branch and bound on the whole model), "core" (LP
    relaxation, then the exact solver on the variables the LP leaves undecided) or "auto" (core for large models).
    ``progress`` receives each improving solution with the bound and elapsed seconds.

    Raises InvalidInputError / UnknownTaskError / CycleError on bad input, ConflictingForceInsError naming a
    minimal set of forced-in proposals that cannot be selected together, InfeasibleError when the solver proves
    nothing fits for another reason, EngineError when it finds no portfolio within the time limit.
    """
    started = time.monotonic()
    validate(problem)
    _check_forced_starts(problem)
    model = build_model(problem)
    left = max(1.0, time_limit - (time.monotonic() - started))  # the limit covers checking and building too
    options = SolveOptions(time_limit=left, workers=workers, relative_gap=relative_gap, progress=progress)
    result = solve_program(model.program, options, solver=solver, strategy=strategy)
    if result.status is Status.INFEASIBLE:
        raise find_conflict(problem, solver=solver, time_limit=max(1.0, time_limit / 4))
    if result.status is Status.UNKNOWN:
        raise InfeasibleError(f"no portfolio found within {time_limit} s; give the solver more time")
    return solution_from(problem, model, result, solver)


def solution_from(
    problem: PortfolioProblem, model: PortfolioModel, result: BinarySolution, solver: str
) -> PortfolioSolution:
    """Selections, exclusions and yearly spend of a solver's 0/1 vector."""
    x = np.asarray(result.x, dtype=np.int64)
    chosen = np.nonzero(x)[0]
    selected = tuple(
        Selection(problem.proposals[int(model.proposal_of[j])].id, int(model.start_of[j])) for j in chosen
    )
    return PortfolioSolution(
        status=result.status,
        selected=selected,
        value=result.objective,
        bound=result.bound,
        gap=result.gap,
        seconds=result.seconds,
        solver=solver,
        excluded=explain_exclusions(problem, model, x, result.gap),
        budget_used=yearly_spend(model, x),
    )


def _check_forced_starts(problem: PortfolioProblem) -> None:
    must = problem.must_select
    for proposal in problem.proposals:
        if proposal.id in must and proposal.earliest_start >= problem.months:
            raise ConflictingForceInsError([proposal.id], "its start window lies after the horizon")
        if proposal.id in must:
            for other in proposal.requires:
                if other in problem.force_out:
                    raise ConflictingForceInsError([proposal.id], f"it requires {other}, which is forced out")
        if proposal.id in problem.force_out and proposal.mandatory:
            raise ConflictingForceInsError([proposal.id], "it is mandatory and forced out")


def find_conflict(problem: PortfolioProblem, *, solver: str, time_limit: float) -> InfeasibleError:
    """A minimal set of forced-in proposals that cannot all be selected (deletion filter over feasibility tests).

    Each test solves the problem with a zero objective and only the candidate set forced in; dropping a member
    that leaves the rest infeasible keeps the set minimal.
    """
    zero = tuple(replace(p, value=0.0, mandatory=False) for p in problem.proposals)

    def feasible(forced: list[str]) -> bool:
        candidate = replace(problem, proposals=zero, force_in=frozenset(forced))
        model = build_model(candidate)
        options = SolveOptions(time_limit=time_limit, relative_gap=1.0)
        return (
            solve_program(model.program, options, solver=solver, strategy="direct").status
            is not Status.INFEASIBLE
        )

    conflict = sorted(problem.must_select)
    if feasible(conflict):
        return InfeasibleError("no portfolio meets the budgets, capacities and dependencies")
    for name in list(conflict):
        rest = [c for c in conflict if c != name]
        if not feasible(rest):
            conflict = rest
    reason = "together they exceed a budget or a skill capacity, or their dependencies exclude each other"
    return ConflictingForceInsError(conflict, reason)
