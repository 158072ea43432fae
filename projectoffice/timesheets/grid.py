"""The "my week" grid as the page shows it: the seven days (holidays and days off marked), the lines, the
daily and weekly totals and the labour-rule check, computed with a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from projectoffice.people.models import Person
from projectoffice.timesheets import selectors
from projectoffice.timesheets.labour import SiteRules, Violation, daily_work, site_rules, week_violations
from projectoffice.timesheets.models import DAY_FIELDS, DAY_NAMES, Timesheet, TimesheetLine


@dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    name: str
    field: str  # d1 … d7
    off: str  # "" for a working day, else why not ("Saturday", "Easter Monday")


@dataclass(frozen=True, slots=True)
class Week:
    person: Person
    week_start: dt.date
    timesheet: Timesheet | None
    days: list[Day]
    lines: list[TimesheetLine]
    day_totals: list[Decimal]
    total: Decimal
    violations: list[Violation]
    rules: SiteRules

    @property
    def editable(self) -> bool:
        return self.timesheet is None or self.timesheet.is_editable

    @property
    def rows(self) -> list[tuple[TimesheetLine, list[tuple[Day, Decimal]]]]:
        """Each line with its (day, hours) cells, for the table."""
        return [(line, list(zip(self.days, line.hours, strict=True))) for line in self.lines]

    @property
    def totals(self) -> list[tuple[Day, Decimal]]:
        return list(zip(self.days, self.day_totals, strict=True))

    @property
    def previous(self) -> dt.date:
        return self.week_start - dt.timedelta(weeks=1)

    @property
    def next(self) -> dt.date:
        return self.week_start + dt.timedelta(weeks=1)


def week_grid(person: Person, week_start: dt.date) -> Week:
    """Everything the week page shows for ``person``'s week starting ``week_start``."""
    timesheet = selectors.week_of(person=person, week_start=week_start)
    site = timesheet.site if timesheet else person.home_site
    rules = site_rules(site, week_start)
    lines = list(timesheet.lines.all()) if timesheet else []
    daily = daily_work(lines)
    reason = timesheet.overtime_reason if timesheet else ""
    return Week(
        person=person, week_start=week_start, timesheet=timesheet, days=_days(rules, week_start), lines=lines,
        day_totals=daily, total=sum(daily, Decimal("0")),
        violations=week_violations(rules, week_start, daily, overtime_reason=reason), rules=rules,
    )


def _days(rules: SiteRules, week_start: dt.date) -> list[Day]:
    days = []
    for index, (field, name) in enumerate(zip(DAY_FIELDS, DAY_NAMES, strict=True)):
        date = week_start + dt.timedelta(days=index)
        off = rules.holidays.get(date, "") or ("" if date.isoweekday() in rules.working_days else "day off")
        days.append(Day(date, name, field, off))
    return days
