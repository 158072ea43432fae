"""The 0/1 program of a portfolio: one variable per (proposal, start month in its window).

Rows: at most one start per proposal (exactly one when forced in), one budget row per year, one capacity row per
(skill, month), one row per "requires" and per "excludes" link. Each row keeps a label so the optimiser can say
which budget or skill binds when it explains an exclusion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from projectoffice.engine.portfolio.model import MONTHS_PER_YEAR, PortfolioProblem, Proposal
from projectoffice.engine.portfolio.program import BinaryProgram, IntArray

RowLabel = tuple[
    str, object
]  # ("budget", year) · ("capacity", (skill, month)) · ("choice", id) · ("link", (a, b))


@dataclass(frozen=True, slots=True)
class PortfolioModel:
    program: BinaryProgram
    proposal_of: IntArray  # variable -> index of its proposal
    start_of: IntArray  # variable -> start month
    variables_of: dict[str, range]  # proposal id -> its variables (consecutive)
    labels: tuple[RowLabel, ...]


class _Triplets:
    """Coordinate entries of the constraint matrix, collected as NumPy chunks."""

    def __init__(self) -> None:
        self.rows: list[IntArray] = []
        self.cols: list[IntArray] = []
        self.values: list[np.ndarray] = []

    def add(self, rows: IntArray, cols: IntArray, values: np.ndarray) -> None:
        self.rows.append(rows)
        self.cols.append(cols)
        self.values.append(values)

    def arrays(self) -> tuple[IntArray, IntArray, np.ndarray]:
        if not self.rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        return (
            np.concatenate(self.rows),
            np.concatenate(self.cols),
            np.concatenate(self.values).astype(np.float64),
        )


def build_model(problem: PortfolioProblem) -> PortfolioModel:
    """The program of a validated problem (see validation.validate)."""
    variables_of, proposal_of, start_of = _variables(problem)
    skills = {skill: k for k, skill in enumerate(sorted(problem.capacity))}
    years = len(problem.yearly_budget)
    capacity_base = years
    triplets = _Triplets()
    for proposal in problem.proposals:
        columns = variables_of[proposal.id]
        if len(columns):
            starts = start_of[columns.start : columns.stop]
            _add_budget(triplets, proposal, starts, columns.start, problem.months)
            _add_capacity(triplets, proposal, starts, columns.start, problem.months, skills, capacity_base)
    resource_rows = capacity_base + len(skills) * problem.months
    labels: list[RowLabel] = [("budget", y) for y in range(years)]
    labels += [("capacity", (skill, t)) for skill in skills for t in range(problem.months)]
    lower = [-np.inf] * resource_rows
    upper = list(problem.yearly_budget) + [float(v) for skill in skills for v in problem.capacity[skill]]
    _add_logic(problem, variables_of, triplets, labels, lower, upper)
    rows, cols, values = triplets.arrays()
    program = BinaryProgram(
        objective=np.array([problem.proposals[i].value for i in proposal_of], dtype=np.float64),
        rows=rows,
        cols=cols,
        values=values,
        lower=np.array(lower, dtype=np.float64),
        upper=np.array(upper, dtype=np.float64),
        fixed={j: 0 for name in problem.force_out for j in variables_of[name]},
    )
    return PortfolioModel(program, proposal_of, start_of, variables_of, tuple(labels))


def _variables(problem: PortfolioProblem) -> tuple[dict[str, range], IntArray, IntArray]:
    variables_of: dict[str, range] = {}
    proposal_of: list[int] = []
    start_of: list[int] = []
    for index, proposal in enumerate(problem.proposals):
        starts = range(proposal.earliest_start, min(proposal.latest_start, problem.months - 1) + 1)
        variables_of[proposal.id] = range(len(start_of), len(start_of) + len(starts))
        proposal_of += [index] * len(starts)
        start_of += list(starts)
    return variables_of, np.array(proposal_of, dtype=np.int64), np.array(start_of, dtype=np.int64)


def _spread(
    profile: tuple[float, ...], starts: IntArray, months: int
) -> tuple[IntArray, IntArray, np.ndarray]:
    """(start index, month, amount) of a profile laid from each start, cut at the horizon, zeros dropped."""
    amounts = np.asarray(profile, dtype=np.float64)
    offsets = np.nonzero(amounts)[0]
    if not len(offsets):
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    grid = starts[:, None] + offsets[None, :]
    which = np.broadcast_to(np.arange(len(starts))[:, None], grid.shape)
    values = np.broadcast_to(amounts[offsets][None, :], grid.shape)
    keep = grid < months
    return which[keep], grid[keep], values[keep]


def _add_budget(triplets: _Triplets, proposal: Proposal, starts: IntArray, first: int, months: int) -> None:
    which, month, amount = _spread(proposal.cost, starts, months)
    if not len(which):
        return
    # Several months of one start fall in the same year: sum them into one coefficient per (year, variable).
    year = month // MONTHS_PER_YEAR
    key = year * len(starts) + which
    unique, inverse = np.unique(key, return_inverse=True)
    sums = np.bincount(inverse, weights=amount)
    triplets.add(unique // len(starts), first + unique % len(starts), sums)


def _add_capacity(
    triplets: _Triplets,
    proposal: Proposal,
    starts: IntArray,
    first: int,
    months: int,
    skills: dict[str, int],
    base: int,
) -> None:
    for demand in proposal.demand:
        which, month, fte = _spread(demand.fte, starts, months)
        triplets.add(base + skills[demand.skill] * months + month, first + which, fte)


def _add_choices(
    problem: PortfolioProblem,
    variables_of: dict[str, range],
    triplets: _Triplets,
    labels: list[RowLabel],
    lower: list[float],
    upper: list[float],
) -> None:
    """One "at most one start" row per proposal (exactly one when it must be selected), built in one go."""
    first = len(labels)
    must = problem.must_select
    counts = np.array([len(variables_of[p.id]) for p in problem.proposals], dtype=np.int64)
    rows = first + np.repeat(np.arange(len(problem.proposals), dtype=np.int64), counts)
    triplets.add(rows, np.arange(int(counts.sum()), dtype=np.int64), np.ones(len(rows)))
    labels += [("choice", p.id) for p in problem.proposals]
    lower += [1.0 if p.id in must else 0.0 for p in problem.proposals]
    upper += [1.0] * len(problem.proposals)


def _add_logic(
    problem: PortfolioProblem,
    variables_of: dict[str, range],
    triplets: _Triplets,
    labels: list[RowLabel],
    lower: list[float],
    upper: list[float],
) -> None:
    """Choice rows (at most / exactly one start) and one row per requires / excludes link."""

    def add_row(label: RowLabel, terms: list[tuple[range, float]], low: float, high: float) -> None:
        row = len(labels)
        labels.append(label)
        lower.append(low)
        upper.append(high)
        for columns, sign in terms:
            cols = np.arange(columns.start, columns.stop, dtype=np.int64)
            triplets.add(np.full(len(cols), row, np.int64), cols, np.full(len(cols), sign))

    _add_choices(problem, variables_of, triplets, labels, lower, upper)
    for proposal in problem.proposals:
        own = variables_of[proposal.id]
        for other in proposal.requires:
            add_row(
                ("requires", (proposal.id, other)), [(own, 1.0), (variables_of[other], -1.0)], -np.inf, 0.0
            )
        for other in proposal.excludes:
            add_row(
                ("excludes", (proposal.id, other)), [(own, 1.0), (variables_of[other], 1.0)], -np.inf, 1.0
            )
