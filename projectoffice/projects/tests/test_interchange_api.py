"""The interchange through the API and the pages: scope (404 outside), rights (403), bad input (422 naming the
field, nothing saved), stale versions (409) and a query count that does not grow with the plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projectoffice.engine.formats.mspdi import parse_mspdi
from projectoffice.engine.formats.mspdi_write import write_mspdi
from projectoffice.engine.network import Link, Network, Task
from projectoffice.projects.interchange.calendar_feed import feed_token
from projectoffice.projects.interchange.mspdi_import import mspdi_import
from projectoffice.projects.interchange.new_project import NewProject
from projectoffice.projects.models import Project
from projectoffice.projects.models import Task as TaskRow


def plan(count: int) -> bytes:
    tasks = tuple(Task(i, f"Task {i}", 480 if i % 10 else 0) for i in range(1, count + 1))
    links = tuple(Link(i, i + 1) for i in range(1, count))
    return write_mspdi(Network(tasks=tasks, links=links, start=dt.datetime(2026, 3, 2, 8)), name="Plan")


def upload(data: bytes, name: str = "plan.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/xml")


@pytest.fixture
def project(org: Any) -> Project:
    made, _ = mspdi_import(data=plan(12), source="plan.xml", by=None,
                           new=NewProject(code="API", business_line=org.units["RAN"], lead_site=org.sites["W"]))
    return made


ENDPOINTS = ["/api/v1/projects/{id}/export.mspdi", "/api/v1/projects/{id}/export.xlsx",
             "/api/v1/projects/{id}/milestones.ics", "/projects/{id}/export.xml", "/projects/{id}/export.xlsx",
             "/projects/{id}/milestones.ics", "/projects/{id}/interchange/", "/projects/{id}/import/"]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_someone_outside_the_project_gets_404(org: Any, project: Project, client_as: Any, url: str) -> None:
    assert client_as(org.user("outsider")).get(url.format(id=project.pk)).status_code == 404


@pytest.mark.parametrize("url", ENDPOINTS[:6])
def test_someone_in_scope_downloads(org: Any, project: Project, client_as: Any, url: str) -> None:
    response = client_as(org.user("pmo-manager")).get(url.format(id=project.pk))
    assert response.status_code == 200 and response.content


# Mounted before the projects routers, whose /projects/{project_id} (a str parameter) would otherwise match it
NEW = "/api/v1/projects/import"


def test_an_import_creates_a_project_and_answers_the_report(org: Any, client_as: Any) -> None:
    response = client_as(org.user("pmo-manager")).post(NEW, {
        "file": upload(plan(5)), "business_line_id": org.units["RAN"].pk, "lead_site_id": org.sites["W"].pk,
        "code": "NEW-1", "name": "From MS Project"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["project_code"] == "NEW-1" and body["report"]["mapped"]["tasks"] == 5
    assert Project.objects.get(code="NEW-1").tasks.count() == 5


def test_a_hostile_upload_is_refused_naming_the_file(org: Any, client_as: Any) -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaa">]><Project><Tasks/></Project>'
    response = client_as(org.user("pmo-manager")).post(NEW, {
        "file": upload(bomb), "business_line_id": org.units["RAN"].pk, "lead_site_id": org.sites["W"].pk,
        "code": "BOMB"})
    assert response.status_code == 422 and response.json()["field"] == "file"
    assert not Project.objects.filter(code="BOMB").exists()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(org: Any, project: Project, client_as: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("projectoffice.projects.interchange.uploads.MAX_BYTES", 100)
    response = client_as(org.user("pmo-manager")).post(f"/api/v1/projects/{project.pk}/import",
                                                       {"file": upload(plan(3))})
    assert response.status_code == 422 and "larger than" in response.json()["detail"]
    assert TaskRow.objects.filter(project=project).count() == 12


def test_a_line_out_of_scope_is_422_naming_the_field(org: Any, client_as: Any) -> None:
    response = client_as(org.user("pmo-manager")).post(NEW, {
        "file": upload(plan(3)), "business_line_id": org.units["XL"].pk, "lead_site_id": org.sites["W"].pk,
        "code": "X"})
    assert response.status_code == 422 and response.json()["field"] == "business_line_id"


def test_an_import_over_a_plan_needs_the_right_and_the_current_version(org: Any, project: Project,
                                                                        client_as: Any) -> None:
    url = f"/api/v1/projects/{project.pk}/import"
    leader = client_as(org.user("project-leader"))  # sees the site's projects, may not change this one
    assert leader.post(url, {"file": upload(plan(3))}).status_code == 403
    manager = client_as(org.user("pmo-manager"))
    stale = manager.post(url, {"file": upload(plan(3)), "version": project.version - 1})
    assert stale.status_code == 409 and TaskRow.objects.filter(project=project).count() == 12
    fresh = manager.post(url, {"file": upload(plan(3)), "version": project.version})
    assert fresh.status_code == 200 and TaskRow.objects.filter(project=project).count() == 3


def test_the_exported_file_is_the_plan(org: Any, project: Project, client_as: Any) -> None:
    response = client_as(org.user("pmo-manager")).get(f"/api/v1/projects/{project.pk}/export.mspdi")
    assert response["Content-Disposition"] == 'attachment; filename="API.xml"'
    assert len(parse_mspdi(response.content).network.links) == 11


@pytest.mark.parametrize("url", ["/api/v1/projects/{id}/export.mspdi", "/api/v1/projects/{id}/export.xlsx",
                                 "/api/v1/projects/{id}/milestones.ics"])
def test_the_query_count_does_not_grow_with_the_plan(org: Any, client_as: Any, url: str) -> None:
    client = client_as(org.user("pmo-manager"))
    counts = []
    for size in (10, 120):
        made, _ = mspdi_import(data=plan(size), source="p.xml", by=None, new=NewProject(
            code=f"Q{size}", business_line=org.units["RAN"], lead_site=org.sites["W"]))
        client.get(url.format(id=made.pk))  # warm the per-request caches alike
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url.format(id=made.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_import_page_creates_a_project_and_shows_the_report(org: Any, client_as: Any) -> None:
    client = client_as(org.user("pmo-manager"))
    assert client.get("/projects/import/").status_code == 200
    response = client.post("/projects/import/", {
        "file": upload(plan(4)), "code": "PAGE", "nature": "other", "business_line": org.units["RAN"].pk,
        "lead_site": org.sites["W"].pk})
    assert response.status_code == 200 and b"Import report" in response.content and b"4 tasks" in response.content


def test_the_import_page_shows_the_reason_under_the_form(org: Any, client_as: Any) -> None:
    response = client_as(org.user("pmo-manager")).post("/projects/import/", {
        "file": upload(b"<Project>"), "code": "BAD", "nature": "other", "business_line": org.units["RAN"].pk,
        "lead_site": org.sites["W"].pk})
    assert response.status_code == 422 and b"Not a readable XML file" in response.content
    assert not Project.objects.filter(code="BAD").exists()


def test_the_feed_opens_with_the_token_link_and_not_with_a_wrong_one(org: Any, project: Project, client_as: Any
                                                                     ) -> None:
    user = org.user("pmo-manager")
    url = f"/projects/{project.pk}/milestones.ics"
    anonymous = client_as(None)
    response = anonymous.get(url, {"user": user.pk, "token": feed_token(user, project)})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert anonymous.get(url, {"user": user.pk, "token": "0" * 40}).status_code == 404
    assert anonymous.get(url).status_code == 404
    outsider = org.user("outsider")
    assert anonymous.get(url, {"user": outsider.pk, "token": feed_token(outsider, project)}).status_code == 404
