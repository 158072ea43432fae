"""Cockpit data: KPI definitions and their monthly scorecard history, the corporate status-report template,
distribution lists, the archive of every status report sent, and a small risk register (no other app keeps
risks yet)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from projectoffice.organization.models import Company, OrgUnit
from projectoffice.people.models import Person
from projectoffice.projects.models import Project


class Perspective(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    CUSTOMER = "customer", _("Customer")
    INTERNAL = "internal", _("Internal process")
    LEARNING = "learning", _("Learning & growth")


class Risk(models.Model):
    """One entry of a project's risk register; exposure = probability × impact (1..25)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=200)
    probability = models.PositiveSmallIntegerField(default=3, help_text="1 (rare) .. 5 (almost certain)")
    impact = models.PositiveSmallIntegerField(default=3, help_text="1 (minor) .. 5 (severe)")
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["project", "-probability", "-impact", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(probability__gte=1, probability__lte=5),
                                   name="risk_probability_1_5"),
            models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5), name="risk_impact_1_5"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def exposure(self) -> int:
        return self.probability * self.impact


class KpiDefinition(models.Model):
    """A KPI of a BU or BL (or the company when ``unit`` is empty): a formula over the unit's project figures
    (see formula.py for the whitelist), a target and the threshold below which (or above, when lower is better)
    it turns red; between the threshold and the target it is amber."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="kpis")
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="kpis")
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=120)
    perspective = models.CharField(max_length=10, choices=Perspective.choices)
    formula = models.CharField(max_length=300)
    target = models.DecimalField(max_digits=14, decimal_places=4)
    threshold = models.DecimalField(max_digits=14, decimal_places=4)
    higher_is_better = models.BooleanField(default=True)

    class Meta:
        ordering = ["perspective", "code"]
        constraints = [models.UniqueConstraint(fields=["company", "unit", "code"], name="one_kpi_code_per_unit")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ScorecardEntry(models.Model):
    """A KPI's value at a month end (the scorecard's history), taken by the monthly snapshot job."""

    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="history")
    month = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    rating = models.CharField(max_length=5, blank=True)  # green / amber / red, empty when no value
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kpi", "month"]
        constraints = [models.UniqueConstraint(fields=["kpi", "month"], name="one_scorecard_entry_per_month")]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.month:%Y-%m}"


class ReportTemplate(models.Model):
    """The company's status-report template, edited by the PMO: ``sections`` is a list of
    ``{"title": str, "fields": [field names from templates.FIELDS]}``."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="report_template")
    title = models.CharField(max_length=120, default="Weekly project status report")
    sections = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class DistributionList(models.Model):
    """Who receives a project's weekly status report."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="distribution_lists")
    name = models.CharField(max_length=120)
    recipients = models.JSONField(default=list, help_text="E-mail addresses")
    weekly = models.BooleanField(default=True, help_text="Sent by the weekly job")

    class Meta:
        ordering = ["project", "name"]

    def __str__(self) -> str:
        return self.name


class StatusReport(models.Model):
    """One generated status report: its content frozen as HTML and PDF, and — once sent — to whom."""

    class State(models.TextChoices):
        GENERATED = "generated", _("Generated")
        SENT = "sent", _("Sent")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_reports")
    week = models.DateField(help_text="Monday of the reported week")
    commentary = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.GENERATED)
    html = models.TextField()
    pdf = models.BinaryField()
    generated_at = models.DateTimeField(auto_now_add=True)
    generated_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.JSONField(default=list)

    class Meta:
        ordering = ["project", "-week", "-pk"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.week}"

    @property
    def file_name(self) -> str:
        return f"status-{self.project.code}-{self.week:%Y-%m-%d}.pdf"



class _SummaryKey(models.Model):
    """A (company, month, BU, line) of the stored cockpit summary (written by ``cockpit_summary_refresh``)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month of the figures summed")
    business_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    business_line = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


def _money() -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(max_digits=20, decimal_places=2, default=0)


class CockpitSummary(_SummaryKey):
    """The cockpit's sums of one (BU, line) for a month, as the live GROUP BY computes them (money of the stored
    month figures in ``currency``; milestones due/late as of ``computed_at``), so the company and BU views read
    tens of rows instead of aggregating every project per request."""

    currency = models.CharField(max_length=3)
    computed_on = models.DateField(help_text="The local day it was computed (milestone counts depend on it)")
    computed_at = models.DateTimeField()
    projects = models.PositiveIntegerField(default=0)
    green = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    unfigured = models.PositiveIntegerField(default=0)
    spi_low = models.PositiveIntegerField(default=0)
    spi_mid = models.PositiveIntegerField(default=0)
    spi_high = models.PositiveIntegerField(default=0)
    cpi_low = models.PositiveIntegerField(default=0)
    cpi_mid = models.PositiveIntegerField(default=0)
    cpi_high = models.PositiveIntegerField(default=0)
    bac = _money()
    pv = _money()
    ev = _money()
    ac = _money()
    eac = _money()
    milestones_due = models.PositiveIntegerField(default=0)
    milestones_late = models.PositiveIntegerField(default=0)
    open_risks = models.PositiveIntegerField(default=0)
    high_risks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["company", "month", "business_unit", "business_line"]
        constraints = [models.UniqueConstraint(fields=["company", "month", "business_unit", "business_line"],
                                               name="one_cockpit_summary_per_unit")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.month:%Y-%m} {self.business_unit_id}/{self.business_line_id}"


class CockpitChartPoint(_SummaryKey):
    """One of the costliest projects (at most CHART_POINTS) of a (BU, line) for a month: the union of the
    lines' points holds the exact costliest of any set of lines."""

    code = models.CharField(max_length=40)
    health = models.CharField(max_length=5)
    bac = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    pv = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    ev = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    ac = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    eac = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    cost = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    npv = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    proposal_risk = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["company", "month", "-cost", "code"]
        indexes = [models.Index(fields=["company", "month", "business_unit", "business_line"],
                                name="cockpit_point_unit")]

    def __str__(self) -> str:
        return self.code
