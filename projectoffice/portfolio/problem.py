"""A scenario's rows translated into the engine's PortfolioProblem, and the engine's answer back into data
the pages show (proposal codes, start months, reasons)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from projectoffice.core.errors import ApplicationError
from projectoffice.engine.portfolio import (
    FrontierPoint,
    PortfolioProblem,
    PortfolioSolution,
)
from projectoffice.engine.portfolio import Proposal as EngineProposal
from projectoffice.engine.portfolio import (
    SkillDemand as EngineDemand,
)
from projectoffice.finance.currency import convert
from projectoffice.finance.models import ExchangeRate
from projectoffice.portfolio.capacity import CANDIDATE_STATES, add_months, capacity_grid, month_index
from projectoffice.portfolio.models import Dependency, Proposal, Scenario


@dataclass(frozen=True)
class ScenarioProblem:
    problem: PortfolioProblem
    proposals: dict[str, Proposal]  # engine id (the proposal's code, unique in its line) → row
    outside: list[Proposal]  # candidates whose window lies entirely before the horizon
    blocked: dict[str, str]  # engine id → why it cannot be chosen (it requires a proposal that is not a candidate)


def scenario_problem(scenario: Scenario) -> ScenarioProblem:
    """Build the optimiser's problem: candidates of the line, budget per year, free capacity per skill."""
    candidates = list(Proposal.objects.filter(business_line=scenario.business_line, state__in=CANDIDATE_STATES)
                      .prefetch_related("cash_flows", "skill_demand__skill").order_by("code"))
    start, months = scenario.start_month, scenario.months
    inside = [p for p in candidates if month_index(start, p.latest_start) >= 0]
    outside = [p for p in candidates if p not in inside]
    grid = capacity_grid(lines=[scenario.business_line_id], start=start, months=months)
    free = grid.free_by_skill()
    capacity = {grid.skills[s].code: tuple(v) for s, v in free.items()}
    reporting = scenario.business_line.company.reporting_currency
    engine_proposals = [_engine_proposal(p, scenario, reporting, capacity) for p in inside]
    ids = {p.pk for p in inside}
    links, blocked = _links(ids)
    engine_proposals = [
        EngineProposal(**{**_fields(ep), "requires": links["requires"].get(ep.id, ()),
                          "excludes": links["excludes"].get(ep.id, ())})
        for ep in engine_proposals
    ]
    budgets = _yearly_budgets(scenario)
    problem = PortfolioProblem(
        proposals=tuple(engine_proposals), months=months, yearly_budget=budgets, capacity=capacity,
        force_in=frozenset(p.code for p in scenario.force_in.all() if p.pk in ids),
        force_out=frozenset(p.code for p in scenario.force_out.all() if p.pk in ids) | set(blocked),
    )
    return ScenarioProblem(problem, {p.code: p for p in inside}, outside, blocked)


def _fields(proposal: EngineProposal) -> dict[str, Any]:
    return {name: getattr(proposal, name) for name in EngineProposal.__slots__}  # type: ignore[attr-defined]


def _yearly_budgets(scenario: Scenario) -> tuple[float, ...]:
    years = -(-scenario.months // 12)
    budgets = [float(b) for b in scenario.yearly_budgets]
    if len(budgets) != years:
        raise ApplicationError(f"Give {years} yearly budget(s) for a {scenario.months}-month horizon, "
                               f"not {len(budgets)}.", field="yearly_budgets")
    return tuple(budgets)


def _engine_proposal(proposal: Proposal, scenario: Scenario, reporting: str,
                     capacity: dict[str, tuple[float, ...]]) -> EngineProposal:
    start = scenario.start_month
    rate = _rate(proposal.currency, reporting, start)
    monthly: dict[int, float] = defaultdict(float)
    for year in proposal.cash_flows.all():
        for month in range(12):
            monthly[year.year * 12 + month] += float(year.cost) * rate / 12
    cost = tuple(monthly.get(i, 0.0) for i in range(max(monthly, default=-1) + 1))
    demand: dict[str, dict[int, float]] = defaultdict(dict)
    for row in proposal.skill_demand.all():
        demand[row.skill.code][row.month] = demand[row.skill.code].get(row.month, 0.0) + float(row.fte)
        capacity.setdefault(row.skill.code, (0.0,) * scenario.months)
    value = proposal.score or 0.0
    if scenario.objective == Scenario.Objective.NPV:
        value = float(proposal.npv or 0) * rate
    return EngineProposal(
        id=proposal.code, value=value, cost=cost,
        demand=tuple(EngineDemand(skill, tuple(months.get(i, 0.0) for i in range(max(months) + 1)))
                     for skill, months in sorted(demand.items())),
        earliest_start=max(0, month_index(start, proposal.earliest_start)),
        latest_start=month_index(start, proposal.latest_start), mandatory=proposal.mandatory,
    )


def _rate(currency: str, reporting: str, month: dt.date) -> float:
    """Units of the reporting currency per unit of ``currency`` for planning: the latest rate known on or
    before ``month`` (future months have no rate yet)."""
    if currency == reporting:
        return 1.0
    known = (ExchangeRate.objects.filter(currency=currency, month__lte=month).order_by("-month")
             .values_list("month", flat=True).first())
    if known is None:
        raise ApplicationError(f"No exchange rate for {currency} on or before {month:%Y-%m}: enter one on the "
                               "exchange rates page first.", field="currency")
    return float(convert(Decimal("1000000"), currency, reporting, known) / Decimal("1000000"))


def _links(ids: set[int]) -> tuple[dict[str, dict[str, tuple[str, ...]]], dict[str, str]]:
    """Requires/excludes among candidates. A requirement on an approved proposal is met already; one on a
    proposal that is neither approved nor a candidate cannot be met, so the proposal is blocked."""
    links: dict[str, dict[str, list[str]]] = {"requires": defaultdict(list), "excludes": defaultdict(list)}
    blocked: dict[str, str] = {}
    rows = Dependency.objects.filter(proposal__in=ids).values_list("proposal__code", "other", "kind", "other__code",
                                                                     "other__state")
    for source, other, kind, other_code, other_state in rows:
        if other in ids:
            links[kind][source].append(other_code)
        elif kind == Dependency.Kind.REQUIRES and other_state != Proposal.State.APPROVED:
            blocked[source] = f"it requires {other_code}, which is {Proposal.State(other_state).label.lower()}"
    return {kind: {k: tuple(v) for k, v in table.items()} for kind, table in links.items()}, blocked


def solution_data(sp: ScenarioProblem, solution: PortfolioSolution, start: dt.date) -> dict[str, Any]:
    """What a scenario keeps of the engine's solution (JSON)."""
    return {
        "status": getattr(solution.status, "value", str(solution.status)), "value": solution.value, "bound": solution.bound, "gap": solution.gap,
        "seconds": round(solution.seconds, 2), "solver": solution.solver,
        "budget_used": list(solution.budget_used),
        "selected": [{"proposal": sp.proposals[s.proposal].pk, "code": s.proposal, "name": sp.proposals[s.proposal].name,
                      "start": add_months(start, s.start).isoformat()} for s in solution.selected],
        "excluded": [{"proposal": sp.proposals[e.proposal].pk, "code": e.proposal,
                      "reasons": ["dependency"] if e.proposal in sp.blocked else [str(r) for r in e.reasons],
                      "message": sp.blocked.get(e.proposal, e.message)} for e in solution.excluded]
        + [{"proposal": p.pk, "code": p.code, "reasons": ["no_start"],
            "message": f"its start window ended ({p.latest_start:%Y-%m}) before the horizon starts"}
           for p in sp.outside],
    }


def frontier_data(points: Sequence[FrontierPoint]) -> list[dict[str, Any]]:
    return [{"scale": p.scale, "budget": sum(p.yearly_budget), "value": p.value, "gap": p.gap,
             "selected": len(p.selected), "status": getattr(p.status, "value", str(p.status))} for p in points]
