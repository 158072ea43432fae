"""Library pages of a project: folders and documents, one document (versions, upload, review, lock),
configuration baselines, and archive packages. Thin: fetch in scope, call one service, render; a refusal
shows under the field with its status (422, 403, 409)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from projectoffice.changes.models import ChangeRequest
from projectoffice.changes.selectors import change_requests_visible_to
from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import restrict, show_error_on_form
from projectoffice.documents import archive, selectors, services
from projectoffice.documents.forms import BaselineForm, DocumentForm, ReviewForm, UploadForm
from projectoffice.documents.models import DocumentVersion, Folder
from projectoffice.projects.models import Phase
from projectoffice.projects.selectors import project_get_for_user


@login_required
def library(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    form = DocumentForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            document = _create(request, project, form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
            status = exc.status
        else:
            return redirect("documents:detail", project_id=project.pk, document_id=document.pk)
    elif request.method == "POST":
        status = 422
    return render(request, "documents/library.html",
                  {"project": project, "folders": selectors.library_of(project), "form": form}, status=status)


def _create(request: HttpRequest, project: Any, data: dict[str, Any]) -> Any:
    folder = Folder.objects.filter(project=project, name=data["folder"]).first() \
        or services.folder_create(project=project, by=request.user, name=data["folder"])
    return services.document_create(folder=folder, by=request.user, title=data["title"],
                                    configuration_item=data["configuration_item"])


@login_required
def detail(request: HttpRequest, project_id: int, document_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=document_id, project=project)
    upload = UploadForm(request.POST or None, request.FILES or None)
    restrict(upload, change_request=change_requests_visible_to(request.user).filter(
        project=project, status=ChangeRequest.Status.APPROVED))
    status = 200
    if request.method == "POST" and upload.is_valid():
        try:
            _upload(request, document, upload.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(upload, exc, aliases={"change_request": "change_request"})
            status = exc.status
        else:
            return redirect("documents:detail", project_id=project.pk, document_id=document.pk)
    elif request.method == "POST":
        status = 422
    context = {"project": project, "document": document, "upload": upload, "review": ReviewForm(),
               "baselines": services.baselines_holding(document)}
    return render(request, "documents/detail.html", context, status=status)


def _upload(request: HttpRequest, document: Any, data: dict[str, Any]) -> None:
    upload = data["file"]
    version = services.version_upload(document=document, by=request.user, name=upload.name, content=upload,
                                      change_request=data["change_request"])
    messages.success(request, f"Version {version.number} uploaded (draft).")


@login_required
def download(request: HttpRequest, project_id: int, document_id: int, number: int) -> FileResponse:
    """A version's file, for whoever sees the document (uploaded files are not served from MEDIA_URL)."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=document_id, project=project)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file_name)


@login_required
@require_POST
def action(request: HttpRequest, project_id: int, document_id: int, verb: str) -> HttpResponse:
    """Submit, review, check out or check in; a refusal comes back as a message on the document page."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=document_id, project=project)
    try:
        _act(request, document, verb)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("documents:detail", project_id=project.pk, document_id=document.pk)


def _act(request: HttpRequest, document: Any, verb: str) -> None:
    if verb == "checkout":
        services.document_check_out(document=document, by=request.user)
        messages.success(request, "Checked out: only you may add versions until you check it in.")
    elif verb == "checkin":
        services.document_check_in(document=document, by=request.user)
        messages.success(request, "Checked in.")
    else:
        version = get_object_or_404(DocumentVersion, document=document, number=request.POST.get("number") or 0)
        if verb == "submit":
            services.version_submit(version=version, by=request.user)
            messages.success(request, f"Version {version.number} submitted for review.")
        else:
            form = ReviewForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("Choose approve or reject.", field="decision")
            version = services.version_review(version=version, by=request.user, **form.cleaned_data)
            messages.success(request, f"Your review is recorded; version {version.number} is "
                                      f"{version.get_state_display().lower()}.")


@login_required
def baselines(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    form = BaselineForm(request.POST or None)
    form.fields["phase"].queryset = Phase.objects.filter(project=project)  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            baseline = services.configuration_baseline_take(project=project, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
            status = exc.status
        else:
            messages.success(request, f"Configuration baseline “{baseline.name}” taken "
                                      f"({baseline.versions.count()} items frozen).")
            return redirect("documents:baselines", project_id=project.pk)
    elif request.method == "POST":
        status = 422
    rows = selectors.configuration_baselines_visible_to(request.user).filter(project=project)
    return render(request, "documents/baselines.html", {"project": project, "baselines": rows, "form": form},
                  status=status)


@login_required
def archives(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    rows = selectors.archives_visible_to(request.user).filter(project=project)
    if request.method == "POST" and request.POST.get("verify"):
        _verify(request, get_object_or_404(rows, pk=request.POST["verify"]))
        return redirect("documents:archives", project_id=project.pk)
    if request.method == "POST":
        try:
            package = archive.project_close_and_archive(project=project, by=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{project.code} closed and archived as {package.name} at {package.site}.")
        return redirect("documents:archives", project_id=project.pk)
    return render(request, "documents/archives.html", {"project": project, "packages": rows})


def _verify(request: HttpRequest, package: Any) -> None:
    problems = archive.archive_verify(package)
    if problems:
        messages.error(request, f"{package.name} FAILED verification: " + "; ".join(problems))
    else:
        messages.success(request, f"{package.name}: {package.files} files, every checksum matches.")
