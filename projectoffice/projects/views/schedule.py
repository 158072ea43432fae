"""The plan's pages: the WBS table with inline editing (HTMX), the Gantt chart and its JSON, the critical
path, and baselines (save, compare)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import show_error_on_form
from projectoffice.projects import selectors, services
from projectoffice.projects.forms import BaselineForm, LinkForm, NewTaskForm, TaskForm
from projectoffice.projects.models import Project, Task
from projectoffice.projects.permissions import may_edit_project

WBS_PAGE = 500


def minutes_per_day(project: Project) -> int:
    """Durations and lags are shown and typed in days of the project (MS Project's MinutesPerDay)."""
    return project.minutes_per_day


def _wbs_context(request: HttpRequest, project: Project, **extra: Any) -> dict[str, Any]:
    page = Paginator(selectors.tasks_of(project), WBS_PAGE).get_page(request.GET.get("page") or
                                                                    request.POST.get("page"))
    per_day = minutes_per_day(project)
    predecessors = selectors.predecessors_text(project)
    for task in page.object_list:
        task.duration_days = round(task.duration_minutes / per_day, 2)  # type: ignore[attr-defined]
        task.predecessors = predecessors.get(task.pk, "")  # type: ignore[attr-defined]
        total = task.total_float_minutes
        task.float_days = None if total is None else round(total / per_day, 1)  # type: ignore[attr-defined]
    return {"project": project, "page": page, "may_edit": may_edit_project(request.user, project),
            "new_form": NewTaskForm(), "link_form": LinkForm(), "editing": None, **extra}


@login_required
def wbs(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    return render(request, "projects/wbs.html", _wbs_context(request, project))


def _rows(request: HttpRequest, project: Project, status: int = 200, **extra: Any) -> HttpResponse:
    """The WBS table body again: an edit moves other rows' dates too."""
    project.refresh_from_db(fields=["scheduled_start", "scheduled_finish", "schedule_warnings", "version"])
    return render(request, "projects/_wbs_rows.html", _wbs_context(request, project, **extra), status=status)


@login_required
def task_edit(request: HttpRequest, project_id: int, task_id: int) -> HttpResponse:
    """GET: the row as a form; POST: save it through the service, then the refreshed rows (422 with the form)."""
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    task = selectors.task_get(project, task_id)
    per_day = minutes_per_day(project)
    if request.method != "POST":
        form = TaskForm(initial={**{f: getattr(task, f) for f in TaskForm.base_fields if hasattr(task, f)},
                                 "duration_days": round(Decimal(task.duration_minutes) / per_day, 2)})
        return _rows(request, project, editing=task.pk, form=form)
    form = TaskForm(request.POST)
    with timezone.override(project.lead_site.time_zone):  # the dates typed are the lead site's wall time
        valid = form.is_valid()
    if valid:
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data["duration_minutes"] = round(data.pop("duration_days") * per_day)
        try:
            services.task_update(task=task, by=request.user, changes=data, version=version)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            return _rows(request, project)
    return _rows(request, project, status=409 if "version" in form.errors else 422, editing=task.pk, form=form)


@login_required
@require_POST
def task_action(request: HttpRequest, project_id: int, task_id: int, action: str) -> HttpResponse:
    """Indent, outdent, move up or down, or delete (with its subtree, once confirmed) a row."""
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    task = selectors.task_get(project, task_id)
    version = int(request.POST["version"]) if request.POST.get("version", "").isdigit() else None
    actions: dict[str, Callable[[], Any]] = {
        "indent": lambda: services.task_indent(task=task, by=request.user, version=version),
        "outdent": lambda: services.task_outdent(task=task, by=request.user, version=version),
        "up": lambda: services.task_move(task=task, by=request.user, step=-1, version=version),
        "down": lambda: services.task_move(task=task, by=request.user, step=1, version=version),
        "delete": lambda: services.task_delete(task=task, by=request.user, version=version,
                                               confirm=request.POST.get("confirm") == "1"),
    }
    if action not in actions:
        return HttpResponse(status=404)
    try:
        actions[action]()
    except ApplicationError as exc:
        return _rows(request, project, status=exc.status, error=exc.message)
    return _rows(request, project)


@login_required
@require_POST
def task_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    form = NewTaskForm(request.POST)
    if not form.is_valid():
        return _rows(request, project, status=422, error="Give the new task a name and a duration in days.")
    after = get_object_or_404(Task, project=project, pk=form.cleaned_data["after"]) if form.cleaned_data[
        "after"] else None
    try:
        services.task_add(project=project, by=request.user, name=form.cleaned_data["name"], after=after,
                          duration_minutes=round(form.cleaned_data["duration_days"] * minutes_per_day(project)))
    except ApplicationError as exc:
        return _rows(request, project, status=exc.status, error=exc.message)
    return _rows(request, project)


@login_required
@require_POST
def link_add(request: HttpRequest, project_id: int) -> HttpResponse:
    """A link between two rows given by their row numbers (as in MS Project's predecessor column)."""
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _rows(request, project, status=422, error="Give both row numbers, the type and the lag.")
    data = form.cleaned_data
    by_row = {t.sort_index: t for t in Task.objects.filter(
        project=project, sort_index__in=[data["predecessor_row"], data["successor_row"]]).select_related("project")}
    missing = [r for r in (data["predecessor_row"], data["successor_row"]) if r not in by_row]
    if missing:
        return _rows(request, project, status=422, error=f"No row {missing[0]} in this plan.")
    try:
        services.link_add(project=project, by=request.user, predecessor=by_row[data["predecessor_row"]],
                          successor=by_row[data["successor_row"]], type=data["type"],
                          lag=round(data["lag_days"] * minutes_per_day(project)))
    except ApplicationError as exc:
        return _rows(request, project, status=exc.status, error=exc.message)
    return _rows(request, project)


@login_required
def gantt(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    return render(request, "projects/gantt.html", {"project": project, "baselines": selectors.baselines_of(project)})


@login_required
def gantt_data(request: HttpRequest, project_id: int) -> JsonResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    raw = request.GET.get("baseline", "")
    data = selectors.gantt_data(project, baseline=int(raw) if raw.isdigit() else None, today=timezone.localdate())
    return JsonResponse(data)


@login_required
def critical_path(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    return render(request, "projects/critical.html", {"project": project,
                                                       "tasks": selectors.critical_path(project)})


@login_required
def baselines(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's baselines, the form to save one, and the comparison of one with the current plan."""
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    form = BaselineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.baseline_save(project=project, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Baseline {form.cleaned_data['number']} saved.")
            return redirect(f"{request.path}?compare={form.cleaned_data['number']}")
    saved = list(selectors.baselines_of(project))
    raw = request.GET.get("compare", "")
    chosen = next((b for b in saved if str(b.number) == raw), saved[0] if saved else None)
    return render(request, "projects/baselines.html", {
        "project": project, "baselines": saved, "form": form, "chosen": chosen,
        "comparison": selectors.baseline_compare(project, chosen) if chosen else None,
        "may_edit": may_edit_project(request.user, project),
    }, status=422 if form.errors else 200)


