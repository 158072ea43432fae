"""Demo money: thirteen months of exchange rates, cost rates per site and role (one raise mid-year), budgets with
a baseline, expenses and supplier invoices (approved, pending, rejected), labour actuals from the approved time
the timesheets loader wrote, and month-end earned value, so the roll-up and the monthly report show real figures.

Volume goes through bulk_create with data that satisfies every rule of the services (the demo's only shortcut).
Parts whose inputs are missing (no projects, no approved time) are skipped, and the loader says so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from projectoffice.core.demo_context import DemoContext
from projectoffice.engine.evm import cents, month_of
from projectoffice.finance.models import (
    BudgetBaseline,
    BudgetLine,
    CostCategory,
    CostLine,
    CostRate,
    EarnedValueSnapshot,
    ExchangeRate,
    LabourActual,
)
from projectoffice.finance.ratebook import RateBook
from projectoffice.finance.services.actuals import approved_hours_by_day, labour_actual_rows, month_end
from projectoffice.organization.models import Site

# Units of EUR per unit, around which the monthly rates wander.
REFERENCE_RATES = {"USD": "0.92", "INR": "0.011", "BRL": "0.17", "SGD": "0.69", "CAD": "0.68", "GBP": "1.17"}
# Hourly cost of a default / senior profile per site currency.
SITE_RATES = {"EUR": ("68", "85"), "INR": ("1900", "2600"), "USD": ("75", "98"), "BRL": ("160", "210"),
              "SGD": ("95", "120"), "CAD": ("88", "110")}
SENIOR_TITLES = ("Group leader", "System architect")
SPLIT = {CostCategory.LABOUR: Decimal("0.70"), CostCategory.SUBCONTRACTING: Decimal("0.15"),
         CostCategory.EQUIPMENT: Decimal("0.10"), CostCategory.TRAVEL: Decimal("0.05")}


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def load(ctx: DemoContext) -> None:
    company = ctx.data.get("company")
    if company is None:
        ctx.say("  finance: no company, nothing to load")
        return
    this_month = month_of(ctx.today)
    _exchange_rates(ctx, company, this_month)
    sites = list(Site.objects.filter(company=company))
    _cost_rates(ctx, sites, this_month)
    projects = [p for p in ctx.data.get("projects", []) if p.status not in ("proposed", "cancelled")]
    if not projects:
        ctx.say("  finance: no demo projects yet; budgets, expenses and earned value skipped")
        return
    actuals = _labour_actuals(ctx, sites, this_month)
    _budgets_and_costs(ctx, projects, this_month, actuals)


def _exchange_rates(ctx: DemoContext, company: Any, this_month: dt.date) -> None:
    rows = []
    for currency, reference in REFERENCE_RATES.items():
        rate = Decimal(reference)
        for n in range(-12, 1):
            rate = (rate * Decimal(1 + ctx.rng.uniform(-0.02, 0.02))).quantize(Decimal("0.00000001"))
            rows.append(ExchangeRate(company=company, currency=currency, month=add_months(this_month, n), rate=rate))
    ExchangeRate.objects.bulk_create(rows)


def _cost_rates(ctx: DemoContext, sites: list[Site], this_month: dt.date) -> None:
    """A default and a senior rate per site from a year ago; site W's raise from the middle of the year."""
    start = add_months(this_month, -12)
    raise_on = add_months(this_month, -5)
    rows = []
    for site in sites:
        default, senior = (Decimal(v) for v in SITE_RATES.get(site.currency, ("70", "90")))
        if site.code == "W":
            rows.append(CostRate(site=site, currency=site.currency, hourly_rate=default, valid_from=start,
                                 valid_to=raise_on - dt.timedelta(days=1)))
            rows.append(CostRate(site=site, currency=site.currency, hourly_rate=cents(default * Decimal("1.04")),
                                 valid_from=raise_on))
        else:
            rows.append(CostRate(site=site, currency=site.currency, hourly_rate=default, valid_from=start))
        rows += [CostRate(site=site, role=title, currency=site.currency, hourly_rate=senior, valid_from=start)
                 for title in SENIOR_TITLES]
    CostRate.objects.bulk_create(rows)
    ctx.say(f"  finance: {len(rows)} cost rates at {len(sites)} sites")


def eur_per(currency: str) -> Decimal:
    return Decimal(REFERENCE_RATES.get(currency, "1"))


def _labour_actuals(ctx: DemoContext, sites: list[Site], this_month: dt.date) -> dict[int, Decimal]:
    """Approved hours x rates for the past year; returns each project's average monthly labour cost in EUR
    (at reference rates) so that the demo budgets are in proportion to the time written."""
    first = add_months(this_month, -12)
    hours = approved_hours_by_day(first=first, last=month_end(this_month))
    if not hours:
        ctx.say("  finance: no approved time yet; labour actuals skipped (actual cost = expenses only)")
        return {}
    rows, missing = labour_actual_rows(hours, RateBook.for_sites([s.pk for s in sites]),
                                       {s.pk: s.currency for s in sites})
    LabourActual.objects.bulk_create(rows)
    ctx.say(f"  finance: {len(rows)} labour actual rows from approved time ({len(missing)} days without a rate)")
    total: dict[int, Decimal] = {}
    months: dict[int, set[dt.date]] = {}
    for row in rows:
        total[row.project_id] = total.get(row.project_id, Decimal(0)) + row.amount * eur_per(row.currency)
        months.setdefault(row.project_id, set()).add(row.month)
    return {project: amount / len(months[project]) for project, amount in total.items() if amount > 0}


def _project_months(project: Any, this_month: dt.date) -> list[dt.date]:
    start = month_of((project.planned_start or project.created_at).date())
    finish_at = project.scheduled_finish or project.planned_finish
    finish = month_of(finish_at.date()) if finish_at else add_months(start, 11)
    start, finish = max(start, add_months(this_month, -12)), min(max(finish, start), add_months(this_month, 18))
    months, month = [], start
    while month <= finish:
        months.append(month)
        month = add_months(month, 1)
    return months


def _budgets_and_costs(ctx: DemoContext, projects: list[Any], this_month: dt.date,
                       labour_eur: dict[int, Decimal]) -> None:
    budget, costs, snapshots, baselines = [], [], [], []
    for project in projects:
        months = _project_months(project, this_month)
        if project.pk in labour_eur:  # in proportion to the time written
            labour = labour_eur[project.pk] / eur_per(project.currency) * Decimal(str(ctx.rng.uniform(0.9, 1.1)))
            per_month = {c: cents(labour * share / SPLIT[CostCategory.LABOUR]) for c, share in SPLIT.items()}
        else:  # no time written on it this year: its budget and actuals are the non-labour costs
            bac = project.budget_at_completion or Decimal(ctx.rng.randrange(200, 2000) * 1000)
            per_month = {c: cents(bac * share / len(months)) for c, share in SPLIT.items()
                         if c != CostCategory.LABOUR}
        drift = Decimal(str(round(ctx.rng.uniform(0.95, 1.2), 2)))
        for month in months:
            for category, amount in per_month.items():
                current = amount if month <= this_month else cents(amount * drift)
                budget.append(BudgetLine(project=project, kind="baseline", category=category, month=month,
                                         amount=amount))
                budget.append(BudgetLine(project=project, kind="current", category=category, month=month,
                                         amount=current))
        baselines.append(BudgetBaseline(project=project, saved_at=project.created_at, source="budget",
                                        total=sum(per_month.values()) * len(months)))
        costs += _cost_lines(ctx, project, [m for m in months if m <= this_month], per_month)
        snapshots += _earned(ctx, project, [m for m in months if m < this_month], per_month)
    BudgetLine.objects.bulk_create(budget)
    BudgetBaseline.objects.bulk_create(baselines)
    CostLine.objects.bulk_create(costs)
    EarnedValueSnapshot.objects.bulk_create(snapshots)
    ctx.say(f"  finance: {len(budget)} budget cells, {len(costs)} expenses/invoices, {len(snapshots)} EV snapshots "
            f"for {len(projects)} projects")


def _cost_lines(ctx: DemoContext, project: Any, months: list[dt.date], per_month: dict[CostCategory, Decimal]) -> list[CostLine]:
    lines = []
    today = ctx.today
    for index, month in enumerate(months):
        latest = index == len(months) - 1
        last_day = min(27, today.day) if month == today.replace(day=1) else 27  # nothing booked in the future
        for category in (CostCategory.TRAVEL, CostCategory.EQUIPMENT, CostCategory.SUBCONTRACTING):
            if not per_month.get(category):
                continue
            amount = cents(per_month[category] * Decimal(str(round(ctx.rng.uniform(0.8, 1.25), 2))))
            invoice = category == CostCategory.SUBCONTRACTING
            status = CostLine.Status.SUBMITTED if latest and ctx.rng.random() < 0.6 else CostLine.Status.APPROVED
            if not latest and ctx.rng.random() < 0.05:
                status = CostLine.Status.REJECTED
            lines.append(CostLine(
                project=project, kind="invoice" if invoice else "expense", category=category,
                incurred_on=month.replace(day=ctx.rng.randint(1, last_day)), month=month, amount=max(amount, Decimal("1")),
                currency=project.currency, status=status, submitted_by_id=project.project_manager_id,
                description={"travel": "Travel to the customer site", "equipment": "Test equipment",
                             "subcontracting": "Subcontracted design work"}[category],
                supplier="Initech Engineering" if invoice else "", invoice_number=f"INV-{project.pk}-{index}"
                if invoice else "", reject_reason="Not an eligible expense" if status == "rejected" else "",
            ))
    return lines


def _earned(ctx: DemoContext, project: Any, months: list[dt.date], per_month: dict[CostCategory, Decimal]) -> list[
        EarnedValueSnapshot]:
    """EV at each past month end: planned value x a performance that drifts (some projects slip)."""
    monthly = sum(per_month.values(), Decimal(0))
    performance = ctx.rng.uniform(0.8, 1.08)
    rows = []
    for n, month in enumerate(months, start=1):
        performance = min(max(performance + ctx.rng.uniform(-0.03, 0.03), 0.6), 1.15)
        rows.append(EarnedValueSnapshot(project=project, month=month,
                                        ev=cents(monthly * n * Decimal(str(round(performance, 3))))))
    return rows
