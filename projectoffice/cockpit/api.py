"""The cockpit's API: the figures of the drill-down tree (same filters and messages as the page) and this week's
status report of a project as PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from projectoffice.cockpit.reports.content import report_content
from projectoffice.cockpit.reports.fields import sections_check
from projectoffice.cockpit.reports.render import report_pdf
from projectoffice.cockpit.selectors import Node, cockpit, cockpit_filters_parse
from projectoffice.cockpit.services import template_of, week_of
from projectoffice.core.api import ErrorOut
from projectoffice.projects.selectors import project_get_for_user

router = Router(tags=["cockpit"])


class NodeOut(Schema):
    kind: str
    code: str
    name: str
    projects: int
    green: int
    amber: int
    red: int
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    eac: Decimal
    spi: float | None
    cpi: float | None
    milestones_due: int
    milestones_late: int
    children: list[NodeOut] = []


class CockpitOut(Schema):
    month: dt.date
    currency: str
    warnings: list[str]
    tree: NodeOut


def _node(node: Node) -> NodeOut:
    s = node.sums
    return NodeOut(kind=node.kind, code=node.code, name=node.name, projects=s.projects, green=s.green,
                   amber=s.amber, red=s.red, bac=s.bac, pv=s.pv, ev=s.ev, ac=s.ac, eac=s.eac, spi=s.spi, cpi=s.cpi,
                   milestones_due=s.milestones_due, milestones_late=s.milestones_late,
                   children=[_node(c) for c in node.children])


@router.get("/cockpit", response={200: CockpitOut, 422: ErrorOut})
def cockpit_figures(request: HttpRequest, bu: str = "", bl: str = "", site: str = "", nature: str = "",
                    status: str = "", health: str = "", pm: str = "") -> CockpitOut:
    """Company → BU → BL sums of the projects in the caller's scope that pass the filters."""
    params = {"bu": bu, "bl": bl, "site": site, "nature": nature, "status": status, "health": health, "pm": pm}
    view = cockpit(request.user, cockpit_filters_parse(request.user, params))
    return CockpitOut(month=view.month, currency=view.currency, warnings=view.warnings, tree=_node(view.tree))


@router.get("/cockpit/projects/{project_id}/status-report.pdf", response={404: ErrorOut})
def status_report_pdf(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    template = template_of(project.company)
    content = report_content(project=project, week=week_of(dt.date.today()), title=template.title,
                             sections=sections_check(template.sections), commentary="")
    response = HttpResponse(report_pdf(content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="status-{project.code}.pdf"'
    return response
