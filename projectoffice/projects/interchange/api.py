"""/api/v1 endpoints of the interchange: import an MS Project file (MSPDI XML or .mpp) into a new project or over
an existing plan, export MSPDI, Excel WBS export/import, and the milestones as iCalendar.

Thin: parse, authorise and fetch through the scope, call one service, serialise. Errors are the API's one format.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from projectoffice.core.api import ErrorOut, resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.organization import selectors as org_selectors
from projectoffice.projects.interchange.calendar_feed import milestones_ics
from projectoffice.projects.interchange.mspdi_export import mspdi_export
from projectoffice.projects.interchange.new_project import NewProject
from projectoffice.projects.interchange.services import plan_import
from projectoffice.projects.interchange.uploads import read_upload
from projectoffice.projects.interchange.xlsx_export import xlsx_export
from projectoffice.projects.interchange.xlsx_import import xlsx_import
from projectoffice.projects.models import Nature
from projectoffice.projects.selectors.projects import project_get_for_user

router = Router(tags=["interchange"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NotKeptOut(Schema):
    where: str
    count: int
    examples: list[str]
    reason: str


class ReportOut(Schema):
    source: str
    project: str
    created_project: bool
    mapped: dict[str, int]
    not_kept: list[NotKeptOut]
    warnings: list[str]
    recomputed: bool


class ImportOut(Schema):
    project_id: int
    project_code: str
    version: int
    report: ReportOut


def _out(project: Any, report: Any) -> dict[str, Any]:
    return {"project_id": project.pk, "project_code": project.code, "version": project.version,
            "report": report.as_data()}


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post("/projects/import", response={201: ImportOut, **ERRORS})
def import_new(request: HttpRequest, file: File[UploadedFile], business_line_id: Form[int], lead_site_id: Form[int],
               code: Form[str], name: Form[str] = "", nature: Form[str] = Nature.OTHER):
    """A new project from an MS Project file (MSPDI XML or .mpp); the response carries the import report."""
    if nature not in Nature.values:
        raise ApplicationError(f"Unknown nature {nature!r}.", field="nature")
    new = NewProject(code=code, name=name, nature=nature,
                     business_line=resolve(org_selectors.org_units_visible_to(request.user), business_line_id,
                                           field="business_line_id", label="business line"),
                     lead_site=resolve(org_selectors.sites_visible_to(request.user), lead_site_id,
                                       field="lead_site_id", label="site"))
    project, report = plan_import(data=read_upload(file), source=file.name or "upload", by=request.user, new=new)
    return Status(201, _out(project, report))


@router.post("/projects/{project_id}/import", response={200: ImportOut, **ERRORS})
def import_over(request: HttpRequest, project_id: int, file: File[UploadedFile], version: Form[int | None] = None):
    """Replace the project's plan with an MS Project file; ``version`` (the project's, as read) guards against a
    concurrent edit."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    project, report = plan_import(data=read_upload(file), source=file.name or "upload", by=request.user,
                                  project=project, expected_version=version)
    return Status(200, _out(project, report))


@router.get("/projects/{project_id}/export.mspdi", response={200: None, **ERRORS})
def export_mspdi(request: HttpRequest, project_id: int):
    """The plan as MS Project XML (opens in MS Project, ProjectLibre, MPXJ)."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    return _download(mspdi_export(project=project), "application/xml", f"{project.code}.xml")


@router.get("/projects/{project_id}/export.xlsx", response={200: None, **ERRORS})
def export_xlsx(request: HttpRequest, project_id: int):
    """The WBS as an Excel sheet (outline-indented names, WBS, durations, dates, predecessors, resources)."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    return _download(xlsx_export(project=project), XLSX, f"{project.code}-wbs.xlsx")


@router.post("/projects/{project_id}/import.xlsx", response={200: ImportOut, **ERRORS})
def import_xlsx(request: HttpRequest, project_id: int, file: File[UploadedFile], version: Form[int | None] = None):
    """Replace the plan with a sheet of the export's layout; every bad cell is named (row and column)."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    project, report = xlsx_import(data=read_upload(file), source=file.name or "upload", by=request.user,
                                  project=project, expected_version=version)
    return Status(200, _out(project, report))


@router.get("/projects/{project_id}/milestones.ics", response={200: None, **ERRORS})
def milestones(request: HttpRequest, project_id: int):
    """The project's milestones as an iCalendar feed (RFC 5545)."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    return HttpResponse(milestones_ics(project=project), content_type="text/calendar; charset=utf-8")
