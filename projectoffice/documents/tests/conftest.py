"""Fixtures of the documents app: a project at Site W with a library and a reviewed configuration item."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from projectoffice.documents import services
from projectoffice.documents.models import Document, DocumentVersion, Folder
from projectoffice.projects import services as plan
from projectoffice.projects.models import Project, ProjectRole
from projectoffice.projects.tests.conftest import make_project

PDF = b"%PDF-1.4 test document\n"


def pdf(text: str = "v") -> ContentFile:
    return ContentFile(PDF + text.encode())


@pytest.fixture
def project_w(org: Any) -> Project:
    project = make_project(org, "W-DOC-1")
    plan.member_add(project=project, by=None, person=org.people["team-member"], role=ProjectRole.MEMBER)
    return project


@pytest.fixture
def folder(project_w: Project) -> Folder:
    return services.folder_create(project=project_w, by=None, name="Engineering")


@pytest.fixture
def spec(folder: Folder, org: Any) -> Document:
    """A configuration item reviewed by the quality assurance officer."""
    return services.document_create(folder=folder, by=None, title="System specification", configuration_item=True,
                                    reviewers=[org.people["quality-assurance-officer"]])


def approved_version(document: Document, org: Any, by: Any = None) -> DocumentVersion:
    version = services.version_upload(document=document, by=by or org.user("team-member"), name="spec.pdf",
                                      content=pdf())
    services.version_submit(version=version, by=org.user("team-member"))
    return services.version_review(version=version, by=org.user("quality-assurance-officer"), decision="approve")
