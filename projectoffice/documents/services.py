"""Every write on project libraries: layout from the template, documents, versions, reviews, check-out /
check-in, and configuration baselines. Archive packages are written by ``documents.archive``."""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.changes.models import ChangeRequest
from projectoffice.changes.services import is_project_member
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.documents.files import checked_file
from projectoffice.documents.models import (
    ConfigurationBaseline,
    Document,
    DocumentVersion,
    Folder,
    LibraryTemplate,
    Review,
)
from projectoffice.people.models import Person
from projectoffice.projects.models import Phase, Project
from projectoffice.projects.permissions import require_edit

User = Any
State = DocumentVersion.State


def _person(by: User) -> Person | None:
    person_id = scope_of(by).person_id if by is not None else None
    return Person.objects.filter(pk=person_id).first() if person_id else None


def _require_member(by: User, project: Project) -> None:
    if not is_project_member(by, project):
        raise PermissionDenied(f"Only members of {project.code} may change its library.")


@transaction.atomic
def library_apply_template(*, project: Project, by: User, template: LibraryTemplate) -> list[Folder]:
    """Lay out the project's library: the template's folders and the documents each phase requires
    (attached to the project's phase of the same name when it has one). Existing ones are kept."""
    require_edit(by, project)
    phases = {p.name: p for p in Phase.objects.filter(project=project)}
    folders = []
    for position, spec in enumerate(template.folders):
        folder, _ = Folder.objects.get_or_create(project=project, name=spec["name"], defaults={"position": position})
        folders.append(folder)
        for doc in spec.get("documents", ()):
            Document.objects.get_or_create(folder=folder, title=doc["title"], defaults={
                "project": project, "phase": phases.get(doc.get("phase", "")), "required": True,
                "configuration_item": bool(doc.get("configuration_item", False))})
    audit_record(actor=by, action="library.laid_out", target=project, data={"template": template.pk})
    return folders


@transaction.atomic
def folder_create(*, project: Project, by: User, name: str) -> Folder:
    require_edit(by, project)
    if not name.strip() or "/" in name:
        raise ApplicationError("A folder needs a plain name.", field="name")
    if Folder.objects.filter(project=project, name=name.strip()).exists():
        raise ApplicationError(f"There is already a folder “{name.strip()}”.", field="name")
    position = (Folder.objects.filter(project=project).aggregate(p=Max("position"))["p"] or 0) + 1
    folder = Folder.objects.create(project=project, name=name.strip(), position=position)
    audit_record(actor=by, action="folder.created", target=folder)
    return folder


@transaction.atomic
def document_create(*, folder: Folder, by: User, title: str, configuration_item: bool = False,
                    reviewers: list[Person] | None = None) -> Document:
    _require_member(by, folder.project)
    if not title.strip():
        raise ApplicationError("A document needs a title.", field="title")
    if Document.objects.filter(folder=folder, title=title.strip()).exists():
        raise ApplicationError(f"“{title.strip()}” is already in {folder.name}.", field="title")
    document = Document.objects.create(project=folder.project, folder=folder, title=title.strip(),
                                       configuration_item=configuration_item)
    document.reviewers.set(reviewers or [])
    audit_record(actor=by, action="document.created", target=document)
    return document


def baselines_holding(document: Document) -> list[ConfigurationBaseline]:
    return list(ConfigurationBaseline.objects.filter(versions__document=document).distinct())


def _require_change(document: Document, change_request: ChangeRequest | None) -> None:
    """A document frozen in a configuration baseline changes only under an approved change request."""
    held = baselines_holding(document)
    if not held:
        return
    if change_request is None or change_request.project_id != document.project_id \
            or change_request.status != ChangeRequest.Status.APPROVED:
        raise ApplicationError(
            f"“{document.title}” is frozen in configuration baseline “{held[0].name}”: a new version needs an "
            "approved change request of this project.", field="change_request")


@transaction.atomic
def version_upload(*, document: Document, by: User, name: str, content: File,
                   change_request: ChangeRequest | None = None) -> DocumentVersion:
    """Add a draft version; refused (nothing stored) for a bad file, a document checked out by someone else,
    or a baselined document without an approved change request."""
    _require_member(by, document.project)
    person = _person(by)
    if document.checked_out_by_id is not None and document.checked_out_by_id != (person.pk if person else None):
        raise ApplicationError(f"“{document.title}” is checked out by {document.checked_out_by}.", field="file",
                               status=409)
    _require_change(document, change_request)
    name, size, digest = checked_file(name, content)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(document=document, number=number, file_name=name, size=size, sha256=digest,
                              uploaded_by=person, change_request=change_request)
    version.file.save(name, content, save=False)
    version.save()
    audit_record(actor=by, action="document.version_added", target=document, data={"number": number})
    return version


@transaction.atomic
def version_submit(*, version: DocumentVersion, by: User) -> DocumentVersion:
    """Draft → in review; the document needs reviewers."""
    _require_member(by, version.document.project)
    if version.state != State.DRAFT:
        raise ApplicationError(f"Version {version.number} is {version.get_state_display()}, not a draft.",
                               field="state", status=409)
    if not version.document.reviewers.exists():
        raise ApplicationError("Name the reviewers of this document first.", field="reviewers")
    version.reviews.all().delete()  # a resubmitted draft is reviewed afresh
    version.state = State.IN_REVIEW
    version.save(update_fields=["state"])
    audit_record(actor=by, action="document.submitted", target=version.document, data={"number": version.number})
    return version


@transaction.atomic
def version_review(*, version: DocumentVersion, by: User, decision: str, comment: str = "") -> DocumentVersion:
    """A reviewer's decision: a rejection sends the version back to draft; once every reviewer approved, the
    version is approved and earlier approved versions become obsolete."""
    person = _person(by)
    if person is None or not version.document.reviewers.filter(pk=person.pk).exists():
        raise PermissionDenied(f"You are not a reviewer of “{version.document.title}”.")
    if version.state != State.IN_REVIEW:
        raise ApplicationError(f"Version {version.number} is not in review.", field="state", status=409)
    if decision not in Review.Decision.values:
        raise ApplicationError(f"“{decision}” is not a review decision (approve, reject).", field="decision")
    Review.objects.update_or_create(version=version, reviewer=person,
                                    defaults={"decision": decision, "comment": comment})
    if decision == Review.Decision.REJECT:
        version.state = State.DRAFT
    elif not version.document.reviewers.exclude(
            pk__in=version.reviews.filter(decision=Review.Decision.APPROVE).values("reviewer")).exists():
        version.document.versions.filter(state=State.APPROVED).update(state=State.OBSOLETE)
        version.state = State.APPROVED
    version.save(update_fields=["state"])
    audit_record(actor=by, action=f"document.review_{decision}", target=version.document,
                 data={"number": version.number, "comment": comment})
    return version


@transaction.atomic
def document_check_out(*, document: Document, by: User) -> Document:
    """Lock the document for the caller: nobody else may add a version until it is checked in."""
    _require_member(by, document.project)
    person = _person(by)
    if person is None:
        raise PermissionDenied("Only a person may check a document out.")
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.checked_out_by_id not in (None, person.pk):
        raise ApplicationError(f"“{document.title}” is already checked out by {locked.checked_out_by}.",
                               field="checked_out_by", status=409)
    document.checked_out_by, document.checked_out_at = person, timezone.now()
    document.save(update_fields=["checked_out_by", "checked_out_at"])
    audit_record(actor=by, action="document.checked_out", target=document)
    return document


@transaction.atomic
def document_check_in(*, document: Document, by: User, name: str | None = None, content: File | None = None,
                      change_request: ChangeRequest | None = None) -> Document:
    """Release the lock, with a new version when a file is given (all or nothing)."""
    person = _person(by)
    if document.checked_out_by_id is None or (person is None or document.checked_out_by_id != person.pk):
        raise ApplicationError(f"“{document.title}” is not checked out by you.", field="checked_out_by",
                               status=409)
    if content is not None:
        version_upload(document=document, by=by, name=name or "", content=content, change_request=change_request)
    document.checked_out_by, document.checked_out_at = None, None
    document.save(update_fields=["checked_out_by", "checked_out_at"])
    audit_record(actor=by, action="document.checked_in", target=document)
    return document


@transaction.atomic
def configuration_baseline_take(*, project: Project, by: User, name: str,
                                phase: Phase | None = None) -> ConfigurationBaseline:
    """Freeze the latest approved version of every configuration item of the project (at a gate)."""
    require_edit(by, project)
    if not name.strip():
        raise ApplicationError("A configuration baseline needs a name.", field="name")
    if ConfigurationBaseline.objects.filter(project=project, name=name.strip()).exists():
        raise ApplicationError(f"There is already a configuration baseline “{name.strip()}”.", field="name")
    if phase is not None and phase.project_id != project.pk:
        raise ApplicationError("That phase belongs to another project.", field="phase")
    items = list(Document.objects.filter(project=project, configuration_item=True).prefetch_related("versions"))
    if not items:
        raise ApplicationError("The project has no configuration items to freeze.", field="name")
    versions = [_approved(item) for item in items]
    baseline = ConfigurationBaseline.objects.create(project=project, name=name.strip(), phase=phase,
                                                    taken_by=_person(by))
    baseline.versions.set(versions)
    audit_record(actor=by, action="configuration_baseline.taken", target=baseline,
                 data={"versions": [v.pk for v in versions]})
    return baseline


def _approved(document: Document) -> DocumentVersion:
    approved = [v for v in document.versions.all() if v.state == State.APPROVED]
    if not approved:
        raise ApplicationError(f"Configuration item “{document.title}” has no approved version yet.", field="name")
    return max(approved, key=lambda v: v.number)
