"""Reads of libraries, documents, configuration baselines and archives, from the caller's project scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.documents.models import (
    ArchivePackage,
    ConfigurationBaseline,
    Document,
    DocumentVersion,
    Folder,
)
from projectoffice.projects.models import Project
from projectoffice.projects.selectors import projects_visible_to


def _in_scope(user: Any) -> QuerySet[Any]:
    return projects_visible_to(user).values("pk")


def documents_visible_to(user: Any) -> QuerySet[Document]:
    return (Document.objects.filter(project__in=_in_scope(user))
            .select_related("project", "folder", "phase", "checked_out_by__user")
            .prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by")),
                              "reviewers", "versions__configuration_baselines"))


def document_get_for_user(*, user: Any, document_id: int) -> Document:
    return get_object_or_404(documents_visible_to(user), pk=document_id)


def library_of(project: Project) -> QuerySet[Folder]:
    """The project's folders with their documents and versions (three queries whatever the size)."""
    documents = Document.objects.select_related("checked_out_by__user", "phase").prefetch_related("versions")
    return Folder.objects.filter(project=project).prefetch_related(Prefetch("documents", queryset=documents))


def configuration_baselines_visible_to(user: Any) -> QuerySet[ConfigurationBaseline]:
    return (ConfigurationBaseline.objects.filter(project__in=_in_scope(user))
            .select_related("project", "phase", "taken_by__user").prefetch_related("versions__document"))


def archives_visible_to(user: Any) -> QuerySet[ArchivePackage]:
    return ArchivePackage.objects.filter(project__in=_in_scope(user)).select_related("project", "site")
