"""Project budgets per cost category per month (in the project's currency) and the baseline budget: the frozen
copy against which planned value is measured — either the budget as it stands, or time-phased from the
schedule baseline's task costs by the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.evm import BaselineTask as EngineBaselineTask
from projectoffice.engine.evm import planned_value_by_month
from projectoffice.finance.models import BudgetBaseline, BudgetLine, CostCategory
from projectoffice.finance.permissions import may_manage_project_finance
from projectoffice.projects.models import BaselineTask, Project


@dataclass(frozen=True)
class BudgetCell:
    category: str
    month: dt.date
    amount: Decimal


def _refuse_unless_manager(by: Any, project: Project) -> None:
    if not may_manage_project_finance(by, project):
        raise PermissionDenied(f"Only those who manage {project.code}'s finance may change its budget.")


def _checked(cells: Iterable[BudgetCell]) -> list[BudgetCell]:
    checked, seen = [], set()
    for index, cell in enumerate(cells):
        if cell.category not in CostCategory.values:
            raise ApplicationError(f"Line {index + 1}: “{cell.category}” is not a cost category.",
                                   field="category")
        if cell.amount is None or not cell.amount.is_finite() or cell.amount < 0:
            raise ApplicationError(f"Line {index + 1}: a budget is zero or more, not {cell.amount}.",
                                   field="amount")
        key = (cell.category, cell.month.replace(day=1))
        if key in seen:
            raise ApplicationError(f"Line {index + 1}: {key[0]} {key[1]:%Y-%m} is given twice.", field="month")
        seen.add(key)
        checked.append(BudgetCell(key[0], key[1], cell.amount.quantize(Decimal("0.01"))))
    return checked


@transaction.atomic
def budget_set(*, by: Any, project: Project, cells: Iterable[BudgetCell]) -> int:
    """Set the working budget's cells (a zero removes the cell); all cells or none. Returns the count."""
    _refuse_unless_manager(by, project)
    checked = _checked(cells)
    current = BudgetLine.objects.filter(project=project, kind=BudgetLine.Kind.CURRENT)
    for cell in checked:
        if cell.amount == 0:
            current.filter(category=cell.category, month=cell.month).delete()
            continue
        BudgetLine.objects.update_or_create(project=project, kind=BudgetLine.Kind.CURRENT, category=cell.category,
                                            month=cell.month, defaults={"amount": cell.amount})
    audit_record(actor=by, action="budget.updated", target=project, data={"cells": len(checked)})
    return len(checked)


@transaction.atomic
def budget_baseline_set(*, by: Any, project: Project, source: str = "budget") -> BudgetBaseline:
    """Freeze the baseline budget: a copy of the working budget (``source="budget"``), or the schedule
    baseline's task costs spread over their working days by the engine (``source="schedule"``)."""
    _refuse_unless_manager(by, project)
    if source == "schedule":
        cells = _cells_from_schedule(project)
    elif source == "budget":
        cells = [BudgetCell(c, m, a) for c, m, a in BudgetLine.objects.filter(
            project=project, kind=BudgetLine.Kind.CURRENT).values_list("category", "month", "amount")]
    else:
        raise ApplicationError("Baseline the budget or the schedule.", field="source")
    if not cells:
        raise ApplicationError(f"{project.code} has no {source} to baseline yet.", field="source")
    BudgetLine.objects.filter(project=project, kind=BudgetLine.Kind.BASELINE).delete()
    BudgetLine.objects.bulk_create(BudgetLine(project=project, kind=BudgetLine.Kind.BASELINE, category=c.category,
                                              month=c.month, amount=c.amount) for c in cells)
    total = sum((c.amount for c in cells), Decimal("0"))
    baseline, _ = BudgetBaseline.objects.update_or_create(project=project, defaults={
        "saved_at": timezone.now(), "saved_by_id": scope_of(by).person_id, "source": source, "total": total})
    audit_record(actor=by, action="budget.baselined", target=project, data={"source": source, "total": str(total)})
    return baseline


def _cells_from_schedule(project: Project) -> list[BudgetCell]:
    """Labour budget per month from the costed tasks of schedule baseline 0 (working days Monday to Friday)."""
    rows = BaselineTask.objects.filter(baseline__project=project, baseline__number=0, cost__gt=0,
                                       start__isnull=False, finish__isnull=False).exclude(task__is_summary=True)
    tasks = [EngineBaselineTask(str(r.uid), timezone.localdate(r.start), timezone.localdate(r.finish), r.cost)
             for r in rows]
    try:
        months = planned_value_by_month(tasks)
    except InvalidInputError as exc:
        raise ApplicationError(f"The schedule baseline cannot be time-phased: {exc}", field="source") from exc
    return [BudgetCell(CostCategory.LABOUR, month, amount) for month, amount in months.items() if amount > 0]
