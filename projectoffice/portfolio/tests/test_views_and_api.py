"""Portfolio pages and API: who sees which line, bad input, constant query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projectoffice.portfolio.models import Proposal
from projectoffice.portfolio.tests.conftest import make_proposal, month

pytestmark = pytest.mark.django_db


def test_the_lines_pmo_and_its_executives_see_the_portfolio_others_get_404(portfolio, client_as):
    line = portfolio.units["RAN"]
    proposal = portfolio.proposals["P1"]
    for name, visible in (("pmo-manager", True), ("data-manager", True), ("bu-executive", True),
                          ("executive", True), ("team-member", False), ("data-administrator", False),
                          ("outsider", False)):
        client = client_as(portfolio.user(name))
        assert client.get(f"/portfolio/lines/{line.pk}/").status_code == (200 if visible else 404), name
        assert client.get(f"/portfolio/proposals/{proposal.pk}/").status_code == (200 if visible else 404), name
        listed = {row["code"] for row in client.get("/api/v1/portfolio/proposals").json()["items"]}
        assert listed == ({"P1", "P2", "P3"} if visible else set()), name


def test_a_pmo_of_another_line_does_not_see_this_one(portfolio, client_as):
    make_proposal(portfolio, "CLD1", line="CLD", state="screening")
    client = client_as(portfolio.user("pmo-manager"))  # PMO-RAN
    listed = {row["code"] for row in client.get("/api/v1/portfolio/proposals").json()["items"]}
    assert "CLD1" not in listed
    lines = {row["code"] for row in client.get("/api/v1/portfolio/lines").json()}
    assert lines == {"RAN"}


def test_the_intake_form_names_the_field_at_fault_and_saves_nothing(portfolio, client_as):
    client = client_as(portfolio.user("pmo-manager"))
    line = portfolio.units["RAN"]
    response = client.post(f"/portfolio/lines/{line.pk}/proposals/new/", {
        "code": "NEW1", "name": "New", "nature": "software", "lead_site": portfolio.sites["W"].pk, "currency": "EUR",
        "discount_rate": "8", "risk": "3", "earliest_start": month(4).strftime("%Y-%m"),
        "latest_start": month(1).strftime("%Y-%m")})
    assert response.status_code == 422
    assert "ends" in " ".join(response.context["form"].errors["latest_start"])
    assert not Proposal.objects.filter(code="NEW1").exists()


def test_the_api_refuses_a_negative_business_case_with_the_field(portfolio, client_as):
    client = client_as(portfolio.user("pmo-manager"))
    proposal = portfolio.proposals["P2"]
    response = client.put(f"/api/v1/portfolio/proposals/{proposal.pk}/business-case",
                          [{"year": 0, "cost": "-1", "benefit": "0"}], content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "cash_flows"
    assert proposal.cash_flows.count() == 2


def test_the_ahp_preview_shows_the_consistency_ratio(portfolio, client_as):
    client = client_as(portfolio.user("pmo-manager"))
    line = portfolio.units["RAN"]
    drivers = list(line.drivers.order_by("code"))  # CUST, FIT, TECH
    cells = {f"cell-{drivers[0].pk}-{drivers[1].pk}": "9", f"cell-{drivers[0].pk}-{drivers[2].pk}": "0.111111",
             f"cell-{drivers[1].pk}-{drivers[2].pk}": "9"}
    response = client.post(f"/portfolio/lines/{line.pk}/compare/preview/", cells, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"above 0.1" in response.content


def test_the_line_page_and_the_proposal_list_keep_their_query_count(portfolio, client_as):
    client = client_as(portfolio.user("pmo-manager"))
    line = portfolio.units["RAN"]

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get(f"/portfolio/lines/{line.pk}/").status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert client.get("/api/v1/portfolio/proposals").status_code == 200
        return len(page), len(api)

    small = counts()
    for index in range(6):
        make_proposal(portfolio, f"MORE{index}")
    assert counts() == small
