"""How the access walk (core/tests/test_access.py) exercises the money endpoints.

``populate`` adds cost rates at W, Munich and London, the USD and GBP rates Globex's roll-ups need, an
expense on three projects and working budgets on three. ``visible`` reads the rules of
``finance/permissions.py``: cost rates are seen by the finance roles of their site (PSO managers and project
administrators) and the company's executives; exchange rates by everyone of the company; expenses, budgets and
earned value with their project (proposed and cancelled ones left out of the roll-up). Cost rates are created
and labour actuals refreshed only at the sites whose rates one sees (``rate_sites``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from projectoffice.core.tests.api_walk import Route, create, create_own, list_of, read, write
from projectoffice.finance.models import BudgetLine, CostLine, CostRate, ExchangeRate, LabourActual
from projectoffice.organization.models import ProjectOffice, Site
from projectoffice.projects.models import Project
from projectoffice.projects.tests.access_routes import projects_seen, reach

V = "/api/v1"
ROW_SETS: dict[str, Any] = {"cost_rates": CostRate, "exchange_rates": ExchangeRate, "expenses": CostLine,
                            "budgeted": Project, "labour_actuals": LabourActual, "rate_sites": Site,
                            "evm_projects": Project}
FINANCE_ROLES = ("pso-manager", "project-administrator")


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def populate(org: Any) -> None:
    from projectoffice.finance import services
    from projectoffice.finance.services.budgets import BudgetCell

    start = dt.date(2026, 1, 1)
    for site, currency in (("W", "EUR"), ("MUC", "EUR"), ("Z", "GBP")):
        services.cost_rate_create(by=None, site=org.sites[site], currency=currency, hourly_rate=Decimal("80"),
                                  valid_from=start)
    for currency in ("USD", "GBP"):  # GBP: a superuser's roll-up spans both companies, in Globex's currency
        services.exchange_rate_set(by=None, company=org.company, currency=currency, month=this_month(),
                                   rate=Decimal("0.9"))
    for code in ("P-W", "P-AUS", "P-Z"):
        project = Project.objects.get(code=code)
        services.cost_line_create(by=None, project=project, kind="expense", category="other",
                                  incurred_on=dt.date(2026, 3, 3), amount=Decimal("120"),
                                  currency=project.currency, description="Train")
    for code in ("P-W", "P-MUC", "P-Z"):
        services.budget_set(by=None, project=Project.objects.get(code=code),
                            cells=[BudgetCell("other", dt.date(2026, 3, 1), Decimal("5000"))])


def visible(user: Any, seen: dict[str, set[int]]) -> dict[str, set[int]]:
    r = reach(user)
    projects = projects_seen(r)
    finance_offices = {office for role, office in r.roles if role in FINANCE_ROLES}
    finance_sites = {s.pk for o in ProjectOffice.objects.filter(pk__in=finance_offices) for s in o.sites.all()}
    rate_sites = {pk for pk, company in Site.objects.values_list("pk", "company_id")
                  if r.everything or company in r.whole_companies or pk in finance_sites}
    rates = {pk for pk, site in CostRate.objects.values_list("pk", "site_id") if site in rate_sites}
    exchange = {pk for pk, company in ExchangeRate.objects.values_list("pk", "company_id")
                if r.everything or company == r.company_id}
    return {
        "cost_rates": rates, "exchange_rates": exchange, "rate_sites": rate_sites,
        "evm_projects": {pk for pk, status in Project.objects.values_list("pk", "status")
                         if pk in projects and status not in ("proposed", "cancelled")},
        "expenses": {pk for pk, p in CostLine.objects.values_list("pk", "project_id") if p in projects},
        "budgeted": projects & set(BudgetLine.objects.values_list("project_id", flat=True)),
        "labour_actuals": {pk for pk, p in LabourActual.objects.values_list("pk", "project_id") if p in projects},
    }


def _expense(ids: Any) -> dict[str, Any]:
    return {"project_id": ids["projects"], "incurred_on": "2026-03-04", "amount": "10", "description": "Taxi"}


def _rates_csv(ids: Any) -> dict[str, Any]:
    month = this_month().strftime("%Y-%m")
    return {"file": SimpleUploadedFile("rates.csv", f"currency,month,rate\nCHF,{month},0.95\n".encode())}


ROUTES: dict[tuple[str, str], Route] = {
    ("GET", f"{V}/cost-rates"): list_of("cost_rates"),
    ("POST", f"{V}/cost-rates"): create(
        "cost_rates", lambda ids: {"site_id": ids["rate_sites"], "person_id": ids["people"], "currency": "EUR",
                                   "hourly_rate": "90", "valid_from": "2031-01-01"},
        rate_sites="site_id", people="person_id"),
    ("POST", f"{V}/cost-rates/{{rate_id}}/end"): write("cost_rates", lambda ids: {"valid_to": "2031-12-31"}),
    ("GET", f"{V}/exchange-rates"): list_of("exchange_rates"),
    ("PUT", f"{V}/exchange-rates"): create_own(
        "exchange_rates", lambda ids: {"currency": "CHF", "month": this_month().isoformat(), "rate": "0.95"}),
    ("POST", f"{V}/exchange-rates/import"): create_own("exchange_rates", _rates_csv, form=True),
    ("GET", f"{V}/expenses"): list_of("expenses"),
    ("GET", f"{V}/expenses/{{line_id}}"): read("expenses"),
    ("POST", f"{V}/expenses"): create("expenses", _expense, form=True, projects="project_id"),
    ("POST", f"{V}/expenses/{{line_id}}/approve"): write("expenses"),
    ("POST", f"{V}/expenses/{{line_id}}/reject"): write("expenses", lambda ids: {"reason": "walk"}),
    ("GET", f"{V}/budgets"): list_of("budgeted", key="project_id"),
    ("PUT", f"{V}/budgets/{{project_id}}"): write("projects", lambda ids: {"cells": []}),
    ("POST", f"{V}/budgets/{{project_id}}/baseline"): write("projects", lambda ids: {"source": "current"}),
    ("POST", f"{V}/labour-actuals/refresh"): create(
        "labour_actuals", lambda ids: {"site_id": ids["rate_sites"], "month": "2026-03-01"}, rate_sites="site_id"),
    ("GET", f"{V}/evm/projects/{{project_id}}"): read("projects"),
    ("GET", f"{V}/evm"): list_of("evm_projects", items="projects", key="key", lookup="code"),
}
