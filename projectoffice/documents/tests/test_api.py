"""/api/v1/documents, /configuration-baselines, /archives: scope, bad uploads, constant query counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projectoffice.documents import services
from projectoffice.documents.models import Document, DocumentVersion, Folder
from projectoffice.documents.tests.conftest import PDF, approved_version
from projectoffice.projects.models import Project

pytestmark = pytest.mark.django_db


def upload(client: Any, document: Document, name: str, data: bytes, **form: Any) -> Any:
    return client.post(f"/api/v1/documents/{document.pk}/versions",
                       {"file": SimpleUploadedFile("upload.bin", data), "file_name": name, **form})


def test_a_member_uploads_a_version(spec: Document, team_member: Any, client_as: Any) -> None:
    response = upload(client_as(team_member), spec, "spec.pdf", PDF)
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1 and response.json()["state"] == "draft"


@pytest.mark.parametrize(("name", "data"), [("../spec.pdf", PDF), ("spec.exe", b"MZ")])
def test_bad_uploads_answer_422_naming_the_file(spec: Document, team_member: Any, client_as: Any, name: str,
                                                data: bytes) -> None:
    response = upload(client_as(team_member), spec, name, data)
    assert response.status_code == 422 and response.json()["field"] == "file"
    assert not DocumentVersion.objects.exists()


def test_a_baselined_document_refuses_a_version_without_change(spec: Document, project_w: Project, org: Any,
                                                                client_as: Any) -> None:
    approved_version(spec, org)
    services.configuration_baseline_take(project=project_w, by=None, name="CB-G3")
    response = upload(client_as(org.user("team-member")), spec, "spec.pdf", PDF)
    assert response.status_code == 422 and "CB-G3" in response.json()["detail"]
    baselines = client_as(org.user("team-member")).get("/api/v1/configuration-baselines").json()
    assert [b["name"] for b in baselines] == ["CB-G3"]


def test_an_outsider_sees_nothing(spec: Document, outsider: Any, client_as: Any) -> None:
    client = client_as(outsider)
    assert client.get("/api/v1/documents").json() == []
    assert client.get(f"/api/v1/documents/{spec.pk}").status_code == 404
    assert upload(client, spec, "spec.pdf", PDF).status_code == 404
    assert client.get("/api/v1/configuration-baselines").json() == []
    assert client.get("/api/v1/archives").json() == []


def test_the_document_list_costs_the_same_queries_at_two_sizes(folder: Folder, org: Any, client_as: Any) -> None:
    client = client_as(org.user("team-member"))

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            document = services.document_create(folder=folder, by=None, title=f"Doc {i}",
                                                reviewers=[org.people["quality-assurance-officer"]])
            approved_version(document, org)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/documents").status_code == 200
        return len(queries)

    add(1, 0)
    small = count()
    add(3, 1)
    assert count() == small


def test_closing_through_the_api_archives_and_verifies(project_w: Project, org: Any, client_as: Any) -> None:
    from projectoffice.projects import services as plan

    for status in ("approved", "active"):
        project_w = plan.project_set_status(project=project_w, by=None, status=status)
    client = client_as(org.user("project-leader"))
    created = client.post("/api/v1/archives", {"project_id": project_w.pk}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["site"] == "W"
    verified = client.post(f"/api/v1/archives/{created.json()['id']}/verify")
    assert verified.json() == {"ok": True, "problems": []}
    assert client_as(org.user("outsider")).post(f"/api/v1/archives/{created.json()['id']}/verify").status_code == 404


def stored_files() -> set[str]:
    from django.conf import settings

    return {str(p) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


@pytest.mark.parametrize(("name", "data", "says"), [
    ("C:\\spec.pdf", PDF, "not a plain file name"), ("drafts/spec.pdf", PDF, "not a plain file name"),
    ("spec.pdf", b"MZ not a pdf", "not really a .pdf file"), ("spec", PDF, "files are not accepted"),
    ("spec.pdf", PDF + b"x" * 2048, "the limit is"),
])
def test_every_bad_upload_is_refused_naming_the_file_and_stores_nothing(spec: Document, team_member: Any,
                                                                        client_as: Any, settings: Any, name: str,
                                                                        data: bytes, says: str) -> None:
    settings.PROJECTOFFICE_DOCUMENT_MAX_BYTES = 1024
    before = stored_files()
    response = upload(client_as(team_member), spec, name, data)
    assert response.status_code == 422 and response.json()["field"] == "file", response.content
    assert says in response.json()["detail"]
    assert not DocumentVersion.objects.exists() and stored_files() == before


def test_a_baselined_document_takes_a_version_only_under_an_approved_change(spec: Document, project_w: Project,
                                                                            org: Any, client_as: Any) -> None:
    from projectoffice.changes import services as changes

    approved_version(spec, org)
    services.configuration_baseline_take(project=project_w, by=None, name="CB-G3")
    change = changes.change_request_raise(project=project_w, by=org.user("team-member"), title="Spec v2",
                                          description="d", reason="r", category="scope", edits=[])
    client = client_as(org.user("team-member"))
    before = stored_files()
    for form in ({}, {"change_request_id": change.pk}):  # none, then one not approved yet
        response = upload(client, spec, "spec.pdf", PDF, **form)
        assert response.status_code == 422 and response.json()["field"] == "change_request_id"
        assert "frozen in configuration baseline “CB-G3”" in response.json()["detail"]
    assert spec.versions.count() == 1 and stored_files() == before
    changes.change_request_decide(change_request=change, by=org.user("project-leader"), decision="approve",
                                  rationale="ok")
    assert upload(client, spec, "spec.pdf", PDF, change_request_id=change.pk).status_code == 201


def test_a_tampered_archive_fails_verification_through_the_api(project_w: Project, org: Any,
                                                                client_as: Any) -> None:
    from django.conf import settings

    from projectoffice.projects import services as plan

    for status in ("approved", "active"):
        project_w = plan.project_set_status(project=project_w, by=None, status=status)
    client = client_as(org.user("project-leader"))
    created = client.post("/api/v1/archives", {"project_id": project_w.pk}, content_type="application/json").json()
    path = Path(settings.ARCHIVE_ROOT) / created["site"] / created["name"]
    path.write_bytes(path.read_bytes() + b"tampered")
    verified = client.post(f"/api/v1/archives/{created['id']}/verify")
    assert verified.status_code == 200
    assert verified.json() == {"ok": False, "problems": [
        "The package's checksum does not match the one recorded when it was written."]}
