"""Cost rates, monthly exchange rates, cost lines (expenses and supplier invoices), project budgets and their
baseline, the labour actuals derived from approved time, and month-end earned value snapshots.

Money is stored as Decimal with its ISO 4217 currency next to it; months are the first day of the month.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from projectoffice.core.codes import validate_currency
from projectoffice.core.versioning import Versioned
from projectoffice.organization.models import Company, Site
from projectoffice.people.models import Person
from projectoffice.projects.models import Project

ZERO = Decimal("0")


class CostCategory(models.TextChoices):
    LABOUR = "labour", "Labour"
    TRAVEL = "travel", "Travel"
    EQUIPMENT = "equipment", "Equipment"
    SUBCONTRACTING = "subcontracting", "Subcontracting"
    MATERIALS = "materials", "Materials"
    OTHER = "other", "Other"


class CostRate(Versioned):
    """An hourly cost rate in the site's currency, for one person or for a role (a job title) at the site;
    a role rate with an empty role is the site's default. ``valid_to`` empty = still in force."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cost_rates")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="cost_rates")
    role = models.CharField(max_length=120, blank=True, help_text="A job title; empty = the site's default rate")
    currency = models.CharField(max_length=3, validators=[validate_currency])
    hourly_rate = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)])
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["site", "person", "role", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="cost_rate_not_negative"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="cost_rate_ends_after_start"),
        ]
        indexes = [models.Index(fields=["site", "valid_from"])]

    def __str__(self) -> str:
        who = str(self.person) if self.person_id else (self.role or "default")
        return f"{self.site.code} {who}: {self.hourly_rate} {self.currency}/h from {self.valid_from}"

    def clean(self) -> None:
        if self.site_id and self.currency and self.currency != self.site.currency:
            raise ValidationError({"currency": f"Rates of {self.site.code} are in its currency, {self.site.currency}."})
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The end date comes before the start date."})


class ExchangeRate(models.Model):
    """Units of the company's reporting currency for one unit of ``currency`` during ``month``."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="exchange_rates")
    currency = models.CharField(max_length=3, validators=[validate_currency])
    month = models.DateField(help_text="The first day of the month")
    rate = models.DecimalField(max_digits=18, decimal_places=8, validators=[MinValueValidator(ZERO)])

    class Meta:
        ordering = ["-month", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["company", "currency", "month"], name="one_rate_per_currency_month"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(condition=Q(month__day=1), name="exchange_rate_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.month:%Y-%m}: {self.rate}"


def attachment_path(instance: CostLine, filename: str) -> str:
    # The service already reduced the name to a bare, safe file name; the folder is ours.
    return f"finance/cost-lines/{instance.project_id}/{filename}"


class CostLine(Versioned):
    """An expense or a supplier invoice booked on a project; counts in the actuals once approved."""

    class Kind(models.TextChoices):
        EXPENSE = "expense", "Expense"
        INVOICE = "invoice", "Supplier invoice"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="cost_lines")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.EXPENSE)
    category = models.CharField(max_length=16, choices=CostCategory.choices, default=CostCategory.OTHER)
    incurred_on = models.DateField()
    month = models.DateField(editable=False, blank=True, help_text="The first day of incurred_on's month (set on save)")
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(max_length=3, validators=[validate_currency])
    description = models.CharField(max_length=300)
    supplier = models.CharField(max_length=200, blank=True)
    invoice_number = models.CharField(max_length=60, blank=True)
    attachment = models.FileField(upload_to=attachment_path, blank=True, max_length=300)
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    submitted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-incurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cost_line_amount_positive"),
            models.CheckConstraint(condition=Q(kind="expense") | ~Q(supplier=""), name="invoice_names_supplier"),
        ]
        indexes = [
            models.Index(fields=["project", "status", "incurred_on"]),
            models.Index(fields=["status", "month", "project"]),
            # The roll-up sums by project, month and currency: a covering index (amount last, as a key column
            # because SQLite has no INCLUDE) lets PostgreSQL answer with an index-only scan.
            models.Index(fields=["project", "status", "month", "currency", "amount"], name="cost_line_sums"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.currency} — {self.description}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.incurred_on:
            self.month = self.incurred_on.replace(day=1)
            if kwargs.get("update_fields") is not None and "incurred_on" in kwargs["update_fields"]:
                kwargs["update_fields"] = {*kwargs["update_fields"], "month"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.kind == self.Kind.INVOICE and not self.supplier.strip():
            raise ValidationError({"supplier": "A supplier invoice names its supplier."})


class BudgetLine(models.Model):
    """The amount planned for one cost category in one month, in the project's currency. ``kind`` tells the
    working budget from the baseline (the frozen copy against which planned value is measured)."""

    class Kind(models.TextChoices):
        CURRENT = "current", "Current budget"
        BASELINE = "baseline", "Baseline budget"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CURRENT)
    category = models.CharField(max_length=16, choices=CostCategory.choices)
    month = models.DateField(help_text="The first day of the month")
    amount = models.DecimalField(max_digits=16, decimal_places=2, validators=[MinValueValidator(ZERO)])

    class Meta:
        ordering = ["project", "kind", "month", "category"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "category", "month"], name="one_budget_cell"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="budget_month_first_day"),
        ]
        indexes = [
            models.Index(fields=["kind", "month", "project"]),
            models.Index(fields=["project", "kind", "month", "amount"], name="budget_line_sums"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind} {self.category} {self.month:%Y-%m}: {self.amount}"


class BudgetBaseline(models.Model):
    """When and by whom a project's budget was last baselined (one per project)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="budget_baseline")
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=12, default="budget", help_text="budget or schedule")
    total = models.DecimalField(max_digits=16, decimal_places=2, default=ZERO)

    def __str__(self) -> str:
        return f"Budget baseline of project {self.project_id} ({self.total})"


class LabourActual(models.Model):
    """Approved hours x cost rate of one person on one project in one month, in the rate's (site) currency.
    Derived from approved time lines by ``labour_actuals_refresh``; never edited by hand."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="labour_actuals")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="labour_actuals")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    hours = models.DecimalField(max_digits=10, decimal_places=2)
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3)

    class Meta:
        ordering = ["project", "month", "person"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person", "month"], name="one_labour_actual_per_month"),
        ]
        indexes = [
            models.Index(fields=["month", "project"]),
            models.Index(fields=["site", "month"]),
            models.Index(fields=["project", "month", "currency", "amount"], name="labour_actual_sums"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} project {self.project_id} person {self.person_id}: {self.amount} {self.currency}"


class EarnedValueSnapshot(models.Model):
    """The project's earned value at a month's end (cumulative, project currency): the S-curve's EV history."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ev_snapshots")
    month = models.DateField()
    ev = models.DecimalField(max_digits=16, decimal_places=2, validators=[MinValueValidator(ZERO)])
    physical = models.BooleanField(default=False, help_text="Measured with physical % complete")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="one_ev_snapshot_per_month"),
            models.CheckConstraint(condition=Q(ev__gte=0), name="ev_not_negative"),
        ]
        indexes = [models.Index(fields=["month", "project"])]

    def __str__(self) -> str:
        return f"EV of project {self.project_id} at {self.month:%Y-%m}: {self.ev}"


class ProjectMonthFigures(models.Model):
    """A project's earned value figures at the end of a closed month, in the company's reporting currency,
    written by ``project_month_figures_refresh`` when a month is closed (and rewritten after late changes), so a
    closed month's roll-up and monthly report read one row per project instead of summing the history.

    ``bac``, ``pv``, ``ev``, ``ac`` are cumulative at the month's end; ``eac`` is the CPI-based EAC (the
    product's default EAC method; empty while EV is zero); ``eac_bottom_up`` is AC + the working budget of the
    months after (the monthly report's forecast, and the bottom-up EAC); ``budget_month`` (the baseline budget
    of the month) and ``actual_month`` are the month's own amounts. Each amount is the project's figure
    converted at the month's rate and rounded to the cent, exactly as the live computation shows it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="month_figures")
    month = models.DateField(help_text="The first day of the month")
    currency = models.CharField(max_length=3, help_text="The company's reporting currency")
    bac = models.DecimalField(max_digits=18, decimal_places=2)
    pv = models.DecimalField(max_digits=18, decimal_places=2)
    ev = models.DecimalField(max_digits=18, decimal_places=2)
    ac = models.DecimalField(max_digits=18, decimal_places=2)
    eac = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    eac_bottom_up = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    budget_month = models.DecimalField(max_digits=18, decimal_places=2)
    actual_month = models.DecimalField(max_digits=18, decimal_places=2)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["month", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="one_month_figures_per_project"),
            models.CheckConstraint(condition=Q(month__day=1), name="month_figures_first_day"),
        ]
        indexes = [models.Index(fields=["month", "project"], name="month_figures_month")]

    def __str__(self) -> str:
        return f"Figures of project {self.project_id} at {self.month:%Y-%m} ({self.currency})"
