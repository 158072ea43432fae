"""A small portfolio on the shared world (root conftest): line RAN with three drivers, proposals in review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from projectoffice.portfolio import services
from projectoffice.portfolio.models import Proposal

# Rows and columns in the drivers' code order (CUST, FIT, TECH): FIT > CUST > TECH.
MATRIX: list[list[float]] = [[1, 1 / 3, 2], [3, 1, 5], [1 / 2, 1 / 5, 1]]


def month(offset: int = 0) -> dt.date:
    today = dt.date.today().replace(day=1)
    index = today.year * 12 + today.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def make_proposal(org: Any, code: str, *, cost: int = 100_000, benefit: int = 150_000, ratings: tuple = (8, 6, 4),
                  state: str = Proposal.State.REVIEW, line: str = "RAN", site: str = "W", **fields: Any) -> Proposal:
    proposal = services.proposal_create(by=None, line=org.units[line], code=code, name=f"Proposal {code}",
                                        lead_site=org.sites[site], earliest_start=month(0),
                                        latest_start=month(3), **fields)
    services.proposal_set_cash_flows(proposal=proposal, by=None, years=[
        (0, Decimal(cost), Decimal(0)), (1, Decimal(0), Decimal(benefit))])
    drivers = list(org.units[line].drivers.order_by("code"))
    if drivers:
        by_code = {d.code: d for d in drivers}  # ratings given as (FIT, CUST, TECH)
        services.proposal_rate(proposal=proposal, by=None, ratings=dict(zip(
            [by_code["FIT"], by_code["CUST"], by_code["TECH"]], ratings, strict=False)))
    for step in {"screening": ["screening"], "feasibility": ["screening", "feasibility"],
                 "review": ["screening", "feasibility", "review"]}.get(state, []):
        services.proposal_advance(proposal=proposal, by=None, to=step)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def portfolio(org: Any) -> Any:
    line = org.units["RAN"]
    for code, name in (("FIT", "Strategic fit"), ("CUST", "Customer value"), ("TECH", "Technology")):
        services.driver_create(by=None, line=line, code=code, name=name)
    services.drivers_compare(line=line, by=None, matrix=MATRIX)
    org.proposals = {code: make_proposal(org, code, ratings=r)
                     for code, r in (("P1", (9, 8, 7)), ("P2", (5, 5, 5)), ("P3", (2, 3, 2)))}
    return org
