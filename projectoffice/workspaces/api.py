"""/api/v1/offices/{office_id}/workspace: an office's workspace figures (what its page shows), for dashboards
and scripts. The office comes from the caller's scope (404 otherwise); every figure from the caller's scope."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from projectoffice.core.api import ErrorOut
from projectoffice.documents.models import LibraryTemplate
from projectoffice.documents.standards import library_template_save
from projectoffice.organization.models import ProjectOffice
from projectoffice.projects.models import LifecycleTemplate
from projectoffice.projects.services.standards import lifecycle_template_save
from projectoffice.workspaces.selectors import (
    PmoWorkspace,
    PsoWorkspace,
    office_get_for_user,
    pmo_workspace,
    pso_workspace,
)
from projectoffice.workspaces.selectors.pso import ProjectHealth

router = Router(tags=["offices"])


class ProjectHealthOut(Schema):
    total: int
    active: int
    green: int
    amber: int
    red: int
    attention: list[str]  # project codes, red first


class PsoOut(Schema):
    sites: list[str]
    people: int
    weeks_submitted: int
    weeks_draft: int
    weeks_missing: int
    lines_awaiting_approval: int
    hours_awaiting_approval: Decimal
    open_past_months: list[str]  # "SITE YYYY-MM": past months not closed yet
    sites_missing_rate: list[str]
    costs_awaiting_approval: int
    changes_pending: int
    documents_in_review: int
    documents_checked_out: int
    legal_holds: list[str]


class PmoOut(Schema):
    lines: list[str]
    pipeline: dict[str, int]
    in_review: list[str]
    scenarios_pending: list[int]
    contract_changes: list[str]
    certifications_expiring: int


class WorkspaceOut(Schema):
    office_id: int
    code: str
    kind: str
    as_of: dt.date
    projects: ProjectHealthOut
    pso: PsoOut | None = None
    pmo: PmoOut | None = None


@router.get("/offices/{office_id}/workspace", response={200: WorkspaceOut, 404: ErrorOut})
def office_workspace(request: HttpRequest, office_id: int) -> WorkspaceOut:
    office = office_get_for_user(user=request.user, office_id=office_id)
    today = timezone.localdate()
    out = WorkspaceOut(office_id=office.pk, code=office.code, kind=office.kind, as_of=today,
                       projects=ProjectHealthOut(total=0, active=0, green=0, amber=0, red=0, attention=[]))
    if office.kind == ProjectOffice.Kind.PMO:
        pmo = pmo_workspace(user=request.user, office=office, today=today)
        out.projects, out.pmo = health_out(pmo.projects), pmo_out(pmo)
    else:
        pso = pso_workspace(user=request.user, office=office, today=today)
        out.projects, out.pso = health_out(pso.projects), pso_out(pso)
    return out


def health_out(h: ProjectHealth) -> ProjectHealthOut:
    return ProjectHealthOut(total=h.total, active=h.active, green=h.green, amber=h.amber, red=h.red,
                            attention=[p.code for p in h.attention])


def pso_out(w: PsoWorkspace) -> PsoOut:
    return PsoOut(
        sites=[s.code for s in w.sites], people=w.time.people, weeks_submitted=w.time.weeks_submitted,
        weeks_draft=w.time.weeks_draft, weeks_missing=w.time.weeks_missing,
        lines_awaiting_approval=w.time.lines_awaiting_approval, hours_awaiting_approval=w.time.hours_awaiting_approval,
        open_past_months=[f"{sp.site.code} {m:%Y-%m}" for sp in w.periods for m, closed in sp.months[1:] if not closed],
        sites_missing_rate=[sp.site.code for sp in w.periods if sp.missing_rate],
        costs_awaiting_approval=w.costs_awaiting_approval, changes_pending=w.changes_pending_count,
        documents_in_review=w.documents_in_review, documents_checked_out=len(w.documents_checked_out),
        legal_holds=[s.code for s in w.legal_holds],
    )


def pmo_out(w: PmoWorkspace) -> PmoOut:
    return PmoOut(
        lines=[u.code for u in w.lines], pipeline={state: n for state, _, n in w.pipeline},
        in_review=[p.code for p in w.in_review], scenarios_pending=[s.pk for s in w.scenarios_pending],
        contract_changes=[f"{c.project.code} CR-{c.number}" for c in w.contract_changes],
        certifications_expiring=len(w.certifications_expiring),
    )


class PhaseIn(Schema):
    name: str
    gate: str = ""


class LifecycleIn(Schema):
    id: int | None = None  # replace this lifecycle of the office; none: create one
    name: str
    phases: list[PhaseIn]


class LibraryDocumentIn(Schema):
    title: str
    phase: str = ""
    configuration_item: bool = False


class LibraryFolderIn(Schema):
    name: str
    documents: list[LibraryDocumentIn] = []


class LibraryTemplateIn(Schema):
    id: int | None = None
    name: str
    folders: list[LibraryFolderIn]


class StandardOut(Schema):
    id: int
    name: str
    content: list[dict[str, Any]]  # a lifecycle's phases or a library template's folders


class StandardsOut(Schema):
    office_id: int
    lifecycles: list[StandardOut]
    library_templates: list[StandardOut]


@router.get("/offices/{office_id}/standards", response={200: StandardsOut, 404: ErrorOut})
def office_standards(request: HttpRequest, office_id: int) -> StandardsOut:
    office = office_get_for_user(user=request.user, office_id=office_id)
    return standards_out(office)


@router.post("/offices/{office_id}/lifecycles", response={200: StandardsOut, 403: ErrorOut, 404: ErrorOut,
                                                          422: ErrorOut})
def office_lifecycle_save(request: HttpRequest, office_id: int, payload: LifecycleIn) -> StandardsOut:
    office = office_get_for_user(user=request.user, office_id=office_id)
    template = get_object_or_404(LifecycleTemplate, office=office, pk=payload.id) if payload.id else None
    lifecycle_template_save(by=request.user, office=office, template=template, name=payload.name,
                            phases=[p.dict() for p in payload.phases])
    return standards_out(office)


@router.post("/offices/{office_id}/library-templates", response={200: StandardsOut, 403: ErrorOut,
                                                                 404: ErrorOut, 422: ErrorOut})
def office_library_template_save(request: HttpRequest, office_id: int, payload: LibraryTemplateIn) -> StandardsOut:
    office = office_get_for_user(user=request.user, office_id=office_id)
    template = get_object_or_404(LibraryTemplate, office=office, pk=payload.id) if payload.id else None
    library_template_save(by=request.user, office=office, template=template, name=payload.name,
                          folders=[f.dict() for f in payload.folders])
    return standards_out(office)


def standards_out(office: ProjectOffice) -> StandardsOut:
    return StandardsOut(
        office_id=office.pk,
        lifecycles=[StandardOut(id=t.pk, name=t.name, content=t.phases)
                    for t in LifecycleTemplate.objects.filter(office=office).order_by("name")],
        library_templates=[StandardOut(id=t.pk, name=t.name, content=t.folders)
                           for t in LibraryTemplate.objects.filter(office=office).order_by("name")],
    )
