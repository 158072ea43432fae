"""Status reports of a project: generate (archived), export as HTML/PDF/XLSX, distribution lists, send, the
corporate template (PMO). A project out of the user's scope is 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from projectoffice.cockpit import services
from projectoffice.cockpit.models import DistributionList, StatusReport
from projectoffice.cockpit.permissions import may_edit_template
from projectoffice.cockpit.reports.content import ReportContent, report_content
from projectoffice.cockpit.reports.fields import FIELDS, sections_check, sections_parse, sections_text
from projectoffice.cockpit.reports.render import report_html, report_pdf, report_xlsx
from projectoffice.cockpit.views.scorecard import _company
from projectoffice.core.errors import ApplicationError
from projectoffice.projects.selectors import project_get_for_user

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


@login_required
def project_reports(request: HttpRequest, project_id: int, *, error: ApplicationError | None = None,
                    status: int = 200) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    context = {"project": project, "error": error, "form": request.POST if error else {},
               "reports": StatusReport.objects.filter(project=project).defer("pdf", "html")[:50],
               "lists": DistributionList.objects.filter(project=project)}
    return render(request, "cockpit/reports.html", context, status=status)


@login_required
def report_export(request: HttpRequest, project_id: int, fmt: str) -> HttpResponse:
    """This week's report, built now from the data (not archived: the archive keeps what was sent)."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    if fmt not in CONTENT_TYPES:
        raise Http404
    template = services.template_of(project.company)
    monday = services.week_of(dt.date.today())
    content = report_content(project=project, week=monday, title=template.title,
                             sections=sections_check(template.sections), commentary=request.GET.get("commentary", ""))
    renderers: dict[str, Callable[[ReportContent], bytes | str]] = {"pdf": report_pdf, "xlsx": report_xlsx,
                                                                      "html": report_html}
    body = renderers[fmt](content)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="status-{project.code}-{monday}.{fmt}"'
    return response


@login_required
@require_POST
def report_generate(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    try:
        report = services.status_report_generate(by=request.user, project=project,
                                                 commentary=request.POST.get("commentary", "")[:10_000])
        recipients = request.POST.get("recipients", "").replace(";", ",").replace("\n", ",").split(",")
        if any(r.strip() for r in recipients):
            services.status_report_send(by=request.user, report=report, recipients=recipients)
    except ApplicationError as exc:
        return project_reports(request, project_id, error=exc, status=exc.status)
    messages.success(request, "Status report generated" + (" and sent." if report.sent_to else "."))
    return redirect("cockpit:reports", project_id=project.pk)


@login_required
@require_POST
def distribution_list_set(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    try:
        services.distribution_list_set(by=request.user, project=project, name=request.POST.get("name", ""),
                                       recipients=request.POST.get("recipients", "").replace("\n", ",").split(","),
                                       weekly=request.POST.get("weekly") == "1")
    except ApplicationError as exc:
        return project_reports(request, project_id, error=exc, status=exc.status)
    messages.success(request, "Distribution list saved.")
    return redirect("cockpit:reports", project_id=project.pk)


@login_required
def archived_report(request: HttpRequest, project_id: int, report_id: int, fmt: str) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    report = get_object_or_404(StatusReport, pk=report_id, project=project)
    if fmt == "pdf":
        response = HttpResponse(bytes(report.pdf), content_type=CONTENT_TYPES["pdf"])
        response["Content-Disposition"] = f'attachment; filename="{report.file_name}"'
        return response
    return HttpResponse(report.html, content_type=CONTENT_TYPES["html"])


@login_required
def template_edit(request: HttpRequest) -> HttpResponse:
    company = _company(request)
    template = services.template_of(company)
    error, status, text, title = None, 200, sections_text(template.sections), template.title
    if request.method == "POST":
        text, title = request.POST.get("sections", ""), request.POST.get("title", "")
        try:
            services.report_template_update(by=request.user, company=company, title=title,
                                            sections=sections_parse(text))
            messages.success(request, "Template saved.")
            return redirect("cockpit:template")
        except ApplicationError as exc:
            error, status = exc, exc.status
    context = {"template": template, "text": text, "title": title, "fields": FIELDS, "error": error,
               "may_edit": may_edit_template(request.user, company=company)}
    return render(request, "cockpit/template.html", context, status=status)
