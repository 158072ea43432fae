"""Why a proposal is left out: what adding it to the chosen portfolio would break, start by start.

The test is exact for the portfolio returned: a proposal is out for "budget" when, at every start in its
window, adding it would exceed a yearly budget, and so on. (Re-solving with the proposal forced in, which says
what else would have to go, is ``explain_by_forcing``.)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from projectoffice.engine.portfolio.build import PortfolioModel, build_model
from projectoffice.engine.portfolio.model import Exclusion, PortfolioProblem, Proposal, Reason
from projectoffice.engine.portfolio.program import SolveOptions, Status, row_activity
from projectoffice.engine.portfolio.solvers import DEFAULT_SOLVER, solve_program

_TOLERANCE = 1e-6


def yearly_spend(model: PortfolioModel, x: npt.NDArray[np.int64]) -> tuple[float, ...]:
    activity = row_activity(model.program, x)
    return tuple(float(activity[i]) for i, label in enumerate(model.labels) if label[0] == "budget")


def explain_exclusions(
    problem: PortfolioProblem, model: PortfolioModel, x: npt.NDArray[np.int64], gap: float | None
) -> tuple[Exclusion, ...]:
    """One Exclusion per proposal not selected, in the problem's order."""
    selected = {problem.proposals[int(model.proposal_of[j])].id for j in np.nonzero(x)[0]}
    excluders = _excluders(problem.proposals)
    columns = _ColumnIndex(model)
    slack = model.program.upper - row_activity(model.program, x)
    exclusions = []
    for proposal in problem.proposals:
        if proposal.id not in selected:
            exclusions.append(_explain(proposal, problem, model, columns, slack, selected, excluders, gap))
    return tuple(exclusions)


def _excluders(proposals: tuple[Proposal, ...]) -> dict[str, set[str]]:
    """Exclusion links read both ways."""
    links: dict[str, set[str]] = defaultdict(set)
    for proposal in proposals:
        for other in proposal.excludes:
            links[proposal.id].add(other)
            links[other].add(proposal.id)
    return links


class _ColumnIndex:
    """The budget and capacity rows each variable touches, with its coefficients."""

    def __init__(self, model: PortfolioModel) -> None:
        program = model.program
        resource = np.array([label[0] in ("budget", "capacity") for label in model.labels])
        keep = resource[program.rows]
        order = np.argsort(program.cols[keep], kind="stable")
        self.rows = program.rows[keep][order]
        self.values = program.values[keep][order]
        self.starts = np.searchsorted(program.cols[keep][order], np.arange(program.variables + 1))

    def column(self, j: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        a, b = self.starts[j], self.starts[j + 1]
        return self.rows[a:b], self.values[a:b]


def _explain(
    proposal: Proposal,
    problem: PortfolioProblem,
    model: PortfolioModel,
    columns: _ColumnIndex,
    slack: npt.NDArray[np.float64],
    selected: set[str],
    excluders: dict[str, set[str]],
    gap: float | None,
) -> Exclusion:
    name = proposal.id
    if name in problem.force_out:
        return Exclusion(name, (Reason.FORCED_OUT,), f"{name} is forced out")
    variables = model.variables_of[name]
    if not len(variables):
        return Exclusion(name, (Reason.NO_START,), f"{name} cannot start within the horizon")
    reasons, messages = _dependency_reasons(proposal, selected, excluders)
    shortfalls = min((_shortfalls(columns, slack, j) for j in variables), key=len)
    if shortfalls:
        kinds = {model.labels[row][0] for row, _ in shortfalls}
        reasons += [
            reason
            for kind, reason in (("budget", Reason.BUDGET), ("capacity", Reason.CAPACITY))
            if kind in kinds
        ]
        messages.append(_describe_shortfalls(model, shortfalls))
    if not reasons:
        reasons.append(Reason.VALUE)
        messages.append(_value_message(proposal, gap))
    return Exclusion(name, tuple(dict.fromkeys(reasons)), f"{name}: " + "; ".join(messages))


def _dependency_reasons(
    proposal: Proposal, selected: set[str], excluders: dict[str, set[str]]
) -> tuple[list[Reason], list[str]]:
    missing = [other for other in proposal.requires if other not in selected]
    clashing = sorted(excluders.get(proposal.id, set()) & selected)
    messages = []
    if missing:
        messages.append(f"requires {', '.join(missing)}, not selected")
    if clashing:
        messages.append(f"excludes {', '.join(clashing)}, selected")
    return ([Reason.DEPENDENCY] if messages else []), messages


def _shortfalls(columns: _ColumnIndex, slack: npt.NDArray[np.float64], j: int) -> list[tuple[int, float]]:
    """(row, amount over) of every budget or capacity row that adding variable j would break."""
    rows, values = columns.column(j)
    over = values - slack[rows]
    hit = over > _TOLERANCE
    return [(int(r), float(v)) for r, v in zip(rows[hit], over[hit], strict=True)]


def _describe_shortfalls(model: PortfolioModel, shortfalls: list[tuple[int, float]]) -> str:
    parts = []
    by_skill: dict[str, list[int]] = defaultdict(list)
    for row, missing in shortfalls:
        kind, key = model.labels[row]
        if kind == "budget" and isinstance(key, int):
            parts.append(f"budget of year {key + 1} short by {missing:,.2f}")
        elif isinstance(key, tuple):
            skill, month = key
            by_skill[skill].append(month)
    for skill, months in sorted(by_skill.items()):
        parts.append(f"{skill} capacity exceeded in month(s) {_month_list(months)}")
    return "at its best start: " + ", ".join(parts)


def _month_list(months: list[int]) -> str:
    shown = ", ".join(str(m) for m in months[:6])
    return shown + (f" and {len(months) - 6} more" if len(months) > 6 else "")


def _value_message(proposal: Proposal, gap: float | None) -> str:
    if proposal.value <= 0:
        return "it fits but adds no value"
    return f"it fits alone, but the search stopped at a gap of {100 * (gap or 0):.3f} % before using it"


@dataclass(frozen=True, slots=True)
class ForcingTest:
    """What forcing an excluded proposal in would cost: the best value with it and the proposals it displaces."""

    proposal: str
    feasible: bool
    value_with: float | None
    value_without: float
    displaced: tuple[str, ...]
    added: tuple[str, ...]


def explain_by_forcing(
    problem: PortfolioProblem,
    proposal: str,
    *,
    value_without: float,
    selected: frozenset[str],
    time_limit: float = 10.0,
    solver: str = DEFAULT_SOLVER,
) -> ForcingTest:
    """Re-solve with ``proposal`` forced in: the value lost and which selected proposals would have to go."""
    forced = replace(
        problem, force_in=problem.force_in | {proposal}, force_out=problem.force_out - {proposal}
    )
    model = build_model(forced)
    result = solve_program(model.program, SolveOptions(time_limit=time_limit), solver=solver)
    if result.status in (Status.INFEASIBLE, Status.UNKNOWN):
        return ForcingTest(proposal, False, None, value_without, (), ())
    chosen = {problem.proposals[int(model.proposal_of[j])].id for j, v in enumerate(result.x) if v}
    return ForcingTest(
        proposal,
        True,
        result.objective,
        value_without,
        tuple(sorted(selected - chosen)),
        tuple(sorted(chosen - selected)),
    )
