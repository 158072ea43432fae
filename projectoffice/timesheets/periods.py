"""The period lock: is a site's month closed? Time (here) and cost (finance) refuse writes into closed months.

    from projectoffice.timesheets.periods import ensure_open, period_is_closed

    ensure_open(site, expense.date, field="date")   # raises ApplicationError naming the field

A month without a Period row is open. Both functions accept a Site or a site id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.organization.models import Site
from projectoffice.timesheets.models import Period, PeriodEvent

AnyUser = AbstractBaseUser | AnonymousUser


def month_of(day: dt.date) -> dt.date:
    """The first day of ``day``'s month: the key of its period."""
    return day.replace(day=1)


def period_is_closed(site: Site | int, date: dt.date) -> bool:
    """Whether the site's period containing ``date`` is closed (one query)."""
    site_id = site if isinstance(site, int) else site.pk
    return Period.objects.filter(site_id=site_id, month=month_of(date), status=Period.Status.CLOSED).exists()


def closed_months(site: Site | int, dates: Iterable[dt.date]) -> set[dt.date]:
    """The closed months among those of ``dates`` (one query, whatever the number of dates)."""
    site_id = site if isinstance(site, int) else site.pk
    months = {month_of(day) for day in dates}
    return set(
        Period.objects.filter(site_id=site_id, month__in=months, status=Period.Status.CLOSED)
        .values_list("month", flat=True)
    )


def ensure_open(site: Site | int, date: dt.date, *, field: str = "date") -> None:
    """Raise ApplicationError (naming ``field``) when ``date`` falls in a closed period of the site."""
    if period_is_closed(site, date):
        raise ApplicationError(
            f"The period {date:%Y-%m} is closed for this site; nothing can be written in it.", field=field
        )


def ensure_all_open(site: Site | int, dates: Iterable[dt.date], *, field: str = "date") -> None:
    """``ensure_open`` for several dates in one query."""
    closed = sorted(closed_months(site, dates))
    if closed:
        months = ", ".join(f"{month:%Y-%m}" for month in closed)
        raise ApplicationError(f"The period {months} is closed for this site; nothing can be written in it.",
                               field=field)


# --- closing and reopening (the site finance role: PSO manager or project administrator of the site's PSO) ----
def _refuse_unless_finance(by: AnyUser | None, site: Site) -> None:
    from projectoffice.timesheets.selectors import finance_sites_of

    if by is not None and not finance_sites_of(by).filter(pk=site.pk).exists():
        raise PermissionDenied(f"Only the PSO manager or a project administrator of {site.code}'s PSO may "
                               "close or reopen its periods.")


def _period_for_update(site: Site, month: dt.date) -> Period:
    if month.day != 1:
        raise ApplicationError("A period is a calendar month: give its first day.", field="month")
    period, _ = Period.objects.select_for_update().get_or_create(site=site, month=month)
    return period


@transaction.atomic
def period_close(*, site: Site, month: dt.date, by: AnyUser | None) -> Period:
    """Close the site's month: from now on no time or cost can be written, changed or approved in it."""
    _refuse_unless_finance(by, site)
    period = _period_for_update(site, month)
    if period.is_closed:
        raise ApplicationError(f"{period} is already closed.", field="month", status=409)
    period = _record(period, PeriodEvent.Action.CLOSE, by, "")
    _record_month_figures(site, month, by)
    return period


def _record_month_figures(site: Site, month: dt.date, by: AnyUser | None) -> None:
    """A past month's close records the earned value figures of the projects it touches (finance), so that its
    roll-up reads one row per project. When they cannot be computed (an exchange rate is missing) the close
    still happens and nothing is recorded: the roll-up then computes that month live and names the gap."""
    from projectoffice.finance.services.month_figures import (
        project_month_figures_refresh,
        site_month_projects,
    )

    if month >= month_of(timezone.localdate()):
        return
    try:
        project_month_figures_refresh(company=site.company, month=month, projects=site_month_projects(site, month),
                                      by=by)
    except ApplicationError:
        return


@transaction.atomic
def period_reopen(*, site: Site, month: dt.date, by: AnyUser | None, reason: str) -> Period:
    """Reopen a closed month; the reason is recorded with who and when."""
    _refuse_unless_finance(by, site)
    if not reason.strip():
        raise ApplicationError("Give the reason for reopening the period.", field="reason")
    period = _period_for_update(site, month)
    if not period.is_closed:
        raise ApplicationError(f"{period} is not closed.", field="month", status=409)
    from projectoffice.finance.services.month_figures import project_month_figures_forget

    project_month_figures_forget(site=site, month=month, by=by)
    return _record(period, PeriodEvent.Action.REOPEN, by, reason.strip()[:300])


def _record(period: Period, action: str, by: AnyUser | None, reason: str) -> Period:
    from projectoffice.timesheets.selectors import person_of

    actor = person_of(by) if by is not None else None
    now = timezone.now()
    period.status = Period.Status.CLOSED if action == PeriodEvent.Action.CLOSE else Period.Status.OPEN
    period.changed_at, period.changed_by = now, actor
    period.save(update_fields=["status", "changed_at", "changed_by"])
    PeriodEvent.objects.create(period=period, action=action, by=actor, at=now, reason=reason)
    audit_record(actor=by, action=f"period.{'closed' if action == PeriodEvent.Action.CLOSE else 'reopened'}",
                 target=period, data={"reason": reason} if reason else None)
    return period
