"""Weekly timesheets and their lines, approval delegations, each site's labour rules and monthly periods.

A line carries seven day columns (Monday … Sunday of the week in the person's site calendar) so that three
years of a 10,000-person company stay around 10 M rows. Approved lines are never edited again: a correction is a
reversal line (the negated hours, pointing at the original) plus a new line, both with a reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from projectoffice.core.versioning import Versioned
from projectoffice.organization.models import Site
from projectoffice.people.models import Person
from projectoffice.projects.models import Project, Task

DAY_FIELDS = ("d1", "d2", "d3", "d4", "d5", "d6", "d7")  # ISO weekdays 1 = Monday … 7 = Sunday
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Category(models.TextChoices):
    PROJECT = "project", "Project work"
    LEAVE = "leave", "Leave"
    TRAINING = "training", "Training"
    SUPPORT = "support", "Support"
    INTERNAL = "internal", "Internal"


NON_PROJECT_CATEGORIES = tuple(c for c in Category.values if c != Category.PROJECT)


class LabourRules(Versioned):
    """What the site's law adds to the Site's own limits (max hours per day/week and minimum rest, which stay
    on Site, the one place they are kept): overtime threshold and when work needs a reason."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="labour_rules")
    overtime_threshold_per_week = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("40"), validators=[MinValueValidator(Decimal("0"))],
        help_text="Hours per week above which an overtime reason is required",
    )
    weekend_work_needs_reason = models.BooleanField(default=True)
    holiday_work_needs_reason = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "labour rules"

    def __str__(self) -> str:
        return f"Labour rules of {self.site.code}"


class Period(models.Model):
    """A calendar month of a site. No row means open; closing locks every time line and cost in it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="periods")
    month = models.DateField(help_text="The first day of the month")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["site", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["site", "month"], name="one_period_per_site_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="period_starts_on_the_first"),
        ]

    def __str__(self) -> str:
        return f"{self.site.code} {self.month:%Y-%m}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class PeriodEvent(models.Model):
    """Every close and reopen, with who, when and why (reopening needs a reason)."""

    class Action(models.TextChoices):
        CLOSE = "close", "Closed"
        REOPEN = "reopen", "Reopened"

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=6, choices=Action.choices)
    by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["period", "at"]

    def __str__(self) -> str:
        return f"{self.period} {self.get_action_display().lower()} at {self.at:%Y-%m-%d %H:%M}"


class Timesheet(Versioned):
    """One person's week, Monday to Sunday in their site's calendar."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="timesheets")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", help_text="The site whose rules apply")
    week_start = models.DateField(help_text="The Monday of the week")
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.DRAFT)
    overtime_reason = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["person", "week_start"], name="one_timesheet_per_person_week"),
            models.CheckConstraint(condition=Q(week_start__week_day=2), name="timesheet_week_starts_monday"),
        ]
        indexes = [
            models.Index(fields=["status", "week_start"], name="timesheet_status_week"),
            models.Index(fields=["week_start"], name="timesheet_week"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — week of {self.week_start}"

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    def days(self) -> list[dt.date]:
        return [self.week_start + dt.timedelta(days=i) for i in range(7)]

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.REJECTED)


class TimesheetLine(Versioned):
    """Hours on one project task or non-project category over the week, approved as a whole."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    timesheet = models.ForeignKey(Timesheet, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", help_text="= timesheet.person")
    week_start = models.DateField(help_text="= timesheet.week_start")
    category = models.CharField(max_length=8, choices=Category.choices, default=Category.PROJECT)
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    d1 = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    d2 = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    d3 = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    d4 = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    d5 = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    d6 = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    d7 = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    comment = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.DRAFT)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(max_length=300, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversal", help_text="The approved line this one cancels")
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", help_text="The approved line this one replaces")
    correction_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["timesheet", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(category="project") & Q(project__isnull=False) & Q(task__isnull=False))
                | (~Q(category="project") & Q(project__isnull=True) & Q(task__isnull=True)),
                name="line_is_project_task_or_category",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{day}__lte": 24}) & (Q(**{f"{day}__gte": 0}) | Q(reverses__isnull=False)),
                    name=f"line_{day}_hours_0_to_24",
                )
                for day in DAY_FIELDS
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status"], name="line_inbox_project",
                         condition=Q(status="submitted")),
            models.Index(fields=["person", "status"], name="line_inbox_person",
                         condition=Q(status="submitted")),
            models.Index(fields=["person", "week_start"], name="line_person_week"),
            models.Index(fields=["week_start", "person"], name="line_week_person"),
        ]

    def __str__(self) -> str:
        what = str(self.task) if self.task_id else self.get_category_display()
        return f"{what} ({self.week_start})"

    @property
    def hours(self) -> list[Decimal]:
        return [getattr(self, day) for day in DAY_FIELDS]

    @property
    def hours_text(self) -> str:
        """Monday … Sunday as people write them ("7.5 · 8 · 0 …"), for compact lists."""
        return " · ".join(format(h.normalize(), "f") if h else "0" for h in self.hours)

    @property
    def total(self) -> Decimal:
        return sum(self.hours, Decimal("0"))

    @property
    def is_project(self) -> bool:
        return self.category == Category.PROJECT


class LabourOverride(models.Model):
    """A PSO manager let a week through despite labour-rule violations; the reason and the violations stay."""

    timesheet = models.ForeignKey(Timesheet, on_delete=models.CASCADE, related_name="overrides")
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.CharField(max_length=300)
    violations = models.JSONField(default=list)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Override of {self.timesheet} by {self.by}"


class ApprovalDelegation(models.Model):
    """During ``start``..``end`` the delegate approves what the delegator would approve."""

    delegator = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="delegations_given")
    delegate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="delegations_received")
    start = models.DateField()
    end = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="delegation_ends_after_start"),
            models.CheckConstraint(condition=~Q(delegate=models.F("delegator")), name="delegation_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate} ({self.start} to {self.end})"


class ReminderSent(models.Model):
    """One reminder e-mail per person and week, so the periodic task never nags twice in a day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "week_start", "sent_on"], name="one_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.person_id} for {self.week_start} on {self.sent_on}"
