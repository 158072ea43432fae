"""Change requests on a project's plan, their impact analysis, the change control board and its votes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from projectoffice.core.versioning import Versioned
from projectoffice.people.models import Person
from projectoffice.projects.models import Project


class Category(models.TextChoices):
    SCOPE = "scope", _("Scope")
    SCHEDULE = "schedule", _("Schedule")
    COST = "cost", _("Cost")
    CONTRACT = "contract", _("Contract")
    QUALITY = "quality", _("Quality")


class ChangeBoard(models.Model):
    """The change control board of one project: who decides, and how many approvals carry a request."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="change_board")
    approvers = models.ManyToManyField(Person, related_name="change_boards")
    quorum = models.PositiveSmallIntegerField(default=1)

    def __str__(self) -> str:
        return f"Change board of {self.project_id} (quorum {self.quorum})"


class ChangeRequest(Versioned):
    """A proposed change of the plan: structured ``edits`` (see ``changes.edits``) and their measured impact."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEFERRED = "deferred", _("Deferred")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_requests")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField()
    reason = models.TextField()
    category = models.CharField(max_length=10, choices=Category.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    raised_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="raised_changes")
    raised_at = models.DateTimeField(auto_now_add=True)
    edits = models.JSONField(default=list, blank=True)
    impact = models.JSONField(null=True, blank=True, help_text="The last impact analysis (changes.impact)")
    customer_contract_affected = models.BooleanField(default=False)
    supplier_contract_affected = models.BooleanField(default=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "-number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="one_change_number")]

    @property
    def code(self) -> str:
        return f"CR-{self.number:03d}"

    @property
    def contract_affected(self) -> bool:
        return self.customer_contract_affected or self.supplier_contract_affected

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Vote(models.Model):
    """One board member's decision on a request, with the rationale."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        DEFER = "defer", _("Defer")

    change_request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="votes")
    approver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="change_votes")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    rationale = models.TextField()
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["voted_at"]
        constraints = [models.UniqueConstraint(fields=["change_request", "approver"], name="one_vote_each")]

    def __str__(self) -> str:
        return f"{self.approver_id} {self.decision} {self.change_request_id}"
