"""The project list and a project's page (summary, team, phases and gates, health, status, the 5 M€ rule)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from projectoffice.access import scope_of
from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import show_error_on_form
from projectoffice.organization import selectors as org_selectors
from projectoffice.people import selectors as people_selectors
from projectoffice.projects import selectors, services
from projectoffice.projects.forms import GateForm, HealthForm, MemberForm, ProjectForm
from projectoffice.projects.models import LifecycleTemplate, Nature, Phase, Project, ProjectMember
from projectoffice.projects.permissions import creation_choices, may_edit_project

PAGE_SIZE = 50


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    filters = selectors.ProjectFilters(
        q=params.get("q", "").strip(), status=params.get("status", ""), nature=params.get("nature", ""),
        business_line=_int(params.get("line")), site=_int(params.get("site")), health=params.get("health", ""),
        mine=params.get("mine") == "1")
    page = Paginator(selectors.project_list(request.user, filters), PAGE_SIZE).get_page(params.get("page"))
    to_eur = selectors.eur_converter(list(page.object_list))
    rows = [(p, selectors.leadership_warning(p, to_eur=to_eur)) for p in page.object_list]
    context = {
        "page": page, "rows": rows, "filters": params, "statuses": Project.Status.choices,
        "natures": Nature.choices, "healths": Project.Health.choices,
        "lines": org_selectors.org_units_visible_to(request.user).exclude(kind="bu").order_by("code"),
        "sites": org_selectors.sites_visible_to(request.user).order_by("code"),
        "may_create": _may_create(request),
    }
    template = "projects/_list_rows.html" if getattr(request, "htmx", False) else "projects/list.html"
    return render(request, template, context)


def _may_create(request: HttpRequest) -> bool:
    return creation_choices(request.user) is not None


NO_CREATION = ("Your roles do not include creating projects: a PSO manager or data administrator creates them at "
               "their sites, the PMO in its business lines.")


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    if not _may_create(request):
        return render(request, "403.html", {"message": NO_CREATION}, status=403)
    form = _project_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # the start was typed in the lead site's wall time, not the server's
        typed = timezone.localtime(data["planned_start"]).replace(tzinfo=None)
        data["planned_start"] = typed.replace(tzinfo=zoneinfo.ZoneInfo(data["lead_site"].time_zone))
        company = scope_of(request.user).companies().first()
        try:
            project = services.project_create(by=request.user, company=company, **data)  # type: ignore[arg-type]
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Project {project.code} created.")
            return redirect("projects:detail", project_id=project.pk)
    return render(request, "core/form.html", {"form": form, "title": "New project", "submit_label": "Create"},
                  status=422 if form.errors else 200)


def _project_form(request: HttpRequest, data: Any) -> ProjectForm:
    form = ProjectForm(data)
    units = org_selectors.org_units_visible_to(request.user).order_by("code")
    form.fields["business_unit"].queryset = units.filter(kind="bu")  # type: ignore[union-attr,attr-defined]
    lines, sites = creation_choices(request.user) or (units.none(), org_selectors.sites_visible_to(request.user).none())
    form.fields["business_line"].queryset = lines  # type: ignore[union-attr,attr-defined]
    form.fields["lead_site"].queryset = sites  # type: ignore[union-attr,attr-defined]
    form.fields["project_manager"].queryset = people_selectors.people_visible_to(  # type: ignore[union-attr,attr-defined]
        request.user).select_related("user")
    return form


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    return render(request, "projects/detail.html", _detail_context(request, project))


def _detail_context(request: HttpRequest, project: Project, **forms: Any) -> dict[str, Any]:
    member_form = forms.get("member_form") or MemberForm()
    to_eur = selectors.eur_converter([project])
    member_form.fields["person"].queryset = people_selectors.people_visible_to(request.user).select_related("user")  # type: ignore[union-attr,attr-defined]
    return {
        "project": project,
        "may_edit": may_edit_project(request.user, project),
        "leadership_warning": selectors.leadership_warning(project, to_eur=to_eur),
        "budget_eur": selectors.budget_in_eur(project, to_eur),
        "team": selectors.project_team(project),
        "phases": project.phases.all(),
        "baselines": selectors.baselines_of(project),
        "health_form": forms.get("health_form") or HealthForm(initial={
            "health": project.health, "health_reason": project.health_reason, "version": project.version}),
        "member_form": member_form,
        "gate_form": GateForm(),
        "next_statuses": [(s, Project.Status(s).label) for s in sorted(services.projects_transitions(project))],
        "lifecycles": LifecycleTemplate.objects.filter(office__business_line=project.business_line_id),
        "task_count": project.tasks.count(),
    }


def _act(request: HttpRequest, project: Project, action: Callable[[], Any], done: str) -> HttpResponse:
    """Run a service for a POST from the project page; its refusal becomes a message, nothing is lost."""
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("projects:detail", project_id=project.pk)


@login_required
@require_POST
def project_health(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    form = HealthForm(request.POST)
    if form.is_valid():
        try:
            services.project_set_health(project=project, by=request.user, health=form.cleaned_data["health"],
                                        reason=form.cleaned_data["health_reason"],
                                        version=form.cleaned_data["version"])
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, "Health updated.")
            return redirect("projects:detail", project_id=project.pk)
    project.refresh_from_db()
    return render(request, "projects/detail.html", _detail_context(request, project, health_form=form), status=422)


@login_required
@require_POST
def project_status(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    status, version = request.POST.get("status", ""), _int(request.POST.get("version"))
    return _act(request, project, lambda: services.project_set_status(
        project=project, by=request.user, status=status, version=version), "Status changed.")


@login_required
@require_POST
def member_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    form = MemberForm(request.POST)
    form.fields["person"].queryset = people_selectors.people_visible_to(request.user)  # type: ignore[union-attr,attr-defined]
    if not form.is_valid():
        messages.error(request, "Choose a person in your scope and a role.")
        return redirect("projects:detail", project_id=project.pk)
    return _act(request, project, lambda: services.member_add(
        project=project, by=request.user, person=form.cleaned_data["person"], role=form.cleaned_data["role"]),
        "Team member added.")


@login_required
@require_POST
def member_remove(request: HttpRequest, project_id: int, member_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    member = get_object_or_404(ProjectMember, project=project, pk=member_id)
    return _act(request, project, lambda: services.member_remove(member=member, by=request.user),
                "Team member removed.")


@login_required
@require_POST
def lifecycle_apply(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    lifecycle = get_object_or_404(LifecycleTemplate, pk=_int(request.POST.get("lifecycle")) or 0,
                                  office__company=project.company_id)
    return _act(request, project, lambda: services.project_apply_lifecycle(
        project=project, by=request.user, lifecycle=lifecycle), f"Lifecycle “{lifecycle}” applied.")


@login_required
@require_POST
def gate_decide(request: HttpRequest, project_id: int, phase_id: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    phase = get_object_or_404(Phase.objects.select_related("project"), project=project, pk=phase_id)
    form = GateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the gate decision and its date.")
        return redirect("projects:detail", project_id=project.pk)
    data = form.cleaned_data
    return _act(request, project, lambda: services.phase_decide_gate(
        phase=phase, by=request.user, status=data["gate_status"], decided_on=data["decided_on"], notes=data["notes"]),
        "Gate decision recorded.")


@login_required
@require_POST
def project_level(request: HttpRequest, project_id: int) -> HttpResponse:
    """Level resources (``clear=1``: remove the levelling delays)."""
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    if request.POST.get("clear") == "1":
        return _act(request, project, lambda: services.project_clear_leveling(project=project, by=request.user),
                    "Levelling delays removed.")

    def run() -> None:
        outcome = services.project_level_resources(project=project, by=request.user)
        messages.info(request, f"{outcome.delayed} tasks delayed; the levelled work ends after "
                               f"{outcome.finish_hours_after} working hours (was {outcome.finish_hours_before}).")

    return _act(request, project, run, "Resources levelled.")


@login_required
@require_POST
def project_recompute(request: HttpRequest, project_id: int) -> HttpResponse:
    from projectoffice.projects.permissions import require_edit

    project = selectors.project_get_for_user(user=request.user, project_id=project_id)

    def run() -> None:
        require_edit(request.user, project)
        result = services.project_recompute(project=project, by=request.user)
        if result.job is not None:
            messages.info(request, f"The plan has {result.tasks} tasks: it is recomputed in the background.")

    return _act(request, project, run, "Schedule recomputed.")
