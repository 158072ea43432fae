"""Values of the portfolio optimiser: proposals, the problem to solve, and the solution with its explanations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from projectoffice.engine.portfolio.program import Status

MONTHS_PER_YEAR = 12


@dataclass(frozen=True, slots=True)
class SkillDemand:
    """FTE of one skill needed in each month counted from the proposal's start month (index 0 = start month).

    FTE are taken to 0.01 FTE; finer figures are rounded by the CP-SAT back-end.
    """

    skill: str
    fte: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A candidate project: what it is worth, what it costs and needs month by month from its start."""

    id: str
    value: float  # what the optimiser maximises: a weighted score or an NPV
    cost: tuple[float, ...] = ()  # money spent in each month from the start month, in the budget's currency
    demand: tuple[SkillDemand, ...] = ()
    earliest_start: int = 0  # month index within the horizon (0 = first month)
    latest_start: int = 0
    requires: tuple[str, ...] = ()  # selected only if these are selected too
    excludes: tuple[str, ...] = ()  # never selected together with these
    mandatory: bool = False


@dataclass(frozen=True, slots=True)
class PortfolioProblem:
    """Proposals over a horizon of ``months`` months: one budget per 12-month year, a capacity per skill per month.

    Cost and demand falling after the horizon are not counted. ``force_in`` / ``force_out`` are the scenario's
    decisions; a mandatory proposal is forced in as well.
    """

    proposals: tuple[Proposal, ...]
    months: int
    yearly_budget: tuple[float, ...]
    capacity: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    force_in: frozenset[str] = frozenset()
    force_out: frozenset[str] = frozenset()

    @property
    def must_select(self) -> frozenset[str]:
        return self.force_in | {p.id for p in self.proposals if p.mandatory}


@dataclass(frozen=True, slots=True)
class Selection:
    proposal: str
    start: int  # month index within the horizon


class Reason(StrEnum):
    FORCED_OUT = "forced_out"
    DEPENDENCY = "dependency"
    BUDGET = "budget"
    CAPACITY = "capacity"
    VALUE = "value"  # it would fit, but it is worth nothing or the search stopped before proving the optimum
    NO_START = "no_start"  # its start window lies outside the horizon


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Why a proposal is not in the portfolio: the constraints that adding it to the chosen portfolio breaks."""

    proposal: str
    reasons: tuple[Reason, ...]
    message: str


@dataclass(frozen=True, slots=True)
class PortfolioSolution:
    status: Status
    selected: tuple[Selection, ...]
    value: float
    bound: float  # no portfolio is worth more than this
    gap: float | None  # relative (bound - value) / value; 0 when proven optimal
    seconds: float
    solver: str
    excluded: tuple[Exclusion, ...]
    budget_used: tuple[float, ...]  # per year

    @property
    def selected_ids(self) -> frozenset[str]:
        return frozenset(s.proposal for s in self.selected)


@dataclass(frozen=True, slots=True)
class FrontierPoint:
    """One budget level of the efficient frontier: the yearly budgets scaled by ``scale``."""

    scale: float
    yearly_budget: tuple[float, ...]
    status: Status
    value: float | None  # None when the forced-in proposals do not fit this budget
    bound: float | None
    gap: float | None
    selected: tuple[Selection, ...]
    seconds: float
