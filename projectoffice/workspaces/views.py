"""Office workspace pages: the list of offices in scope and one office's page (PMO or PSO)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.organization.models import ProjectOffice
from projectoffice.portfolio.permissions import portfolio_lines
from projectoffice.projects.permissions import creation_choices
from projectoffice.timesheets.selectors import finance_sites_of
from projectoffice.workspaces.selectors import (
    office_get_for_user,
    offices_visible_to,
    pmo_workspace,
    pso_workspace,
)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "workspaces/index.html", {"offices": offices_visible_to(request.user)})


@login_required
def office(request: HttpRequest, office_id: int) -> HttpResponse:
    found = office_get_for_user(user=request.user, office_id=office_id)
    today = timezone.localdate()
    if found.kind == ProjectOffice.Kind.PMO:
        pmo = pmo_workspace(user=request.user, office=found, today=today)
        return render(request, "workspaces/pmo.html", {
            "w": pmo, "today": today, "may_set_standards": scope_of(request.user).may_set_standards(found),
            "may_see_portfolio": portfolio_lines(request.user).filter(pk=found.business_line_id or 0).exists()})
    pso = pso_workspace(user=request.user, office=found, today=today)
    return render(request, "workspaces/pso.html", {
        "w": pso, "today": today, "may_close_periods": finance_sites_of(request.user).exists(),
        "may_create_projects": creation_choices(request.user) is not None})
