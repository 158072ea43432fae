"""The PMO's workspace: the business line's portfolio pipeline, its projects' health, its standards, the
certifications of its people and the changes that touch contracts. About fifteen queries whatever the size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from projectoffice.changes.models import ChangeRequest
from projectoffice.cockpit.models import ReportTemplate
from projectoffice.documents.models import LibraryTemplate
from projectoffice.organization.models import OrgUnit, ProjectOffice
from projectoffice.people.models import Certification
from projectoffice.people.selectors import people_visible_to
from projectoffice.portfolio.models import Proposal, Scenario
from projectoffice.portfolio.selectors import proposals_visible_to, scenarios_visible_to
from projectoffice.projects.models import LifecycleTemplate
from projectoffice.projects.selectors import projects_visible_to
from projectoffice.workspaces.selectors.offices import AnyUser
from projectoffice.workspaces.selectors.pso import ATTENTION_ROWS, ProjectHealth, project_health

OPEN_PROPOSAL_STATES = [Proposal.State.IDEA, Proposal.State.SCREENING, Proposal.State.FEASIBILITY,
                        Proposal.State.REVIEW]


@dataclass(frozen=True, slots=True)
class PmoWorkspace:
    office: ProjectOffice
    lines: list[OrgUnit]
    projects: ProjectHealth
    pipeline: list[tuple[str, str, int]]  # (state, label, count) in lifecycle order
    in_review: list[Proposal]
    scenarios_pending: list[Scenario]
    lifecycles: list[LifecycleTemplate]
    libraries: list[LibraryTemplate]
    report_template: ReportTemplate | None
    certifications_expiring: list[Certification]
    contract_changes: list[ChangeRequest]


def pmo_workspace(*, user: AnyUser, office: ProjectOffice, today: dt.date) -> PmoWorkspace:
    lines = line_and_below(office)
    line_ids = [u.pk for u in lines]
    projects = projects_visible_to(user).filter(Q(business_line__in=line_ids) | Q(business_unit__in=line_ids))
    proposals = proposals_visible_to(user).filter(business_line__in=line_ids)
    return PmoWorkspace(
        office=office,
        lines=lines,
        projects=project_health(projects),
        pipeline=pipeline(proposals),
        in_review=list(proposals.filter(state=Proposal.State.REVIEW).order_by("-score", "code")[:ATTENTION_ROWS]),
        scenarios_pending=list(
            scenarios_visible_to(user).filter(business_line__in=line_ids, decision=Scenario.Decision.PENDING)
            .select_related("business_line").order_by("-created_at")[:ATTENTION_ROWS]),
        lifecycles=list(LifecycleTemplate.objects.filter(office=office).order_by("name")),
        libraries=list(LibraryTemplate.objects.filter(office=office).order_by("name")),
        report_template=ReportTemplate.objects.filter(company=office.company_id).first(),
        certifications_expiring=certifications_expiring(user, office, line_ids, today=today),
        contract_changes=list(
            ChangeRequest.objects.filter(project__in=projects.values("pk"), status=ChangeRequest.Status.SUBMITTED)
            .filter(Q(customer_contract_affected=True) | Q(supplier_contract_affected=True))
            .select_related("project").order_by("raised_at")[:ATTENTION_ROWS]),
    )


def line_and_below(office: ProjectOffice) -> list[OrgUnit]:
    """The office's business line and its product lines (the tree is BU → BL → PL)."""
    root = office.business_line_id
    return list(OrgUnit.objects.filter(Q(pk=root) | Q(parent=root) | Q(parent__parent=root)).order_by("code"))


def pipeline(proposals: QuerySet[Proposal]) -> list[tuple[str, str, int]]:
    counts = dict(proposals.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return [(state.value, state.label, counts.get(state.value, 0)) for state in Proposal.State]


def certifications_expiring(user: AnyUser, office: ProjectOffice, line_ids: list[int], *,
                             today: dt.date) -> list[Certification]:
    """Certifications of the line's people (its groups' members and the office's staff) that the user may see,
    lapsing within 90 days."""
    people = Q(person__group__business_line__in=line_ids) | Q(person__roles__office=office)
    return list(
        Certification.objects.filter(people, person__in=people_visible_to(user).values("pk"), expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=90))
        .select_related("person__user").distinct().order_by("expires_on")[:ATTENTION_ROWS]
    )
