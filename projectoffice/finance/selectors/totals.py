"""Per-project totals at a status month for many projects at once, summed by the database: what the roll-up
and the monthly report need, in each project's currency, in a fixed number of queries whatever the number of
projects or months.

The database only sums and applies exchange rates (an actual in another currency than its project's counts at
the rate of the month it was incurred, through the reporting currency — the same rule as ``convert_with``);
earned value arithmetic stays in the engine. Before summing, one query lists the (currency, month) pairs the
conversion needs, so a missing rate is reported by name instead of being silently skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum

from projectoffice.engine.errors import MissingRateError
from projectoffice.engine.evm import ExchangeRates
from projectoffice.finance.models import BudgetLine, CostLine, EarnedValueSnapshot, ExchangeRate, LabourActual
from projectoffice.organization.models import Company
from projectoffice.projects.models import Project

ZERO = Decimal("0")


@dataclass
class ProjectTotals:
    """One project's money at the status month, in its currency."""

    bac: Decimal = ZERO
    pv_to_date: Decimal = ZERO
    pv_month: Decimal = ZERO
    remaining_budget: Decimal = ZERO  # working budget after the status month (the bottom-up ETC)
    ac_to_date: Decimal = ZERO
    ac_month: Decimal = ZERO
    ev: Decimal = ZERO


def with_ev_snapshot(projects: QuerySet[Project], month: dt.date) -> QuerySet[Project]:
    """The projects annotated with their latest earned value recorded up to ``month`` (``ev_snapshot``)."""
    latest = EarnedValueSnapshot.objects.filter(project=OuterRef("pk"), month__lte=month).order_by("-month")
    return projects.annotate(ev_snapshot=Subquery(latest.values("ev")[:1]))


def project_totals(projects: QuerySet[Project], *, month: dt.date, company: Company,
                   rates: ExchangeRates) -> dict[int, ProjectTotals]:
    """Budget and actual totals of ``projects`` (a queryset, used as a subquery) at the end of ``month``.
    EV is left at zero: the caller takes it from snapshots or live progress. 3 queries (one more, naming the
    gap, when an exchange rate is missing)."""
    totals: dict[int, ProjectTotals] = {}
    for project_id, bac, pv, pv_month, remaining in _budget_sums(projects, month):
        totals[project_id] = ProjectTotals(bac=bac or ZERO, pv_to_date=pv or ZERO, pv_month=pv_month or ZERO,
                                           remaining_budget=remaining or ZERO)
    for actuals in (_labour(projects, month), _costs(projects, month)):
        sums = _actual_sums(actuals, projects, month, company)
        if any(missing for *_, missing in sums):
            _require_rates(actuals, company.reporting_currency, rates)
        for project_id, to_date, in_month, _ in sums:
            item = totals.setdefault(project_id, ProjectTotals())
            item.ac_to_date += to_date
            item.ac_month += in_month
    return totals


def _budget_sums(projects: QuerySet[Project], month: dt.date) -> Iterable[tuple[int, Decimal, Decimal, Decimal,
                                                                                   Decimal]]:
    baseline = Q(kind=BudgetLine.Kind.BASELINE)
    return (
        BudgetLine.objects.filter(project__in=projects.values("pk"))
        .values("project_id")
        .annotate(bac=Sum("amount", filter=baseline), pv=Sum("amount", filter=baseline & Q(month__lte=month)),
                  pv_month=Sum("amount", filter=baseline & Q(month=month)),
                  remaining=Sum("amount", filter=Q(kind=BudgetLine.Kind.CURRENT, month__gt=month)))
        .values_list("project_id", "bac", "pv", "pv_month", "remaining")
    )


def _labour(projects: QuerySet[Project], month: dt.date) -> QuerySet[LabourActual]:
    return LabourActual.objects.filter(project__in=projects.values("pk"), month__lte=month)


def _costs(projects: QuerySet[Project], month: dt.date) -> QuerySet[CostLine]:
    return CostLine.objects.filter(project__in=projects.values("pk"), status=CostLine.Status.APPROVED,
                                   month__lte=month)


def _require_rates(actuals: QuerySet, reporting: str, rates: ExchangeRates) -> None:  # type: ignore[type-arg]
    """Raise MissingRateError for the first (currency, month) a cross-currency actual needs but lacks."""
    pairs = actuals.exclude(currency=F("project__currency")).values_list(
        "currency", "project__currency", "month").order_by().distinct()
    for currency, project_currency, month in sorted(pairs, key=lambda p: (p[2], p[0], p[1])):
        for needed in (currency, project_currency):
            if needed != reporting and (needed, month) not in rates:
                raise MissingRateError(needed, month.strftime("%Y-%m"))
    raise MissingRateError("?", "?")  # the sums saw a gap this listing did not: never expected


# The actuals of the month and to date, per project, in the project's currency, in one pass over the table:
# actuals in the project's own currency fall into one group per project (factor 1); the others are grouped by
# (project, currency, month) so that each group is converted once, through the reporting currency, at its
# month's rates. A group whose rate is missing has no factor and is counted.
ACTUAL_SUMS = """
SELECT g.project_id, SUM(g.amount * g.factor), SUM(g.amount_month * g.factor),
       SUM(CASE WHEN g.factor IS NULL THEN 1 ELSE 0 END)
FROM (
    SELECT s.project_id, s.amount, s.amount_month,
           CASE WHEN s.currency IS NULL THEN 1
                ELSE (CASE WHEN s.currency = %s THEN 1 ELSE rf.rate END)
                     / (CASE WHEN s.project_currency = %s THEN 1 ELSE rt.rate END) END AS factor
    FROM (
        SELECT a.project_id,
               CASE WHEN a.currency = p.currency THEN NULL ELSE a.currency END AS currency,
               CASE WHEN a.currency = p.currency THEN NULL ELSE a.month END AS month,
               p.currency AS project_currency,
               SUM(a.amount) AS amount,
               SUM(CASE WHEN a.month = %s THEN a.amount ELSE 0 END) AS amount_month
        FROM {actuals} a JOIN {projects} p ON p.id = a.project_id
        WHERE a.project_id IN ({scoped}) AND a.month <= %s {extra}
        GROUP BY 1, 2, 3, 4
    ) s
    LEFT JOIN {rates} rf ON rf.company_id = %s AND rf.currency = s.currency AND rf.month = s.month
    LEFT JOIN {rates} rt ON rt.company_id = %s AND rt.currency = s.project_currency AND rt.month = s.month
) g
GROUP BY g.project_id
"""


def _actual_sums(actuals: QuerySet, projects: QuerySet[Project], month: dt.date,  # type: ignore[type-arg]
                 company: Company) -> list[tuple[int, Decimal, Decimal, int]]:
    """(project, to date, this month, groups without a rate) for one table of actuals."""
    scoped, scoped_params = projects.values("pk").order_by().query.sql_with_params()
    model = actuals.model
    extra, extra_params = ("AND a.status = %s", [CostLine.Status.APPROVED]) if model is CostLine else ("", [])
    sql = ACTUAL_SUMS.format(actuals=model._meta.db_table, projects=Project._meta.db_table, scoped=scoped,
                             rates=ExchangeRate._meta.db_table, extra=extra)
    day = connection.ops.adapt_datefield_value(month)
    reporting = company.reporting_currency
    params = [reporting, reporting, day, *scoped_params, day, *extra_params, company.pk, company.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pid, _money(to_date), _money(in_month), int(missing or 0))
                for pid, to_date, in_month, missing in cursor.fetchall()]


def _money(value: object) -> Decimal:
    """A database sum as Decimal (SQLite answers floats, PostgreSQL decimals), to 1/10,000."""
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(Decimal("0.0001"))
