"""Labour rules of a site and the check of a week against them.

The limits are read from the Site (max hours per day and per week, minimum rest, the foundation's fields) and
from the site's LabourRules row (overtime threshold, reasons for weekend/holiday work), falling back to the
defaults of the site's country when the row does not exist yet. ``week_violations`` is pure: daily totals in,
violations out, so the rules are testable without a database.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.organization.calendars import public_holidays
from projectoffice.organization.models import Site, SiteCalendarException
from projectoffice.organization.services import site_update
from projectoffice.timesheets.models import Category, LabourRules, Timesheet, TimesheetLine

ZERO = Decimal("0")
AnyUser = AbstractBaseUser | AnonymousUser
# Country → (overtime threshold per week). The daily/weekly maxima and rest of these countries are the Site's.
OVERTIME_THRESHOLD = {"FR": Decimal("35"), "DE": Decimal("40"), "IN": Decimal("48"), "US": Decimal("40"),
                      "BR": Decimal("44"), "SG": Decimal("44"), "CA": Decimal("40")}
# Country → (max per day, max per week, min rest): the demo countries' law, used to seed new sites' limits.
COUNTRY_LIMITS = {"FR": (10, 48, 11), "DE": (10, 48, 11), "IN": (9, 48, 12), "US": (12, 60, 8),
                  "BR": (10, 44, 11), "SG": (12, 44, 11), "CA": (10, 50, 8)}


def _h(hours: Decimal) -> str:
    """Hours as people write them: 10, 7.5, 40."""
    return format(Decimal(hours).normalize(), "f")


class Rule:
    """Rule codes, cited in messages and recorded on overrides."""

    MAX_DAY = "max-hours-per-day"
    MAX_WEEK = "max-hours-per-week"
    MIN_REST = "min-rest"
    WEEKEND = "weekend-work"
    HOLIDAY = "holiday-work"
    OVERTIME = "overtime"


@dataclass(frozen=True, slots=True)
class SiteRules:
    """Everything the check needs about one site for one week."""

    site_code: str
    max_per_day: Decimal
    max_per_week: Decimal
    min_rest: Decimal
    overtime_threshold: Decimal
    weekend_needs_reason: bool
    holiday_needs_reason: bool
    working_days: frozenset[int]
    holidays: dict[dt.date, str]


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    message: str
    day: dt.date | None = None
    reason_clears: bool = False  # an overtime reason on the week is enough; otherwise only an override

    def as_dict(self) -> dict[str, str | None]:
        return {"rule": self.rule, "message": self.message, "day": self.day.isoformat() if self.day else None}


def labour_rules_of(site: Site) -> LabourRules:
    """The site's row, or an unsaved one with its country's defaults (reading never writes)."""
    return LabourRules.objects.filter(site=site).first() or labour_rules_of_unsaved(site)


def labour_rules_of_unsaved(site: Site) -> LabourRules:
    """The defaults of the site's country, as an unsaved row (no query)."""
    return LabourRules(site=site, overtime_threshold_per_week=default_overtime_threshold(site))


def default_overtime_threshold(site: Site) -> Decimal:
    """The country's legal week, or the site's normal week when longer (a 37.5 h site week in France is
    compensated by rest days, not paid as overtime)."""
    normal_week = Decimal(str(site.hours_per_day)) * len(site.working_days or [1, 2, 3, 4, 5])
    return max(OVERTIME_THRESHOLD.get(site.country, Decimal("40")), normal_week.quantize(Decimal("0.01")))


def site_rules(site: Site, week_start: dt.date, rules: LabourRules | None = None) -> SiteRules:
    """The limits that apply to ``site`` in the week starting ``week_start`` (two queries)."""
    rules = rules or labour_rules_of(site)
    end = week_start + dt.timedelta(days=6)
    days_off = {day: name for day, name in _country_holidays(site.country, site.subdivision, week_start.year).items()
                if week_start <= day <= end}
    if end.year != week_start.year:
        days_off.update((day, name) for day, name in _country_holidays(site.country, site.subdivision, end.year).items()
                        if day <= end)
    for exception in SiteCalendarException.objects.filter(site=site, date__range=(week_start, end)):
        if exception.is_working:
            days_off.pop(exception.date, None)
        else:
            days_off[exception.date] = exception.name
    return SiteRules(
        site_code=site.code, max_per_day=Decimal(site.max_hours_per_day), max_per_week=Decimal(site.max_hours_per_week),
        min_rest=Decimal(site.min_rest_hours), overtime_threshold=Decimal(rules.overtime_threshold_per_week),
        weekend_needs_reason=rules.weekend_work_needs_reason, holiday_needs_reason=rules.holiday_work_needs_reason,
        working_days=frozenset(site.working_days or [1, 2, 3, 4, 5]), holidays=days_off,
    )


@functools.lru_cache(maxsize=256)
def _country_holidays(country: str, subdivision: str, year: int) -> dict[dt.date, str]:
    """A country's public holidays of one year, computed once per process (the ``holidays`` package is slow
    enough to dominate a week's page otherwise)."""
    return public_holidays(Site(country=country, subdivision=subdivision), [year])


def daily_work(lines: list[TimesheetLine]) -> list[Decimal]:
    """Hours worked per day of the week; leave is not work and does not count against the limits."""
    totals = [ZERO] * 7
    for line in lines:
        if line.category != Category.LEAVE:
            totals = [total + hours for total, hours in zip(totals, line.hours, strict=True)]
    return totals


def week_violations(rules: SiteRules, week_start: dt.date, daily: list[Decimal], *,
                    overtime_reason: str = "") -> list[Violation]:
    """Every rule of the site the week breaks, in the order of the rules."""
    days = [week_start + dt.timedelta(days=i) for i in range(7)]
    found = [v for day, hours in zip(days, daily, strict=True) for v in _day_violations(rules, day, hours)]
    found += _week_total_violations(rules, sum(daily, ZERO))
    if overtime_reason.strip():
        found = [v for v in found if not v.reason_clears]
    return found


def _day_violations(rules: SiteRules, day: dt.date, hours: Decimal) -> list[Violation]:
    if hours <= 0:
        return []
    found = []
    if hours > rules.max_per_day:
        found.append(Violation(Rule.MAX_DAY, f"{day:%a %d %b}: {_h(hours)} h exceeds the maximum of "
                               f"{_h(rules.max_per_day)} h per day at {rules.site_code}.", day))
    if hours > 24 - rules.min_rest:
        found.append(Violation(Rule.MIN_REST, f"{day:%a %d %b}: {_h(hours)} h leaves less than the minimum rest "
                               f"of {_h(rules.min_rest)} h between working days at {rules.site_code}.", day))
    if day in rules.holidays and rules.holiday_needs_reason:
        found.append(Violation(Rule.HOLIDAY, f"{day:%a %d %b} is a public holiday ({rules.holidays[day]}) at "
                               f"{rules.site_code}: work on it needs an overtime reason.", day, reason_clears=True))
    elif day.isoweekday() not in rules.working_days and rules.weekend_needs_reason:
        found.append(Violation(Rule.WEEKEND, f"{day:%a %d %b} is not a working day at {rules.site_code}: "
                               "work on it needs an overtime reason.", day, reason_clears=True))
    return found


def _week_total_violations(rules: SiteRules, total: Decimal) -> list[Violation]:
    if total > rules.max_per_week:
        return [Violation(Rule.MAX_WEEK, f"{_h(total)} h in the week exceeds the maximum of {_h(rules.max_per_week)} h "
                          f"per week at {rules.site_code}.")]
    if total > rules.overtime_threshold:
        return [Violation(Rule.OVERTIME, f"{_h(total)} h in the week is above the overtime threshold of "
                          f"{_h(rules.overtime_threshold)} h at {rules.site_code}: give an overtime reason.",
                          reason_clears=True)]
    return []


def labour_rule_violations(*, timesheet: Timesheet, lines: list[TimesheetLine] | None = None,
                           overtime_reason: str | None = None) -> list[Violation]:
    """The violations of the person's week (all its lines, or ``lines`` as they would be)."""
    lines = list(timesheet.lines.all()) if lines is None else lines
    rules = site_rules(timesheet.site, timesheet.week_start)
    reason = timesheet.overtime_reason if overtime_reason is None else overtime_reason
    return week_violations(rules, timesheet.week_start, daily_work(lines), overtime_reason=reason)


# --- labour rules -----------------------------------------------------------------------------------------------
SITE_LIMIT_FIELDS = ("max_hours_per_day", "max_hours_per_week", "min_rest_hours")
RULE_FIELDS = ("overtime_threshold_per_week", "weekend_work_needs_reason", "holiday_work_needs_reason")


@transaction.atomic
def labour_rules_update(*, site: Site, by: AnyUser | None, changes: dict[str, Any],
                        expected_version: int | None = None) -> LabourRules:
    """Change a site's labour rules. The daily/weekly maxima and the rest stay on the Site (changed through the
    organisation's ``site_update``, so there is one copy); the rest is the site's LabourRules row."""
    if not scope_of(by).may_manage_site(site):
        raise PermissionDenied(f"You may not change the labour rules of {site.code}.")
    unknown = sorted(set(changes) - set(SITE_LIMIT_FIELDS) - set(RULE_FIELDS))
    if unknown:
        raise ApplicationError(f"{unknown[0]}: not a labour rule.", field=unknown[0])
    rules = labour_rules_of(site)
    check_version(rules, expected_version)
    site_changes = {k: v for k, v in changes.items() if k in SITE_LIMIT_FIELDS}
    if site_changes:
        site_update(site=site, by=by, changes=site_changes)  # type: ignore[arg-type]
    rule_changes = {k: v for k, v in changes.items() if k in RULE_FIELDS}
    changed = apply_changes(rules, rule_changes, allowed=RULE_FIELDS)
    if changed or rules.pk is None:
        if rules.pk is not None:
            bump_version(rules)
        validated_save(rules)
    audit_record(actor=by, action="labour_rules.updated", target=rules, data={"fields": sorted(changes)})
    return rules


def labour_rules_seed(site: Site) -> LabourRules:
    """The site's rules row with its country's defaults (the demo and new sites); an existing row is kept."""
    rules = labour_rules_of(site)
    if rules.pk is None:
        rules.save()
    return rules
