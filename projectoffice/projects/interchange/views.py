"""Interchange pages: import a plan into a new or an existing project (with the report shown after), downloads
(MSPDI, Excel) and the milestones feed (session or per-user token link)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import RequestContext, Template
from django.urls import reverse
from django.views.decorators.http import require_GET

from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import show_error_on_form
from projectoffice.projects.interchange.calendar_feed import feed_token, feed_user, milestones_ics
from projectoffice.projects.interchange.forms import ImportIntoForm, ImportNewForm
from projectoffice.projects.interchange.mspdi_export import mspdi_export
from projectoffice.projects.interchange.new_project import NewProject
from projectoffice.projects.interchange.report import ImportReport
from projectoffice.projects.interchange.services import plan_import
from projectoffice.projects.interchange.uploads import read_upload
from projectoffice.projects.interchange.xlsx_export import xlsx_export
from projectoffice.projects.interchange.xlsx_import import xlsx_import
from projectoffice.projects.models import Project
from projectoffice.projects.permissions import creation_choices, may_edit_project
from projectoffice.projects.selectors.projects import project_get_for_user, projects_visible_to
from projectoffice.projects.views.projects import NO_CREATION

TEMPLATES = Path(__file__).parent / "templates"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_page(request: HttpRequest, name: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """Render a template kept beside this module (the interchange is part of the projects app, not an app)."""
    template = Template((TEMPLATES / name).read_text(encoding="utf-8"))
    return HttpResponse(template.render(RequestContext(request, context)), status=status)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    """A new project from an MS Project file."""
    choices = creation_choices(request.user)
    if choices is None:
        return render(request, "403.html", {"message": NO_CREATION}, status=403)
    lines, sites = choices
    form = ImportNewForm(request.POST or None, request.FILES or None, lines=lines, sites=sites)
    context: dict[str, Any] = {"form": form, "project": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = form.cleaned_data["file"]
            project, report = plan_import(data=read_upload(upload), source=upload.name or "upload", by=request.user,
                                          new=NewProject(code=data["code"], name=data["name"], nature=data["nature"],
                                                         business_line=data["business_line"],
                                                         lead_site=data["lead_site"]))
            return _report_page(request, project, report)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
    return render_page(request, "import.html", context, status=422 if form.errors else 200)


@login_required
def import_into(request: HttpRequest, project_id: int) -> HttpResponse:
    """Replace a project's plan with an MS Project file or the Excel WBS layout."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    if not may_edit_project(request.user, project):
        raise Http404("Not found (or not yours to change).")
    form = ImportIntoForm(request.POST or None, request.FILES or None, initial={"version": project.version})
    context: dict[str, Any] = {"form": form, "project": project}
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            data = read_upload(upload)
            run = xlsx_import if data[:2] == b"PK" else plan_import
            project, report = run(data=data, source=upload.name or "upload", by=request.user, project=project,
                                  expected_version=form.cleaned_data["version"])
            return _report_page(request, project, report)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
    return render_page(request, "import.html", context, status=422 if form.errors else 200)


def _report_page(request: HttpRequest, project: Project, report: ImportReport) -> HttpResponse:
    mapped = [(count, what.replace("_", " ")) for what, count in report.mapped.items() if count]
    return render_page(request, "import_report.html", {"project": project, "report": report, "mapped": mapped})


@login_required
@require_GET
def export_mspdi(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    return _download(mspdi_export(project=project), "application/xml", f"{project.code}.xml")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    return _download(xlsx_export(project=project), XLSX, f"{project.code}-wbs.xlsx")


@require_GET
def milestones_feed(request: HttpRequest, project_id: int) -> HttpResponse:
    """The milestones feed: with ``?user=&token=`` for calendar applications, else for the logged-in user."""
    token, user_id = request.GET.get("token", ""), request.GET.get("user", "")
    project = Project.objects.select_related("lead_site").filter(pk=project_id).first()
    user = feed_user(user_id, project, token) if token and project is not None else request.user
    if user is None or not user.is_authenticated or project is None:
        raise Http404("Not found (or not in your scope).")
    project = get_object_or_404(projects_visible_to(user).select_related("lead_site"), pk=project_id)
    return HttpResponse(milestones_ics(project=project), content_type="text/calendar; charset=utf-8")


@login_required
@require_GET
def interchange(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's interchange page: downloads, the subscription link, and the import form if allowed."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    feed = reverse("projects:interchange_ics", args=[project.pk])
    link = request.build_absolute_uri(f"{feed}?user={request.user.pk}&token={feed_token(request.user, project)}")
    return render_page(request, "interchange.html", {
        "project": project, "feed_link": link, "may_edit": may_edit_project(request.user, project)})
