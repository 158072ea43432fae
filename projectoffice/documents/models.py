"""Project libraries (from the PMO's template), documents with versions and reviews, configuration baselines,
and the archive packages of closed projects with their sites' retention rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from projectoffice.changes.models import ChangeRequest
from projectoffice.core.versioning import Versioned
from projectoffice.organization.models import ProjectOffice, Site
from projectoffice.people.models import Person
from projectoffice.projects.models import Phase, Project


class LibraryTemplate(models.Model):
    """A PMO's corporate library layout: folders and the documents each phase requires.

    ``folders``: ``[{"name": "Management", "documents": [{"title": "Project charter", "phase": "Definition"}]}]``
    """

    office = models.ForeignKey(ProjectOffice, on_delete=models.CASCADE, related_name="library_templates")
    name = models.CharField(max_length=120)
    folders = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.name


class Folder(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="one_folder_name")]

    def __str__(self) -> str:
        return self.name


class Document(Versioned):
    """A controlled document; its state is that of its latest version. A configuration item is frozen in
    configuration baselines: its new versions need an approved change request."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents",
                              help_text="The phase that requires it (from the library template)")
    required = models.BooleanField(default=False)
    configuration_item = models.BooleanField(default=False)
    reviewers = models.ManyToManyField(Person, blank=True, related_name="documents_to_review")
    checked_out_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "folder__position", "title"]
        constraints = [models.UniqueConstraint(fields=["folder", "title"], name="one_document_title")]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        OBSOLETE = "obsolete", _("Obsolete")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=300)
    file_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    uploaded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    change_request = models.ForeignKey(ChangeRequest, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="document_versions")

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class Review(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="document_reviews")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "reviewer"], name="one_review_each")]

    def __str__(self) -> str:
        return f"{self.reviewer_id} {self.decision} {self.version_id}"


class ConfigurationBaseline(models.Model):
    """A frozen set of approved versions of the project's configuration items, taken at a gate."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="configuration_baselines")
    name = models.CharField(max_length=120)
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    versions = models.ManyToManyField(DocumentVersion, related_name="configuration_baselines")

    class Meta:
        ordering = ["project", "-taken_at"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="one_configuration_baseline_name")]

    def __str__(self) -> str:
        return self.name


class ArchivePolicy(models.Model):
    """A site's archive rules: how long packages are kept, and a legal hold that forbids any deletion."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="archive_policy")
    retention_years = models.PositiveSmallIntegerField(default=10)
    legal_hold = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Archive policy of {self.site_id}"


class ArchivePackage(models.Model):
    """One closed project's package in its manager's site archive (see ``documents.archive``)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="archive_packages")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="archive_packages")
    name = models.CharField(max_length=200, help_text="The package's name in the site's archive storage")
    sha256 = models.CharField(max_length=64, help_text="Checksum of the whole package file")
    size = models.PositiveBigIntegerField()
    files = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    retain_until = models.DateField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
