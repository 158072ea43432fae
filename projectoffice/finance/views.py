"""Finance pages: the EVM roll-up and monthly report (with xlsx export), a project's budget and EVM with its
S-curve, cost rates, exchange rates, and expenses/invoices with their approval. Thin: parse, fetch through the
selectors, call one service, render; a service's ApplicationError shows under the field (status 422)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from projectoffice.access import scope_of
from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import show_error_on_form
from projectoffice.engine.errors import MissingRateError
from projectoffice.engine.evm import EacMethod, EarnedValueMethod
from projectoffice.finance import forms, selectors, services
from projectoffice.finance.currency import missing_rate_error, rate_table
from projectoffice.finance.models import CostLine
from projectoffice.finance.permissions import may_manage_project_finance, may_set_exchange_rates
from projectoffice.finance.selectors.evm import current_month, evm_rollup, project_evm
from projectoffice.finance.selectors.figures import project_money
from projectoffice.finance.selectors.report import monthly_report, project_months
from projectoffice.finance.workbook import monthly_report_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(request: HttpRequest) -> dt.date:
    raw = request.GET.get("month", "")
    try:
        return dt.datetime.strptime(raw[:7], "%Y-%m").date()
    except ValueError:
        return current_month()


def _choice(request: HttpRequest, name: str, enum: Any, default: Any) -> Any:
    try:
        return enum(request.GET.get(name, default))
    except ValueError:
        return default


def _refused(request: HttpRequest, template: str, context: dict[str, Any], exc: ApplicationError) -> HttpResponse:
    context["error"] = exc.message
    return render(request, template, context, status=exc.status)


# --- roll-up and report -------------------------------------------------------------------------------------
@login_required
def rollup(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    eac_method = _choice(request, "eac", EacMethod, EacMethod.CPI)
    method = _choice(request, "ev", EarnedValueMethod, EarnedValueMethod.PERCENT_COMPLETE)
    context: dict[str, Any] = {"month": month, "eac_method": eac_method, "ev_method": method,
                               "eac_methods": list(EacMethod), "ev_methods": list(EarnedValueMethod)}
    try:
        context["rollup"] = evm_rollup(user=request.user, month=month, eac_method=eac_method, method=method)
    except ApplicationError as exc:
        return _refused(request, "finance/rollup.html", context, exc)
    return render(request, "finance/rollup.html", context)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    context: dict[str, Any] = {"month": month}
    try:
        result = monthly_report(user=request.user, month=month)
    except ApplicationError as exc:
        return _refused(request, "finance/report.html", context, exc)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(monthly_report_xlsx(result), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="financial-report-{month:%Y-%m}.xlsx"'
        return response
    return render(request, "finance/report.html", {**context, "report": result})


# --- a project's budget and earned value --------------------------------------------------------------------
@login_required
def project_budget(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    form = forms.BudgetCellForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        cell = services.BudgetCell(**form.cleaned_data)
        try:
            services.budget_set(by=request.user, project=project, cells=[cell])
            messages.success(request, "Budget saved.")
            return redirect("finance:project_budget", project.pk)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
    if form.is_bound:
        status = 422
    return render(request, "finance/project_budget.html", {**_budget_context(request, project), "form": form},
                  status=status)


def _budget_context(request: HttpRequest, project: Any) -> dict[str, Any]:
    lines = list(selectors.budget_lines_visible_to(request.user).filter(project=project))
    months = sorted({line.month for line in lines})
    grid: dict[tuple[str, str], dict[dt.date, Any]] = {}
    for line in lines:
        grid.setdefault((line.kind, line.get_category_display()), {})[line.month] = line.amount
    rows = [(kind, category, [cells.get(m) for m in months]) for (kind, category), cells in sorted(grid.items())]
    context: dict[str, Any] = {"project": project, "months": months, "rows": rows,
                               "may_manage": may_manage_project_finance(request.user, project),
                               "baseline": getattr(project, "budget_baseline", None)}
    try:
        money = project_money([project], reporting=project.company.reporting_currency,
                              rates=rate_table(project.company), current_month=current_month(), live=False)[project.pk]
        context["report_rows"] = project_months(money, status_month=current_month())
    except MissingRateError as exc:  # the grid still shows; the monthly comparison says what is missing
        context["report_error"] = missing_rate_error(exc).message
    return context


@login_required
@require_POST
def project_baseline(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    try:
        services.budget_baseline_set(by=request.user, project=project, source=request.POST.get("source", "budget"))
        messages.success(request, "Baseline budget saved.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("finance:project_budget", project.pk)


@login_required
def project_earned_value(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    month = _month(request)
    eac_method = _choice(request, "eac", EacMethod, EacMethod.CPI)
    method = _choice(request, "ev", EarnedValueMethod, EarnedValueMethod.PERCENT_COMPLETE)
    context: dict[str, Any] = {"project": project, "month": month, "eac_method": eac_method, "ev_method": method,
                               "eac_methods": list(EacMethod), "ev_methods": list(EarnedValueMethod),
                               "may_manage": may_manage_project_finance(request.user, project)}
    try:
        result = project_evm(project=project, month=month, eac_method=eac_method, method=method)
    except ApplicationError as exc:
        return _refused(request, "finance/project_evm.html", context, exc)
    curve = {"months": [f"{p.month:%Y-%m}" for p in result.curve], "pv": [float(p.pv) for p in result.curve],
             "ev": [None if p.ev is None else float(p.ev) for p in result.curve],
             "ac": [None if p.ac is None else float(p.ac) for p in result.curve]}
    return render(request, "finance/project_evm.html", {**context, "evm": result, "curve": curve})


@login_required
@require_POST
def project_ev_record(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    try:
        services.earned_value_record(by=request.user, project=project, month=current_month())
        messages.success(request, "Earned value recorded for this month.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("finance:project_evm", project.pk)


# --- cost rates ---------------------------------------------------------------------------------------------
@login_required
def rates(request: HttpRequest) -> HttpResponse:
    sites = selectors.rate_sites_for(request.user).order_by("code")
    form = forms.CostRateForm(request.POST or None)
    form.fields["site"].queryset = sites  # type: ignore[attr-defined]
    form.fields["person"].queryset = scope_of(request.user).people().filter(  # type: ignore[attr-defined]
        home_site__in=sites).select_related("user")
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_rate_create(by=request.user, **form.cleaned_data)
            messages.success(request, "Rate saved.")
            return redirect("finance:rates")
        except ApplicationError as exc:
            show_error_on_form(form, exc)
    refresh = forms.RefreshForm(initial={"month": current_month()})
    refresh.fields["site"].queryset = sites  # type: ignore[attr-defined]
    context = {"rates": selectors.cost_rates_visible_to(request.user).order_by("site__code", "role", "-valid_from"),
               "form": form, "refresh_form": refresh, "may_edit": sites.exists()}
    return render(request, "finance/rates.html", context, status=422 if form.is_bound else 200)


@login_required
@require_POST
def rate_end(request: HttpRequest, rate_id: int) -> HttpResponse:
    rate = selectors.cost_rate_get_for_user(user=request.user, rate_id=rate_id)
    form = forms.RateEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError("Give the last day of the rate.", field="valid_to")
        services.cost_rate_end(by=request.user, rate=rate, valid_to=form.cleaned_data["valid_to"])
        messages.success(request, "Rate ended.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("finance:rates")


@login_required
@require_POST
def labour_refresh(request: HttpRequest) -> HttpResponse:
    form = forms.RefreshForm(request.POST)
    form.fields["site"].queryset = selectors.rate_sites_for(request.user)  # type: ignore[attr-defined]
    try:
        if not form.is_valid():
            raise ApplicationError("Choose a site and a month.", field="site")
        count = services.labour_actuals_refresh(by=request.user, **form.cleaned_data)
        messages.success(request, f"Labour actuals computed: {count} project-person rows.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("finance:rates")


# --- exchange rates -----------------------------------------------------------------------------------------
@login_required
def exchange_rates(request: HttpRequest) -> HttpResponse:
    company = scope_of(request.user).companies().first()
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and 1990 <= int(raw_year) <= 2200 else current_month().year
    form = forms.ExchangeRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and company is not None:
        try:
            services.exchange_rate_set(by=request.user, company=company, **form.cleaned_data)
            messages.success(request, "Rate saved.")
            return redirect(f"{reverse('finance:exchange_rates')}?year={form.cleaned_data['month'].year}")
        except ApplicationError as exc:
            show_error_on_form(form, exc)
    return render(request, "finance/exchange_rates.html",
                  _exchange_context(request, company, year, form), status=422 if form.is_bound else 200)


def _exchange_context(request: HttpRequest, company: Any, year: int, form: Any) -> dict[str, Any]:
    rows = selectors.exchange_rates_visible_to(request.user).filter(month__year=year)
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    table: dict[str, dict[dt.date, Any]] = {}
    for rate in rows:
        table.setdefault(rate.currency, {})[rate.month] = rate.rate
    return {"company": company, "year": year, "months": months, "form": form,
            "import_form": forms.RatesImportForm(),
            "table": [(currency, [cells.get(m) for m in months]) for currency, cells in sorted(table.items())],
            "may_edit": company is not None and may_set_exchange_rates(request.user, company)}


@login_required
@require_POST
def exchange_rates_import(request: HttpRequest) -> HttpResponse:
    company = scope_of(request.user).companies().first()
    form = forms.RatesImportForm(request.POST, request.FILES)
    year = current_month().year
    if form.is_valid() and company is not None:
        upload = form.cleaned_data["file"]
        try:
            count = services.exchange_rates_import(by=request.user, company=company,
                                                   content=upload.read(services.rates.MAX_RATES_CSV_BYTES + 1))
            messages.success(request, f"{count} rates imported.")
            return redirect("finance:exchange_rates")
        except ApplicationError as exc:
            context = _exchange_context(request, company, year, forms.ExchangeRateForm())
            context["import_errors"] = exc.errors or {"file": exc.message}
            context["import_message"] = exc.message
            return render(request, "finance/exchange_rates.html", context, status=exc.status)
    messages.error(request, "Choose a CSV file.")
    return redirect("finance:exchange_rates")


# --- expenses and invoices ----------------------------------------------------------------------------------
@login_required
def expenses(request: HttpRequest) -> HttpResponse:
    lines = selectors.cost_lines_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in CostLine.Status.values:
        lines = lines.filter(status=status)
    project_id = request.GET.get("project", "")
    if project_id.isdigit():
        lines = lines.filter(project_id=int(project_id))
    context = {"lines": lines.order_by("-incurred_on", "-pk")[:200], "status": status,
               "statuses": CostLine.Status.choices, "reject_form": forms.RejectForm()}
    return render(request, "finance/expenses.html", context)


@login_required
def expense_new(request: HttpRequest) -> HttpResponse:
    form = forms.ExpenseForm(request.POST or None, request.FILES or None,
                             initial={"project": request.GET.get("project")})
    form.fields["project"].queryset = selectors.finance_projects_for(request.user).order_by(  # type: ignore[attr-defined]
        "code")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["currency"] = data["currency"] or data["project"].currency
        try:
            line = services.cost_line_create(by=request.user, **data)
            messages.success(request, f"Booked: {line}. It counts once approved.")
            return redirect("finance:expenses")
        except ApplicationError as exc:
            show_error_on_form(form, exc)
    status = 422 if form.is_bound else 200
    return render(request, "finance/expense_form.html", {"form": form, "title": "New expense or invoice",
                                                          "cancel_url": reverse("finance:expenses")}, status=status)


@login_required
@require_POST
def expense_decide(request: HttpRequest, line_id: int, decision: str) -> HttpResponse:
    line = selectors.cost_line_get_for_user(user=request.user, line_id=line_id)
    try:
        if decision == "approve":
            services.cost_line_approve(by=request.user, line=line)
        else:
            services.cost_line_reject(by=request.user, line=line, reason=request.POST.get("reason", ""))
        messages.success(request, f"{line} {line.get_status_display().lower()}.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("finance:expenses")
