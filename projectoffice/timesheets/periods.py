"""The period lock: is a site's month closed? Time (here) and cost (finance) refuse writes into closed months.

    from projectoffice.timesheets.periods import ensure_open, period_is_closed

    ensure_open(site, expense.date, field="date")   # raises ApplicationError naming the field

A month without a Period row is open. Both functions accept a Site or a site id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from projectoffice.core.errors import ApplicationError
from projectoffice.organization.models import Site
from projectoffice.timesheets.models import Period


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
