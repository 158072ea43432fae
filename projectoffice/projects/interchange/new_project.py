"""A project created by an import: the organisation it belongs to comes from the caller, the rest from the file."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError

from projectoffice.core.codes import validate_currency
from projectoffice.core.errors import ApplicationError
from projectoffice.engine.formats.mspdi import MspdiProject
from projectoffice.organization.models import OrgUnit, Site
from projectoffice.projects.models import Nature, Project
from projectoffice.projects.services.projects import project_create

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True, slots=True)
class NewProject:
    """What the file cannot say: the project's code, line and lead site (and optionally its name and nature)."""

    code: str
    business_line: OrgUnit
    lead_site: Site
    name: str = ""
    nature: str = Nature.OTHER


def business_unit_of(line: OrgUnit) -> OrgUnit:
    """The business unit above a business or product line."""
    unit = line
    while unit.kind != OrgUnit.Kind.BUSINESS_UNIT and unit.parent is not None:
        unit = unit.parent
    if unit.kind != OrgUnit.Kind.BUSINESS_UNIT:
        raise ApplicationError(f"{line} is under no business unit.", field="business_line")
    return unit


def _currency(plan: MspdiProject, site: Site) -> str:
    try:
        validate_currency(plan.currency)
    except ValidationError:
        return site.currency
    return plan.currency


def day_of(plan: MspdiProject) -> int:
    """The file's MinutesPerDay, within what a day can hold."""
    return min(1440, max(1, plan.minutes_per_day))


def create_project(new: NewProject, plan: MspdiProject, *, by: AnyUser | None) -> Project:
    """Create the project an import fills, through the projects app's one write path."""
    if not new.business_line.is_line:
        raise ApplicationError(f"{new.business_line} is not a business or product line.", field="business_line")
    if new.lead_site.company_id != new.business_line.company_id:
        raise ApplicationError("The lead site belongs to another company.", field="lead_site")
    zone = zoneinfo.ZoneInfo(new.lead_site.time_zone)
    network = plan.network
    start = network.start or network.finish
    assert start is not None  # the engine's Network requires one of them
    return project_create(
        by=by if isinstance(by, AbstractBaseUser) else None, company=new.business_line.company,
        code=new.code, name=(new.name or plan.name or new.code)[:200], nature=new.nature,
        business_unit=business_unit_of(new.business_line), business_line=new.business_line,
        lead_site=new.lead_site, currency=_currency(plan, new.lead_site), planned_start=start.replace(tzinfo=zone),
        schedule_from_finish=network.from_finish,
        planned_finish=network.finish.replace(tzinfo=zone) if network.from_finish and network.finish else None,
        critical_slack_minutes=network.critical_slack, minutes_per_day=day_of(plan),
    )
