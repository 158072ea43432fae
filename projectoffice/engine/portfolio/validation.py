"""Checks of a portfolio problem before any model is built: every message names what is wrong."""

from __future__ import annotations

import math

from projectoffice.engine.errors import CycleError, InvalidInputError, UnknownTaskError
from projectoffice.engine.portfolio.model import MONTHS_PER_YEAR, PortfolioProblem, Proposal


def validate(problem: PortfolioProblem) -> None:
    """Raise InvalidInputError, UnknownTaskError or CycleError on the first problem found."""
    _check_horizon(problem)
    ids = _check_ids(problem.proposals)
    for proposal in problem.proposals:
        _check_proposal(proposal, problem)
        for other in (*proposal.requires, *proposal.excludes):
            if other not in ids:
                raise UnknownTaskError(f"proposal {proposal.id} refers to unknown proposal {other}")
    for name in problem.force_in | problem.force_out:
        if name not in ids:
            raise UnknownTaskError(f"forced proposal {name} does not exist")
    both = sorted(problem.force_in & problem.force_out)
    if both:
        raise InvalidInputError(f"proposals both forced in and forced out: {', '.join(both)}")
    cycle = requires_cycle(problem.proposals)
    if cycle:
        raise CycleError(list(cycle))


def _check_horizon(problem: PortfolioProblem) -> None:
    if problem.months <= 0:
        raise InvalidInputError(f"the horizon must have at least one month, not {problem.months}")
    years = math.ceil(problem.months / MONTHS_PER_YEAR)
    if len(problem.yearly_budget) != years:
        raise InvalidInputError(
            f"{problem.months} months need {years} yearly budgets, not {len(problem.yearly_budget)}"
        )
    for year, budget in enumerate(problem.yearly_budget):
        if budget < 0 or not math.isfinite(budget):
            raise InvalidInputError(
                f"the budget of year {year + 1} must be a non-negative number, not {budget}"
            )
    for skill, supply in problem.capacity.items():
        if len(supply) != problem.months:
            raise InvalidInputError(
                f"capacity of skill {skill} has {len(supply)} months, not {problem.months}"
            )
        if min(supply, default=0) < 0:
            raise InvalidInputError(
                f"capacity of skill {skill} is negative in month {supply.index(min(supply))}"
            )


def _check_ids(proposals: tuple[Proposal, ...]) -> set[str]:
    ids: set[str] = set()
    for proposal in proposals:
        if proposal.id in ids:
            raise InvalidInputError(f"proposal {proposal.id} appears twice")
        ids.add(proposal.id)
    return ids


def _check_proposal(proposal: Proposal, problem: PortfolioProblem) -> None:
    name = proposal.id
    if proposal.latest_start < proposal.earliest_start:
        raise InvalidInputError(
            f"proposal {name}: its start window ends (month {proposal.latest_start}) before it starts "
            f"(month {proposal.earliest_start})"
        )
    if proposal.earliest_start < 0:
        raise InvalidInputError(
            f"proposal {name}: earliest start {proposal.earliest_start} is before month 0"
        )
    if not math.isfinite(proposal.value):
        raise InvalidInputError(f"proposal {name}: value {proposal.value} is not a number")
    for month, amount in enumerate(proposal.cost):
        if amount < 0 or not math.isfinite(amount):
            raise InvalidInputError(
                f"proposal {name}: cost in month {month} is negative or not a number ({amount})"
            )
    for demand in proposal.demand:
        if demand.skill not in problem.capacity:
            raise InvalidInputError(f"proposal {name} needs skill {demand.skill}, which has no capacity")
        for month, fte in enumerate(demand.fte):
            if fte < 0 or not math.isfinite(fte):
                raise InvalidInputError(
                    f"proposal {name}: {demand.skill} demand in month {month} is negative ({fte})"
                )
    if proposal.id in proposal.requires or proposal.id in proposal.excludes:
        raise InvalidInputError(f"proposal {name} requires or excludes itself")


def requires_cycle(proposals: tuple[Proposal, ...]) -> tuple[str, ...]:
    """The proposals of one cycle of "requires" links, in order, or () when there is none (iterative DFS)."""
    graph = {p.id: p.requires for p in proposals}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in graph:
        if root in state:
            continue
        path: list[str] = [root]
        stack = [iter(graph[root])]
        state[root] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(child) == 1:
                return tuple(path[path.index(child) :])
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append(iter(graph[child]))
    return ()
