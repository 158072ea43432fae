"""A PMO's corporate project-library templates: folders and the documents each phase requires
(``library_apply_template`` lays a project's library out from one; editing a template never touches a project)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.documents.models import LibraryTemplate
from projectoffice.organization.models import ProjectOffice
from projectoffice.projects.models import LifecycleTemplate
from projectoffice.projects.services.standards import require_standards, standard_name

MAX_FOLDERS = 50
MAX_DOCUMENTS = 200


@transaction.atomic
def library_template_save(*, by: Any, office: ProjectOffice, name: str, folders: list[dict[str, Any]],
                          template: LibraryTemplate | None = None) -> LibraryTemplate:
    """Create (``template`` None) or replace a library template of the PMO. Folder names are unique, document
    titles unique within their folder, and a document's phase is one of the office's lifecycle phases."""
    require_standards(by, office)
    name = standard_name(office=office, name=name, existing=LibraryTemplate.objects.filter(office=office),
                         template=template, noun="library template")
    template = template or LibraryTemplate(office=office)
    template.name, template.folders = name, clean_folders(folders, phases=office_phases(office))
    template.save()
    audit_record(actor=by, action="library_template.saved", target=template,
                 data={"office": office.code, "folders": [f["name"] for f in template.folders]})
    return template


def office_phases(office: ProjectOffice) -> set[str]:
    return {str(p.get("name", "")) for phases in LifecycleTemplate.objects.filter(office=office)
            .values_list("phases", flat=True) for p in phases}


def clean_folders(folders: list[dict[str, Any]], *, phases: set[str]) -> list[dict[str, Any]]:
    if not folders or len(folders) > MAX_FOLDERS:
        raise ApplicationError(f"A library template has 1–{MAX_FOLDERS} folders.", field="folders")
    if sum(len(f.get("documents") or ()) for f in folders) > MAX_DOCUMENTS:
        raise ApplicationError(f"A library template requires at most {MAX_DOCUMENTS} documents.", field="folders")
    cleaned, seen = [], set()
    for number, folder in enumerate(folders, start=1):
        name = str(folder.get("name", "")).strip()
        if not name or len(name) > 120 or "/" in name:
            raise ApplicationError(f"Folder {number}: a plain name of 1–120 characters, without “/”.",
                                   field="folders")
        if name.casefold() in seen:
            raise ApplicationError(f"Folder “{name}” appears twice.", field="folders")
        seen.add(name.casefold())
        cleaned.append({"name": name, "documents": clean_documents(name, folder.get("documents") or [], phases)})
    return cleaned


def clean_documents(folder: str, documents: list[dict[str, Any]], phases: set[str]) -> list[dict[str, Any]]:
    cleaned, seen = [], set()
    for doc in documents:
        title, phase = str(doc.get("title", "")).strip(), str(doc.get("phase", "") or "").strip()
        if not title or len(title) > 200:
            raise ApplicationError(f"Folder “{folder}”: every document needs a title of 1–200 characters.",
                                   field="folders")
        if title.casefold() in seen:
            raise ApplicationError(f"Folder “{folder}”: “{title}” appears twice.", field="folders")
        if phase and phase not in phases:
            known = ", ".join(sorted(phases)) or "none: define a lifecycle first"
            raise ApplicationError(f"“{title}”: the phase “{phase}” is in none of the office's lifecycles "
                                   f"(known phases: {known}).", field="folders")
        seen.add(title.casefold())
        cleaned.append({"title": title, "phase": phase, "configuration_item": bool(doc.get("configuration_item"))})
    return cleaned
