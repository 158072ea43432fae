"""Writes on a project itself: create, update, status, health, team, lifecycle phases and gates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.organization.models import Company, OrgUnit, Site
from projectoffice.people.models import Person
from projectoffice.projects.calendars import default_calendar_name
from projectoffice.projects.models import (
    LifecycleTemplate,
    Phase,
    Project,
    ProjectCalendar,
    ProjectMember,
    ProjectRole,
)
from projectoffice.projects.permissions import may_administer_project, require_edit

User = AbstractBaseUser | AnonymousUser | None
PROJECT_FIELDS = (
    "name", "description", "nature", "business_unit", "business_line", "lead_site", "project_manager", "sponsor",
    "customer", "currency", "budget_at_completion", "planned_start", "schedule_from_finish", "planned_finish",
    "status_date", "critical_slack_minutes", "minutes_per_day", "code",
)
SCHEDULE_FIELDS = {"planned_start", "schedule_from_finish", "planned_finish", "status_date", "critical_slack_minutes",
                   "lead_site"}
TRANSITIONS: dict[str, frozenset[str]] = {
    Project.Status.PROPOSED: frozenset({Project.Status.APPROVED, Project.Status.CANCELLED}),
    Project.Status.APPROVED: frozenset({Project.Status.ACTIVE, Project.Status.ON_HOLD, Project.Status.CANCELLED}),
    Project.Status.ACTIVE: frozenset({Project.Status.ON_HOLD, Project.Status.CLOSED, Project.Status.CANCELLED}),
    Project.Status.ON_HOLD: frozenset({Project.Status.ACTIVE, Project.Status.CLOSED, Project.Status.CANCELLED}),
    Project.Status.CLOSED: frozenset(),
    Project.Status.CANCELLED: frozenset(),
}


@transaction.atomic
def project_create(*, by: User, company: Company, code: str, name: str, business_unit: OrgUnit,
                   business_line: OrgUnit, lead_site: Site, planned_start: dt.datetime, currency: str = "",
                   other_sites: list[Site] | None = None, members: list[tuple[Person, str]] | None = None,
                   lifecycle: LifecycleTemplate | None = None, **fields: Any) -> Project:
    """Create a project with its lead site's calendar as default; the project manager becomes a member."""
    unknown = sorted(set(fields) - set(PROJECT_FIELDS))
    if unknown:
        raise ApplicationError(f"{unknown[0]}: unknown field.", field=unknown[0])
    project = Project(company=company, code=code, name=name, business_unit=business_unit,
                      business_line=business_line, lead_site=lead_site, planned_start=planned_start,
                      currency=currency or lead_site.currency, **fields)
    if "minutes_per_day" not in fields:
        project.minutes_per_day = site_minutes_per_day(lead_site)
    if by is not None and not may_administer_project(by, project):
        raise PermissionDenied("You may not create a project for this line and site.")
    validated_save(project)
    _ensure_default_calendar(project)
    if other_sites:
        project.other_sites.set(other_sites)
    if project.project_manager_id:
        ProjectMember.objects.get_or_create(project=project, person=project.project_manager,
                                            role=ProjectRole.MANAGER)
    for person, role in members or ():
        ProjectMember.objects.get_or_create(project=project, person=person, role=role)
    if lifecycle is not None:
        _apply_lifecycle(project, lifecycle)
    audit_record(actor=by, action="project.created", target=project)
    return project


def site_minutes_per_day(site: Site) -> int:
    """A working day of ``site`` in minutes (its working hours, at least an hour; 8 hours if it names none)."""
    minutes = round(site.hours_per_day * 60)
    return min(1440, max(60, minutes)) if minutes else 480


def _ensure_default_calendar(project: Project) -> ProjectCalendar:
    """The lead site's calendar (week, hours, holidays, local closures) as the project's default."""
    calendar = _ensure_default_calendar_for(project)
    if project.calendar_id is None:
        project.calendar = calendar
        project.save(update_fields=["calendar"])
    return calendar


@transaction.atomic
def project_update(*, project: Project, by: User, changes: dict[str, Any], version: int | None = None) -> Project:
    """Change a project's fields; schedule settings trigger a recompute."""
    require_edit(by, project)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    check_version(locked, version)
    changed = apply_changes(project, changes, allowed=PROJECT_FIELDS)
    if not changed:
        return project
    if "lead_site" in changed:
        project.calendar = _ensure_default_calendar_for(project)
        changed.append("calendar")
    project.version = locked.version
    bump_version(project)
    validated_save(project, update_fields=[*changed, "version"])
    audit_record(actor=by, action="project.updated", target=project, data={"fields": sorted(changed)})
    if SCHEDULE_FIELDS & set(changed):
        from projectoffice.projects.services.recompute import project_recompute

        project_recompute(project=project, by=by)
    return project


def _ensure_default_calendar_for(project: Project) -> ProjectCalendar:
    calendar, _ = ProjectCalendar.objects.get_or_create(
        project=project, name=default_calendar_name(project.lead_site),
        defaults={"base_site": project.lead_site, "definition": {}},
    )
    return calendar


def projects_transitions(project: Project) -> frozenset[str]:
    """The statuses the project may move to next."""
    return TRANSITIONS[project.status]


@transaction.atomic
def project_set_status(*, project: Project, by: User, status: str, version: int | None = None) -> Project:
    """Move a project along its lifecycle: proposed → approved → active ⇄ on hold → closed (or cancelled)."""
    require_edit(by, project)
    check_version(project, version)
    if status not in Project.Status.values:
        raise ApplicationError(f"“{status}” is not a project status.", field="status")
    if status not in TRANSITIONS[project.status]:
        raise ApplicationError(
            f"A project {project.get_status_display().lower()} cannot become {Project.Status(status).label.lower()}.",
            field="status")
    before = project.status
    project.status = status
    bump_version(project)
    project.save(update_fields=["status", "version"])
    audit_record(actor=by, action="project.status_changed", target=project, data={"from": before, "to": status})
    if status == Project.Status.CLOSED:
        # Closing archives the project on its manager's site, in the same transaction (seed: "project data
        # should always be archived on the site where the Project Manager is located").
        from projectoffice.documents.archive import archive_create

        archive_create(project=project, by=by)
    return project


@transaction.atomic
def project_set_health(*, project: Project, by: User, health: str, reason: str = "",
                       version: int | None = None) -> Project:
    """Set the RAG health; amber and red need a reason the sponsor can read."""
    require_edit(by, project)
    check_version(project, version)
    if health not in Project.Health.values:
        raise ApplicationError(f"“{health}” is not a health (green, amber, red).", field="health")
    reason = reason.strip()
    if health != Project.Health.GREEN and not reason:
        raise ApplicationError("Say why the project is amber or red.", field="health_reason")
    project.health, project.health_reason = health, reason[:300]
    bump_version(project)
    project.save(update_fields=["health", "health_reason", "version"])
    audit_record(actor=by, action="project.health_set", target=project, data={"health": health, "reason": reason})
    return project


@transaction.atomic
def member_add(*, project: Project, by: User, person: Person, role: str) -> ProjectMember:
    require_edit(by, project)
    if role not in ProjectRole.values:
        raise ApplicationError(f"“{role}” is not a project role.", field="role")
    if person.company_id != project.company_id:
        raise ApplicationError("This person works for another company.", field="person")
    member, created = ProjectMember.objects.get_or_create(project=project, person=person, role=role)
    if not created:
        raise ApplicationError(f"{person} already has this role in the project.", field="person")
    audit_record(actor=by, action="project.member_added", target=project, data={"person": person.pk, "role": role})
    return member


@transaction.atomic
def member_remove(*, member: ProjectMember, by: User) -> None:
    require_edit(by, member.project)
    audit_record(actor=by, action="project.member_removed", target=member.project,
                 data={"person": member.person_id, "role": member.role})
    member.delete()


@transaction.atomic
def project_apply_lifecycle(*, project: Project, by: User, lifecycle: LifecycleTemplate) -> list[Phase]:
    """Replace the project's phases by those of a PMO lifecycle (only while no gate has been decided)."""
    require_edit(by, project)
    if project.phases.exclude(gate_status=Phase.GateStatus.PENDING).exists():
        raise ApplicationError("A gate has already been decided; the lifecycle can no longer change.",
                               field="lifecycle")
    project.phases.all().delete()
    phases = _apply_lifecycle(project, lifecycle)
    audit_record(actor=by, action="project.lifecycle_applied", target=project, data={"lifecycle": lifecycle.pk})
    return phases


def _apply_lifecycle(project: Project, lifecycle: LifecycleTemplate) -> list[Phase]:
    if not isinstance(lifecycle.phases, list) or not lifecycle.phases:
        raise ApplicationError(f"The lifecycle {lifecycle} has no phases.", field="lifecycle")
    phases = Phase.objects.bulk_create([
        Phase(project=project, order=i, name=str(p.get("name", f"Phase {i}"))[:120], gate=str(p.get("gate", ""))[:120])
        for i, p in enumerate(lifecycle.phases, start=1)
    ])
    project.lifecycle = lifecycle
    project.save(update_fields=["lifecycle"])
    return phases


@transaction.atomic
def phase_decide_gate(*, phase: Phase, by: User, status: str, decided_on: dt.date, notes: str = "") -> Phase:
    """Record a gate decision (passed, passed with actions, failed)."""
    require_edit(by, phase.project)
    if status not in Phase.GateStatus.values or status == Phase.GateStatus.PENDING:
        raise ApplicationError("A gate decision is passed, passed with actions or failed.", field="gate_status")
    phase.gate_status, phase.gate_decided_on, phase.gate_notes = status, decided_on, notes
    phase.save(update_fields=["gate_status", "gate_decided_on", "gate_notes"])
    audit_record(actor=by, action="project.gate_decided", target=phase.project,
                 data={"phase": phase.order, "status": status})
    return phase
