"""Reads of the finance app, always starting from the user's scope and planned once."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.access import scope_of
from projectoffice.finance.models import BudgetLine, CostLine, CostRate, ExchangeRate
from projectoffice.finance.permissions import AnyUser, finance_site_ids
from projectoffice.organization.models import Site
from projectoffice.projects.models import Project


def finance_projects_for(user: AnyUser) -> QuerySet[Project]:
    return scope_of(user).projects().select_related("company", "lead_site", "business_unit",
                                                    "business_line")


def project_get_for_user(*, user: AnyUser, project_id: int) -> Project:
    """A project in the user's scope, or 404 (absent or out of scope alike)."""
    return get_object_or_404(finance_projects_for(user), pk=project_id)


def rate_sites_for(user: AnyUser) -> QuerySet[Site]:
    """The sites whose cost rates the user may see: all of the company for its executives, else the sites of
    the user's finance roles."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(Q(company__in=scope.whole_company_ids) | Q(pk__in=finance_site_ids(user)))


def cost_rates_visible_to(user: AnyUser) -> QuerySet[CostRate]:
    return CostRate.objects.filter(site__in=rate_sites_for(user)).select_related("site", "person__user")


def cost_rate_get_for_user(*, user: AnyUser, rate_id: int) -> CostRate:
    return get_object_or_404(cost_rates_visible_to(user), pk=rate_id)


def exchange_rates_visible_to(user: AnyUser) -> QuerySet[ExchangeRate]:
    """Exchange rates are not confidential: everyone sees their company's."""
    return ExchangeRate.objects.filter(company__in=scope_of(user).companies())


def cost_lines_visible_to(user: AnyUser) -> QuerySet[CostLine]:
    return CostLine.objects.filter(scope_of(user).projects_q("project")).select_related(
        "project", "submitted_by__user", "decided_by__user")


def cost_line_get_for_user(*, user: AnyUser, line_id: int) -> CostLine:
    return get_object_or_404(cost_lines_visible_to(user).select_related("project__lead_site"), pk=line_id)


def budget_lines_visible_to(user: AnyUser) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(scope_of(user).projects_q("project")).select_related("project")
