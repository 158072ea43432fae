from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projectoffice.finance.models import CostLine, CostRate, ExchangeRate
from projectoffice.projects.models import ProjectRole

from .conftest import World, member
from .test_selectors import JAN, _approved, _portfolio


def _client(client, user):
    client.force_login(user)
    return client


def test_a_rate_without_currency_answers_422_naming_the_field(world: World, client, pso_manager) -> None:
    response = _client(client, pso_manager).post(
        "/api/v1/cost-rates", {"site_id": world.w.pk, "hourly_rate": "55", "valid_from": "2026-01-01"},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "currency"
    assert not CostRate.objects.exists()
    ok = client.post("/api/v1/cost-rates", {"site_id": world.w.pk, "hourly_rate": "55", "currency": "EUR",
                                            "valid_from": "2026-01-01"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["hourly_rate"] == "55"


def test_a_site_outside_the_finance_roles_is_refused(world: World, client, pso_manager) -> None:
    response = _client(client, pso_manager).post(
        "/api/v1/cost-rates", {"site_id": world.blr.pk, "hourly_rate": "5", "currency": "INR",
                               "valid_from": "2026-01-01"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "site_id"


def test_the_rates_import_reports_every_bad_row(world: World, client, executive) -> None:
    upload = SimpleUploadedFile("rates.csv", b"currency,month,rate\nINR,2026-01,0.011\nUSD,2026-01,abc\n",
                                content_type="text/csv")
    response = _client(client, executive).post("/api/v1/exchange-rates/import", {"file": upload})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["row 3"]
    assert not ExchangeRate.objects.exists()


def test_an_expense_with_a_receipt_then_its_approval(world: World, client) -> None:
    manager = world.person()
    project = world.project("P1", manager=manager)
    booker = world.person().user
    member(project, booker)
    receipt = SimpleUploadedFile("C:\\Users\\me\\taxi.pdf", b"%PDF-1.7", content_type="application/pdf")
    data = {"project_id": project.pk, "kind": "expense", "category": "travel", "incurred_on": "2026-03-02",
            "amount": "42.10", "currency": "EUR", "description": "Taxi", "attachment": receipt}
    created = _client(client, booker).post("/api/v1/expenses", data)
    assert created.status_code == 201, created.content
    assert created.json()["attachment"].startswith("taxi")
    line_id = created.json()["id"]
    assert client.post(f"/api/v1/expenses/{line_id}/approve").status_code == 403
    approved = _client(client, manager.user).post(f"/api/v1/expenses/{line_id}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_a_negative_expense_answers_422_and_saves_nothing(world: World, client) -> None:
    project = world.project("P1")
    booker = world.person().user
    member(project, booker)
    data = {"project_id": project.pk, "incurred_on": "2026-03-02", "amount": "-1", "currency": "EUR",
            "description": "Refund"}
    response = _client(client, booker).post("/api/v1/expenses", data)
    assert response.status_code == 422 and response.json()["field"] == "amount"
    assert not CostLine.objects.exists()


def test_an_outsider_sees_no_expense_budget_or_evm(world: World, client, outsider) -> None:
    projects = _portfolio(world)
    p1 = projects["P1"]
    line = CostLine.objects.get(project=p1)
    c = _client(client, outsider)
    assert c.get("/api/v1/expenses").json()["items"] == []
    assert c.get("/api/v1/budgets").json()["items"] == []
    assert c.get(f"/api/v1/expenses/{line.pk}").status_code == 404
    assert c.get(f"/api/v1/evm/projects/{p1.pk}").status_code == 404
    assert c.put(f"/api/v1/budgets/{p1.pk}", {"cells": []}, content_type="application/json").status_code == 404
    assert c.get("/api/v1/evm?month=2026-01-01").json()["projects"] == []


def test_the_rolled_up_evm_adds_up_and_names_a_missing_rate(world: World, client, executive) -> None:
    _portfolio(world)
    c = _client(client, executive)
    body = c.get("/api/v1/evm?month=2026-01-01").json()
    total = sum(Decimal(p["figures"]["ac"]) for p in body["projects"])
    assert Decimal(body["company"]["ac"]) == total
    assert sum(Decimal(u["figures"]["ac"]) for u in body["business_units"]) == total
    ExchangeRate.objects.filter(currency="INR").delete()
    missing = c.get("/api/v1/evm?month=2026-01-01")
    assert missing.status_code == 422 and "INR" in missing.json()["detail"] and "2026-01" in missing.json()["detail"]


def test_project_evm_and_budget_endpoints(world: World, client) -> None:
    manager = world.person()
    project = world.project("P1", manager=manager)
    c = _client(client, manager.user)
    cells = {"cells": [{"category": "labour", "month": "2026-01-01", "amount": "1000"},
                       {"category": "travel", "month": "2026-02-01", "amount": "200"}]}
    assert c.put(f"/api/v1/budgets/{project.pk}", cells, content_type="application/json").json() == {"imported": 2}
    baseline = c.post(f"/api/v1/budgets/{project.pk}/baseline", {}, content_type="application/json")
    assert baseline.status_code == 200 and Decimal(baseline.json()["total"]) == Decimal("1200")
    bad = c.put(f"/api/v1/budgets/{project.pk}", {"cells": [{"category": "labour", "month": "2026-01-01",
                                                              "amount": "-3"}]}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "amount"
    evm = c.get(f"/api/v1/evm/projects/{project.pk}?month=2026-01-01").json()
    assert Decimal(evm["figures"]["bac"]) == Decimal("1200") and Decimal(evm["figures"]["pv"]) == Decimal("1000")


@pytest.mark.parametrize("url", ["/api/v1/evm?month=2026-01-01", "/api/v1/expenses", "/api/v1/budgets",
                                 "/api/v1/exchange-rates", "/api/v1/cost-rates"])
def test_list_endpoints_keep_their_query_count(world: World, client, executive, url: str) -> None:
    _portfolio(world)
    c = _client(client, executive)
    c.get(url)
    with CaptureQueriesContext(connection) as small:
        assert c.get(url).status_code == 200
    for n in range(5):
        project = world.project(f"Q{n}")
        member(project, world.person().user, ProjectRole.MEMBER)
        _approved(project, "10", "EUR", JAN)
        CostRate.objects.create(site=world.w, role=f"R{n}", currency="EUR", hourly_rate=Decimal("1"),
                                valid_from=JAN)
    with CaptureQueriesContext(connection) as large:
        assert c.get(url).status_code == 200
    assert len(large) == len(small)
