"""The balanced scorecard page and the KPI definitions (PMO and executives)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from projectoffice.access import scope_of
from projectoffice.cockpit import services
from projectoffice.cockpit.formula import METRICS
from projectoffice.cockpit.models import KpiDefinition, Perspective
from projectoffice.cockpit.selectors.scorecard import scorecard
from projectoffice.core.errors import ApplicationError
from projectoffice.organization.models import Company, OrgUnit


def _company(request: HttpRequest) -> Company:
    company = scope_of(request.user).companies().order_by("pk").first()
    if company is None:
        raise Http404
    return company


@login_required
def scorecard_page(request: HttpRequest, *, error: ApplicationError | None = None, status: int = 200) -> HttpResponse:
    company = _company(request)
    card = scorecard(company)
    trends = {v.kpi.code: {"months": [e.month.strftime("%Y-%m") for e in v.history],
                           "values": [float(e.value) if e.value is not None else None for e in v.history]}
              for _, values in card.perspectives for v in values}
    context = {"card": card, "company": company, "metrics": METRICS, "perspectives": Perspective.choices,
               "units": OrgUnit.objects.filter(company=company).order_by("code"), "trends": trends,
               "error": error, "form": request.POST if error else {}}
    return render(request, "cockpit/scorecard.html", context, status=status)


@login_required
@require_POST
def kpi_define(request: HttpRequest) -> HttpResponse:
    company = _company(request)
    data = request.POST
    unit_code = data.get("unit", "")
    unit = OrgUnit.objects.filter(company=company, code=unit_code).first() if unit_code else None
    try:
        if unit_code and unit is None:
            raise ApplicationError(f"Unknown unit {unit_code!r}.", field="unit")
        services.kpi_define(by=request.user, company=company, unit=unit, code=data.get("code", ""),
                            name=data.get("name", ""), perspective=data.get("perspective", ""),
                            formula=data.get("formula", ""), target=data.get("target", ""),
                            threshold=data.get("threshold", ""), higher_is_better=data.get("higher") == "1")
    except ApplicationError as exc:
        return scorecard_page(request, error=exc, status=exc.status)
    messages.success(request, "KPI saved.")
    return redirect("cockpit:scorecard")


@login_required
@require_POST
def kpi_delete(request: HttpRequest, kpi_id: int) -> HttpResponse:
    kpi = get_object_or_404(KpiDefinition, pk=kpi_id, company=_company(request))
    try:
        services.kpi_delete(by=request.user, kpi=kpi)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("cockpit:scorecard")
