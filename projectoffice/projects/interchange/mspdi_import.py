"""Import of an MS Project XML (MSPDI) plan into a new project, or into an existing one whose plan it replaces.

All or nothing: the file is read and checked (hostile XML, size, calendars, links, cycles) before any row is
written, and the rows are written in one transaction. The report says what was mapped and what was not.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.engine.errors import EngineError
from projectoffice.engine.formats.mspdi import MspdiProject, mspdi_project, mspdi_root
from projectoffice.projects.interchange.cycles import refuse_cycles
from projectoffice.projects.interchange.mspdi_rows import (
    WrittenTasks,
    write_assignment_rows,
    write_baselines,
    write_link_rows,
    write_task_rows,
)
from projectoffice.projects.interchange.mspdi_survey import Survey, survey_mspdi
from projectoffice.projects.interchange.new_project import NewProject, create_project, day_of
from projectoffice.projects.interchange.plan_rows import (
    IncomingResource,
    clear_plan,
    match_resources,
    write_calendars,
)
from projectoffice.projects.interchange.recompute import recompute_after_import
from projectoffice.projects.interchange.report import ImportReport
from projectoffice.projects.models import Project, Resource
from projectoffice.projects.permissions import require_edit

AnyUser = AbstractBaseUser | AnonymousUser
RESOURCE_KINDS = {"work": Resource.Kind.GENERIC, "material": Resource.Kind.MATERIAL, "cost": Resource.Kind.COST}


@dataclass(frozen=True, slots=True)
class ReadPlan:
    """A checked MSPDI file: the engine's reading and the product's extras."""

    plan: MspdiProject
    survey: Survey


def read_plan(data: bytes) -> ReadPlan:
    """Parse and check MSPDI bytes; anything wrong is an ApplicationError on the field ``file``."""
    try:
        root = mspdi_root(data)
        survey = survey_mspdi(root)  # first: broken references get the clearer message
        plan = mspdi_project(root)
    except EngineError as exc:
        raise ApplicationError(str(exc), field="file") from exc
    if not plan.network.tasks:
        raise ApplicationError("The file holds no task.", field="file")
    _refuse_cycles(plan)
    return ReadPlan(plan, survey)


def _refuse_cycles(plan: MspdiProject) -> None:
    tasks = plan.network.tasks
    refuse_cycles([t.uid for t in tasks], [(k.predecessor, k.successor) for k in plan.network.links],
                  {t.uid: t.name for t in tasks})


@transaction.atomic
def mspdi_import(*, data: bytes, source: str, by: AnyUser | None, project: Project | None = None,
                 new: NewProject | None = None, expected_version: int | None = None) -> tuple[Project, ImportReport]:
    """Import ``data`` into ``project`` (its plan is replaced) or into a new project described by ``new``."""
    read = read_plan(data)
    report = ImportReport(source=source)
    project = _target(read, by=by, project=project, new=new, expected_version=expected_version, report=report)
    write_read_plan(project, read, report)
    report.recomputed = recompute_after_import(project, by=by, report=report)
    audit_record(actor=by, action="project.plan_imported", target=project,
                 data={"source": source, "mapped": dict(report.mapped)})
    return project, report


def _target(read: ReadPlan, *, by: AnyUser | None, project: Project | None, new: NewProject | None,
            expected_version: int | None, report: ImportReport) -> Project:
    if (project is None) == (new is None):
        raise ApplicationError("Import either into an existing project or into a new one.", field="project")
    if project is None:
        assert new is not None
        project = create_project(new, read.plan, by=by)
        clear_plan(project)  # the file brings its own calendars
        report.created_project = True
    else:
        require_edit(by, project)
        check_version(project, expected_version)
        clear_plan(project)
        _update_settings(project, read.plan)
    report.project_code = project.code
    return project


def _update_settings(project: Project, plan: MspdiProject) -> None:
    zone = zoneinfo.ZoneInfo(project.lead_site.time_zone)
    network = plan.network
    start = network.start or network.finish
    assert start is not None  # the engine's Network requires a start or a finish
    project.planned_start = start.replace(tzinfo=zone)
    project.schedule_from_finish = network.from_finish
    project.planned_finish = _aware(network.finish, zone) if network.from_finish else None
    project.critical_slack_minutes = network.critical_slack
    project.minutes_per_day = day_of(plan)
    bump_version(project)
    project.save(update_fields=["planned_start", "schedule_from_finish", "planned_finish", "critical_slack_minutes",
                                "minutes_per_day", "version"])


def _aware(moment: datetime | None, zone: zoneinfo.ZoneInfo) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=zone)


def write_read_plan(project: Project, read: ReadPlan, report: ImportReport) -> None:
    """Write every part of the plan; counts and warnings go to ``report``."""
    plan = read.plan
    calendar_rows = write_calendars(project, plan.network.calendars, {})
    project.calendar = calendar_rows.get(plan.network.calendar)
    project.save(update_fields=["calendar"])
    top = _project_summary_uid(plan)
    tasks = write_task_rows(project, plan, read.survey, top=top,
                            calendars={name: row.pk for name, row in calendar_rows.items()})
    links = [(k.predecessor, k.successor, k.type.value, k.lag, k.lag_kind.value) for k in plan.network.links
             if top not in (k.predecessor, k.successor)]
    report.mapped.update(calendars=len(calendar_rows), tasks=len(tasks.ids), summary_tasks=tasks.summaries,
                         milestones=tasks.milestones, links=write_link_rows(project, links, tasks.ids))
    _write_resources(project, plan, tasks, report)
    report.mapped["baselines"] = write_baselines(project, plan, tasks, top=top)
    report.not_kept = read.survey.not_kept
    report.warnings += [f"{count} {what} left out" for what, count in read.survey.dropped.items() if count]


def _project_summary_uid(plan: MspdiProject) -> int | None:
    """MS Project's project summary task (UID 0, outline level 0): the project itself, not a WBS row."""
    stored = plan.stored.get(0)
    return 0 if stored is not None and stored.summary and plan.outline.get(0, "") in ("", "0") else None


def _write_resources(project: Project, plan: MspdiProject, tasks: WrittenTasks, report: ImportReport) -> None:
    incoming = [IncomingResource(r.uid, r.name, r.email, RESOURCE_KINDS.get(r.type, Resource.Kind.GENERIC),
                                 Decimal(str(round(max(r.max_units, 0.0), 2))),
                                 Decimal(str(round(max(r.standard_rate, 0.0), 2)))) for r in plan.resources]
    pool, created = match_resources(project, incoming)
    assignments = [(tasks.ids[a.task], pool[a.resource].pk, Decimal(str(round(max(a.units, 0.0), 2))),
                    max(a.work, 0), max(a.actual_work, 0)) for a in plan.assignments if a.task in tasks.ids]
    if len(assignments) < len(plan.assignments):
        report.warnings.append(f"{len(plan.assignments) - len(assignments)} assignments to the project summary task "
                               "left out")
    written, merged = write_assignment_rows(project, assignments)
    report.mapped.update(resources_matched=len(incoming) - created, resources_created=created, assignments=written)
    if merged:
        report.warnings.append(f"{merged} assignments merged: their resources match the same pool resource")
    other_kind = [i.name for i in incoming if pool[i.key].kind != i.kind and pool[i.key].kind != Resource.Kind.PERSON]
    if other_kind:
        report.warnings.append(f"{len(other_kind)} resources matched a pool resource of another kind (the pool's "
                               f"is kept), e.g. {', '.join(other_kind[:3])}")
