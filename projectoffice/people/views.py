"""The people directory and a person's page (roles, certifications, skills, warnings, API tokens)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from projectoffice.access import company_of, scope_of
from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import offer, restrict, show_error_on_form
from projectoffice.organization import selectors as org_selectors
from projectoffice.people import selectors, services
from projectoffice.people.forms import CertificationForm, PersonForm, PersonSkillForm, RoleForm, TokenForm
from projectoffice.people.models import CertificationKind, Role

PAGE_SIZE = 50


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    user = request.user
    params = request.GET
    people = selectors.people_list(
        user, q=params.get("q", "").strip(), site=_int(params.get("site")), group=_int(params.get("group")),
        role=params.get("role", ""), skill=_int(params.get("skill")), certification=params.get("certification", ""),
    )
    page = Paginator(people, PAGE_SIZE).get_page(params.get("page"))
    today = timezone.localdate()
    warnings = selectors.people_warnings(page.object_list, today=today)
    context = {
        "page": page,
        "rows": [(person, warnings.get(person.pk, [])) for person in page.object_list],
        "sites": org_selectors.sites_visible_to(user).order_by("code"),
        "skills": selectors.skills_visible_to(user),
        "roles": Role.choices,
        "certifications": CertificationKind.choices,
        "filters": params,
        "may_add": bool(scope_of(user).managed_site_ids or scope_of(user).is_company_admin),
    }
    template = "people/_directory_rows.html" if getattr(request, "htmx", False) else "people/directory.html"
    return render(request, template, context)


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@login_required
def detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    return render(request, "people/detail.html", _detail_context(request, person))


def _detail_context(request: HttpRequest, person: Any, **forms: Any) -> dict[str, Any]:
    scope = scope_of(request.user)
    today = timezone.localdate()
    skill_form = forms.get("skill_form") or PersonSkillForm()
    restrict(skill_form, skill=selectors.skills_visible_to(request.user))
    role_form = forms.get("role_form") or RoleForm()
    offer(role_form, unit=_unit_choices(request))
    is_me = person.pk == scope.person_id
    return {
        "person": person,
        "line_manager_visible": bool(person.line_manager_id)
        and selectors.people_visible_to(request.user).filter(pk=person.line_manager_id).exists(),
        "warnings": selectors.person_warnings(person, today=today),
        "expiring": {c.pk for c in selectors.certifications_expiring(person.certifications.all(), today=today)},
        "today": today,
        "may_edit_record": scope.may_edit_own_record(person),
        "may_manage": scope.may_manage_person(person),
        "is_me": is_me,
        "tokens": selectors.tokens_of(request.user) if is_me else [],
        "new_token": forms.get("new_token"),
        "certification_form": forms.get("certification_form") or CertificationForm(),
        "skill_form": skill_form,
        "role_form": role_form,
        "token_form": forms.get("token_form") or TokenForm(),
    }


def _unit_choices(request: HttpRequest) -> list[tuple[str, str]]:
    user = request.user
    choices = [(f"company:{c.pk}", f"Company — {c}") for c in scope_of(user).companies()]
    choices += [(f"bu:{u.pk}", f"Business unit — {u}") for u in org_selectors.org_units_visible_to(user).filter(kind="bu")]
    choices += [(f"{o.kind}:{o.pk}", f"{o.kind.upper()} — {o}") for o in org_selectors.offices_visible_to(user)]
    choices += [(f"group:{g.pk}", f"Group — {g}") for g in org_selectors.groups_visible_to(user)]
    return choices


def _unit_from_choice(request: HttpRequest, value: str) -> Any:
    kind, _, raw = value.partition(":")
    user = request.user
    querysets = {
        "company": scope_of(user).companies(),
        "bu": org_selectors.org_units_visible_to(user).filter(kind="bu"),
        "pmo": org_selectors.offices_visible_to(user).filter(kind="pmo"),
        "pso": org_selectors.offices_visible_to(user).filter(kind="pso"),
        "group": org_selectors.groups_visible_to(user),
    }
    if kind not in querysets or not raw.isdigit():
        raise ApplicationError("Choose a unit from the list.", field="unit")
    return get_object_or_404(querysets[kind], pk=int(raw))


@login_required
@require_POST
def certification_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    form = CertificationForm(request.POST)
    if form.is_valid():
        try:
            services.certification_add(by=request.user, person=person, **form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, "Certification recorded.")
            return redirect("people:detail", person.pk)
    return render(request, "people/detail.html", _detail_context(request, person, certification_form=form), status=422)


@login_required
@require_POST
def certification_remove(request: HttpRequest, certification_id: int) -> HttpResponse:
    certification = get_object_or_404(selectors.certifications_visible_to(request.user), pk=certification_id)
    try:
        services.certification_remove(certification=certification, by=request.user)
        messages.success(request, "Certification removed.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("people:detail", certification.person_id)


@login_required
@require_POST
def skill_set(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    form = PersonSkillForm(request.POST)
    restrict(form, skill=selectors.skills_visible_to(request.user))
    if form.is_valid():
        try:
            services.person_skill_set(by=request.user, person=person, **form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, "Skill level saved.")
            return redirect("people:detail", person.pk)
    return render(request, "people/detail.html", _detail_context(request, person, skill_form=form), status=422)


@login_required
@require_POST
def role_assign(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    form = RoleForm(request.POST)
    offer(form, unit=_unit_choices(request))
    if form.is_valid():
        try:
            unit = _unit_from_choice(request, form.cleaned_data["unit"])
            services.role_assign(by=request.user, person=person, role=form.cleaned_data["role"], unit=unit)
        except ApplicationError as exc:
            show_error_on_form(form, exc, aliases={"scope": "unit"})
        else:
            messages.success(request, "Role given.")
            return redirect("people:detail", person.pk)
    return render(request, "people/detail.html", _detail_context(request, person, role_form=form), status=422)


@login_required
@require_POST
def role_revoke(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(selectors.role_assignments_visible_to(request.user), pk=assignment_id)
    try:
        services.role_revoke(assignment=assignment, by=request.user)
        messages.success(request, "Role removed.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("people:detail", assignment.person_id)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, person_id=scope_of(request.user).person_id or 0)
    form = TokenForm(request.POST)
    new_token = None
    if form.is_valid():
        try:
            _, new_token = services.api_token_create(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
    status = 201 if new_token else 422
    return render(request, "people/detail.html",
                  _detail_context(request, person, token_form=TokenForm() if new_token else form, new_token=new_token),
                  status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(selectors.tokens_of(request.user), pk=token_id)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect(reverse("people:detail", args=[scope_of(request.user).person_id]) + "#tokens")


@login_required
def person_edit(request: HttpRequest, person_id: int | None = None) -> HttpResponse:
    user = request.user
    person = selectors.person_get_for_user(user=user, person_id=person_id) if person_id else None
    initial = _person_initial(person) if person else None
    form = PersonForm(request.POST or None, initial=initial)
    restrict(form, home_site=org_selectors.sites_visible_to(user))
    restrict(form, group=org_selectors.groups_visible_to(user))
    restrict(form, line_manager=selectors.people_visible_to(user).select_related("user"))
    if person:
        form.fields["username"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if person:
                data.pop("username")
                version = request.POST.get("version")
                services.person_update(person=person, by=user, changes=data,
                                       expected_version=int(version) if version and version.isdigit() else None)
            else:
                company = company_of(user)
                person = services.person_create(by=user, company=company, **data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Saved {person}.")
            return redirect("people:detail", person.pk)
    context = {"form": form, "title": f"Edit {person}" if person else "New person",
               "cancel_url": reverse("people:detail", args=[person.pk]) if person else reverse("people:directory"),
               "version": person.version if person else None}
    return render(request, "people/person_form.html", context, status=422 if form.is_bound else 200)


def _person_initial(person: Any) -> dict[str, Any]:
    return {
        "username": person.user.username, "first_name": person.user.first_name,
        "last_name": person.user.last_name, "email": person.user.email, "home_site": person.home_site_id,
        "group": person.group_id, "line_manager": person.line_manager_id, "job_title": person.job_title,
        "phone": person.phone,
    }
