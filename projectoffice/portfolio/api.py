"""/api/v1/portfolio/ — strategy, proposals, scoring, capacity and optimiser scenarios."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from projectoffice.core.api import ErrorOut, resolve
from projectoffice.organization.selectors import sites_visible_to
from projectoffice.people.selectors import people_visible_to, skills_visible_to
from projectoffice.portfolio import selectors, services
from projectoffice.portfolio.capacity import capacity_grid, hiring_forecast
from projectoffice.portfolio.models import Dependency, Proposal, Scenario

router = Router(tags=["portfolio"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class LineOut(Schema):
    id: int
    code: str
    name: str
    kind: str


class ObjectiveOut(Schema):
    id: int
    business_line_id: int
    name: str
    description: str
    weight: Decimal


class ObjectiveIn(Schema):
    name: str
    weight: Decimal = Decimal("1")
    description: str = ""


class DriverOut(Schema):
    id: int
    business_line_id: int
    code: str
    name: str
    description: str
    weight: float


class DriverIn(Schema):
    code: str
    name: str
    description: str = ""


class ComparisonIn(Schema):
    matrix: list[list[float]]


class ComparisonOut(Schema):
    drivers: list[int]
    matrix: list[list[float]]
    consistency_ratio: float


@router.get("/portfolio/lines", response=list[LineOut])
def list_lines(request: HttpRequest):
    return selectors.lines_visible_to(request.user)


@router.get("/portfolio/lines/{line_id}/objectives", response={200: list[ObjectiveOut], **ERRORS})
def list_objectives(request: HttpRequest, line_id: int):
    return selectors.objectives_of(selectors.line_get_for_user(user=request.user, line_id=line_id))


@router.post("/portfolio/lines/{line_id}/objectives", response={201: ObjectiveOut, **ERRORS})
def create_objective(request: HttpRequest, line_id: int, payload: ObjectiveIn):
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    return Status(201, services.objective_create(by=request.user, line=line, **payload.dict()))


@router.get("/portfolio/lines/{line_id}/drivers", response={200: list[DriverOut], **ERRORS})
def list_drivers(request: HttpRequest, line_id: int):
    return selectors.drivers_of(selectors.line_get_for_user(user=request.user, line_id=line_id))


@router.post("/portfolio/lines/{line_id}/drivers", response={201: DriverOut, **ERRORS})
def create_driver(request: HttpRequest, line_id: int, payload: DriverIn):
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    return Status(201, services.driver_create(by=request.user, line=line, **payload.dict()))


@router.put("/portfolio/lines/{line_id}/comparison", response={200: ComparisonOut, **ERRORS})
def compare_drivers(request: HttpRequest, line_id: int, payload: ComparisonIn):
    """The pairwise comparison matrix, rows and columns in the order of the line's drivers by code."""
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    return services.drivers_compare(line=line, by=request.user, matrix=payload.matrix)


# --- proposals --------------------------------------------------------------------------------------------------
class CashFlowOut(Schema):
    year: int
    cost: Decimal
    benefit: Decimal


class DemandOut(Schema):
    skill_id: int
    site_id: int | None
    month: int
    fte: Decimal


class DependencyOut(Schema):
    id: int
    other_id: int
    kind: str


class ProposalOut(Schema):
    id: int
    business_line_id: int
    code: str
    name: str
    description: str
    nature: str
    lead_site_id: int
    sponsor_id: int | None
    customer: str
    state: str
    currency: str
    discount_rate: Decimal
    risk: int
    earliest_start: dt.date
    latest_start: dt.date
    mandatory: bool
    npv: Decimal | None
    irr: float | None
    payback_years: float | None
    total_cost: Decimal
    score: float | None
    project_id: int | None
    version: int


class ProposalDetailOut(ProposalOut):
    cash_flows: list[CashFlowOut]
    skill_demand: list[DemandOut]
    dependencies: list[DependencyOut]
    ratings: dict[str, int]

    @staticmethod
    def resolve_cash_flows(p: Proposal) -> list:
        return list(p.cash_flows.all())

    @staticmethod
    def resolve_skill_demand(p: Proposal) -> list:
        return list(p.skill_demand.all())

    @staticmethod
    def resolve_dependencies(p: Proposal) -> list:
        return list(p.dependencies.all())

    @staticmethod
    def resolve_ratings(p: Proposal) -> dict[str, int]:
        return {r.driver.code: r.value for r in p.ratings.all()}


class ProposalIn(Schema):
    business_line_id: int
    code: str
    name: str
    lead_site_id: int
    earliest_start: dt.date
    latest_start: dt.date
    description: str = ""
    nature: str = "other"
    sponsor_id: int | None = None
    customer: str = ""
    currency: str = ""
    discount_rate: Decimal = Decimal("8")
    risk: int = 3
    mandatory: bool = False


class ProposalPatch(Schema):
    name: str | None = None
    description: str | None = None
    nature: str | None = None
    customer: str | None = None
    currency: str | None = None
    discount_rate: Decimal | None = None
    risk: int | None = None
    earliest_start: dt.date | None = None
    latest_start: dt.date | None = None
    mandatory: bool | None = None
    version: int | None = None


class ProposalFilter(Schema):
    business_line_id: int | None = None
    state: Proposal.State | None = None
    q: str = ""


class CashFlowIn(Schema):
    year: int
    cost: Decimal = Decimal("0")
    benefit: Decimal = Decimal("0")


class DemandIn(Schema):
    skill_id: int
    site_id: int | None = None
    month: int
    fte: Decimal


class DependencyIn(Schema):
    other_id: int
    kind: Dependency.Kind


class AdvanceIn(Schema):
    to: Proposal.State
    rationale: str = ""
    start: dt.date | None = None
    version: int | None = None


class FeasibilityIn(Schema):
    technical: str | None = None
    resources: str | None = None
    historical: str | None = None
    partners: str | None = None
    country_issues: str | None = None
    conclusion: str | None = None


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)


@router.get("/portfolio/proposals", response=list[ProposalOut])
@paginate(PageNumberPagination)
def list_proposals(request: HttpRequest, filters: Query[ProposalFilter]):
    return selectors.proposal_list(request.user, line=filters.business_line_id, state=filters.state or "",
                                   q=filters.q)


@router.get("/portfolio/proposals/{proposal_id}", response={200: ProposalDetailOut, **ERRORS})
def get_proposal(request: HttpRequest, proposal_id: int):
    return _proposal(request, proposal_id)


@router.post("/portfolio/proposals", response={201: ProposalDetailOut, **ERRORS})
def create_proposal(request: HttpRequest, payload: ProposalIn):
    user = request.user
    line = resolve(selectors.lines_visible_to(user), payload.business_line_id, field="business_line_id", label="line")
    site = resolve(sites_visible_to(user), payload.lead_site_id, field="lead_site_id", label="site")
    sponsor = resolve(people_visible_to(user), payload.sponsor_id, field="sponsor_id", label="person")
    data = payload.dict(exclude={"business_line_id", "lead_site_id", "sponsor_id"})
    proposal = services.proposal_create(by=user, line=line, lead_site=site, sponsor=sponsor, **data)
    return Status(201, _proposal(request, proposal.pk))


@router.patch("/portfolio/proposals/{proposal_id}", response={200: ProposalDetailOut, **ERRORS})
def update_proposal(request: HttpRequest, proposal_id: int, payload: ProposalPatch):
    proposal = _proposal(request, proposal_id)
    services.proposal_update(proposal=proposal, by=request.user, changes=payload.dict(exclude_unset=True,
                             exclude={"version"}), expected_version=payload.version)
    return _proposal(request, proposal_id)


@router.put("/portfolio/proposals/{proposal_id}/business-case", response={200: ProposalDetailOut, **ERRORS})
def set_business_case(request: HttpRequest, proposal_id: int, payload: list[CashFlowIn]):
    proposal = _proposal(request, proposal_id)
    services.proposal_set_cash_flows(proposal=proposal, by=request.user,
                                     years=[(row.year, row.cost, row.benefit) for row in payload])
    return _proposal(request, proposal_id)


@router.put("/portfolio/proposals/{proposal_id}/skill-demand", response={200: ProposalDetailOut, **ERRORS})
def set_skill_demand(request: HttpRequest, proposal_id: int, payload: list[DemandIn]):
    proposal = _proposal(request, proposal_id)
    skills, sites = skills_visible_to(request.user), sites_visible_to(request.user)
    rows = [(resolve(skills, row.skill_id, field="skill_id", label="skill"),
             resolve(sites, row.site_id, field="site_id", label="site"), row.month, row.fte) for row in payload]
    services.proposal_set_skill_demand(proposal=proposal, by=request.user, rows=rows)
    return _proposal(request, proposal_id)


@router.post("/portfolio/proposals/{proposal_id}/dependencies", response={201: DependencyOut, **ERRORS})
def add_dependency(request: HttpRequest, proposal_id: int, payload: DependencyIn):
    proposal = _proposal(request, proposal_id)
    other = resolve(selectors.proposals_visible_to(request.user), payload.other_id, field="other_id", label="proposal")
    return Status(201, services.dependency_add(proposal=proposal, other=other, kind=payload.kind, by=request.user))


@router.delete("/portfolio/dependencies/{dependency_id}", response={204: None, **ERRORS})
def remove_dependency(request: HttpRequest, dependency_id: int):
    dependency = get_object_or_404(Dependency.objects.filter(
        proposal__in=selectors.proposals_visible_to(request.user)).select_related("proposal__business_line"),
        pk=dependency_id)
    services.dependency_remove(dependency=dependency, by=request.user)
    return Status(204, None)


@router.put("/portfolio/proposals/{proposal_id}/ratings", response={200: ProposalDetailOut, **ERRORS})
def rate_proposal(request: HttpRequest, proposal_id: int, payload: Body[dict[str, int]]):
    """Ratings 0–10 keyed by driver code."""
    proposal = _proposal(request, proposal_id)
    drivers = {d.code: d for d in selectors.drivers_of(proposal.business_line)}
    unknown = sorted(set(payload) - set(drivers))
    if unknown:
        from projectoffice.core.errors import ApplicationError

        raise ApplicationError(f"Unknown driver(s) of {proposal.business_line.code}: {', '.join(unknown)}.",
                               field="ratings")
    services.proposal_rate(proposal=proposal, by=request.user, ratings={drivers[c]: v for c, v in payload.items()})
    return _proposal(request, proposal_id)


@router.put("/portfolio/proposals/{proposal_id}/feasibility", response={200: ProposalDetailOut, **ERRORS})
def record_feasibility(request: HttpRequest, proposal_id: int, payload: FeasibilityIn):
    proposal = _proposal(request, proposal_id)
    services.feasibility_record(proposal=proposal, by=request.user, changes=payload.dict(exclude_unset=True))
    return _proposal(request, proposal_id)


@router.post("/portfolio/proposals/{proposal_id}/advance", response={200: ProposalDetailOut, **ERRORS})
def advance_proposal(request: HttpRequest, proposal_id: int, payload: AdvanceIn):
    proposal = _proposal(request, proposal_id)
    services.proposal_advance(proposal=proposal, by=request.user, to=payload.to, rationale=payload.rationale,
                              start=payload.start, expected_version=payload.version)
    return _proposal(request, proposal_id)


# --- capacity -----------------------------------------------------------------------------------------------------
class CapacityRow(Schema):
    skill: str
    site: str
    supply: list[float]
    committed: list[float]
    proposed: list[float]


class CapacityOut(Schema):
    months: list[dt.date]
    rows: list[CapacityRow]


class HiringOut(Schema):
    skill: str
    site: str
    from_month: dt.date
    people: int
    peak_shortfall: float


@router.get("/portfolio/lines/{line_id}/capacity", response={200: CapacityOut, **ERRORS})
def line_capacity(request: HttpRequest, line_id: int, months: int = 24):
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    grid = capacity_grid(lines=[line.pk], start=timezone.localdate().replace(day=1), months=min(max(months, 1), 60))
    rows = [CapacityRow(skill=grid.skills[c[0]].code, site=grid.sites[c[1]].code, supply=grid.row(grid.supply, c),
                        committed=grid.row(grid.committed, c), proposed=grid.row(grid.proposed, c))
            for c in grid.cells()]
    return CapacityOut(months=grid.months, rows=rows)


@router.get("/portfolio/lines/{line_id}/hiring-forecast", response={200: list[HiringOut], **ERRORS})
def line_hiring(request: HttpRequest, line_id: int, months: int = 24):
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    grid = capacity_grid(lines=[line.pk], start=timezone.localdate().replace(day=1), months=min(max(months, 1), 60))
    return [HiringOut(skill=n.skill.code, site=n.site.code, from_month=n.from_month, people=n.people,
                      peak_shortfall=n.peak_shortfall) for n in hiring_forecast(grid)]


# --- scenarios ----------------------------------------------------------------------------------------------------
class ScenarioOut(Schema):
    id: int
    business_line_id: int
    name: str
    objective: str
    start_month: dt.date
    months: int
    yearly_budgets: list[float]
    force_in: list[int]
    force_out: list[int]
    time_limit: int
    frontier_points: int
    status: str
    progress: float | None
    result: dict
    frontier: list[dict]
    error: str
    decision: str
    decision_rationale: str
    decided_on: dt.date | None
    version: int

    @staticmethod
    def resolve_force_in(s: Scenario) -> list[int]:
        return [p.pk for p in s.force_in.all()]

    @staticmethod
    def resolve_force_out(s: Scenario) -> list[int]:
        return [p.pk for p in s.force_out.all()]

    @staticmethod
    def resolve_progress(s: Scenario) -> float | None:
        return s.job.progress if s.job else None


class ScenarioIn(Schema):
    business_line_id: int
    name: str
    start_month: dt.date
    months: int = 36
    yearly_budgets: list[float]
    objective: Scenario.Objective = Scenario.Objective.SCORE
    force_in: list[int] = []
    force_out: list[int] = []
    time_limit: int = 20
    frontier_points: int = 0


class ScenarioPatch(Schema):
    name: str | None = None
    start_month: dt.date | None = None
    months: int | None = None
    yearly_budgets: list[float] | None = None
    objective: Scenario.Objective | None = None
    force_in: list[int] | None = None
    force_out: list[int] | None = None
    time_limit: int | None = None
    frontier_points: int | None = None
    version: int | None = None


class DecisionIn(Schema):
    decision: Scenario.Decision
    rationale: str
    decided_on: dt.date | None = None


def _proposals(request: HttpRequest, ids: list[int] | None, field: str) -> list[Proposal] | None:
    if ids is None:
        return None
    visible = selectors.proposals_visible_to(request.user)
    return [resolve(visible, pk, field=field, label="proposal") for pk in ids]


@router.get("/portfolio/scenarios", response=list[ScenarioOut])
@paginate(PageNumberPagination)
def list_scenarios(request: HttpRequest, business_line_id: int | None = None):
    scenarios = selectors.scenarios_visible_to(request.user)
    return scenarios.filter(business_line_id=business_line_id) if business_line_id else scenarios


@router.get("/portfolio/scenarios/{scenario_id}", response={200: ScenarioOut, **ERRORS})
def get_scenario(request: HttpRequest, scenario_id: int):
    return selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)


@router.post("/portfolio/scenarios", response={201: ScenarioOut, **ERRORS})
def create_scenario(request: HttpRequest, payload: ScenarioIn):
    line = resolve(selectors.lines_visible_to(request.user), payload.business_line_id, field="business_line_id",
                   label="line")
    data = payload.dict(exclude={"business_line_id", "force_in", "force_out"})
    scenario = services.scenario_create(by=request.user, line=line, force_in=_proposals(request, payload.force_in,
                                        "force_in"), force_out=_proposals(request, payload.force_out, "force_out"),
                                        **data)
    return Status(201, selectors.scenario_get_for_user(user=request.user, scenario_id=scenario.pk))


@router.patch("/portfolio/scenarios/{scenario_id}", response={200: ScenarioOut, **ERRORS})
def update_scenario(request: HttpRequest, scenario_id: int, payload: ScenarioPatch):
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "force_in", "force_out"})
    services.scenario_update(scenario=scenario, by=request.user, changes=changes,
                             force_in=_proposals(request, payload.force_in, "force_in"),
                             force_out=_proposals(request, payload.force_out, "force_out"),
                             expected_version=payload.version)
    return selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)


@router.post("/portfolio/scenarios/{scenario_id}/run", response={202: ScenarioOut, **ERRORS})
def run_scenario(request: HttpRequest, scenario_id: int):
    """Start the optimiser in the background; poll the scenario for progress and result."""
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    services.scenario_run(scenario=scenario, by=request.user)
    return Status(202, selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id))


@router.post("/portfolio/scenarios/{scenario_id}/decide", response={200: ScenarioOut, **ERRORS})
def decide_scenario(request: HttpRequest, scenario_id: int, payload: DecisionIn):
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    services.scenario_decide(scenario=scenario, by=request.user, **payload.dict())
    return selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
