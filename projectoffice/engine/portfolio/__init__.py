"""Portfolio management arithmetic and optimisation: AHP weights, business cases, weighted scoring and the
optimiser that chooses proposals and their start months (CP-SAT or HiGHS behind one interface)."""

from projectoffice.engine.portfolio.check import check_portfolio, portfolio_violations
from projectoffice.engine.portfolio.explain import ForcingTest, explain_by_forcing
from projectoffice.engine.portfolio.frontier import efficient_frontier
from projectoffice.engine.portfolio.knapsack import KnapsackResult, solve_knapsack
from projectoffice.engine.portfolio.model import (
    Exclusion,
    FrontierPoint,
    PortfolioProblem,
    PortfolioSolution,
    Proposal,
    Reason,
    Selection,
    SkillDemand,
)
from projectoffice.engine.portfolio.optimiser import optimise
from projectoffice.engine.portfolio.program import Progress, Status
from projectoffice.engine.portfolio.solvers import DEFAULT_SOLVER, SOLVER_NAMES

__all__ = [
    "DEFAULT_SOLVER",
    "SOLVER_NAMES",
    "Exclusion",
    "ForcingTest",
    "FrontierPoint",
    "KnapsackResult",
    "PortfolioProblem",
    "PortfolioSolution",
    "Progress",
    "Proposal",
    "Reason",
    "Selection",
    "SkillDemand",
    "Status",
    "check_portfolio",
    "efficient_frontier",
    "explain_by_forcing",
    "optimise",
    "portfolio_violations",
    "solve_knapsack",
]
