"""Optimiser scenarios: set up, run (with progress), result with explanations, frontier, compare, decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import show_error_on_form
from projectoffice.portfolio import selectors, services
from projectoffice.portfolio.forms import DecisionForm, ScenarioForm
from projectoffice.portfolio.models import Scenario
from projectoffice.portfolio.permissions import may_decide_portfolio, may_manage_portfolio
from projectoffice.portfolio.views.common import posted_version


@login_required
def scenario_edit(request: HttpRequest, line_id: int | None = None, scenario_id: int | None = None) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id) if scenario_id else None
    unit = scenario.business_line if scenario else selectors.line_get_for_user(user=request.user, line_id=line_id or 0)
    initial = None if scenario else {"start_month": timezone.localdate().replace(day=1), "months": 36,
                                     "yearly_budgets": "5000000, 5000000, 5000000"}
    form = ScenarioForm(request.POST or None, instance=scenario, initial=initial)
    form.prepare_budgets()
    candidates = selectors.proposals_visible_to(request.user).filter(business_line=unit)
    form.fields["force_in"].queryset = form.fields["force_out"].queryset = candidates  # type: ignore[attr-defined]
    if scenario and not form.is_bound:
        form.initial["force_in"], form.initial["force_out"] = list(scenario.force_in.all()), list(scenario.force_out.all())
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ScenarioForm.Meta.fields}
        forced = {"force_in": list(form.cleaned_data["force_in"]), "force_out": list(form.cleaned_data["force_out"])}
        try:
            if scenario:
                scenario = services.scenario_update(scenario=scenario, by=request.user, changes=data,
                                                    expected_version=posted_version(request), **forced)
            else:
                scenario = services.scenario_create(by=request.user, line=unit, **data, **forced)  # type: ignore[arg-type]
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Saved scenario “{scenario}”. Run the optimiser when ready.")
            return redirect("portfolio:scenario", scenario.pk)
    cancel = reverse("portfolio:line", args=[unit.pk])
    return render(request, "core/form.html", {"form": form, "title": f"Edit {scenario}" if scenario else
                                              f"New scenario for {unit.code}", "cancel_url": cancel},
                  status=422 if form.is_bound else 200)


@login_required
def scenario_detail(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    if request.htmx and request.GET.get("part") == "progress":  # type: ignore[attr-defined]
        return render(request, "portfolio/_scenario_progress.html", {"scenario": scenario})
    frontier = {"x": [p["budget"] for p in scenario.frontier if p["value"] is not None],
                "y": [p["value"] for p in scenario.frontier if p["value"] is not None]}
    context = {
        "scenario": scenario,
        "frontier": frontier,
        "decision_form": DecisionForm(),
        "may_manage": may_manage_portfolio(request.user, scenario.business_line),
        "may_decide": may_decide_portfolio(request.user, scenario.business_line),
        "siblings": selectors.scenarios_visible_to(request.user).filter(
            business_line=scenario.business_line).exclude(pk=scenario.pk),
    }
    return render(request, "portfolio/scenario.html", context)


@login_required
@require_POST
def scenario_run(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    try:
        services.scenario_run(scenario=scenario, by=request.user)
        messages.success(request, "The optimiser is running; this page follows its progress.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("portfolio:scenario", scenario.pk)


@login_required
@require_POST
def scenario_decide(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{f}: {' '.join(str(m) for m in e)}" for f, e in form.errors.items()))
        return redirect("portfolio:scenario", scenario.pk)
    try:
        services.scenario_decide(scenario=scenario, by=request.user, **form.cleaned_data)
        messages.success(request, f"Board decision recorded: {scenario.get_decision_display().lower()}.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("portfolio:scenario", scenario.pk)


@login_required
def scenario_compare(request: HttpRequest, line_id: int) -> HttpResponse:
    """Side by side: the chosen scenarios' value, gap, budget used and which proposals each selects."""
    unit = selectors.line_get_for_user(user=request.user, line_id=line_id)
    ids = [int(x) for x in request.GET.getlist("s") if x.isdigit()]
    scenarios = list(selectors.scenarios_visible_to(request.user).filter(business_line=unit, pk__in=ids)) if ids else \
        list(selectors.scenarios_visible_to(request.user).filter(business_line=unit, status=Scenario.Status.SOLVED)[:3])
    codes = sorted({row["code"] for s in scenarios for row in s.result.get("selected", []) + s.result.get("excluded", [])})
    table = [(code, [next((row["start"][:7] for row in s.result.get("selected", []) if row["code"] == code), None)
                     for s in scenarios]) for code in codes]
    return render(request, "portfolio/compare.html", {"line": unit, "scenarios": scenarios, "table": table})
