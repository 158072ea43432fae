"""Archive packages: written to the manager's site folder, verified by checksum, restored into an empty
database only, refused when damaged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from projectoffice.core.errors import ApplicationError
from projectoffice.core.models import AuditRecord
from projectoffice.documents import archive, services
from projectoffice.documents.models import ArchivePackage, ArchivePolicy, Document
from projectoffice.documents.tests.conftest import approved_version
from projectoffice.projects import services as plan
from projectoffice.projects.models import Project, Task


def closed_with_document(project: Project, spec: Document, org: Any) -> ArchivePackage:
    approved_version(spec, org)
    plan.task_add(project=project, by=None, name="Only task", duration_minutes=480)
    for status in ("approved", "active"):
        project = plan.project_set_status(project=project, by=None, status=status)
    return archive.project_close_and_archive(project=project, by=None)


def package_path(package: ArchivePackage) -> Path:
    return Path(settings.ARCHIVE_ROOT) / package.site.code / package.name


@pytest.mark.django_db
def test_it_archives_in_the_managers_site_folder_and_verifies(project_w: Project, spec: Document, org: Any) -> None:
    ArchivePolicy.objects.create(site=org.sites["W"], retention_years=7)
    package = closed_with_document(project_w, spec, org)
    assert package.site == org.people["project-leader"].home_site
    assert package_path(package).is_file()
    assert package.retain_until.year == package.created_at.year + 7
    assert archive.archive_verify(package) == []
    names = zipfile.ZipFile(package_path(package)).namelist()
    assert "data.json" in names and "manifest.json" in names and any(n.startswith("files/documents/") for n in names)
    call_command("archive", "verify", project_w.code)


@pytest.mark.django_db
def test_a_tampered_package_fails_verification_and_restore(project_w: Project, spec: Document, org: Any) -> None:
    package = closed_with_document(project_w, spec, org)
    path = package_path(package)
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"Only task", b"Evil task") if name == "data.json" else data)
    path.write_bytes(buffer.getvalue())
    assert archive.archive_verify(package)
    with pytest.raises(CommandError, match="FAILED"):
        call_command("archive", "verify", project_w.code)
    assert archive.package_problems(buffer.getvalue()) == ["data.json: checksum mismatch"]
    with pytest.raises(ApplicationError, match="damaged; nothing restored"):
        archive.archive_restore(buffer.getvalue())


@pytest.mark.django_db
def test_an_open_project_is_not_archived_and_a_held_package_not_deleted(project_w: Project, spec: Document,
                                                                       org: Any) -> None:
    with pytest.raises(ApplicationError, match="only a closed project"):
        archive.archive_create(project=project_w, by=None)
    ArchivePolicy.objects.create(site=org.sites["W"], retention_years=0, legal_hold=True)
    package = closed_with_document(project_w, spec, org)
    with pytest.raises(ApplicationError, match="legal hold"):
        archive.archive_delete(package=package, by=None)
    assert package_path(package).is_file()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_full_database_and_fills_an_empty_one(org: Any) -> None:
    from projectoffice.projects.tests.conftest import make_project

    project = make_project(org, "W-ARC-1")
    plan.member_add(project=project, by=None, person=org.people["team-member"], role="member")
    folder = services.folder_create(project=project, by=None, name="Engineering")
    spec = services.document_create(folder=folder, by=None, title="Spec", configuration_item=True,
                                    reviewers=[org.people["quality-assurance-officer"]])
    package = closed_with_document(project, spec, org)
    data = package_path(package).read_bytes()
    own = ("projects.project", "projects.task", "documents.folder", "documents.document")
    audit = set(AuditRecord.objects.filter(target_type__in=own).values_list("action", "target_id",
                                                                            "actor__username"))
    assert {"document.version_added", "document.review_approve"} <= {action for action, _, _ in audit}
    assert AuditRecord.objects.filter(target_type__in=("organization.site", "people.person")).exists()
    with pytest.raises(CommandError, match="not empty"):
        call_command("archive", "restore", str(package_path(package)))
    call_command("flush", interactive=False, verbosity=0)
    assert archive.database_is_empty()
    call_command("archive", "restore", str(package_path(package)))
    restored = Project.objects.get(code="W-ARC-1")
    assert restored.status == "closed" and Task.objects.filter(project=restored, name="Only task").exists()
    version = Document.objects.get(title="Spec").versions.get()
    assert version.file.read().startswith(b"%PDF")
    restored_audit = set(AuditRecord.objects.values_list("action", "target_id", "actor__username"))
    assert restored_audit == audit - {("archive.created", str(project.pk), None)}  # the site's and people's stay out
    assert data == package_path(package).read_bytes()
