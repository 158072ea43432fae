"""Background jobs: the weekly status reports of every distribution list and the monthly scorecard snapshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

from projectoffice.cockpit.models import DistributionList
from projectoffice.cockpit.services import (
    cockpit_summary_refresh,
    scorecard_snapshot,
    status_report_generate,
    status_report_send,
)
from projectoffice.core.jobs import Progress, job_enqueue, job_handler, periodic
from projectoffice.core.models import Job
from projectoffice.organization.models import Company


@job_handler("cockpit.status_report")
def send_status_report(job: Job, report: Progress) -> dict[str, Any]:
    """Generate one project's report in full, then send it to a distribution list (a failure sends nothing)."""
    dlist = DistributionList.objects.select_related("project__company").get(pk=job.payload["list_id"])
    report(0.1, "generating")
    generated = status_report_generate(by=None, project=dlist.project, commentary=job.payload.get("commentary", ""))
    report(0.7, "sending")
    status_report_send(by=None, report=generated, recipients=dlist.recipients)
    return {"report_id": generated.pk, "recipients": len(dlist.recipients)}


@periodic("cockpit.weekly_status_reports", every=dt.timedelta(days=7))
def weekly_status_reports() -> None:
    """One job per weekly distribution list, so that one project's failure does not stop the others."""
    for list_id in DistributionList.objects.filter(weekly=True).values_list("pk", flat=True):
        job_enqueue(kind="cockpit.status_report", payload={"list_id": list_id})


@periodic("cockpit.scorecard_snapshot", every=dt.timedelta(days=1))
def daily_scorecard_snapshot() -> None:
    """Keeps the last closed month's scorecard entries current (its figures may be refreshed late)."""
    for company in Company.objects.all():
        scorecard_snapshot(company=company)


@periodic("cockpit.summary_refresh", every=dt.timedelta(days=1))
def daily_summary_refresh() -> None:
    """Stores each company's cockpit summary of the last closed month: its milestone counts are the day's, and
    the cockpit reads a summary only on the day it was computed (selectors/summary.py)."""
    for company in Company.objects.all():
        cockpit_summary_refresh(company=company)
