"""The inputs of earned value, read for many projects at once with a fixed number of queries.

Per project, in its own currency: planned value per month (the baseline budget), actual cost per month (labour
actuals and approved cost lines, each converted at its own month's rate), the current budget (the bottom-up
forecast of what remains) and earned value (month-end snapshots; live task progress for the current month).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum

from projectoffice.engine.evm import (
    EarnedValueMethod,
    ExchangeRates,
    TaskProgress,
    earned_value,
)
from projectoffice.finance.currency import convert_with
from projectoffice.finance.models import BudgetLine, CostLine, EarnedValueSnapshot, LabourActual
from projectoffice.projects.models import BaselineTask, Project, Task

ZERO = Decimal("0")
Monthly = dict[dt.date, Decimal]


@dataclass
class ProjectMoney:
    """Everything earned value needs about one project, in the project's currency."""

    project: Project
    planned: Monthly = field(default_factory=dict)  # baseline budget per month (PV time-phased)
    budget: Monthly = field(default_factory=dict)  # current (working) budget per month
    actual: Monthly = field(default_factory=dict)  # AC per month
    earned: Monthly = field(default_factory=dict)  # cumulative EV at month ends (snapshots)
    live_ev: Decimal | None = None  # EV from today's task progress

    @property
    def bac(self) -> Decimal:
        return sum(self.planned.values(), ZERO)

    def ev_at(self, month: dt.date, current_month: dt.date) -> Decimal:
        """EV at the end of ``month``: today's progress for the current month (or later), else the latest
        snapshot recorded up to that month."""
        if month >= current_month and self.live_ev is not None:
            return self.live_ev
        known = [m for m in self.earned if m <= month]
        return self.earned[max(known)] if known else ZERO

    def cumulative(self, series: Monthly, month: dt.date) -> Decimal:
        return sum((v for m, v in series.items() if m <= month), ZERO)

    def remaining_budget(self, month: dt.date) -> Decimal:
        return sum((v for m, v in self.budget.items() if m > month), ZERO)


def project_money(
    projects: Sequence[Project], *, reporting: str, rates: ExchangeRates, current_month: dt.date,
    method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE, live: bool = True,
) -> dict[int, ProjectMoney]:
    """The money of ``projects`` in 5 queries (6 with live progress), whatever their number.

    Raises the engine's MissingRateError when an actual cannot be converted to its project's currency.
    """
    money = {p.pk: ProjectMoney(p) for p in projects}
    ids = list(money)
    for project_id, kind, month, amount in _budget_rows(ids):
        target = money[project_id].planned if kind == BudgetLine.Kind.BASELINE else money[project_id].budget
        target[month] = target.get(month, ZERO) + amount
    for project_id, month, currency, amount in _actual_rows(ids):
        item = money[project_id]
        value = convert_with(amount, currency, item.project.currency, month, reporting=reporting, rates=rates)
        item.actual[month] = item.actual.get(month, ZERO) + value
    for project_id, month, ev in EarnedValueSnapshot.objects.filter(project_id__in=ids).values_list(
        "project_id", "month", "ev"
    ):
        money[project_id].earned[month] = ev
    if live:
        bacs = {project_id: item.bac for project_id, item in money.items()}
        for project_id, ev in live_earned_value(bacs, method=method).items():
            money[project_id].live_ev = ev
    return money


def _budget_rows(ids: list[int]) -> Iterable[tuple[int, str, dt.date, Decimal]]:
    return (
        BudgetLine.objects.filter(project_id__in=ids)
        .values("project_id", "kind", "month")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "kind", "month", "total")
    )


def _actual_rows(ids: list[int]) -> list[tuple[int, dt.date, str, Decimal]]:
    labour = (
        LabourActual.objects.filter(project_id__in=ids)
        .values("project_id", "month", "currency")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "month", "currency", "total")
    )
    costs = (
        CostLine.objects.filter(project_id__in=ids, status=CostLine.Status.APPROVED)
        .values("project_id", "month", "currency")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "month", "currency", "total")
    )
    return [*labour, *costs]


def live_earned_value(
    bacs: Mapping[int, Decimal], *, method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE
) -> dict[int, Decimal]:
    """EV from today's progress of the work tasks (one query): the project's BAC is shared among its tasks by
    their baseline cost (by their duration when the schedule baseline carries no cost), then the engine sums
    budget x % complete."""
    baseline_cost = BaselineTask.objects.filter(task=OuterRef("pk"), baseline__number=0).values("cost")[:1]
    rows = (
        Task.objects.filter(project_id__in=list(bacs), is_summary=False)
        .annotate(baseline_cost=Subquery(baseline_cost))
        .values_list("project_id", "pk", "duration_minutes", "percent_complete", "physical_percent_complete",
                     "baseline_cost")
    )
    tasks: dict[int, list[tuple[int, Decimal, Decimal, Decimal | None, Decimal]]] = defaultdict(list)
    for project_id, pk, minutes, percent, physical, cost in rows:
        tasks[project_id].append((pk, Decimal(minutes), percent, physical, cost or ZERO))
    return {pid: _earned(bacs[pid], rows_, method) for pid, rows_ in tasks.items()}


def _earned(
    bac: Decimal, rows: list[tuple[int, Decimal, Decimal, Decimal | None, Decimal]], method: EarnedValueMethod
) -> Decimal:
    costed = any(cost > 0 for *_, cost in rows)
    weights = [cost if costed else minutes for _, minutes, _, _, cost in rows]
    total = sum(weights, ZERO)
    if total == 0:
        return ZERO
    progress = [
        TaskProgress(str(pk), bac * weight / total, percent, physical)
        for (pk, _, percent, physical, _), weight in zip(rows, weights, strict=True)
    ]
    return earned_value(progress, method=method)
