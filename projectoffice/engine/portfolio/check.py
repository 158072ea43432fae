"""An independent check of a portfolio against its problem, read straight from the proposals (not the model).

Used by tests and benchmarks to re-check the optimiser, and by the product to check a scenario edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from projectoffice.engine.errors import InfeasibleError
from projectoffice.engine.portfolio.model import MONTHS_PER_YEAR, PortfolioProblem, Selection

_TOLERANCE = 1e-6


def portfolio_violations(problem: PortfolioProblem, selected: Iterable[Selection]) -> list[str]:
    """Every rule the selection breaks, as messages naming the proposal, the year or the skill and month."""
    chosen = {s.proposal: s.start for s in selected}
    by_id = {p.id: p for p in problem.proposals}
    problems = [f"{name} is not a proposal" for name in chosen if name not in by_id]
    problems += [f"{name} must be selected" for name in sorted(problem.must_select - chosen.keys())]
    problems += [f"{name} is forced out" for name in sorted(problem.force_out & chosen.keys())]
    spend = [0.0] * len(problem.yearly_budget)
    load = {skill: [0.0] * problem.months for skill in problem.capacity}
    for name, start in chosen.items():
        proposal = by_id.get(name)
        if proposal is None:
            continue
        if not proposal.earliest_start <= start <= proposal.latest_start or start >= problem.months:
            problems.append(f"{name} starts in month {start}, outside its window")
        problems += [f"{name} requires {other}" for other in proposal.requires if other not in chosen]
        problems += [f"{name} excludes {other}" for other in proposal.excludes if other in chosen]
        for offset, amount in enumerate(proposal.cost):
            if start + offset < problem.months:
                spend[(start + offset) // MONTHS_PER_YEAR] += amount
        for demand in proposal.demand:
            for offset, fte in enumerate(demand.fte):
                if start + offset < problem.months:
                    load[demand.skill][start + offset] += fte
    problems += _over_budget(problem, spend) + _over_capacity(problem, load)
    return problems


def _over_budget(problem: PortfolioProblem, spend: list[float]) -> list[str]:
    return [
        f"year {y + 1} spends {spend[y]:,.2f} of a budget of {budget:,.2f}"
        for y, budget in enumerate(problem.yearly_budget)
        if spend[y] > budget + _TOLERANCE * max(1.0, budget)
    ]


def _over_capacity(problem: PortfolioProblem, load: dict[str, list[float]]) -> list[str]:
    return [
        f"{skill} needs {used:.2f} FTE in month {t}, {problem.capacity[skill][t]:.2f} available"
        for skill, months in load.items()
        for t, used in enumerate(months)
        if used > problem.capacity[skill][t] + _TOLERANCE * max(1.0, problem.capacity[skill][t])
    ]


def check_portfolio(problem: PortfolioProblem, selected: Iterable[Selection]) -> None:
    """Raise InfeasibleError listing every rule the selection breaks."""
    problems = portfolio_violations(problem, selected)
    if problems:
        raise InfeasibleError("; ".join(problems))
