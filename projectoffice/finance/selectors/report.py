"""The monthly financial report: per project, the budget, actual, forecast and variance of a month and to
completion, in the reporting currency (each project converted at the month's rate, read from the figures stored
when the month was closed or computed live: ``status_totals``); and one project's months.

Forecast at completion = actual cost to date + the working budget of the months after (the bottom-up estimate
the project keeps current). Variances are budget minus actual (or minus forecast): negative means overspent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from projectoffice.finance.permissions import AnyUser
from projectoffice.finance.selectors.evm import ProjectRef, status_totals
from projectoffice.finance.selectors.figures import ProjectMoney
from projectoffice.finance.selectors.month_figures import MonthFigures
from projectoffice.organization.models import Company

ZERO = Decimal("0")


@dataclass(frozen=True)
class ReportLine:
    """Money of one project (or the total) for the report's month; all in the report's currency."""

    budget_month: Decimal
    actual_month: Decimal
    variance_month: Decimal
    budget_to_date: Decimal
    actual_to_date: Decimal
    variance_to_date: Decimal
    bac: Decimal
    forecast: Decimal
    variance_at_completion: Decimal


AMOUNT_FIELDS = tuple(f.name for f in fields(ReportLine))


@dataclass(frozen=True)
class ReportRow:
    project: ProjectRef
    line: ReportLine


@dataclass(frozen=True)
class MonthlyReport:
    month: dt.date
    currency: str
    rows: list[ReportRow]
    total: ReportLine


def _total(lines: Sequence[ReportLine]) -> ReportLine:
    return ReportLine(*(sum((getattr(line, name) for line in lines), ZERO) for name in AMOUNT_FIELDS))


def monthly_report(*, user: AnyUser, month: dt.date, company: Company | None = None) -> MonthlyReport:
    """Every project in the user's scope at ``month`` in the reporting currency; the total is the sum of the
    rows as shown. A missing exchange rate raises an ApplicationError naming the currency and the month."""
    status = status_totals(user=user, month=month, company=company)
    rows = [ReportRow(p, report_line(status.figures[p.pk])) for p in status.projects]
    return MonthlyReport(status.month, status.reporting, rows, _total([r.line for r in rows]))


def report_line(f: MonthFigures) -> ReportLine:
    """The report figures of one project from its month's figures (reporting currency)."""
    forecast = f.ac if f.eac_bottom_up is None else f.eac_bottom_up
    return ReportLine(f.budget_month, f.actual_month, f.budget_month - f.actual_month, f.pv, f.ac, f.pv - f.ac,
                      f.bac, forecast, f.bac - forecast)


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    baseline: Decimal
    budget: Decimal
    actual: Decimal | None  # None for months after the status month
    forecast: Decimal
    variance: Decimal  # baseline - forecast


def project_months(money: ProjectMoney, *, status_month: dt.date) -> list[MonthRow]:
    """One project's months: baseline, working budget, actual (to the status month), forecast (actual up to
    the status month, the working budget after) and variance, in the project's currency."""
    months = sorted({*money.planned, *money.budget, *money.actual})
    rows = []
    for month in months:
        known = month <= status_month
        actual = money.actual.get(month, ZERO)
        forecast = actual if known else money.budget.get(month, ZERO)
        baseline = money.planned.get(month, ZERO)
        rows.append(MonthRow(month, baseline, money.budget.get(month, ZERO), actual if known else None, forecast,
                             baseline - forecast))
    return rows
