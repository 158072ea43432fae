"""A person (a user with a profile), the roles they hold and where, their certifications and skills."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from projectoffice.core.codes import code_validator
from projectoffice.core.validation import require_unique_code
from projectoffice.core.versioning import Versioned
from projectoffice.organization.models import Company, Group, OrgUnit, ProjectOffice, Site


class Person(Versioned):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="people")
    home_site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="people")
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="people",
        help_text="The business line's team at the site the person works in",
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def name(self) -> str:
        return str(self)

    def clean(self) -> None:
        errors = {}
        if self.home_site_id and self.company_id and self.home_site.company_id != self.company_id:
            errors["home_site"] = "The site belongs to another company."
        if self.group is not None and self.home_site_id and self.group.site_id != self.home_site_id:
            errors["group"] = "The group is at another site than the person's home site."
        if self.line_manager_id and self.pk and self.line_manager_id == self.pk:
            errors["line_manager"] = "A person cannot be their own line manager."
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    EXECUTIVE = "executive", "Executive"
    PMO_MANAGER = "pmo-manager", "PMO manager"
    PMO_PROJECT_MANAGER = "pmo-project-manager", "PMO project manager"
    DATA_MANAGER = "data-manager", "Data manager"
    PSO_MANAGER = "pso-manager", "PSO manager"
    PROJECT_LEADER = "project-leader", "Project leader"
    DATA_ADMINISTRATOR = "data-administrator", "Data administrator"
    PROJECT_ADMINISTRATOR = "project-administrator", "Project administrator"
    TOOL_EXPERT = "tool-expert", "Tool expert"
    QUALITY_ASSURANCE_OFFICER = "quality-assurance-officer", "Quality assurance officer"
    TEAM_MEMBER = "team-member", "Team member"


class ScopeKind(models.TextChoices):
    COMPANY = "company", "Company"
    BUSINESS_UNIT = "bu", "Business unit"
    PMO = "pmo", "PMO"
    PSO = "pso", "PSO"
    GROUP = "group", "Group"


PMO_ROLES = frozenset({Role.PMO_MANAGER, Role.PMO_PROJECT_MANAGER, Role.DATA_MANAGER})
PSO_ROLES = frozenset(
    {
        Role.PSO_MANAGER, Role.PROJECT_LEADER, Role.DATA_ADMINISTRATOR, Role.PROJECT_ADMINISTRATOR,
        Role.TOOL_EXPERT, Role.QUALITY_ASSURANCE_OFFICER,
    }
)
SCOPES_OF_ROLE: dict[str, frozenset[str]] = {
    Role.EXECUTIVE: frozenset({ScopeKind.COMPANY, ScopeKind.BUSINESS_UNIT}),
    **{role: frozenset({ScopeKind.PMO}) for role in PMO_ROLES},
    **{role: frozenset({ScopeKind.PSO}) for role in PSO_ROLES},
    Role.TEAM_MEMBER: frozenset({ScopeKind.GROUP}),
}


class RoleAssignment(models.Model):
    """``person`` holds ``role`` in exactly one organisational unit (company, BU, PMO, PSO or group)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    business_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey(ProjectOffice, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    since = models.DateField(default=dt.date.today)

    class Meta:
        ordering = ["person", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(company__isnull=False, business_unit__isnull=True, office__isnull=True, group__isnull=True)
                    | Q(company__isnull=True, business_unit__isnull=False, office__isnull=True, group__isnull=True)
                    | Q(company__isnull=True, business_unit__isnull=True, office__isnull=False, group__isnull=True)
                    | Q(company__isnull=True, business_unit__isnull=True, office__isnull=True, group__isnull=False)
                ),
                name="role_has_exactly_one_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()} of {self.scope_label}"

    @property
    def scope_kind(self) -> str:
        if self.company_id:
            return ScopeKind.COMPANY
        if self.business_unit_id:
            return ScopeKind.BUSINESS_UNIT
        if self.group_id:
            return ScopeKind.GROUP
        return self.office.kind if self.office is not None else ""

    @property
    def scope_label(self) -> str:
        unit = self.company or self.business_unit or self.office or self.group
        return str(unit) if unit else "—"

    def clean(self) -> None:
        allowed = SCOPES_OF_ROLE.get(self.role, frozenset())
        kind = self.scope_kind
        if not kind:
            raise ValidationError({"scope": "Choose the unit the role is held in."})
        if kind not in allowed:
            names = " or ".join(sorted(ScopeKind(k).label for k in allowed))
            raise ValidationError(
                {"scope": f"A {Role(self.role).label.lower()} is scoped to a {names}, not a {ScopeKind(kind).label}."}
            )
        if self.business_unit is not None and self.business_unit.kind != OrgUnit.Kind.BUSINESS_UNIT:
            raise ValidationError({"scope": f"{self.business_unit} is not a business unit."})


class CertificationKind(models.TextChoices):
    PMP = "PMP", "PMP — Project Management Professional (PMI)"
    PGMP = "PgMP", "PgMP — Program Management Professional (PMI)"
    PFMP = "PfMP", "PfMP — Portfolio Management Professional (PMI)"
    PMI_RMP = "PMI-RMP", "PMI-RMP — Risk Management Professional (PMI)"
    PMI_SP = "PMI-SP", "PMI-SP — Scheduling Professional (PMI)"
    PMI_ACP = "PMI-ACP", "PMI-ACP — Agile Certified Practitioner (PMI)"
    CAPM = "CAPM", "CAPM — Certified Associate in Project Management (PMI)"
    PRINCE2_FOUNDATION = "PRINCE2-F", "PRINCE2 Foundation"
    PRINCE2_PRACTITIONER = "PRINCE2-P", "PRINCE2 Practitioner"
    IPMA_C = "IPMA-C", "IPMA Level C"
    CSM = "CSM", "Certified ScrumMaster"


PMI_CERTIFICATIONS = frozenset(
    {
        CertificationKind.PMP, CertificationKind.PGMP, CertificationKind.PFMP, CertificationKind.PMI_RMP,
        CertificationKind.PMI_SP, CertificationKind.PMI_ACP, CertificationKind.CAPM,
    }
)


class Certification(Versioned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(max_length=12, choices=CertificationKind.choices)
    number = models.CharField(max_length=40)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty for a certification that does not expire")

    class Meta:
        ordering = ["person", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="certification_number_unique"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("issued_on")),
                name="certification_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number} ({self.person})"

    def is_current(self, on: dt.date) -> bool:
        return self.issued_on <= on and (self.expires_on is None or self.expires_on >= on)

    def clean(self) -> None:
        if self.expires_on and self.issued_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "The expiry date must come after the issue date."})


class Skill(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="skills")
    code = models.CharField(max_length=30, validators=[code_validator])
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["category", "name"]
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="skill_code_unique_in_company")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        require_unique_code(self, scope={"company_id": self.company_id}, label="skill")


class Proficiency(models.IntegerChoices):
    AWARENESS = 1, "Awareness"
    PRACTITIONER = 2, "Practitioner"
    EXPERIENCED = 3, "Experienced"
    EXPERT = 4, "Expert"
    AUTHORITY = 5, "Authority"


class PersonSkill(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="holders")
    level = models.PositiveSmallIntegerField(
        choices=Proficiency.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="one_level_per_person_and_skill"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=5), name="skill_level_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.skill} ({self.get_level_display()})"


class ApiToken(models.Model):
    """A personal token for scripts. Only a hash is kept; the token is shown once, when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise the token")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
