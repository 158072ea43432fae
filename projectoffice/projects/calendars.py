"""Project calendars as data and as engine calendars.

``ProjectCalendar.definition`` stores an engine ``Calendar`` as JSON so that imported MS Project calendars and
site calendars live in the same column::

    {"week": [[[480, 720], [780, 1020]], ..., []],          # 7 days, Monday first; null = as the base
     "exceptions": [{"start": "2026-12-24", "finish": "2026-12-24", "hours": [], "name": "Closure",
                     "recurrence": null | {"frequency": "yearly", "period": 1, "weekdays": [], "day": 1, ...}}],
     "periods": [{"start": ..., "finish": ..., "week": [...]}]}

A calendar with a ``base_site`` is built on that site's calendar (its working week, hours, public holidays and
local exceptions); one with a ``parent`` on the parent's; otherwise on MS Project's standard week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from projectoffice.engine.calendars import (
    Calendar,
    CalendarException,
    Frequency,
    Recurrence,
    WeekPeriod,
    WorkWeek,
    site_calendar,
    standard_calendar,
)
from projectoffice.engine.errors import EngineError
from projectoffice.organization.models import Site, SiteCalendarException, minutes_between
from projectoffice.projects.models import ProjectCalendar

HOLIDAY_YEARS_BEFORE = 1
HOLIDAY_YEARS_AFTER = 12


# --- definition <-> engine values ------------------------------------------------------------------------------
def week_to_data(week: WorkWeek) -> list[Any]:
    return [None if day is None else [list(i) for i in day] for day in week.days]


def week_from_data(data: list[Any]) -> WorkWeek:
    return WorkWeek(tuple(None if day is None else tuple((int(a), int(b)) for a, b in day) for day in data))


def recurrence_to_data(rule: Recurrence | None) -> dict[str, Any] | None:
    if rule is None:
        return None
    return {"frequency": str(rule.frequency), "period": rule.period, "weekdays": sorted(rule.weekdays),
            "day": rule.day, "nth": rule.nth, "weekday": rule.weekday, "month": rule.month,
            "occurrences": rule.occurrences}


def recurrence_from_data(data: dict[str, Any] | None) -> Recurrence | None:
    if not data:
        return None
    return Recurrence(Frequency(data["frequency"]), int(data.get("period") or 1),
                      frozenset(data.get("weekdays") or ()), data.get("day"), data.get("nth"),
                      data.get("weekday"), data.get("month"), data.get("occurrences"))


def calendar_to_definition(calendar: Calendar) -> dict[str, Any]:
    """The JSON form of an engine calendar's own parts (its base is stored as ``parent``/``base_site``)."""
    return {
        "week": week_to_data(calendar.week),
        "exceptions": [
            {"start": e.start.isoformat(), "finish": e.finish.isoformat(), "hours": [list(h) for h in e.hours],
             "name": e.name, "recurrence": recurrence_to_data(e.recurrence)}
            for e in calendar.exceptions
        ],
        "periods": [{"start": p.start.isoformat(), "finish": p.finish.isoformat(), "week": week_to_data(p.week)}
                    for p in calendar.periods],
    }


def calendar_from_definition(name: str, definition: dict[str, Any], base: Calendar | None) -> Calendar:
    """The engine calendar of a stored definition on ``base``; raises EngineError on malformed data."""
    try:
        week = week_from_data(definition["week"]) if definition.get("week") else WorkWeek.inherited()
        exceptions = tuple(
            CalendarException(dt.date.fromisoformat(e["start"]), dt.date.fromisoformat(e["finish"]),
                              tuple((int(a), int(b)) for a, b in e.get("hours") or ()), e.get("name", ""),
                              recurrence_from_data(e.get("recurrence")))
            for e in definition.get("exceptions") or ()
        )
        periods = tuple(WeekPeriod(dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["finish"]),
                                   week_from_data(p["week"])) for p in definition.get("periods") or ())
    except (KeyError, TypeError, ValueError) as exc:
        raise EngineError(f"Calendar {name!r} is malformed: {exc}") from exc
    if base is None and any(d is None for d in week.days):
        base = standard_calendar()
    return Calendar(name, week, exceptions, base=base, periods=periods)


# --- site calendars --------------------------------------------------------------------------------------------
def site_week(site: Site) -> WorkWeek:
    """The site's working days (ISO 1..7) and hours ("09:00"-"12:30" …) as an engine week."""
    hours = tuple((_clock(a), _clock(b)) for a, b in site.working_hours) or ((480, 720), (780, 1020))
    days = set(site.working_days or [1, 2, 3, 4, 5])
    return WorkWeek.uniform(hours, tuple(d - 1 for d in sorted(days)))


def _clock(value: str) -> int:
    return minutes_between("00:00", value)


def engine_site_calendar(site: Site, years: range, local: Iterable[SiteCalendarException] = ()) -> Calendar:
    """The site's working time: week, public holidays (engine's ``site_calendar``) and local exceptions."""
    week = site_week(site)
    local_key = tuple(sorted((e.date, e.name, e.is_working) for e in local))
    return _site_calendar(site.country, site.subdivision or None, site.code, week, years.start, years.stop,
                          local_key)


@lru_cache(maxsize=64)
def _site_calendar(country: str, subdivision: str | None, code: str, week: WorkWeek, first: int, stop: int,
                   local: tuple[tuple[dt.date, str, bool], ...]) -> Calendar:
    """Cached: the holidays package and the calendar index are costly to rebuild for every recompute."""
    try:
        base = site_calendar(country, subdivision, years=range(first, stop), week=week, name=f"Site {code}")
    except EngineError:  # a country without holiday data: the week alone
        base = Calendar(f"Site {code}", week)
    if not local:
        return base
    working = next((h for h in week.days if h), ())
    exceptions = tuple(CalendarException(day, day, working if is_working else (), name) for day, name, is_working
                       in local)
    return Calendar(base.name, base.week, base.exceptions + exceptions, base=base.base, periods=base.periods)


def holiday_years(anchor: dt.datetime | dt.date) -> range:
    return range(anchor.year - HOLIDAY_YEARS_BEFORE, anchor.year + HOLIDAY_YEARS_AFTER)


def default_calendar_name(site: Site) -> str:
    return f"{site.code} site calendar"


def engine_calendars(calendars: Iterable[ProjectCalendar], years: range,
                     local: dict[int, list[SiteCalendarException]]) -> dict[str, Calendar]:
    """Engine calendars of a project by name, bases resolved (site, parent, or the standard week)."""
    rows = {c.pk: c for c in calendars}
    built: dict[int, Calendar] = {}

    def build(row: ProjectCalendar, trail: tuple[int, ...] = ()) -> Calendar:
        if row.pk in built:
            return built[row.pk]
        base: Calendar | None = None
        if row.base_site is not None:
            base = engine_site_calendar(row.base_site, years, local.get(row.base_site.pk, ()))
        elif row.parent_id in rows and row.parent_id not in trail:
            base = build(rows[row.parent_id], (*trail, row.pk))
        built[row.pk] = calendar_from_definition(row.name, row.definition or {}, base)
        return built[row.pk]

    return {row.name: build(row) for row in rows.values()}
