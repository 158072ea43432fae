"""Demo library: the PMO's template applied to the change demo's project, documents with approved versions,
one configuration baseline at a gate; and one small project closed and archived on its manager's site."""

from __future__ import annotations

from django.core.files.base import ContentFile

from projectoffice.changes.demo import demo_project
from projectoffice.core.demo_context import DemoContext
from projectoffice.documents import archive, services
from projectoffice.documents.models import Document, LibraryTemplate
from projectoffice.projects import services as plan
from projectoffice.projects.models import Phase, Project

TEMPLATE = [
    {"name": "01 Management", "documents": [{"title": "Project charter", "phase": "Initiation"},
                                            {"title": "Project management plan", "phase": "Definition"}]},
    {"name": "02 Engineering", "documents": [
        {"title": "Requirements specification", "phase": "Definition", "configuration_item": True},
        {"title": "Architecture description", "phase": "Design", "configuration_item": True}]},
    {"name": "03 Quality", "documents": [{"title": "Test plan", "phase": "Design"}]},
]


def load(ctx: DemoContext) -> None:
    project = ctx.data.get("change_project") or demo_project(ctx)
    templates = [LibraryTemplate.objects.create(office=pmo, name=f"{pmo.code} project library", folders=TEMPLATE)
                 for pmo in ctx.data["pmos"].values()]
    office_id = project.lifecycle.office_id if project.lifecycle else None
    template = next((t for t in templates if t.office_id == office_id), templates[0])
    services.library_apply_template(project=project, by=None, template=template)
    _versions(project)
    gate = Phase.objects.filter(project=project).order_by("pk").first()
    services.configuration_baseline_take(project=project, by=None, name="CB-1 Design frozen", phase=gate)
    archived = _archive(ctx, avoid=project)
    ctx.say(f"  library of {project.code} with a configuration baseline; {archived.code} archived")


def _versions(project: Project) -> None:
    manager = project.project_manager
    for document in Document.objects.filter(project=project).order_by("pk"):
        document.reviewers.set([manager] if manager else [])
        for number in (1, 2) if document.configuration_item else (1,):
            version = services.version_upload(document=document, by=None, name=f"{document.title}.md",
                                              content=ContentFile(f"# {document.title}\n\nVersion {number}.\n".encode()))
            if manager is not None:
                services.version_submit(version=version, by=None)
                services.version_review(version=version, by=manager.user, decision="approve", comment="OK")


def _archive(ctx: DemoContext, *, avoid: Project) -> Project:
    project = demo_project(ctx, leader_first=False)
    if project.pk == avoid.pk:
        project = demo_project(ctx, skip=1, leader_first=False)
    for _ in range(3):  # proposed → approved → active → closed, from wherever the demo project stands
        allowed = plan.projects_transitions(project)
        step = next((s for s in ("closed", "active", "approved") if s in allowed), None)
        if project.status == Project.Status.CLOSED or step is None:
            break
        project = plan.project_set_status(project=project, by=None, status=step)
    archive.archive_create(project=project, by=None)
    return project
