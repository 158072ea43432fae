"""Library pages: render in scope, 404 outside, refusals shown, constant query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectoffice.documents import services
from projectoffice.documents.models import ArchivePackage, Document, DocumentVersion, Folder
from projectoffice.documents.tests.conftest import approved_version
from projectoffice.projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_pages_render_for_a_member(spec: Document, project_w: Project, org: Any, client_as: Any) -> None:
    approved_version(spec, org)
    client = client_as(org.user("team-member"))
    for name, args in (("documents:library", [project_w.pk]), ("documents:detail", [project_w.pk, spec.pk]),
                       ("documents:baselines", [project_w.pk]), ("documents:archives", [project_w.pk])):
        page = client.get(reverse(name, args=args))
        assert page.status_code == 200, name
    assert "System specification" in client.get(reverse("documents:library", args=[project_w.pk])).content.decode()


def test_a_forbidden_upload_shows_the_error_and_saves_nothing(spec: Document, project_w: Project,
                                                              team_member: Any, client_as: Any) -> None:
    page = client_as(team_member).post(reverse("documents:detail", args=[project_w.pk, spec.pk]),
                                       {"file": SimpleUploadedFile("tool.exe", b"MZ")})
    assert page.status_code == 422 and "files are not accepted" in page.content.decode()
    assert not DocumentVersion.objects.exists()


def test_an_outsider_gets_404(spec: Document, project_w: Project, outsider: Any, org: Any, client_as: Any) -> None:
    approved_version(spec, org)
    client = client_as(outsider)
    for name, args in (("documents:library", [project_w.pk]), ("documents:detail", [project_w.pk, spec.pk]),
                       ("documents:archives", [project_w.pk]), ("documents:download", [project_w.pk, spec.pk, 1])):
        assert client.get(reverse(name, args=args)).status_code == 404


def test_a_member_downloads_a_version_from_the_document_page(spec: Document, project_w: Project, org: Any,
                                                             client_as: Any) -> None:
    approved_version(spec, org)
    client = client_as(org.user("team-member"))
    href = reverse("documents:download", args=[project_w.pk, spec.pk, 1])
    assert f'href="{href}"' in client.get(reverse("documents:detail", args=[project_w.pk, spec.pk])).content.decode()
    response = client.get(href)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'attachment; filename="spec.pdf"' in response["Content-Disposition"]
    assert client.get(reverse("documents:download", args=[project_w.pk, spec.pk, 2])).status_code == 404


def test_the_library_costs_the_same_queries_at_two_sizes(folder: Folder, project_w: Project, org: Any,
                                                         client_as: Any) -> None:
    client = client_as(org.user("team-member"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("documents:library", args=[project_w.pk])).status_code == 200
        return len(queries)

    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            document = services.document_create(folder=folder, by=None, title=f"Doc {i}",
                                                reviewers=[org.people["quality-assurance-officer"]])
            approved_version(document, org)
            services.document_check_out(document=document, by=org.user("team-member"))

    add(0, 1)
    small = count()
    add(1, 3)
    assert count() == small


def test_a_baselined_document_takes_a_version_under_an_approved_change_chosen_by_its_code(
        spec: Document, project_w: Project, org: Any, client_as: Any) -> None:
    from projectoffice.changes import services as changes

    approved_version(spec, org)
    services.configuration_baseline_take(project=project_w, by=None, name="CB-G2")
    raised = [changes.change_request_raise(project=project_w, by=org.user("team-member"), title=title,
                                           description="d", reason="r", category="scope", edits=[])
              for title in ("Spec v2", "Still open")]
    changes.change_request_decide(change_request=raised[0], by=org.user("project-leader"), decision="approve",
                                  rationale="ok")
    client = client_as(org.user("team-member"))
    url = reverse("documents:detail", args=[project_w.pk, spec.pk])
    page = client.get(url).content.decode()
    assert "CR-001 Spec v2" in page and "CR-002" not in page  # only approved changes are offered
    refused = client.post(url, {"file": SimpleUploadedFile("spec.pdf", b"%PDF v2")})
    assert refused.status_code == 422 and "frozen in configuration baseline “CB-G2”" in refused.content.decode()
    accepted = client.post(url, {"file": SimpleUploadedFile("spec.pdf", b"%PDF v2"), "change_request": raised[0].pk},
                           follow=True)
    assert "Version 2 uploaded (draft)." in accepted.content.decode()
    assert spec.versions.get(number=2).change_request == raised[0]


def test_the_archive_page_closes_the_project_and_verifies_its_package(project_w: Project, org: Any,
                                                                      client_as: Any, settings: Any) -> None:
    from pathlib import Path

    from projectoffice.projects import services as plan

    for status in ("approved", "active"):
        project_w = plan.project_set_status(project=project_w, by=None, status=status)
    client = client_as(org.user("project-leader"))
    url = reverse("documents:archives", args=[project_w.pk])
    closed = client.post(url, follow=True).content.decode()
    package = ArchivePackage.objects.get(project=project_w)
    assert f"W-DOC-1 closed and archived as {package.name}" in closed
    assert "every checksum matches" in client.post(url, {"verify": package.pk}, follow=True).content.decode()
    path = Path(settings.ARCHIVE_ROOT) / package.site.code / package.name
    path.write_bytes(path.read_bytes() + b"x")
    assert f"{package.name} FAILED verification" in client.post(url, {"verify": package.pk}, follow=True).content.decode()
    assert client_as(org.user("outsider")).post(url, {"verify": package.pk}).status_code == 404
