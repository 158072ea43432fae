"""The figures of closed months: each project's earned value figures at a month's end in the reporting currency,
written when the month is closed (``ProjectMonthFigures``), so that a closed month's roll-up and monthly report
read one row per project instead of summing the whole history.

Written by ``project_month_figures_refresh`` only: when a site's period closes (``timesheets.periods``), by the
periodic task ``finance.month_figures`` and the ``month_figures_refresh`` command for the last closed month, and
by anyone who needs a late change reflected. The figures are cumulative, so a refresh of a month also rewrites
the later months already stored for the same projects.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.engine.evm import EacMethod, month_of
from projectoffice.finance.models import LabourActual, ProjectMonthFigures
from projectoffice.finance.permissions import AnyUser, finance_site_ids
from projectoffice.finance.selectors.evm import current_month, live_month_figures, project_rows
from projectoffice.finance.selectors.month_figures import MonthFigures
from projectoffice.organization.models import Company, Site
from projectoffice.projects.models import Project
from projectoffice.timesheets.models import Period


def month_figures_projects(company: Company) -> QuerySet[Project]:
    """The projects whose figures are recorded: those the roll-up shows (neither proposed nor cancelled)."""
    return Project.objects.filter(company=company).exclude(
        status__in=[Project.Status.PROPOSED, Project.Status.CANCELLED])


def site_month_projects(site: Site, month: dt.date) -> QuerySet[Project]:
    """The projects a site's period touches: those it leads, and those its people's labour went to that month."""
    labour = LabourActual.objects.filter(site=site, month=month_of(month)).values("project_id")
    return month_figures_projects(site.company).filter(Q(lead_site=site) | Q(pk__in=labour))


@transaction.atomic
def project_month_figures_refresh(*, company: Company, month: dt.date, projects: QuerySet[Project] | None = None,
                                  by: AnyUser = None) -> int:
    """(Re)write the stored figures of ``projects`` (default: every project of the company the roll-up shows)
    at the end of ``month`` — a past month — and of the later months already stored for them, computed live
    exactly as the roll-up computes them. Returns the number of rows written.

    Refuses the current month or later (its EV is today's progress, not a month-end record) and a missing
    exchange rate (naming it; nothing is written)."""
    month = month_of(month)
    if by is not None and not _may_refresh(by, company):
        raise PermissionDenied("Only the company's executives and its sites' finance roles record month figures.")
    if month >= current_month():
        raise ApplicationError(f"{month:%Y-%m} is not over: only a past month's figures are recorded.",
                               field="month")
    chosen = month_figures_projects(company) if projects is None else projects.filter(company=company)
    later = (ProjectMonthFigures.objects.filter(project__in=chosen.values("pk"), month__gt=month,
                                                month__lt=current_month())
             .values_list("month", flat=True).distinct().order_by("month"))
    written = 0
    for each in [month, *later]:
        written += _write(chosen, each, company)
    audit_record(actor=by, action="finance.month_figures_refreshed", target=company,
                 data={"month": f"{month:%Y-%m}", "rows": written})
    return written


def _may_refresh(by: AnyUser, company: Company) -> bool:
    """The company's executives, and the finance roles of one of the company's sites (not another company's)."""
    sites = finance_site_ids(by)
    return scope_of(by).may_manage_company(company.pk) or (
        bool(sites) and Site.objects.filter(pk__in=sites, company=company).exists())


def _write(projects: QuerySet[Project], month: dt.date, company: Company) -> int:
    refs = [ref for ref, _ in project_rows(projects, month, past=False)]
    if not refs:
        return 0
    figures = live_month_figures(projects, refs, month=month, company=company)
    rows = [_row(project_id, month, company.reporting_currency, f) for project_id, f in figures.items()]
    ProjectMonthFigures.objects.bulk_create(
        rows, batch_size=2_000, update_conflicts=True, unique_fields=["project", "month"],
        update_fields=["currency", "bac", "pv", "ev", "ac", "eac", "eac_bottom_up", "budget_month",
                       "actual_month", "computed_at"])
    return len(rows)


def _row(project_id: int, month: dt.date, currency: str, f: MonthFigures) -> ProjectMonthFigures:
    return ProjectMonthFigures(
        project_id=project_id, month=month, currency=currency, bac=f.bac, pv=f.pv, ev=f.ev, ac=f.ac,
        eac=f.evm(EacMethod.CPI).eac_cpi, eac_bottom_up=f.eac_bottom_up, budget_month=f.budget_month,
        actual_month=f.actual_month, computed_at=timezone.now())


def project_month_figures_forget(*, site: Site, month: dt.date, by: AnyUser = None) -> int:
    """Drop the stored figures of the projects a reopened site month touches: until it is closed again their
    figures of that month are computed live (closing it again rewrites them, and their later stored months).
    Returns the number of rows removed."""
    projects = site_month_projects(site, month)
    removed, _ = ProjectMonthFigures.objects.filter(project__in=projects.values("pk"), month=month_of(month)).delete()
    if removed:
        audit_record(actor=by, action="finance.month_figures_forgotten", target=site,
                     data={"month": f"{month_of(month):%Y-%m}", "rows": removed})
    return removed


def last_closed_month(company: Company) -> dt.date | None:
    """The latest past month closed at some site of the company."""
    return (Period.objects.filter(site__company=company, status=Period.Status.CLOSED, month__lt=current_month())
            .order_by("-month").values_list("month", flat=True).first())
