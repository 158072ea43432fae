"""Demo portfolio: two lines (Radio Access, Cloud Services) with objectives, drivers compared by AHP,
fifteen proposals each across the lifecycle (business cases, skills demand, dependencies, ratings), one solved
optimiser scenario and a review-board decision on another line's scenario."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from projectoffice.core.demo_context import DemoContext
from projectoffice.portfolio import services
from projectoffice.portfolio.capacity import add_months, capacity_grid
from projectoffice.portfolio.models import Dependency, Proposal, Scenario
from projectoffice.portfolio.problem import frontier_data, scenario_problem, solution_data
from projectoffice.portfolio.services.scenarios import scenario_record_result

DRIVERS = [("FIT", "Strategic fit"), ("CUST", "Customer value"), ("TECH", "Technology leadership"),
           ("RISK", "Delivery confidence"), ("MKT", "Market share")]
# The PMO's judgement as relative importance; the matrix is built in the drivers' code order (as the page shows).
IMPORTANCE = {"FIT": 5.0, "CUST": 4.0, "MKT": 3.0, "TECH": 2.0, "RISK": 1.5}


def judgement_matrix() -> list[list[float]]:
    codes = sorted(IMPORTANCE)
    return [[IMPORTANCE[a] / IMPORTANCE[b] for b in codes] for a in codes]


IDEAS = {
    "RAN": ["5G small cells", "Open RAN radio unit", "Massive MIMO 64T64R", "RAN energy saver", "mmWave backhaul",
            "Private 5G for ports", "Radio firmware 2.0", "AI link adaptation", "Cell-site power kit",
            "Spectrum sharing", "Rural macro refresh", "Indoor DAS", "Test automation lab", "RAN analytics",
            "Antenna tilt optimiser"],
    "CLD": ["Sovereign cloud region", "Managed Kubernetes", "Edge zones", "Backup as a service", "Cloud cost cockpit",
            "Identity federation", "Data lake migration", "Serverless runtime", "Observability suite",
            "Disaster recovery site", "GPU cluster", "API gateway", "Zero-trust access", "Green datacentre",
            "Customer portal rebuild"],
}
STATES = [Proposal.State.REVIEW] * 8 + [Proposal.State.FEASIBILITY] * 3 + [Proposal.State.SCREENING] * 2 + [
    Proposal.State.IDEA, Proposal.State.REJECTED]


def load(ctx: DemoContext) -> None:
    units, sites = ctx.data["units"], ctx.data["sites"]
    this_month = ctx.today.replace(day=1)
    for line_code, site_codes in (("RAN", ["W", "MUC"]), ("CLD", ["W", "BLR"])):
        line = units[line_code]
        services.objective_create(by=None, line=line, name="Grow recurring revenue", weight=Decimal("3"))
        services.objective_create(by=None, line=line, name="Lead in sustainable technology", weight=Decimal("2"))
        drivers = [services.driver_create(by=None, line=line, code=c, name=n) for c, n in DRIVERS]
        services.drivers_compare(line=line, by=None, matrix=judgement_matrix())
        proposals = _proposals(ctx, line, [sites[c] for c in site_codes], drivers, _roomy_skills(line, this_month),
                               this_month)
        ctx.data.setdefault("proposals", []).extend(proposals)
        scenario = _scenario(ctx, line, this_month, frontier=line_code == "CLD")
        if line_code == "RAN":
            services.scenario_decide(scenario=scenario, by=None, decision="deferred",
                                     rationale="Revisit after the Q1 budget review; RAN-P08 needs a partner first.")


def _proposals(ctx: DemoContext, line: Any, sites: list[Any], drivers: list[Any], skills: list[Any],
               this_month: Any) -> list[Proposal]:
    rng = ctx.rng
    made = []
    for index, (name, state) in enumerate(zip(IDEAS[line.code], STATES, strict=True), start=1):
        site = sites[index % len(sites)]
        start = add_months(this_month, rng.randint(0, 9))
        proposal = services.proposal_create(
            by=None, line=line, code=f"{line.code}-P{index:02d}", name=name, lead_site=site,
            earliest_start=start, latest_start=add_months(start, rng.randint(0, 6)), risk=rng.randint(1, 5),
            description=f"{name} for the {line.name} portfolio." + (" Regulatory: contracted to a supplier."
                                                                    if index == 5 else ""),
            mandatory=index == 5, customer="",
        )
        yearly = Decimal(rng.randint(3, 25) * 50_000)
        services.proposal_set_cash_flows(proposal=proposal, by=None, years=[
            (0, yearly, Decimal("0")), (1, yearly / 2, yearly * Decimal(rng.uniform(0.4, 1.2)).quantize(Decimal("1"))),
            (2, yearly / 4, yearly * Decimal(rng.uniform(0.8, 2.0)).quantize(Decimal("1"))),
            (3, Decimal("0"), yearly * Decimal(rng.uniform(0.8, 2.2)).quantize(Decimal("1")))])
        fte = [Decimal("0.25"), Decimal("0.5"), Decimal("1")]
        demand: list[tuple[Any, Any, int, Decimal]] = [(skill, None, month, rng.choice(fte))
                  for skill in rng.sample(skills, 2) for month in range(rng.randint(6, 18))]
        if proposal.mandatory:  # the regulatory one is contracted out to a supplier: money, no people
            demand = []
        services.proposal_set_skill_demand(proposal=proposal, by=None, rows=demand)
        if state != Proposal.State.IDEA:
            services.proposal_rate(proposal=proposal, by=None, ratings={d: rng.randint(2, 10) for d in drivers})
        _walk(proposal, state)
        made.append(proposal)
    services.dependency_add(proposal=made[2], other=made[1], kind=Dependency.Kind.REQUIRES, by=None)
    services.dependency_add(proposal=made[3], other=made[4], kind=Dependency.Kind.EXCLUDES, by=None)
    return made


def _roomy_skills(line, this_month) -> list:
    """The line's skills with the most free capacity, so the demo's proposals compete for real room."""
    grid = capacity_grid(lines=[line.pk], start=this_month, months=24)
    free = grid.free_by_skill()
    ranked = sorted(free, key=lambda s: -sum(free[s]))
    return [grid.skills[s] for s in ranked[:5]]


def _walk(proposal: Proposal, target: str) -> None:
    path: dict[str, list[str]] = {Proposal.State.SCREENING: ["screening"], Proposal.State.FEASIBILITY: ["screening", "feasibility"],
            Proposal.State.REVIEW: ["screening", "feasibility", "review"], Proposal.State.REJECTED: ["rejected"]}
    for step in path.get(target, []):
        if step == "review":
            services.feasibility_record(proposal=proposal, by=None, changes={"conclusion": "feasible",
                                        "technical": "Proven on a pilot.", "resources": "Within the line's teams."})
        services.proposal_advance(proposal=proposal, by=None, to=step,
                                  rationale="Out of the line's strategy." if step == "rejected" else "")


def _scenario(ctx: DemoContext, line, this_month, *, frontier: bool) -> Scenario:
    """A solved scenario (run in-process: the demo does not wait for a worker)."""
    from projectoffice.engine.portfolio import efficient_frontier, optimise
    from projectoffice.portfolio.tasks import keep_highs_out_of_this_process

    keep_highs_out_of_this_process()
    scenario = services.scenario_create(by=None, line=line, name=f"{line.code} plan {this_month.year + 1}",
                                        start_month=this_month, months=36,
                                        yearly_budgets=[2_500_000, 2_500_000, 2_000_000], time_limit=5,
                                        frontier_points=5 if frontier else 0)
    sp = scenario_problem(scenario)
    # Small problems: CP-SAT in this process (HiGHS would run in a child process, see tasks.py).
    solution = optimise(sp.problem, time_limit=2, solver="cpsat")
    points = efficient_frontier(sp.problem, points=5, time_limit_per_point=0.5, solver="cpsat") if frontier else []
    scenario_record_result(scenario=scenario, result=solution_data(sp, solution, this_month),
                           frontier=frontier_data(points))
    return scenario
