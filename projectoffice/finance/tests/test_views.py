from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from projectoffice.finance.models import CostLine, CostRate, ExchangeRate

from .conftest import World, baseline, member
from .test_selectors import FEB, JAN, _approved, _portfolio

PAGES = ["/finance/?month=2026-01", "/finance/report/?month=2026-01", "/finance/expenses/", "/finance/rates/",
         "/finance/exchange-rates/?year=2026"]


@pytest.mark.parametrize("url", PAGES)
def test_finance_pages_keep_their_query_count(world: World, client, executive, url: str) -> None:
    _portfolio(world)
    client.force_login(executive)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(5):
        project = world.project(f"Q{n}", site=world.blr, currency="INR")
        baseline(project, {JAN: "100"})
        _approved(project, "10", "INR", JAN)
        CostRate.objects.create(site=world.w, role=f"R{n}", currency="EUR", hourly_rate=Decimal("1"),
                                valid_from=JAN)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_project_pages_render_the_figures_and_the_s_curve(world: World, client, executive) -> None:
    p1 = _portfolio(world)["P1"]
    client.force_login(executive)
    evm = client.get(f"/finance/projects/{p1.pk}/evm/?month=2026-01")
    assert evm.status_code == 200
    body = evm.content.decode()
    assert "/static/vendor/plotly.min.js" in body and "curve-data" in body and "1,000.00" in body
    budget = client.get(f"/finance/projects/{p1.pk}/budget/")
    assert budget.status_code == 200 and "2026-02" in budget.content.decode()


def test_an_outsider_gets_404_on_project_pages_and_sees_no_rows(world: World, client, outsider) -> None:
    p1 = _portfolio(world)["P1"]
    client.force_login(outsider)
    assert client.get(f"/finance/projects/{p1.pk}/evm/").status_code == 404
    assert client.get(f"/finance/projects/{p1.pk}/budget/").status_code == 404
    line = CostLine.objects.get(project=p1)
    assert client.post(f"/finance/expenses/{line.pk}/approve/").status_code == 404
    assert "Train" not in client.get("/finance/expenses/").content.decode()
    # as a word: a random CSRF token may hold the letters "P1"
    assert not re.search(r"\bP1\b", client.get("/finance/?month=2026-01").content.decode())


def test_the_rollup_page_names_a_missing_rate(world: World, client, executive) -> None:
    _portfolio(world)
    ExchangeRate.objects.filter(currency="INR", month=FEB).delete()
    client.force_login(executive)
    response = client.get("/finance/?month=2026-02")
    assert response.status_code == 422
    assert "No exchange rate for INR in 2026-02" in response.content.decode()


def test_the_report_exports_an_xlsx_with_its_totals(world: World, client, executive) -> None:
    _portfolio(world)
    client.force_login(executive)
    response = client.get("/finance/report/?month=2026-01&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, total = rows[1], rows[-1]
    # P1 500 EUR, P2 90,000 INR x 0.011, P3 100 INR x 0.011
    assert total[header.index("Actual (month)")] == pytest.approx(500 + 990 + 1.10)


def test_a_negative_expense_shows_under_its_field_and_saves_nothing(world: World, client) -> None:
    project = world.project("P1")
    booker = world.person().user
    member(project, booker)
    client.force_login(booker)
    data = {"project": project.pk, "kind": "expense", "category": "travel", "incurred_on": "2026-03-02",
            "amount": "-4", "currency": "", "description": "Refund",
            "attachment": SimpleUploadedFile("r.pdf", b"%PDF-1", content_type="application/pdf")}
    response = client.post("/finance/expenses/new/", data)
    assert response.status_code == 422 and "positive" in response.content.decode()
    assert not CostLine.objects.exists()


def test_a_bad_rates_file_lists_each_row_and_imports_nothing(world: World, client, executive) -> None:
    client.force_login(executive)
    upload = SimpleUploadedFile("r.csv", b"currency,month,rate\nINR,2026-01,0.011\n,2026-02,1\n")
    response = client.post("/finance/exchange-rates/import/", {"file": upload})
    assert response.status_code == 422 and "row 3" in response.content.decode()
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize("page", ["evm/?month=2026-01", "budget/"])
def test_project_pages_keep_their_query_count(world: World, client, executive, page: str) -> None:
    p1 = _portfolio(world)["P1"]
    client.force_login(executive)
    url = f"/finance/projects/{p1.pk}/{page}"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(2, 13):
        baseline(p1, {JAN.replace(month=n): "100"}, category="travel")
        _approved(p1, "10", "INR", JAN.replace(month=n))
    ExchangeRate.objects.bulk_create(ExchangeRate(company=world.company, currency="INR", month=JAN.replace(month=n),
                                                  rate=Decimal("0.011")) for n in range(4, 13))
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_a_pso_manager_sees_the_rates_of_their_sites_only(world: World, client, pso_manager) -> None:
    CostRate.objects.create(site=world.w, role="Lyon role", currency="EUR", hourly_rate=Decimal("60"), valid_from=JAN)
    CostRate.objects.create(site=world.blr, role="Bangalore role", currency="INR", hourly_rate=Decimal("900"),
                            valid_from=JAN)
    client.force_login(pso_manager)
    body = client.get("/finance/rates/").content.decode()
    assert "Lyon role" in body and "Bangalore role" not in body
    response = client.post("/finance/rates/", {"site": world.blr.pk, "currency": "INR", "hourly_rate": "1",
                                               "valid_from": "2026-01-01"})
    assert response.status_code == 422 and CostRate.objects.count() == 2
