"""Pages where a PMO edits its standards: lifecycles (phases and gates) and project-library templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from projectoffice.access import scope_of
from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import show_error_on_form
from projectoffice.documents.models import LibraryTemplate
from projectoffice.documents.standards import library_template_save
from projectoffice.projects.models import LifecycleTemplate
from projectoffice.projects.services.standards import lifecycle_template_save
from projectoffice.workspaces.forms import LibraryTemplateForm, LifecycleForm
from projectoffice.workspaces.selectors import office_get_for_user
from projectoffice.workspaces.standards_text import (
    folders_from_text,
    folders_to_text,
    phases_from_text,
    phases_to_text,
)


@login_required
def lifecycle_edit(request: HttpRequest, office_id: int, template_id: int | None = None) -> HttpResponse:
    office = office_get_for_user(user=request.user, office_id=office_id)
    template = get_object_or_404(LifecycleTemplate, office=office, pk=template_id) if template_id else None
    initial = {"name": template.name, "phases": phases_to_text(template.phases)} if template else {}

    def save(data: dict[str, str]) -> Any:
        return lifecycle_template_save(by=request.user, office=office, template=template, name=data["name"],
                                       phases=phases_from_text(data["phases"]))

    return standard_page(request, office, LifecycleForm, initial, save,
                         title=f"{office.code}: {'lifecycle ' + template.name if template else 'new lifecycle'}")


@login_required
def library_edit(request: HttpRequest, office_id: int, template_id: int | None = None) -> HttpResponse:
    office = office_get_for_user(user=request.user, office_id=office_id)
    template = get_object_or_404(LibraryTemplate, office=office, pk=template_id) if template_id else None
    initial = {"name": template.name, "folders": folders_to_text(template.folders)} if template else {}

    def save(data: dict[str, str]) -> Any:
        return library_template_save(by=request.user, office=office, template=template, name=data["name"],
                                     folders=folders_from_text(data["folders"]))

    return standard_page(request, office, LibraryTemplateForm, initial, save,
                         title=f"{office.code}: {'library ' + template.name if template else 'new library template'}")


def standard_page(request: HttpRequest, office: Any, form_class: type, initial: dict[str, str],
                  save: Callable[[dict[str, str]], Any], *, title: str) -> HttpResponse:
    if not scope_of(request.user).may_set_standards(office):
        return render(request, "403.html", {"message": f"Only the managers of {office.code} set its standards."},
                      status=403)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            return redirect("workspaces:office", office.pk)
    return render(request, "core/form.html", {"form": form, "title": title, "submit_label": "Save",
                                              "cancel_url": reverse("workspaces:office", args=[office.pk])})
