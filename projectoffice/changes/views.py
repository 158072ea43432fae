"""Change pages of a project: the register with the raise form, and a request's impact, votes and history.
Thin: fetch through the selectors, call one service, render; a refusal shows under the field (status 422)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from projectoffice.changes import selectors, services
from projectoffice.changes.forms import BoardForm, ChangeRequestForm, DecisionForm
from projectoffice.changes.models import ChangeBoard
from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import show_error_on_form
from projectoffice.people.models import Person
from projectoffice.projects.selectors import project_get_for_user


@login_required
def change_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    form = ChangeRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_request_raise(project=project, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
            status = exc.status
        else:
            messages.success(request, f"{change.code} raised; its impact is below.")
            return redirect("changes:detail", project_id=project.pk, change_id=change.pk)
    elif request.method == "POST":
        status = 422
    changes = selectors.change_requests_visible_to(request.user).filter(project=project)
    board = ChangeBoard.objects.filter(project=project).prefetch_related("approvers__user").first()
    context = {"project": project, "changes": changes, "form": form, "board": board, "board_form": _board_form(project),
               "tasks": selectors.plan_tasks_for_edits(project)}
    return render(request, "changes/list.html", context, status=status)


def _board_form(project: Any, data: Any = None) -> BoardForm:
    form = BoardForm(data)
    form.fields["approvers"].queryset = (  # type: ignore[attr-defined]
        Person.objects.filter(company_id=project.company_id, project_memberships__project=project)
        .select_related("user").distinct())
    return form


@login_required
def board(request: HttpRequest, project_id: int) -> HttpResponse:
    """Name the change control board (approvers among the team, quorum); refusals come back as a message."""
    project = project_get_for_user(user=request.user, project_id=project_id)
    form = _board_form(project, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_configure(project=project, by=request.user, approvers=list(form.cleaned_data["approvers"]),
                                     quorum=form.cleaned_data["quorum"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Change control board saved.")
    elif request.method == "POST":
        messages.error(request, "Choose the approvers and a quorum of at least one.")
    return redirect("changes:list", project_id=project.pk)


@login_required
def change_detail(request: HttpRequest, project_id: int, change_id: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, project_id=project_id)
    change = selectors.change_request_get_for_user(user=request.user, change_request_id=change_id)
    if change.project_id != project.pk:
        return redirect("changes:detail", project_id=change.project_id, change_id=change.pk)
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request, change, form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
            status = exc.status
        else:
            return redirect("changes:detail", project_id=project.pk, change_id=change.pk)
    elif request.method == "POST":
        status = 422
    context = {"project": project, "change": change, "form": form,
               "history": [(h, selectors.history_label(h.action)) for h in selectors.change_request_history(change)]}
    return render(request, "changes/detail.html", context, status=status)


def _decide(request: HttpRequest, change: Any, data: dict[str, Any]) -> None:
    services.change_request_decide(change_request=change, by=request.user, decision=data["decision"],
                                   rationale=data["rationale"], baseline_number=data["baseline_number"])
    messages.success(request, f"Your decision on {change.code} is recorded ({change.get_status_display()}).")
