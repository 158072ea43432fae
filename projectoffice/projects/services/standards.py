"""A PMO's standard lifecycles: the phases and gates its projects apply (``project_apply_lifecycle`` copies them,
so editing a lifecycle never changes a project already under way)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.organization.models import ProjectOffice
from projectoffice.projects.models import LifecycleTemplate

MAX_PHASES = 30


def require_standards(by: Any, office: ProjectOffice) -> None:
    if office.kind != ProjectOffice.Kind.PMO:
        raise ApplicationError("Standards belong to a PMO; a PSO applies its business lines' standards.",
                               field="office")
    if not scope_of(by).may_set_standards(office):
        raise PermissionDenied(f"Only the managers of {office.code} set its standards.")


def standard_name(*, office: ProjectOffice, name: str, existing: QuerySet[Any], template: Any, noun: str) -> str:
    """The checked name of a standard of ``office`` (``existing``: the office's standards of this kind), which
    ``template`` (None when new) must belong to."""
    if template is not None and template.office_id != office.pk:
        raise ApplicationError(f"This {noun} belongs to another office.", field="template")
    name = name.strip()
    if not name or len(name) > 120:
        raise ApplicationError(f"Name the {noun} (at most 120 characters).", field="name")
    if existing.filter(name=name).exclude(pk=template.pk if template else 0).exists():
        raise ApplicationError(f"{office.code} already has a {noun} named “{name}”.", field="name")
    return name


@transaction.atomic
def lifecycle_template_save(*, by: Any, office: ProjectOffice, name: str, phases: list[dict[str, str]],
                            template: LifecycleTemplate | None = None) -> LifecycleTemplate:
    """Create (``template`` None) or replace a lifecycle of the PMO: a unique name and 1–30 uniquely named phases,
    each closed by an optional gate."""
    require_standards(by, office)
    name = standard_name(office=office, name=name, existing=LifecycleTemplate.objects.filter(office=office),
                         template=template, noun="lifecycle")
    template = template or LifecycleTemplate(office=office)
    template.name, template.phases = name, clean_phases(phases)
    template.save()
    audit_record(actor=by, action="lifecycle_template.saved", target=template,
                 data={"office": office.code, "phases": [p["name"] for p in template.phases]})
    return template


def clean_phases(phases: list[dict[str, str]]) -> list[dict[str, str]]:
    if not phases:
        raise ApplicationError("A lifecycle has at least one phase.", field="phases")
    if len(phases) > MAX_PHASES:
        raise ApplicationError(f"A lifecycle has at most {MAX_PHASES} phases.", field="phases")
    cleaned, seen = [], set()
    for number, phase in enumerate(phases, start=1):
        name, gate = str(phase.get("name", "")).strip(), str(phase.get("gate", "")).strip()
        if not name or len(name) > 120 or len(gate) > 120:
            raise ApplicationError(f"Phase {number}: a name of 1–120 characters and a gate of at most 120.",
                                   field="phases")
        if name.casefold() in seen:
            raise ApplicationError(f"Phase {number}: “{name}” appears twice.", field="phases")
        seen.add(name.casefold())
        cleaned.append({"name": name, "gate": gate})
    return cleaned
