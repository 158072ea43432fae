"""Site calendars: a base working week plus the public holidays of a country and subdivision."""

from __future__ import annotations

from collections.abc import Iterable

import holidays

from projectoffice.engine.calendars.model import Calendar, CalendarException, WorkWeek, standard_calendar
from projectoffice.engine.errors import InvalidInputError


def site_calendar(
    country: str,
    subdivision: str | None = None,
    *,
    years: Iterable[int],
    base: Calendar | None = None,
    name: str | None = None,
    week: WorkWeek | None = None,
) -> Calendar:
    """A site's calendar: ``base`` (MS Project's standard week by default) with the site's public holidays.

    ``country`` is an ISO 3166-1 code ("DE"), ``subdivision`` an ISO 3166-2 suffix the ``holidays`` package
    knows ("BY"). Holidays become non-working exceptions named after the holiday; ``week`` overrides the
    base's weekdays (a site working Sunday to Thursday).
    """
    try:
        days = holidays.country_holidays(country, subdiv=subdivision, years=sorted(set(years)))
    except NotImplementedError as exc:
        raise InvalidInputError(f"No holiday data for country {country!r}.") from exc
    except ValueError as exc:  # unknown subdivision (older holidays releases raise NotImplementedError)
        raise InvalidInputError(str(exc)) from exc
    exceptions = tuple(CalendarException(day, day, name=str(label)) for day, label in sorted(days.items()))
    label = name or "-".join(part for part in (country, subdivision) if part)
    return Calendar(label, week or WorkWeek.inherited(), exceptions, base=base or standard_calendar())
