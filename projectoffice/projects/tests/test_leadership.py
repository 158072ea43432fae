"""The 5 M€ leadership rule: budgets converted at the finance app's exchange rates of the current month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projectoffice.finance.models import ExchangeRate
from projectoffice.projects import selectors
from projectoffice.projects.tests.conftest import make_project


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def rates(org: Any) -> None:
    """This month's rates (EUR per unit; the company reports in EUR); INR only for last month."""
    ExchangeRate.objects.bulk_create([
        ExchangeRate(company=org.company, currency="USD", month=this_month(), rate=Decimal("0.92")),
        ExchangeRate(company=org.company, currency="INR", month=this_month(), rate=Decimal("0.011")),
        ExchangeRate(company=org.company, currency="BRL", month=(this_month() - dt.timedelta(days=1)).replace(day=1),
                     rate=Decimal("0.17")),
    ])


@pytest.mark.parametrize(("budget", "currency", "manager", "warned"), [
    ("6000000", "EUR", "project-leader", True),  # above 5 M€: should be a PMO project manager
    ("6000000", "EUR", "pmo-project-manager", False),
    ("4000000", "USD", "project-leader", False),  # 3.68 M€
    ("6000000", "USD", "project-leader", True),  # 5.52 M€
    ("600000000", "INR", "project-leader", True),  # 6.6 M€
])
def test_the_five_million_euro_rule_uses_the_finance_rates(org: Any, rates: None, budget: str, currency: str,
                                                            manager: str, warned: bool) -> None:
    project = make_project(org, "RULE", manager=manager, budget=budget, currency=currency)
    assert (selectors.leadership_warning(project) is not None) == warned
    if warned:
        assert "PMO project manager" in (selectors.leadership_warning(project) or "")


def test_a_changed_rate_changes_the_verdict(org: Any, rates: None) -> None:
    project = make_project(org, "RULE", budget="6000000", currency="USD")
    assert selectors.leadership_warning(project) is not None  # 5.52 M€
    ExchangeRate.objects.filter(currency="USD").update(rate=Decimal("0.80"))  # 4.8 M€
    assert selectors.leadership_warning(project) is None
    assert selectors.budget_in_eur(project) == Decimal("4800000.00")


def test_without_a_rate_for_the_month_the_warning_says_so(org: Any, rates: None) -> None:
    project = make_project(org, "RULE", budget="6000000", currency="BRL")  # BRL only has last month's rate
    warning = selectors.leadership_warning(project) or ""
    assert "cannot be checked" in warning and "BRL" in warning and this_month().strftime("%Y-%m") in warning
    assert selectors.budget_in_eur(project) is None


def test_the_threshold_is_a_setting(org: Any, settings: Any) -> None:
    settings.PROJECTOFFICE_PMO_PROJECT_THRESHOLD_EUR = 1_000_000
    project = make_project(org, "RULE", budget="2000000")
    assert "1,000,000" in (selectors.leadership_warning(project) or "")


def test_a_page_of_projects_reads_the_rates_once(org: Any, rates: None) -> None:
    projects = [make_project(org, f"RULE-{n}", budget="6000000", currency=("USD", "INR", "EUR")[n % 3])
                for n in range(6)]
    with CaptureQueriesContext(connection) as captured:
        to_eur = selectors.eur_converter(projects)
        eur = [to_eur(p) for p in projects]
    assert len(captured) == 2  # the companies, then their rates
    assert eur[:3] == [Decimal("5520000.00"), Decimal("66000.00"), Decimal("6000000.00")]
