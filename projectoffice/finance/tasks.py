"""Background work of the finance app: labour actuals follow approved time without anyone clicking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from projectoffice.core.errors import ApplicationError
from projectoffice.core.jobs import Progress, job_handler, periodic
from projectoffice.core.models import Job
from projectoffice.engine.evm import month_of
from projectoffice.finance.services import labour_actuals_refresh
from projectoffice.organization.models import Site
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
