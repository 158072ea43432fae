"""Pages of the organisation browser: the BU → BL/PL tree, sites with their clocks and calendars, groups,
PMOs and PSOs; create and edit forms for those who administer them."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from projectoffice.access import company_of, scope_of
from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import restrict, show_error_on_form
from projectoffice.organization import selectors, services
from projectoffice.organization.calendars import site_days_off
from projectoffice.organization.forms import GroupForm, OfficeForm, OrgUnitForm, SiteExceptionForm, SiteForm


def _form_page(request: HttpRequest, form: Any, title: str, cancel_url: str) -> HttpResponse:
    status = 422 if form.is_bound else 200
    return render(request, "core/form.html", {"form": form, "title": title, "cancel_url": cancel_url}, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    sites = list(selectors.sites_visible_to(user).order_by("code"))
    context = {
        "tree": selectors.org_tree(user),
        "clocks": selectors.site_clocks(sites, now=timezone.now(), holidays=1),
        "groups": selectors.groups_visible_to(user).order_by("site__code", "business_line__code"),
        "offices": selectors.offices_with_members(user).order_by("kind", "code"),
        "scope": scope_of(user),
    }
    return render(request, "organization/index.html", context)


@login_required
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_get_for_user(user=request.user, site_id=site_id)
    year = int(request.GET.get("year") or timezone.localdate().year)
    year = min(max(year, 1950), 2150)
    context = {
        "site": site,
        "year": year,
        "days": site_days_off(site, dt.date(year, 1, 1), dt.date(year, 12, 31)),
        "clock": selectors.site_clocks([site], now=timezone.now())[0],
        "groups": selectors.groups_visible_to(request.user).filter(site=site),
        "may_manage": scope_of(request.user).may_manage_site(site),
        "exception_form": SiteExceptionForm(),
    }
    return render(request, "organization/site_detail.html", context)


@login_required
def site_edit(request: HttpRequest, site_id: int | None = None) -> HttpResponse:
    site = selectors.site_get_for_user(user=request.user, site_id=site_id) if site_id else None
    if site is None and not scope_of(request.user).is_company_admin:
        raise PermissionDenied  # a form nobody may submit is not offered
    defaults = None if site else {"working_days": services.DEFAULT_WEEK, "working_hours": services.DEFAULT_HOURS}
    form = SiteForm(request.POST or None, instance=_draft(site), initial=defaults)
    cancel = reverse("organization:site", args=[site.pk]) if site else reverse("organization:index")
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if site:
                site = services.site_update(site=site, by=request.user, changes=data,
                                            expected_version=_version(request))
            else:
                company = company_of(request.user)
                site = services.site_create(by=request.user, company=company, **data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Saved {site}.")
            return redirect("organization:site", site.pk)
    return _form_page(request, form, f"Edit {site}" if site else "New site", cancel)


def _draft(obj: Any) -> Any:
    """A copy for the ModelForm to validate into: a bound ModelForm writes the posted values onto its
    instance, and the service must still see the saved values to know what changed (and to save at all)."""
    return copy.copy(obj) if obj is not None else None


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version")
    return int(raw) if raw and raw.isdigit() else None


@login_required
@require_POST
def site_exception_add(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_get_for_user(user=request.user, site_id=site_id)
    form = SiteExceptionForm(request.POST)
    if form.is_valid():
        try:
            services.site_exception_set(site=site, by=request.user, **form.cleaned_data)
            messages.success(request, f"Exception on {form.cleaned_data['date']} saved.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "; ".join(f"{f}: {' '.join(str(m) for m in e)}" for f, e in form.errors.items()))
    return redirect(f"{reverse('organization:site', args=[site.pk])}?year={request.POST.get('date', '')[:4]}")


@login_required
@require_POST
def site_exception_remove(request: HttpRequest, exception_id: int) -> HttpResponse:
    exception = selectors.site_exception_get_for_user(user=request.user, exception_id=exception_id)
    try:
        services.site_exception_remove(exception=exception, by=request.user)
        messages.success(request, "Exception removed.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("organization:site", exception.site_id)


@login_required
def unit_edit(request: HttpRequest, unit_id: int | None = None) -> HttpResponse:
    unit = selectors.org_unit_get_for_user(user=request.user, unit_id=unit_id) if unit_id else None
    form = OrgUnitForm(request.POST or None, instance=_draft(unit),
                       initial={"parent": request.GET.get("parent")} if not unit else None)
    restrict(form, parent=selectors.org_units_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if unit:
                unit = services.org_unit_update(unit=unit, by=request.user, changes=data,
                                                expected_version=_version(request))
            else:
                company = company_of(request.user)
                unit = services.org_unit_create(by=request.user, company=company, **data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Saved {unit}.")
            return redirect("organization:index")
    return _form_page(request, form, f"Edit {unit}" if unit else "New business unit or line",
                      reverse("organization:index"))


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    restrict(form, business_line=selectors.org_units_visible_to(request.user).exclude(kind="bu"))
    restrict(form, site=selectors.sites_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Created {group}.")
            return redirect("organization:index")
    return _form_page(request, form, "New group", reverse("organization:index"))


@login_required
def office_edit(request: HttpRequest, office_id: int | None = None) -> HttpResponse:
    office = selectors.office_get_for_user(user=request.user, office_id=office_id) if office_id else None
    form = OfficeForm(request.POST or None, instance=_draft(office),
                      initial={"sites": list(office.sites.all())} if office else None)
    restrict(form, business_line=selectors.org_units_visible_to(request.user).exclude(kind="bu"))
    restrict(form, sites=selectors.sites_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sites = list(data.pop("sites"))
        try:
            if office:
                data.pop("kind")
                office = services.office_update(office=office, by=request.user, changes=data, sites=sites,
                                                expected_version=_version(request))
            else:
                company = company_of(request.user)
                office = services.office_create(by=request.user, company=company, sites=sites, **data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Saved {office}.")
            return redirect("organization:index")
    return _form_page(request, form, f"Edit {office}" if office else "New PMO or PSO", reverse("organization:index"))
