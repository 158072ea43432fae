"""The PMO workspace home, a line's strategy (objectives, drivers, AHP) and its ranking and capacity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from projectoffice.core.errors import ApplicationError
from projectoffice.portfolio import selectors, services
from projectoffice.portfolio.capacity import capacity_grid, hiring_forecast
from projectoffice.portfolio.forms import SAATY
from projectoffice.portfolio.models import Proposal
from projectoffice.portfolio.permissions import may_decide_portfolio, may_manage_portfolio
from projectoffice.portfolio.services.strategy import drivers_preview


@login_required
def index(request: HttpRequest) -> HttpResponse:
    lines = list(selectors.lines_visible_to(request.user))
    if len(lines) == 1:
        return redirect("portfolio:line", lines[0].pk)
    counts: dict[int, dict[str, int]] = {}
    for line_id, state in selectors.proposals_visible_to(request.user).values_list("business_line_id", "state"):
        counts.setdefault(line_id, {}).setdefault(state, 0)
        counts[line_id][state] += 1
    rows = [(line, counts.get(line.pk, {})) for line in lines]
    return render(request, "portfolio/index.html", {"rows": rows, "states": Proposal.State.choices})


@login_required
def line(request: HttpRequest, line_id: int) -> HttpResponse:
    unit = selectors.line_get_for_user(user=request.user, line_id=line_id)
    ranked = selectors.ranking(unit)
    drivers = selectors.drivers_of(unit)
    comparison = selectors.comparison_of(unit)
    context = {
        "line": unit,
        "objectives": selectors.objectives_of(unit),
        "drivers": drivers,
        "comparison": comparison,
        "matrix_rows": _matrix_rows(drivers, comparison),
        "saaty": SAATY,
        "ranked": ranked,
        "bubbles": selectors.bubble_data([r.proposal for r in ranked]),
        "scenarios": selectors.scenarios_visible_to(request.user).filter(business_line=unit)[:20],
        "may_manage": may_manage_portfolio(request.user, unit),
        "may_decide": may_decide_portfolio(request.user, unit),
    }
    return render(request, "portfolio/line.html", context)


def _matrix_rows(drivers: list, comparison: object) -> list[tuple[object, list[tuple[object, str]]]]:
    """Upper-triangle cells (row driver, column driver, current judgement) for the comparison form."""
    saved: dict[tuple[int, int], float] = {}
    if comparison is not None:
        order = comparison.drivers  # type: ignore[attr-defined]
        for i, row in enumerate(comparison.matrix):  # type: ignore[attr-defined]
            for j, value in enumerate(row):
                saved[(order[i], order[j])] = value
    rows = []
    for i, first in enumerate(drivers):
        cells = [(second, _saaty_key(saved.get((first.pk, second.pk), 1.0))) for second in drivers[i + 1:]]
        rows.append((first, cells))
    return rows


def _saaty_key(value: float) -> str:
    return min((key for key, _ in SAATY), key=lambda k: abs(float(k) - value))


def _posted_matrix(request: HttpRequest, drivers: list) -> list[list[float]]:
    size = len(drivers)
    matrix = [[1.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            raw = request.POST.get(f"cell-{drivers[i].pk}-{drivers[j].pk}", "1")
            try:
                value = float(raw)
            except ValueError as exc:
                raise ApplicationError(f"{drivers[i].code} vs {drivers[j].code}: “{raw}” is not a number.",
                                       field="matrix") from exc
            if value <= 0:
                raise ApplicationError(f"{drivers[i].code} vs {drivers[j].code}: judgements are positive.",
                                       field="matrix")
            matrix[i][j], matrix[j][i] = value, 1 / value
    return matrix


@login_required
@require_POST
def compare_preview(request: HttpRequest, line_id: int) -> HttpResponse:
    """HTMX: weights and consistency ratio of the matrix being typed, without saving."""
    unit = selectors.line_get_for_user(user=request.user, line_id=line_id)
    drivers = selectors.drivers_of(unit)
    try:
        preview = drivers_preview(drivers=drivers, matrix=_posted_matrix(request, drivers))
    except ApplicationError as exc:
        return render(request, "portfolio/_ahp_preview.html", {"error": exc.message})
    weights = list(zip(drivers, preview.result.weights, strict=True))
    return render(request, "portfolio/_ahp_preview.html", {"preview": preview, "weights": weights})


@login_required
@require_POST
def compare_save(request: HttpRequest, line_id: int) -> HttpResponse:
    unit = selectors.line_get_for_user(user=request.user, line_id=line_id)
    drivers = selectors.drivers_of(unit)
    try:
        comparison = services.drivers_compare(line=unit, by=request.user, matrix=_posted_matrix(request, drivers))
        messages.success(request, f"Driver weights saved (consistency ratio {comparison.consistency_ratio:.3f}).")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("portfolio:line", unit.pk)


@login_required
@require_POST
def objective_add(request: HttpRequest, line_id: int) -> HttpResponse:
    unit = selectors.line_get_for_user(user=request.user, line_id=line_id)
    try:
        services.objective_create(by=request.user, line=unit, name=request.POST.get("name", "").strip(),
                                  weight=request.POST.get("weight") or 1,
                                  description=request.POST.get("description", ""))
        messages.success(request, "Objective added.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("portfolio:line", unit.pk)


@login_required
@require_POST
def driver_add(request: HttpRequest, line_id: int) -> HttpResponse:
    unit = selectors.line_get_for_user(user=request.user, line_id=line_id)
    try:
        services.driver_create(by=request.user, line=unit, code=request.POST.get("code", "").strip(),
                               name=request.POST.get("name", "").strip(),
                               description=request.POST.get("description", ""))
        messages.success(request, "Driver added; compare the drivers again to weigh it.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("portfolio:line", unit.pk)


@login_required
def capacity(request: HttpRequest, line_id: int) -> HttpResponse:
    unit = selectors.line_get_for_user(user=request.user, line_id=line_id)
    start = timezone.localdate().replace(day=1)
    months = min(max(int(request.GET.get("months", 24) or 24), 3), 60)
    grid = capacity_grid(lines=[unit.pk], start=start, months=months)
    supply, committed, proposed = (grid.by_skill(t) for t in (grid.supply, grid.committed, grid.proposed))
    skills = sorted(set(supply) | set(committed) | set(proposed), key=lambda s: grid.skills[s].name)
    zero = [0.0] * months
    free = [[round(supply.get(s, zero)[i] - committed.get(s, zero)[i] - proposed.get(s, zero)[i], 2)
             for i in range(months)] for s in skills]
    heatmap = {"x": [m.strftime("%Y-%m") for m in grid.months], "y": [grid.skills[s].name for s in skills], "z": free}
    rows = [(grid.skills[s], [round(v, 1) for v in supply.get(s, zero)], [round(v, 1) for v in committed.get(s, zero)],
             [round(v, 1) for v in proposed.get(s, zero)]) for s in skills]
    context = {"line": unit, "heatmap": heatmap, "hiring": hiring_forecast(grid), "rows": rows,
               "months": grid.months, "heatmap_height": 140 + 22 * len(skills)}
    return render(request, "portfolio/capacity.html", context)
