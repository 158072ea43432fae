"""How the access walk (core/tests/test_access.py) exercises the portfolio endpoints.

``populate`` gives the lines RAN, CLD and XL an objective and a driver, five proposals (RAN and OPT at W, SEC at
Austin, two at Initech) with a dependency in each company, and a scenario on RAN and on XL. ``visible`` reads
``portfolio/permissions.py``: a line's portfolio is seen by the PMO staff of the line (and of the line above a
product line) and by the executives of its business unit or of the whole company — not by PSO staff or team
members; proposals, scenarios, objectives, drivers and dependencies are seen with their line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from projectoffice.core.tests.api_walk import Route, create, list_of, read, write
from projectoffice.organization.models import OrgUnit
from projectoffice.portfolio.models import BusinessDriver, Dependency, Proposal, Scenario, StrategicObjective
from projectoffice.projects.tests.access_routes import reach

V = "/api/v1/portfolio"
ROW_SETS: dict[str, Any] = {"portfolio_lines": OrgUnit, "objectives": StrategicObjective,
                            "drivers": BusinessDriver, "proposals": Proposal, "dependencies": Dependency,
                            "scenarios": Scenario}
START = dt.date(2027, 1, 1)
# code: line, lead site
PROPOSALS = {"PR-RAN": ("RAN", "W"), "PR-OPT": ("OPT", "W"), "PR-SEC": ("SEC", "AUS"), "PR-XL": ("XL", "Z"),
             "PR-XL2": ("XL", "Z")}


def populate(org: Any) -> None:
    from projectoffice.portfolio import services

    for line in ("RAN", "CLD", "XL"):
        services.objective_create(by=None, line=org.units[line], name=f"Grow {line}")
        services.driver_create(by=None, line=org.units[line], code=f"D-{line}", name=f"Revenue {line}")
    made = {code: services.proposal_create(by=None, line=org.units[line], code=code, name=f"Proposal {code}",
                                           lead_site=org.sites[site], earliest_start=START,
                                           latest_start=START + dt.timedelta(days=180))
            for code, (line, site) in PROPOSALS.items()}
    for first, second in (("PR-RAN", "PR-OPT"), ("PR-XL", "PR-XL2")):
        services.dependency_add(proposal=made[first], other=made[second], kind="requires", by=None)
    for line in ("RAN", "XL"):
        services.scenario_create(by=None, line=org.units[line], name=f"Plan {line}", start_month=START, months=36,
                                 yearly_budgets=[1e6, 1e6, 1e6])


def visible(user: Any, seen: dict[str, set[int]]) -> dict[str, set[int]]:
    r = reach(user)
    lines = {pk for pk, kind, company in OrgUnit.objects.values_list("pk", "kind", "company_id")
             if kind in ("bl", "pl") and (r.everything or company in r.whole_companies or pk in r.owned_units)}

    def of_lines(model: Any) -> set[int]:
        return {pk for pk, line in model.objects.values_list("pk", "business_line_id") if line in lines}

    proposals = of_lines(Proposal)
    return {"portfolio_lines": lines, "objectives": of_lines(StrategicObjective), "drivers": of_lines(BusinessDriver),
            "proposals": proposals, "scenarios": of_lines(Scenario),
            "dependencies": {pk for pk, p in Dependency.objects.values_list("pk", "proposal_id") if p in proposals}}


def _proposal(ids: Any) -> dict[str, Any]:
    return {"business_line_id": ids["portfolio_lines"], "code": "PR-NEW", "name": "New", "lead_site_id": ids["sites"],
            "earliest_start": "2027-02-01", "latest_start": "2027-06-01"}


def _scenario(ids: Any) -> dict[str, Any]:
    return {"business_line_id": ids["portfolio_lines"], "name": "Walk", "start_month": "2027-01-01",
            "yearly_budgets": [1000000.0]}


LINE = f"{V}/lines/{{line_id}}"
PROPOSAL = f"{V}/proposals/{{proposal_id}}"
SCENARIO = f"{V}/scenarios/{{scenario_id}}"
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", f"{V}/lines"): list_of("portfolio_lines"),
    ("GET", f"{LINE}/objectives"): list_of("objectives", under="portfolio_lines"),
    ("POST", f"{LINE}/objectives"): write("portfolio_lines", lambda ids: {"name": "Walk"}),
    ("GET", f"{LINE}/drivers"): list_of("drivers", under="portfolio_lines"),
    ("POST", f"{LINE}/drivers"): write("portfolio_lines", lambda ids: {"code": "D-NEW", "name": "Walk"}),
    ("PUT", f"{LINE}/comparison"): write("portfolio_lines", lambda ids: {"matrix": [[1.0]]}),
    ("GET", f"{LINE}/capacity"): read("portfolio_lines"),
    ("GET", f"{LINE}/hiring-forecast"): read("portfolio_lines"),
    ("GET", f"{V}/proposals"): list_of("proposals"),
    ("POST", f"{V}/proposals"): create("proposals", _proposal, portfolio_lines="business_line_id",
                                       sites="lead_site_id"),
    ("GET", PROPOSAL): read("proposals"),
    ("PATCH", PROPOSAL): write("proposals", lambda ids: {"name": "Renamed"}),
    ("PUT", f"{PROPOSAL}/business-case"): write("proposals", lambda ids: [{"year": 2027, "cost": "10"}]),
    ("PUT", f"{PROPOSAL}/skill-demand"): write("proposals", lambda ids: []),
    ("POST", f"{PROPOSAL}/dependencies"): write("proposals", lambda ids: {"other_id": 1, "kind": "requires"}),
    ("PUT", f"{PROPOSAL}/ratings"): write("proposals", lambda ids: {"D-RAN": 5}),
    ("PUT", f"{PROPOSAL}/feasibility"): write("proposals", lambda ids: {"conclusion": "walk"}),
    ("POST", f"{PROPOSAL}/advance"): write("proposals", lambda ids: {"to": "screening"}),
    ("DELETE", f"{V}/dependencies/{{dependency_id}}"): write("dependencies"),
    ("GET", f"{V}/scenarios"): list_of("scenarios"),
    ("POST", f"{V}/scenarios"): create("scenarios", _scenario, portfolio_lines="business_line_id"),
    ("GET", SCENARIO): read("scenarios"),
    ("PATCH", SCENARIO): write("scenarios", lambda ids: {"name": "Renamed"}),
    ("POST", f"{SCENARIO}/run"): write("scenarios"),
    ("POST", f"{SCENARIO}/decide"): write("scenarios", lambda ids: {"decision": "approved", "rationale": "walk"}),
}
