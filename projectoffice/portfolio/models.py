"""The PMO's portfolio: strategy (objectives, business drivers and their AHP prioritisation), proposals with
their business case, skills demand, dependencies, feasibility study and ratings, and optimiser scenarios
committed by the Project Portfolio Review Board."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from projectoffice.core.codes import code_validator, validate_currency
from projectoffice.core.models import Job
from projectoffice.core.validation import require_unique_code
from projectoffice.core.versioning import Versioned
from projectoffice.organization.models import OrgUnit, Site
from projectoffice.people.models import Person, Skill
from projectoffice.projects.models import Nature, Project


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


class StrategicObjective(Versioned):
    business_line = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="objectives")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("1"),
                                 validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["business_line", "-weight", "name"]

    def __str__(self) -> str:
        return self.name


class BusinessDriver(Versioned):
    """A criterion proposals are rated against (e.g. "Strategic fit", "Customer value"); its weight comes
    from the line's pairwise comparison (AHP)."""

    business_line = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="drivers")
    code = models.CharField(max_length=20, validators=[code_validator])
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    objective = models.ForeignKey(StrategicObjective, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="drivers")
    weight = models.FloatField(default=0.0, help_text="From the pairwise comparison; sums to 1 over the line")

    class Meta:
        ordering = ["business_line", "code"]
        constraints = [models.UniqueConstraint(fields=["business_line", "code"], name="driver_code_unique_in_line")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        require_unique_code(self, scope={"business_line_id": self.business_line_id}, label="driver")


class DriverComparison(models.Model):
    """The line's pairwise comparison matrix of its drivers, in ``drivers`` order, and what AHP made of it."""

    business_line = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="driver_comparison")
    drivers = models.JSONField(default=list, help_text="Driver ids, the order of the matrix rows")
    matrix = models.JSONField(default=list)
    consistency_ratio = models.FloatField(default=0.0)
    compared_at = models.DateTimeField(auto_now=True)
    compared_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Driver comparison of {self.business_line_id} (CR {self.consistency_ratio:.3f})"

    @property
    def is_consistent(self) -> bool:
        return self.consistency_ratio <= 0.1


class Proposal(Versioned):
    class State(models.TextChoices):
        IDEA = "idea", "Idea"
        SCREENING = "screening", "Screening"
        FEASIBILITY = "feasibility", "Feasibility study"
        REVIEW = "review", "Portfolio review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        DEFERRED = "deferred", "Deferred"

    class Risk(models.IntegerChoices):
        VERY_LOW = 1, "Very low"
        LOW = 2, "Low"
        MEDIUM = 3, "Medium"
        HIGH = 4, "High"
        VERY_HIGH = 5, "Very high"

    business_line = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="proposals")
    code = models.CharField(max_length=30, validators=[code_validator])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    nature = models.CharField(max_length=20, choices=Nature.choices, default=Nature.OTHER)
    lead_site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="proposals")
    sponsor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    customer = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.IDEA, db_index=True)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    discount_rate = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("8"),
                                        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
                                        help_text="% per year")
    risk = models.PositiveSmallIntegerField(choices=Risk.choices, default=Risk.MEDIUM)
    risk_notes = models.TextField(blank=True)
    earliest_start = models.DateField(help_text="First month it may start")
    latest_start = models.DateField(help_text="Last month it may start")
    mandatory = models.BooleanField(default=False, help_text="Regulatory or contractual: always selected")
    # Derived, refreshed by the services whenever their inputs change
    npv = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    irr = models.FloatField(null=True, blank=True)
    payback_years = models.FloatField(null=True, blank=True)
    total_cost = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))
    score = models.FloatField(null=True, blank=True, help_text="Weighted score 0–10 over the line's drivers")
    project = models.OneToOneField(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal")
    decision_rationale = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business_line", "code"]
        constraints = [
            models.UniqueConstraint(fields=["business_line", "code"], name="proposal_code_unique_in_line"),
            models.CheckConstraint(condition=Q(latest_start__gte=models.F("earliest_start")),
                                   name="proposal_window_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        require_unique_code(self, scope={"business_line_id": self.business_line_id}, label="proposal")
        errors = {}
        if self.business_line_id and not self.business_line.is_line:
            errors["business_line"] = f"{self.business_line} is not a business or product line."
        if self.earliest_start and self.latest_start and self.latest_start < self.earliest_start:
            errors["latest_start"] = (f"The start window ends ({self.latest_start:%Y-%m}) before it starts "
                                      f"({self.earliest_start:%Y-%m}).")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.earliest_start = first_of_month(self.earliest_start)
        self.latest_start = first_of_month(self.latest_start)
        super().save(*args, **kwargs)


class CashFlowYear(models.Model):
    """One year of the business case; year 0 is the start year."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cash_flows")
    year = models.PositiveSmallIntegerField(validators=[MaxValueValidator(30)])
    cost = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"),
                               validators=[MinValueValidator(Decimal("0"))])
    benefit = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"),
                                  validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["proposal", "year"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "year"], name="one_cash_flow_per_year"),
            models.CheckConstraint(condition=Q(cost__gte=0) & Q(benefit__gte=0), name="cash_flow_not_negative"),
        ]

    def __str__(self) -> str:
        return f"year {self.year}: cost {self.cost}, benefit {self.benefit}"


class SkillDemand(models.Model):
    """FTE of a skill (at a site, if it matters) needed in a month counted from the proposal's start."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="skill_demand")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(help_text="0 = the start month", validators=[MaxValueValidator(120)])
    fte = models.DecimalField(max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["proposal", "skill", "month"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "skill", "site", "month"], name="one_demand_per_cell"),
            models.CheckConstraint(condition=Q(fte__gte=0), name="demand_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} month {self.month}: {self.fte} FTE"


class Dependency(models.Model):
    class Kind(models.TextChoices):
        REQUIRES = "requires", "Requires"
        EXCLUDES = "excludes", "Excludes"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="dependencies")
    other = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="dependents")
    kind = models.CharField(max_length=8, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "other", "kind"], name="one_dependency_per_pair"),
            models.CheckConstraint(condition=~Q(proposal=models.F("other")), name="dependency_not_on_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.code} {self.kind} {self.other.code}"


class FeasibilityStudy(Versioned):
    class Conclusion(models.TextChoices):
        PENDING = "pending", "Pending"
        FEASIBLE = "feasible", "Feasible"
        FEASIBLE_WITH_CONDITIONS = "conditions", "Feasible with conditions"
        NOT_FEASIBLE = "not_feasible", "Not feasible"

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="feasibility")
    technical = models.TextField(blank=True)
    resources = models.TextField(blank=True)
    historical = models.TextField(blank=True, help_text="What similar past projects teach")
    partners = models.TextField(blank=True)
    country_issues = models.TextField(blank=True)
    conclusion = models.CharField(max_length=12, choices=Conclusion.choices, default=Conclusion.PENDING)
    assessed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assessed_on = models.DateField(null=True, blank=True)


class Rating(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ratings")
    driver = models.ForeignKey(BusinessDriver, on_delete=models.CASCADE, related_name="ratings")
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)], help_text="0–10")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "driver"], name="one_rating_per_driver"),
            models.CheckConstraint(condition=Q(value__lte=10), name="rating_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.driver_id}: {self.value}"


class Scenario(Versioned):
    """An optimiser run over a line's candidate proposals, its result, and the review board's decision."""

    class Objective(models.TextChoices):
        SCORE = "score", "Weighted score"
        NPV = "npv", "Net present value"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RUNNING = "running", "Running"
        SOLVED = "solved", "Solved"
        FAILED = "failed", "Failed"

    class Decision(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        DEFERRED = "deferred", "Deferred"

    business_line = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=120)
    objective = models.CharField(max_length=5, choices=Objective.choices, default=Objective.SCORE)
    start_month = models.DateField()
    months = models.PositiveSmallIntegerField(default=36, validators=[MinValueValidator(1), MaxValueValidator(120)])
    yearly_budgets = models.JSONField(default=list, help_text="One budget per 12 months, in the reporting currency")
    force_in = models.ManyToManyField(Proposal, blank=True, related_name="+")
    force_out = models.ManyToManyField(Proposal, blank=True, related_name="+")
    time_limit = models.PositiveSmallIntegerField(default=20, validators=[MinValueValidator(1), MaxValueValidator(600)])
    frontier_points = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(40)],
                                                       help_text="0 = no efficient frontier")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    result = models.JSONField(default=dict, blank=True)
    frontier = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    decision = models.CharField(max_length=8, choices=Decision.choices, default=Decision.PENDING)
    decision_rationale = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business_line", "-created_at"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.start_month = first_of_month(self.start_month)
        super().save(*args, **kwargs)
