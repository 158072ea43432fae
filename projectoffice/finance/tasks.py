"""Background work of the finance app: labour actuals follow approved time without anyone clicking, and the
last closed month's project figures are recorded even when its close could not record them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from projectoffice.core.errors import ApplicationError
from projectoffice.core.jobs import Progress, job_handler, periodic
from projectoffice.core.models import Job
from projectoffice.engine.evm import month_of
from projectoffice.finance.services import labour_actuals_refresh
from projectoffice.finance.services.month_figures import last_closed_month, project_month_figures_refresh
from projectoffice.organization.models import Company, Site
from projectoffice.timesheets.periods import period_is_closed


@job_handler("finance.labour_actuals")
def refresh_labour_actuals(job: Job, report: Progress) -> dict[str, Any]:
    """Payload ``{"site_id": 3, "month": "2026-05-01"}``: recompute that site's month as the job's creator."""
    site = Site.objects.get(pk=job.payload["site_id"])
    month = dt.date.fromisoformat(job.payload["month"])
    return {"rows": labour_actuals_refresh(by=job.created_by, site=site, month=month)}


@periodic("finance.labour_actuals", every=dt.timedelta(hours=6))
def refresh_open_months() -> None:
    """Every few hours: this month's and last month's labour actuals of every site whose period is open.
    A site with a gap (a day without a rate) is left as it was; its page says why when someone runs it."""
    this_month = month_of(timezone.localdate())
    last_month = month_of(this_month - dt.timedelta(days=1))
    for site in Site.objects.all():
        for month in (last_month, this_month):
            if period_is_closed(site, month):
                continue
            try:
                labour_actuals_refresh(by=None, site=site, month=month)
            except ApplicationError:
                continue


@periodic("finance.month_figures", every=dt.timedelta(days=1))
def record_last_closed_month() -> None:
    """Every day: every project's figures of the company's last closed month (a site's close records only the
    projects it touches; a close without an exchange rate recorded nothing). A company still missing a rate
    is left as it was: its roll-up names the gap."""
    for company in Company.objects.all():
        month = last_closed_month(company)
        if month is None:
            continue
        try:
            project_month_figures_refresh(company=company, month=month)
        except ApplicationError:
            continue
