"""How the access walk (core/tests/test_access.py) exercises the document endpoints.

``populate`` files one configuration item with an approved version in three projects of both companies and takes a
configuration baseline of each; no archive is written (it closes the project and writes a package to a site's
archive), so the archive routes check empty lists and refusals only. ``visible``: documents, versions,
configuration baselines and archives are seen with their project (``projectoffice/access.py``'s rules).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from projectoffice.core.tests.api_walk import Route, create, list_of, read, write
from projectoffice.documents.models import ArchivePackage, ConfigurationBaseline, Document, DocumentVersion
from projectoffice.projects.models import Project
from projectoffice.projects.tests.access_routes import of_projects, projects_seen, reach

V = "/api/v1"
D = f"{V}/documents/{{document_id}}"
ROW_SETS: dict[str, Any] = {"documents": Document, "document_versions": DocumentVersion,
                            "configuration_baselines": ConfigurationBaseline, "archives": ArchivePackage}


def populate(org: Any) -> None:
    from projectoffice.documents import services

    for code in ("P-W", "P-AUS", "P-Z"):
        project = Project.objects.get(code=code)
        folder = services.folder_create(project=project, by=None, name="Specifications")
        reviewer = "outsider" if code == "P-Z" else "quality-assurance-officer"
        document = services.document_create(folder=folder, by=None, title=f"Specification {code}",
                                            configuration_item=True, reviewers=[org.people[reviewer]])
        version = services.version_upload(document=document, by=None, name="spec.txt",
                                          content=ContentFile(b"v1", "spec.txt"))
        services.version_review(version=services.version_submit(version=version, by=None),
                                by=org.users[reviewer], decision="approve")
        services.configuration_baseline_take(project=project, by=None, name=f"Design {code}")


def visible(user: Any, seen: dict[str, set[int]]) -> dict[str, set[int]]:
    projects = projects_seen(reach(user))
    documents = of_projects(Document, projects)
    return {"documents": documents, "configuration_baselines": of_projects(ConfigurationBaseline, projects),
            "archives": of_projects(ArchivePackage, projects),
            "document_versions": {pk for pk, d in DocumentVersion.objects.values_list("pk", "document_id")
                                  if d in documents}}


def _document(ids: Any) -> dict[str, Any]:
    return {"project_id": ids["projects"], "folder": "Walk", "title": "Walk", "reviewer_ids": [ids["people"]]}


VERSION = ("document_id", "number")
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", f"{V}/documents"): list_of("documents"),
    ("POST", f"{V}/documents"): create("documents", _document, projects="project_id", people="reviewer_ids"),
    ("GET", D): read("documents"),
    ("POST", f"{D}/versions"): write(
        "documents", lambda ids: {"file": ContentFile(b"v2", "spec.txt")}, form=True),
    ("POST", f"{D}/versions/{{number}}/submit"): write("document_versions", ids=VERSION),
    ("POST", f"{D}/versions/{{number}}/review"): write(
        "document_versions", lambda ids: {"decision": "approved"}, ids=VERSION),
    ("POST", f"{D}/checkout"): write("documents"),
    ("POST", f"{D}/checkin"): write("documents"),
    ("GET", f"{V}/configuration-baselines"): list_of("configuration_baselines"),
    ("POST", f"{V}/configuration-baselines"): create(
        "configuration_baselines", lambda ids: {"project_id": ids["projects"], "name": "Walk"}, projects="project_id"),
    ("GET", f"{V}/archives"): list_of("archives"),
    ("POST", f"{V}/archives"): create("archives", lambda ids: {"project_id": ids["projects"]}, projects="project_id"),
    ("POST", f"{V}/archives/{{archive_id}}/verify"): write("archives"),
}
