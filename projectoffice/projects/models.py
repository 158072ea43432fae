"""Projects, their lifecycle and team, the schedule (WBS tasks, links, calendars, resources, assignments)
and baselines. Scheduled dates are written back by the recompute service from the engine's result."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from projectoffice.core.codes import code_validator, validate_currency
from projectoffice.core.validation import require_unique_code
from projectoffice.core.versioning import Versioned
from projectoffice.organization.models import Company, OrgUnit, ProjectOffice, Site
from projectoffice.people.models import Person, Skill


class Nature(models.TextChoices):
    HARDWARE = "hardware", "Hardware"
    SOFTWARE = "software", "Software"
    FIRMWARE = "firmware", "Firmware"
    SERVICE_CREATION = "service", "Service creation"
    RESEARCH = "rnd", "R&D"
    TECHNOLOGY_MIGRATION = "migration", "Technology migration"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    OTHER = "other", "Other"


class Project(Versioned):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        ACTIVE = "active", "Active"
        ON_HOLD = "on_hold", "On hold"
        CLOSED = "closed", "Closed"
        CANCELLED = "cancelled", "Cancelled"

    class Health(models.TextChoices):
        GREEN = "green", "Green"
        AMBER = "amber", "Amber"
        RED = "red", "Red"

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="projects")
    code = models.CharField(max_length=30, validators=[code_validator])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    nature = models.CharField(max_length=20, choices=Nature.choices, default=Nature.OTHER)
    business_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    business_line = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="projects")
    lead_site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="led_projects")
    other_sites = models.ManyToManyField(Site, blank=True, related_name="projects")
    project_manager = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="managed_projects")
    sponsor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="sponsored_projects")
    customer = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    health = models.CharField(max_length=5, choices=Health.choices, default=Health.GREEN)
    health_reason = models.CharField(max_length=300, blank=True)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    budget_at_completion = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"),
                                               validators=[MinValueValidator(Decimal("0"))])
    # Schedule settings (MS Project's project information)
    planned_start = models.DateTimeField(help_text="Project start (local time of the lead site)")
    schedule_from_finish = models.BooleanField(default=False)
    planned_finish = models.DateTimeField(null=True, blank=True, help_text="Needed when scheduled from finish")
    status_date = models.DateTimeField(null=True, blank=True)
    calendar = models.ForeignKey("ProjectCalendar", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", help_text="Default: the lead site's calendar")
    critical_slack_minutes = models.IntegerField(default=0)
    minutes_per_day = models.PositiveSmallIntegerField(
        default=480, validators=[MinValueValidator(1), MaxValueValidator(1440)],
        help_text="Working minutes in a day when durations are shown or typed in days (MS Project's MinutesPerDay;"
                  " the lead site's working day by default)")
    # Results of the last recompute
    scheduled_start = models.DateTimeField(null=True, blank=True)
    scheduled_finish = models.DateTimeField(null=True, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    schedule_warnings = models.JSONField(default=list, blank=True)
    schedule_job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     help_text="The background recompute of a large plan, while it runs")
    lifecycle = models.ForeignKey("LifecycleTemplate", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="projects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="project_code_unique_in_company"),
            models.CheckConstraint(condition=Q(budget_at_completion__gte=0), name="project_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        require_unique_code(self, scope={"company_id": self.company_id}, label="project")
        errors = {}
        if self.business_unit_id and self.business_unit.kind != OrgUnit.Kind.BUSINESS_UNIT:
            errors["business_unit"] = f"{self.business_unit} is not a business unit."
        if self.business_line_id and not self.business_line.is_line:
            errors["business_line"] = f"{self.business_line} is not a business or product line."
        if self.schedule_from_finish and self.planned_finish is None:
            errors["planned_finish"] = "A project scheduled from its finish needs a finish date."
        if self.planned_finish and self.planned_start and self.planned_finish < self.planned_start:
            errors["planned_finish"] = "The finish comes before the start."
        if errors:
            raise ValidationError(errors)


class ProjectRole(models.TextChoices):
    MANAGER = "manager", "Project manager"
    LEADER = "leader", "Project leader"
    ADMINISTRATOR = "administrator", "Project administrator"
    MEMBER = "member", "Team member"
    QUALITY = "quality", "Quality assurance"
    SPONSOR = "sponsor", "Sponsor"
    STAKEHOLDER = "stakeholder", "Stakeholder"


class ProjectMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="project_memberships")
    role = models.CharField(max_length=16, choices=ProjectRole.choices, default=ProjectRole.MEMBER)

    class Meta:
        ordering = ["project", "role"]
        constraints = [models.UniqueConstraint(fields=["project", "person", "role"], name="one_role_per_member")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} of {self.project.code}"


class LifecycleTemplate(models.Model):
    """A PMO's standard lifecycle: phases, each closed by a gate."""

    office = models.ForeignKey(ProjectOffice, on_delete=models.CASCADE, related_name="lifecycles")
    name = models.CharField(max_length=120)
    phases = models.JSONField(default=list, help_text='[{"name": "Definition", "gate": "G1 — Go for design"}, …]')

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    class GateStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        PASSED = "passed", "Passed"
        PASSED_WITH_ACTIONS = "actions", "Passed with actions"
        FAILED = "failed", "Failed"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    gate = models.CharField(max_length=120, blank=True)
    gate_planned_on = models.DateField(null=True, blank=True)
    gate_status = models.CharField(max_length=8, choices=GateStatus.choices, default=GateStatus.PENDING)
    gate_decided_on = models.DateField(null=True, blank=True)
    gate_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["project", "order"]
        constraints = [models.UniqueConstraint(fields=["project", "order"], name="phase_order_unique")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.order}. {self.name}"


class ProjectCalendar(models.Model):
    """A working-time calendar of a project: the lead site's by default, or imported from MS Project.

    ``definition`` holds the engine's calendar as data (work week intervals per weekday, exceptions,
    recurring exceptions); ``base_site`` adds the site's public holidays; ``parent`` gives inheritance.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="calendars")
    name = models.CharField(max_length=120)
    uid = models.IntegerField(null=True, blank=True, help_text="MS Project's calendar UID")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    base_site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    definition = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["project", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="calendar_name_unique_in_project")]

    def __str__(self) -> str:
        return self.name


class Resource(Versioned):
    """One pool per company, shared by every project (multi-project levelling): a person or a generic
    skill-based resource (e.g. "2 RF engineers at BLR")."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        GENERIC = "generic", "Generic (skill-based)"
        MATERIAL = "material", "Material"
        COST = "cost", "Cost"

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="resources")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(max_length=200)
    person = models.OneToOneField(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="resource")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT, related_name="resources")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="resources")
    max_units = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("1"),
                                    validators=[MinValueValidator(Decimal("0"))],
                                    help_text="1 = one full-time person")
    standard_rate = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"),
                                        validators=[MinValueValidator(Decimal("0"))],
                                        help_text="Cost per working hour, in the currency of the project using it")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="person") | Q(person__isnull=False),
                                   name="person_resource_names_a_person"),
            models.CheckConstraint(condition=Q(max_units__gte=0), name="resource_units_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class Task(Versioned):
    """A WBS element. ``sort_index`` is the row order of the WBS table (MS Project's ID); ``parent`` the outline.
    Durations and work are minutes: working minutes on the task's calendar unless ``elapsed``."""

    class Constraint(models.TextChoices):
        ASAP = "ASAP", "As soon as possible"
        ALAP = "ALAP", "As late as possible"
        SNET = "SNET", "Start no earlier than"
        SNLT = "SNLT", "Start no later than"
        FNET = "FNET", "Finish no earlier than"
        FNLT = "FNLT", "Finish no later than"
        MSO = "MSO", "Must start on"
        MFO = "MFO", "Must finish on"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    uid = models.IntegerField(help_text="Stable id within the project (MS Project's UID)")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    sort_index = models.IntegerField(db_index=True)
    outline_level = models.PositiveSmallIntegerField(default=1)
    wbs = models.CharField(max_length=60, blank=True)
    name = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    is_summary = models.BooleanField(default=False)
    is_milestone = models.BooleanField(default=False)
    duration_minutes = models.IntegerField(default=480, validators=[MinValueValidator(0)])
    elapsed = models.BooleanField(default=False)
    manual = models.BooleanField(default=False)
    manual_start = models.DateTimeField(null=True, blank=True)
    manual_finish = models.DateTimeField(null=True, blank=True)
    constraint = models.CharField(max_length=4, choices=Constraint.choices, default=Constraint.ASAP)
    constraint_date = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    calendar = models.ForeignKey(ProjectCalendar, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="tasks")
    priority = models.PositiveSmallIntegerField(default=500, validators=[MaxValueValidator(1000)])
    do_not_level = models.BooleanField(default=False)
    percent_complete = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"),
                                           validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    physical_percent_complete = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True,
                                                    validators=[MinValueValidator(Decimal("0")),
                                                                MaxValueValidator(Decimal("100"))])
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_finish = models.DateTimeField(null=True, blank=True)
    remaining_minutes = models.IntegerField(null=True, blank=True, validators=[MinValueValidator(0)])
    fixed_cost = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    leveled_start = models.DateTimeField(null=True, blank=True,
                                         help_text="Set by resource levelling: the task waits until then")
    # Written by the recompute service
    start = models.DateTimeField(null=True, blank=True)
    finish = models.DateTimeField(null=True, blank=True)
    early_start = models.DateTimeField(null=True, blank=True)
    early_finish = models.DateTimeField(null=True, blank=True)
    late_start = models.DateTimeField(null=True, blank=True)
    late_finish = models.DateTimeField(null=True, blank=True)
    total_float_minutes = models.IntegerField(null=True, blank=True)
    free_float_minutes = models.IntegerField(null=True, blank=True)
    is_critical = models.BooleanField(default=False)

    class Meta:
        ordering = ["project", "sort_index"]
        constraints = [
            models.UniqueConstraint(fields=["project", "uid"], name="task_uid_unique_in_project"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=0), name="task_duration_not_negative"),
            models.CheckConstraint(condition=Q(percent_complete__gte=0) & Q(percent_complete__lte=100),
                                   name="task_percent_0_to_100"),
        ]
        indexes = [
            models.Index(fields=["project", "parent"]),
            # the cockpit's milestones due and late: open milestones only (a few % of the tasks)
            models.Index(fields=["project", "finish"], condition=Q(is_milestone=True, actual_finish__isnull=True),
                         name="task_open_milestones"),
        ]

    def __str__(self) -> str:
        return f"{self.wbs} {self.name}".strip()


class TaskLink(Versioned):
    class Type(models.TextChoices):
        FS = "FS", "Finish-to-start"
        SS = "SS", "Start-to-start"
        FF = "FF", "Finish-to-finish"
        SF = "SF", "Start-to-finish"

    class LagKind(models.TextChoices):
        WORKING = "working", "Working time"
        ELAPSED = "elapsed", "Elapsed time"
        PERCENT = "percent", "Percent of the predecessor's duration"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="predecessor_links")
    type = models.CharField(max_length=2, choices=Type.choices, default=Type.FS)
    lag = models.IntegerField(default=0, help_text="Minutes (working or elapsed), or percent; negative = lead")
    lag_kind = models.CharField(max_length=8, choices=LagKind.choices, default=LagKind.WORKING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="one_link_per_task_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} {self.type}"


class Assignment(Versioned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="assignments")
    units = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("1"),
                                validators=[MinValueValidator(Decimal("0"))], help_text="1 = 100 %")
    work_minutes = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    actual_work_minutes = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    # Written by levelling (None = starts with the task)
    leveled_start = models.DateTimeField(null=True, blank=True)
    leveled_finish = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "resource"], name="one_assignment_per_task_resource")]

    def __str__(self) -> str:
        return f"{self.resource} on {self.task}"


class Baseline(models.Model):
    """A frozen copy of the plan; number 0 is "Baseline", 1..10 are "Baseline 1..10" as in MS Project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="baselines")
    number = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    name = models.CharField(max_length=120, blank=True)
    saved_at = models.DateTimeField(auto_now=True)
    saved_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    budget_at_completion = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="one_baseline_per_number"),
            models.CheckConstraint(condition=Q(number__lte=10), name="at_most_11_baselines"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} baseline {self.number}"


class BaselineTask(models.Model):
    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="tasks")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="baseline_rows")
    uid = models.IntegerField()
    name = models.CharField(max_length=300)
    start = models.DateTimeField(null=True, blank=True)
    finish = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.IntegerField(default=0)
    work_minutes = models.IntegerField(default=0)
    cost = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["baseline", "uid"], name="baseline_task_uid_unique")]

    def __str__(self) -> str:
        return f"{self.uid} {self.name}"
