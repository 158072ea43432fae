"""Document control: uploads, review states, check-out locks, configuration baselines and change control."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from projectoffice.changes import services as changes
from projectoffice.core.errors import ApplicationError
from projectoffice.documents import services
from projectoffice.documents.models import Document, DocumentVersion, Folder, LibraryTemplate
from projectoffice.documents.tests.conftest import approved_version, pdf
from projectoffice.projects.models import Project

pytestmark = pytest.mark.django_db


def test_an_upload_is_stored_through_the_storage_with_its_checksum(spec: Document, team_member: Any) -> None:
    version = services.version_upload(document=spec, by=team_member, name="spec.pdf", content=pdf())
    assert version.number == 1 and version.state == "draft" and len(version.sha256) == 64
    assert default_storage.exists(str(version.file.name))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("../../etc/spec.pdf", pdf(), "not a plain file name"),
    ("C:\\temp\\spec.pdf", pdf(), "not a plain file name"),
    ("spec.exe", ContentFile(b"MZ"), "files are not accepted"),
    ("spec.pdf", ContentFile(b"MZ not a pdf"), "not really a .pdf"),
])
def test_it_refuses_bad_files_and_saves_nothing(spec: Document, team_member: Any, name: str, content: ContentFile,
                                                message: str) -> None:
    with pytest.raises(ApplicationError, match=message) as caught:
        services.version_upload(document=spec, by=team_member, name=name, content=content)
    assert caught.value.field == "file"
    assert not DocumentVersion.objects.exists()


@override_settings(PROJECTOFFICE_DOCUMENT_MAX_BYTES=100)
def test_it_refuses_a_file_over_the_size_limit(spec: Document, team_member: Any) -> None:
    with pytest.raises(ApplicationError, match="the limit is"):
        services.version_upload(document=spec, by=team_member, name="big.pdf", content=pdf("x" * 200))
    assert not DocumentVersion.objects.exists()


def test_review_approves_and_makes_the_previous_version_obsolete(spec: Document, org: Any) -> None:
    first = approved_version(spec, org)
    assert first.state == "approved"
    second = approved_version(spec, org)
    first.refresh_from_db()
    assert (first.state, second.state) == ("obsolete", "approved")


def test_a_rejection_sends_the_version_back_to_draft(spec: Document, org: Any) -> None:
    version = services.version_upload(document=spec, by=org.user("team-member"), name="spec.pdf", content=pdf())
    services.version_submit(version=version, by=org.user("team-member"))
    services.version_review(version=version, by=org.user("quality-assurance-officer"), decision="reject",
                            comment="Incomplete")
    assert version.state == "draft"


def test_a_checked_out_document_refuses_others_versions(spec: Document, org: Any) -> None:
    services.document_check_out(document=spec, by=org.user("team-member"))
    with pytest.raises(ApplicationError, match="checked out by"):
        services.version_upload(document=spec, by=org.user("project-leader"), name="spec.pdf", content=pdf())
    services.document_check_in(document=spec, by=org.user("team-member"), name="spec.pdf", content=pdf("2"))
    spec.refresh_from_db()
    assert spec.checked_out_by is None and spec.versions.count() == 1


def test_a_baselined_document_needs_an_approved_change(spec: Document, project_w: Project, org: Any) -> None:
    approved_version(spec, org)
    baseline = services.configuration_baseline_take(project=project_w, by=None, name="CB-G2")
    assert list(baseline.versions.values_list("document__title", flat=True)) == ["System specification"]
    with pytest.raises(ApplicationError, match="frozen in configuration baseline “CB-G2”"):
        services.version_upload(document=spec, by=org.user("team-member"), name="spec.pdf", content=pdf())
    request = changes.change_request_raise(project=project_w, by=org.user("team-member"), title="Spec v2",
                                           description="d", reason="r", category="scope")
    with pytest.raises(ApplicationError, match="approved change request"):
        services.version_upload(document=spec, by=org.user("team-member"), name="spec.pdf", content=pdf(),
                                change_request=request)
    assert spec.versions.count() == 1
    changes.change_request_decide(change_request=request, by=org.user("project-leader"), decision="approve",
                                  rationale="ok")
    version = services.version_upload(document=spec, by=org.user("team-member"), name="spec.pdf", content=pdf(),
                                      change_request=request)
    assert version.number == 2


def test_a_baseline_refuses_an_item_without_approved_version(spec: Document, project_w: Project) -> None:
    with pytest.raises(ApplicationError, match="has no approved version"):
        services.configuration_baseline_take(project=project_w, by=None, name="CB")


def test_the_library_is_laid_out_from_the_template(project_w: Project, org: Any) -> None:
    template = LibraryTemplate.objects.create(office=org.offices["PMO-RAN"], name="Standard", folders=[
        {"name": "Management", "documents": [{"title": "Charter", "phase": "Definition"}]},
        {"name": "Engineering", "documents": [{"title": "Design", "configuration_item": True}]}])
    services.library_apply_template(project=project_w, by=None, template=template)
    assert list(Folder.objects.filter(project=project_w).values_list("name", flat=True)) == ["Management",
                                                                                            "Engineering"]
    assert Document.objects.get(project=project_w, title="Design").configuration_item


def test_an_outsider_may_not_add_documents(folder: Folder, outsider: Any) -> None:
    with pytest.raises(ApplicationError):
        services.document_create(folder=folder, by=outsider, title="X")
