"""/api/v1/documents, /api/v1/configuration-baselines and /api/v1/archives.

Path ids come from the caller's scope (404 otherwise), ids in payloads through ``resolve`` (422 naming the
field); every write calls one service (``documents.services`` or ``documents.archive``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from projectoffice.access import scope_of
from projectoffice.changes.selectors import change_requests_visible_to
from projectoffice.core.api import ErrorOut, resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.documents import archive, selectors, services
from projectoffice.documents.models import (
    ArchivePackage,
    ConfigurationBaseline,
    Document,
    DocumentVersion,
    Folder,
)
from projectoffice.projects.models import Phase
from projectoffice.projects.selectors import projects_visible_to

router = Router(tags=["documents"])
ERRORS: dict[int, type[Schema]] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
API_FIELDS = {"change_request": "change_request_id", "phase": "phase_id", "reviewers": "reviewer_ids"}


@contextmanager
def api_field_names() -> Iterator[None]:
    """A service's refusal names the model's field; the API names its own input (``change_request_id``…)."""
    try:
        yield
    except ApplicationError as exc:
        if exc.field in API_FIELDS:
            exc.errors = {API_FIELDS.get(name, name): text for name, text in exc.errors.items()}
            exc.field = API_FIELDS[exc.field]
        raise


class VersionOut(Schema):
    number: int
    file_name: str
    size: int
    sha256: str
    state: str
    uploaded_at: dt.datetime


class DocumentOut(Schema):
    id: int
    project_id: int
    folder: str
    title: str
    required: bool
    configuration_item: bool
    checked_out_by: str | None
    baselines: list[str]
    versions: list[VersionOut]

    @staticmethod
    def resolve_folder(obj: Document) -> str:
        return obj.folder.name

    @staticmethod
    def resolve_checked_out_by(obj: Document) -> str | None:
        return str(obj.checked_out_by) if obj.checked_out_by else None

    @staticmethod
    def resolve_versions(obj: Document) -> list[DocumentVersion]:
        return list(obj.versions.all())

    @staticmethod
    def resolve_baselines(obj: Document) -> list[str]:
        return sorted({b.name for v in obj.versions.all() for b in v.configuration_baselines.all()})


class DocumentIn(Schema):
    project_id: int
    folder: str
    title: str
    configuration_item: bool = False
    reviewer_ids: list[int] = []


class ReviewIn(Schema):
    decision: str
    comment: str = ""


class BaselineOut(Schema):
    id: int
    project_id: int
    name: str
    taken_at: dt.datetime
    items: list[str]

    @staticmethod
    def resolve_items(obj: ConfigurationBaseline) -> list[str]:
        return [f"{v.document.title} v{v.number}" for v in obj.versions.all()]


class BaselineIn(Schema):
    project_id: int
    name: str
    phase_id: int | None = None


class ArchiveOut(Schema):
    id: int
    project_id: int
    site: str
    name: str
    sha256: str
    size: int
    files: int
    created_at: dt.datetime
    retain_until: dt.date

    @staticmethod
    def resolve_site(obj: ArchivePackage) -> str:
        return obj.site.code


class ArchiveIn(Schema):
    project_id: int


class VerifyOut(Schema):
    ok: bool
    problems: list[str]


class ProjectFilter(Schema):
    project_id: int | None = None


def _for_project(rows, project_id: int | None):  # type: ignore[no-untyped-def]
    return rows if project_id is None else rows.filter(project_id=project_id)


# --- documents ------------------------------------------------------------------------------------------------
@router.get("/documents", response=list[DocumentOut])
def list_documents(request: HttpRequest, filters: Query[ProjectFilter]):
    return list(_for_project(selectors.documents_visible_to(request.user), filters.project_id)[:1000])


@router.post("/documents", response={201: DocumentOut, **ERRORS})
def create_document(request: HttpRequest, payload: DocumentIn):
    project = resolve(projects_visible_to(request.user), payload.project_id, field="project_id", label="project")
    people = scope_of(request.user).people().filter(company_id=project.company_id)  # others are as if absent
    reviewers = [resolve(people, pk, field="reviewer_ids", label="person") for pk in payload.reviewer_ids]
    folder = Folder.objects.filter(project=project, name=payload.folder).first()
    if folder is None:  # after every check: a refused document leaves no new folder behind
        folder = services.folder_create(project=project, by=request.user, name=payload.folder)
    document = services.document_create(folder=folder, by=request.user, title=payload.title,
                                        configuration_item=payload.configuration_item, reviewers=reviewers)
    return Status(201, selectors.document_get_for_user(user=request.user, document_id=document.pk))


@router.get("/documents/{document_id}", response={200: DocumentOut, **ERRORS})
def get_document(request: HttpRequest, document_id: int):
    return selectors.document_get_for_user(user=request.user, document_id=document_id)


@router.post("/documents/{document_id}/versions", response={201: VersionOut, **ERRORS})
def upload_version(request: HttpRequest, document_id: int, file: File[UploadedFile],
                   file_name: Form[str] = "", change_request_id: Form[int | None] = None):
    """Multipart upload; ``file_name`` (optional) is checked as given — browsers strip folders themselves."""
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    change = resolve(change_requests_visible_to(request.user), change_request_id, field="change_request_id",
                     label="change request")
    with api_field_names():
        version = services.version_upload(document=document, by=request.user, name=file_name or file.name or "",
                                          content=file, change_request=change)
    return Status(201, version)


def _version(request: HttpRequest, document_id: int, number: int) -> DocumentVersion:
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    return get_object_or_404(DocumentVersion.objects.select_related("document__project"), document=document,
                             number=number)


@router.post("/documents/{document_id}/versions/{number}/submit", response={200: VersionOut, **ERRORS})
def submit_version(request: HttpRequest, document_id: int, number: int):
    return services.version_submit(version=_version(request, document_id, number), by=request.user)


@router.post("/documents/{document_id}/versions/{number}/review", response={200: VersionOut, **ERRORS})
def review_version(request: HttpRequest, document_id: int, number: int, payload: ReviewIn):
    return services.version_review(version=_version(request, document_id, number), by=request.user,
                                   decision=payload.decision, comment=payload.comment)


@router.post("/documents/{document_id}/checkout", response={200: DocumentOut, **ERRORS})
def check_out(request: HttpRequest, document_id: int):
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    services.document_check_out(document=document, by=request.user)
    return selectors.document_get_for_user(user=request.user, document_id=document_id)


@router.post("/documents/{document_id}/checkin", response={200: DocumentOut, **ERRORS})
def check_in(request: HttpRequest, document_id: int):
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    services.document_check_in(document=document, by=request.user)
    return selectors.document_get_for_user(user=request.user, document_id=document_id)


# --- configuration baselines ----------------------------------------------------------------------------------
@router.get("/configuration-baselines", response=list[BaselineOut])
def list_configuration_baselines(request: HttpRequest, filters: Query[ProjectFilter]):
    return list(_for_project(selectors.configuration_baselines_visible_to(request.user), filters.project_id))


@router.post("/configuration-baselines", response={201: BaselineOut, **ERRORS})
def take_configuration_baseline(request: HttpRequest, payload: BaselineIn):
    project = resolve(projects_visible_to(request.user), payload.project_id, field="project_id", label="project")
    phase = resolve(Phase.objects.filter(project=project), payload.phase_id, field="phase_id", label="phase")
    with api_field_names():
        baseline = services.configuration_baseline_take(project=project, by=request.user, name=payload.name,
                                                        phase=phase)
    return Status(201, selectors.configuration_baselines_visible_to(request.user).get(pk=baseline.pk))


# --- archives -------------------------------------------------------------------------------------------------
@router.get("/archives", response=list[ArchiveOut])
def list_archives(request: HttpRequest, filters: Query[ProjectFilter]):
    return list(_for_project(selectors.archives_visible_to(request.user), filters.project_id))


@router.post("/archives", response={201: ArchiveOut, **ERRORS})
def create_archive(request: HttpRequest, payload: ArchiveIn):
    """Close the project (if it is not yet) and write its package to its manager's site archive."""
    project = resolve(projects_visible_to(request.user), payload.project_id, field="project_id", label="project")
    return Status(201, archive.project_close_and_archive(project=project, by=request.user))


@router.post("/archives/{archive_id}/verify", response={200: VerifyOut, **ERRORS})
def verify_archive(request: HttpRequest, archive_id: int):
    package = get_object_or_404(selectors.archives_visible_to(request.user), pk=archive_id)
    problems = archive.archive_verify(package)
    return {"ok": not problems, "problems": problems}
