"""A site's days: public holidays from the ``holidays`` package for its country and subdivision, corrected
by the site's local exceptions; its local time."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

from projectoffice.organization.models import Site, SiteCalendarException


@dataclass(frozen=True, slots=True)
class SiteDay:
    date: dt.date
    name: str
    is_working: bool
    source: str  # "public holiday" or "local exception"


def public_holidays(site: Site, years: Iterable[int]) -> dict[dt.date, str]:
    """The country's (and subdivision's) public holidays in ``years``; empty for a country the package lacks."""
    try:
        calendar = holidays.country_holidays(site.country, subdiv=site.subdivision or None, years=list(years))
    except NotImplementedError:
        return {}
    return dict(calendar.items())


def site_days_off(
    site: Site, start: dt.date, end: dt.date, exceptions: Iterable[SiteCalendarException] | None = None
) -> list[SiteDay]:
    """Holidays and local exceptions between ``start`` and ``end`` (inclusive), local exceptions winning."""
    days = {
        day: SiteDay(day, name, False, "public holiday")
        for day, name in public_holidays(site, range(start.year, end.year + 1)).items()
        if start <= day <= end
    }
    local = site.calendar_exceptions.all() if exceptions is None else exceptions
    for exception in local:
        if start <= exception.date <= end:
            days[exception.date] = SiteDay(exception.date, exception.name, exception.is_working, "local exception")
    return [days[day] for day in sorted(days)]


def next_public_holidays(site: Site, *, today: dt.date, count: int = 3) -> list[SiteDay]:
    """The next ``count`` days off at the site from ``today`` on (looks a year ahead)."""
    upcoming = site_days_off(site, today, today + dt.timedelta(days=366))
    return [day for day in upcoming if not day.is_working][:count]


def local_now(site: Site, now: dt.datetime) -> dt.datetime:
    return now.astimezone(zoneinfo.ZoneInfo(site.time_zone))
