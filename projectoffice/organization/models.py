"""Company → business units → business/product lines; sites in countries; groups (a line's team at a site);
project offices (the PMO of a business line, the PSO of one or several sites)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from projectoffice.core.codes import (
    code_validator,
    subdivision_error,
    validate_country,
    validate_currency,
    validate_language,
    validate_time_zone,
)
from projectoffice.core.validation import require_unique_code
from projectoffice.core.versioning import Versioned

ISO_WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)


class Company(Versioned):
    code = models.CharField(max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(max_length=120)
    reporting_currency = models.CharField(max_length=3, default="EUR", validators=[validate_currency])

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        require_unique_code(self, scope={}, label="company")


class OrgUnit(Versioned):
    """A node of the business tree: a business unit, or a business line / product line under one."""

    class Kind(models.TextChoices):
        BUSINESS_UNIT = "bu", "Business unit"
        BUSINESS_LINE = "bl", "Business line"
        PRODUCT_LINE = "pl", "Product line"

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="units")
    kind = models.CharField(max_length=2, choices=Kind.choices)
    code = models.CharField(max_length=20, validators=[code_validator])
    name = models.CharField(max_length=120)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="orgunit_code_unique_in_company"),
            models.CheckConstraint(
                condition=Q(kind="bu") | Q(parent__isnull=False), name="orgunit_line_has_a_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_line(self) -> bool:
        return self.kind in (self.Kind.BUSINESS_LINE, self.Kind.PRODUCT_LINE)

    def clean(self) -> None:
        require_unique_code(self, scope={"company_id": self.company_id}, label="unit")
        if self.parent is None:
            if self.is_line:
                raise ValidationError({"parent": "A business or product line must sit under a business unit."})
            return
        if self.parent.company_id != self.company_id:
            raise ValidationError({"parent": "The parent belongs to another company."})
        if self.kind == self.Kind.BUSINESS_UNIT and self.parent.kind != self.Kind.BUSINESS_UNIT:
            raise ValidationError({"parent": "A business unit can only sit under another business unit."})


class Site(Versioned):
    """A place where people work, under one country's law, calendar, currency and time zone."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="sites")
    code = models.CharField(max_length=20, validators=[code_validator])
    name = models.CharField(max_length=120)
    city = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=2, validators=[validate_country], help_text="ISO 3166-1 alpha-2")
    subdivision = models.CharField(max_length=10, blank=True, help_text="ISO 3166-2 part after the dash, e.g. BY")
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone], help_text="IANA, e.g. Europe/Paris")
    currency = models.CharField(max_length=3, validators=[validate_currency], help_text="ISO 4217")
    language = models.CharField(max_length=10, default="en", validators=[validate_language])
    working_days = models.JSONField(default=list, help_text="ISO weekdays worked: 1 = Monday … 7 = Sunday")
    working_hours = models.JSONField(
        default=list, help_text='Working intervals of a working day, e.g. [["09:00", "12:00"], ["13:00", "17:00"]]'
    )
    max_hours_per_day = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("10"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("24"))],
    )
    max_hours_per_week = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("48"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("168"))],
    )
    min_rest_hours = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("11"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
        help_text="Minimum rest between two working days",
    )
    archive_location = models.CharField(
        max_length=300, blank=True, help_text="Where closed projects managed from this site are archived"
    )

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="site_code_unique_in_company")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        require_unique_code(self, scope={"company_id": self.company_id}, label="site")
        errors: dict[str, str] = {}
        if self.country and (reason := subdivision_error(self.country, self.subdivision)):
            errors["subdivision"] = reason
        if reason := working_days_error(self.working_days):
            errors["working_days"] = reason
        if reason := working_hours_error(self.working_hours):
            errors["working_hours"] = reason
        if self.max_hours_per_day and self.max_hours_per_week and self.max_hours_per_day > self.max_hours_per_week:
            errors["max_hours_per_day"] = "The daily maximum cannot exceed the weekly maximum."
        if errors:
            raise ValidationError(errors)

    @property
    def hours_per_day(self) -> float:
        return sum(minutes_between(start, end) for start, end in self.working_hours) / 60


class SiteCalendarException(models.Model):
    """A local exception to the site's generated holiday calendar: an extra day off, or a worked holiday."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="calendar_exceptions")
    date = models.DateField()
    name = models.CharField(max_length=120)
    is_working = models.BooleanField(default=False, help_text="Checked: a normally closed day is worked")

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["site", "date"], name="one_exception_per_site_day")]

    def __str__(self) -> str:
        return f"{self.site.code} {self.date}: {self.name}"


class Group(Versioned):
    """A business line's team at a site (Site W hosts four groups from two business units)."""

    business_line = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="groups")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["site__code", "business_line__code"]
        constraints = [
            models.UniqueConstraint(fields=["business_line", "site"], name="one_group_per_line_and_site")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.business_line_id and not self.business_line.is_line:
            raise ValidationError({"business_line": "A group belongs to a business line or product line."})
        if self.business_line_id and self.site_id and self.business_line.company_id != self.site.company_id:
            raise ValidationError({"site": "The site belongs to another company than the business line."})


class ProjectOffice(Versioned):
    """The PMO of a business line, or the PSO of one or several sites."""

    class Kind(models.TextChoices):
        PMO = "pmo", "Project management office"
        PSO = "pso", "Project support office"

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="offices")
    kind = models.CharField(max_length=3, choices=Kind.choices)
    code = models.CharField(max_length=20, validators=[code_validator])
    name = models.CharField(max_length=120)
    business_line = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="offices",
        help_text="The line a PMO serves (PMO only)",
    )
    sites = models.ManyToManyField(Site, blank=True, related_name="offices", help_text="The sites a PSO supports")

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="office_code_unique_in_company"),
            models.CheckConstraint(
                condition=(Q(kind="pmo") & Q(business_line__isnull=False))
                | (Q(kind="pso") & Q(business_line__isnull=True)),
                name="pmo_has_a_line_pso_has_none",
            ),
            models.UniqueConstraint(fields=["business_line"], condition=Q(kind="pmo"), name="one_pmo_per_line"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        require_unique_code(self, scope={"company_id": self.company_id}, label="office")
        if self.kind == self.Kind.PMO and self.business_line_id is None:
            raise ValidationError({"business_line": "A PMO serves one business or product line."})
        if self.kind == self.Kind.PSO and self.business_line_id is not None:
            raise ValidationError({"business_line": "A PSO serves sites, not a business line."})
        if self.business_line is not None and self.business_line.company_id != self.company_id:
            raise ValidationError({"business_line": "The line belongs to another company."})


def working_days_error(days: object) -> str | None:
    if not isinstance(days, list) or not days:
        return "List at least one working day (1 = Monday … 7 = Sunday)."
    if any(day not in ISO_WEEKDAYS for day in days) or len(set(days)) != len(days):
        return "Working days are distinct numbers from 1 (Monday) to 7 (Sunday)."
    return None


def parse_clock(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def minutes_between(start: str, end: str) -> int:
    a, b = parse_clock(start), parse_clock(end)
    end_minutes = 24 * 60 if end == "24:00" else b.hour * 60 + b.minute
    return end_minutes - (a.hour * 60 + a.minute)


def working_hours_error(intervals: object) -> str | None:
    """Why ``intervals`` is not a sorted list of non-overlapping ["HH:MM", "HH:MM"] pairs (None when it is)."""
    if not isinstance(intervals, list) or not intervals:
        return 'Give at least one working interval, e.g. [["09:00", "17:00"]].'
    previous_end = -1
    for pair in intervals:
        try:
            start, end = pair
            begin = parse_clock(start)
            length = minutes_between(start, end)
        except (TypeError, ValueError):
            return f"{pair!r} is not a pair of times like [\"09:00\", \"12:00\"]."
        begin_minutes = begin.hour * 60 + begin.minute
        if length <= 0:
            return f"The interval {start} to {end} ends before it starts."
        if begin_minutes < previous_end:
            return f"The interval {start} to {end} overlaps or precedes the one before it."
        previous_end = begin_minutes + length
    return None
