"""Impact analysis: the project's network and the same network with a request's edits, both scheduled by
the engine; the difference in finish date, critical path, cost at completion, budget and milestones.

Nothing is written to the plan: the network is built from the rows by ``projects.network.load_plan`` and
edited in memory (``changes.edits.apply_to_network``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from projectoffice.changes.edits import Edit, apply_to_network, new_uids
from projectoffice.core.errors import ApplicationError
from projectoffice.engine.errors import CycleError, EngineError
from projectoffice.engine.network import Network
from projectoffice.engine.schedule import Schedule, schedule
from projectoffice.finance.models import BudgetLine
from projectoffice.projects.models import Project, Task
from projectoffice.projects.network import SummaryLinkError, load_plan
from projectoffice.projects.services.baselines import task_costs


def analyse(project: Project, edits: list[Edit]) -> dict[str, Any]:
    """The impact of ``edits`` on ``project`` as a JSON-ready dict (stored on the request, shown before a vote)."""
    try:
        plan = load_plan(project)
    except SummaryLinkError as exc:
        raise ApplicationError("The current plan links a summary to a task below it.", field="edits") from exc
    names = {t.uid: t.name for t in plan.network.tasks}
    names.update({uid: edits[pos].name for pos, uid in new_uids(edits, max(names, default=0) + 1).items()})
    before = _schedule(plan.network, names)
    after = _schedule(apply_to_network(plan.network, edits), names)
    cost_before, cost_after = _costs(project, edits)
    budget_before = _budget(project)
    budget_after = budget_before + _budget_delta(project, edits)
    return {
        "finish_before": before.finish.isoformat(), "finish_after": after.finish.isoformat(),
        "finish_delta_days": round((after.finish - before.finish) / dt.timedelta(days=1), 2),
        "critical_before": [names.get(u, str(u)) for u in before.critical_path],
        "critical_after": [names.get(u, str(u)) for u in after.critical_path],
        "critical_joining": [names.get(u, str(u)) for u in after.critical_path if u not in before.critical_path],
        "critical_leaving": [names.get(u, str(u)) for u in before.critical_path if u not in after.critical_path],
        "cost_before": str(cost_before), "cost_after": str(cost_after), "cost_delta": str(cost_after - cost_before),
        "budget_before": str(budget_before), "budget_after": str(budget_after),
        "budget_delta": str(budget_after - budget_before),
        "milestones": _milestones(plan.network, before, after),
    }


def _schedule(network: Network, names: dict[int, str]) -> Schedule:
    try:
        return schedule(network)
    except CycleError as exc:
        loop = [names.get(u, str(u)) for u in exc.tasks]  # type: ignore[call-overload]
        raise ApplicationError("These edits close a loop: " + " → ".join([*loop, loop[0]]) + ".",
                               field="edits") from exc
    except EngineError as exc:
        raise ApplicationError(f"The plan cannot be scheduled with these edits: {exc}", field="edits") from exc


def _costs(project: Project, edits: list[Edit]) -> tuple[Decimal, Decimal]:
    """Cost at completion (fixed cost + assigned labour of the leaf tasks) before and after the edits.

    A removed task takes its cost away, an added task brings its fixed cost; a duration change keeps the
    assigned work (MS Project's fixed-work view), so it does not move the cost."""
    labour = task_costs(project)
    rows = Task.objects.filter(project=project, is_summary=False).values_list("pk", "uid", "parent__uid",
                                                                             "fixed_cost")
    cost = {uid: fixed + Decimal(str(labour.get(pk, (0, 0))[1])) for pk, uid, _, fixed in rows}
    before = sum(cost.values(), Decimal("0"))
    parents: dict[int, int | None] = dict(Task.objects.filter(project=project).values_list("uid", "parent__uid"))
    removed = {e.uid for e in edits if e.op == "remove_task"}
    gone = {uid for uid in parents if _under(uid, removed, parents)}
    after = before - sum((cost.get(uid, Decimal("0")) for uid in gone), Decimal("0"))
    after += sum((e.fixed_cost for e in edits if e.op == "add_task"), Decimal("0"))
    return before.quantize(Decimal("0.01")), after.quantize(Decimal("0.01"))


def _under(uid: int | None, removed: set[int | None], parents: dict[int, int | None]) -> bool:
    while uid is not None:
        if uid in removed:
            return True
        uid = parents.get(uid)
    return False


def _budget(project: Project) -> Decimal:
    total = BudgetLine.objects.filter(project=project, kind=BudgetLine.Kind.CURRENT).aggregate(t=Sum("amount"))["t"]
    return (total if total is not None else project.budget_at_completion).quantize(Decimal("0.01"))


def _budget_delta(project: Project, edits: list[Edit]) -> Decimal:
    cells = {(c, m): a for c, m, a in BudgetLine.objects.filter(project=project, kind=BudgetLine.Kind.CURRENT)
             .values_list("category", "month", "amount")}
    delta = Decimal("0")
    for edit in edits:
        if edit.op == "set_budget" and edit.month is not None:
            key = (edit.category, edit.month)
            delta += edit.amount - cells.get(key, Decimal("0"))
            cells[key] = edit.amount
    return delta.quantize(Decimal("0.01"))


def _milestones(network: Network, before: Schedule, after: Schedule) -> list[dict[str, Any]]:
    """Milestones whose date moves or that the edits remove."""
    after_uids = set(after.uids.tolist())
    summaries = {t.parent for t in network.tasks}
    moved = []
    for task in network.tasks:
        if not (task.milestone or task.duration == 0) or task.uid in summaries:
            continue
        old = before.task(task.uid).finish
        new = after.task(task.uid).finish if task.uid in after_uids else None
        if new != old:
            moved.append({"uid": task.uid, "name": task.name, "before": old.isoformat(),
                          "after": new.isoformat() if new else None})
    return moved

