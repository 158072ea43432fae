"""Pages: my week (HTMX cell editing with live totals and labour-rule check), someone's week, the approval
inbox, periods, reminders and the CSV import. Every write calls one service; errors show where they belong."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied  # a 403 page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from projectoffice.core.errors import ApplicationError
from projectoffice.people.models import Person
from projectoffice.projects.models import Task
from projectoffice.timesheets import imports, periods, selectors, services
from projectoffice.timesheets.grid import week_grid
from projectoffice.timesheets.models import DAY_FIELDS, NON_PROJECT_CATEGORIES, ApprovalDelegation, Category

INBOX_PAGE = 10  # people's weeks a page, the oldest first; approving them brings the next ones up


def _me(request: HttpRequest) -> Person:
    person = selectors.person_of(request.user)
    if person is None:
        raise PermissionDenied("Your account has no person profile, so it has no timesheet.")
    return person


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _week_url(week_start: dt.date) -> str:
    return f"{reverse('timesheets:week')}?week={week_start.isoformat()}"


# --- my week ----------------------------------------------------------------------------------------------------
@login_required
def week(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    day = _date(request.GET.get("week")) or selectors.current_week_start(person.home_site)
    return _week_page(request, person, selectors.week_start_of(day))


def _week_page(request: HttpRequest, person: Person, week_start: dt.date, *, errors: dict[str, Any] | None = None,
               status: int = 200, mine: bool = True) -> HttpResponse:
    grid = week_grid(person, week_start)
    context = {
        "grid": grid, "mine": mine, "errors": errors or {},
        "tasks": selectors.tasks_open_to(person) if mine and grid.editable else [],
        "categories": [(c, Category(c).label) for c in NON_PROJECT_CATEGORIES],
        "approvable": _approvable_ids(request, grid.lines),
        "may_override": _may_override(request, grid),
        "may_close_periods": selectors.finance_sites_of(request.user).exists(),
    }
    return render(request, "timesheets/week.html", context, status=status)


def _approvable_ids(request: HttpRequest, lines: list[Any]) -> set[int]:
    waiting = {line.pk for line in lines if line.status == line.Status.SUBMITTED}
    if not waiting:
        return set()
    inbox = selectors.inbox_queryset(request.user, today=timezone.localdate()).filter(pk__in=waiting)
    return set(inbox.values_list("pk", flat=True))


def _may_override(request: HttpRequest, grid: Any) -> bool:
    if grid.timesheet is None or not grid.editable or not grid.violations:
        return False
    return selectors.pso_manager_sites_of(request.user).filter(pk=grid.timesheet.site_id).exists()


@login_required
@require_POST
def line_add(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    week_start = selectors.week_start_of(_date(request.POST.get("week")) or timezone.localdate())
    category, task = _what(request.POST.get("what", ""), person)
    try:
        timesheet = services.timesheet_open(person=person, week_start=week_start, by=request.user)
        services.line_add(timesheet=timesheet, by=request.user, category=category, task=task,
                          hours=[request.POST.get(day) or "0" for day in DAY_FIELDS],
                          comment=request.POST.get("comment", ""))
    except ApplicationError as exc:
        return _week_page(request, person, week_start, errors={"add": exc.message}, status=422)
    return redirect(_week_url(week_start))


def _what(value: str, person: Person) -> tuple[str, Task | None]:
    kind, _, raw = value.partition(":")
    if kind == "task" and raw.isdigit():
        return Category.PROJECT, selectors.tasks_open_to(person).filter(pk=int(raw)).first()
    return raw or kind, None


@login_required
@require_POST
def line_cell(request: HttpRequest, line_id: int) -> HttpResponse:
    """HTMX: one day of one line changed; answers the new totals and rule check (or the cell's error)."""
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    day = request.POST.get("day", "")
    error, status = "", 200
    if day not in DAY_FIELDS:
        error, status = "Unknown day.", 422
    else:
        hours = [request.POST.get("value", "0") if d == day else getattr(line, d) for d in DAY_FIELDS]
        try:
            services.line_update(line=line, by=request.user, hours=hours)
        except ApplicationError as exc:
            error, status = exc.message, 422
    grid = week_grid(line.timesheet.person, line.week_start)
    context = {"grid": grid, "line_id": line_id, "day": day, "error": error, "mine": True}
    return render(request, "timesheets/_week_live.html", context, status=status)


@login_required
@require_POST
def line_delete(request: HttpRequest, line_id: int) -> HttpResponse:
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    _run(request, lambda: services.line_delete(line=line, by=request.user), "Line removed.")
    return redirect(_week_url(line.week_start))


@login_required
@require_POST
def line_correct(request: HttpRequest, line_id: int) -> HttpResponse:
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    try:
        services.line_correct(line=line, by=request.user, hours=[request.POST.get(d) or "0" for d in DAY_FIELDS],
                              reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        return _week_page(request, line.timesheet.person, line.week_start, errors={"correct": exc.message, "correct_line": line.pk},
                          status=422)
    messages.success(request, "Correction submitted: a reversal and a new line wait for approval.")
    return redirect(_week_url(line.week_start))


def _run(request: HttpRequest, action: Any, success: str) -> bool:
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def submit(request: HttpRequest, timesheet_id: int) -> HttpResponse:
    timesheet = selectors.timesheet_get_for_user(user=request.user, timesheet_id=timesheet_id)
    try:
        services.timesheet_submit(timesheet=timesheet, by=request.user,
                                  overtime_reason=request.POST.get("overtime_reason", ""))
    except ApplicationError as exc:
        return _week_page(request, timesheet.person, timesheet.week_start, errors={"submit": exc.message}, status=422)
    messages.success(request, "Week submitted for approval.")
    return redirect(_week_url(timesheet.week_start))


@login_required
@require_POST
def copy_last_week(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    week_start = selectors.week_start_of(_date(request.POST.get("week")) or timezone.localdate())
    try:
        timesheet = services.timesheet_open(person=person, week_start=week_start, by=request.user)
        services.timesheet_copy_last_week(timesheet=timesheet, by=request.user)
    except ApplicationError as exc:
        return _week_page(request, person, week_start, errors={"copy": exc.message}, status=422)
    return redirect(_week_url(week_start))


# --- someone's week ---------------------------------------------------------------------------------------------
@login_required
def detail(request: HttpRequest, timesheet_id: int) -> HttpResponse:
    timesheet = selectors.timesheet_get_for_user(user=request.user, timesheet_id=timesheet_id)
    mine = timesheet.person_id == getattr(selectors.person_of(request.user), "pk", None)
    return _week_page(request, timesheet.person, timesheet.week_start, mine=mine)


@login_required
@require_POST
def override(request: HttpRequest, timesheet_id: int) -> HttpResponse:
    timesheet = selectors.timesheet_get_for_user(user=request.user, timesheet_id=timesheet_id)
    try:
        services.timesheet_override_submit(timesheet=timesheet, by=request.user, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        return _week_page(request, timesheet.person, timesheet.week_start, errors={"override": exc.message},
                          status=422, mine=False)
    messages.success(request, "Override recorded; the week is submitted.")
    return redirect("timesheets:detail", timesheet_id)


# --- approvals --------------------------------------------------------------------------------------------------
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    me = selectors.person_of(request.user)
    inbox = selectors.inbox_page(request.user, today=timezone.localdate(), page=_page(request),
                                 per_page=INBOX_PAGE)
    context = {"inbox": inbox, **_delegations(me)}
    return render(request, "timesheets/inbox.html", context)


def _delegations(me: Person | None) -> dict[str, Any]:
    return {
        "delegations": ApprovalDelegation.objects.filter(delegator=me).select_related("delegate__user") if me else [],
        "acting_for": ApprovalDelegation.objects.filter(delegate=me, end__gte=timezone.localdate())
        .select_related("delegator__user") if me else [],
    }


@login_required
def delegations(request: HttpRequest) -> HttpResponse:
    """Hand one's approvals to a colleague during an absence (the picker lists the whole group: a page of its
    own, so the inbox does not render hundreds of names each time)."""
    me = selectors.person_of(request.user)
    context = {**_delegations(me), "colleagues": selectors.delegate_choices(me) if me else []}
    return render(request, "timesheets/delegations.html", context)


def _page(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", 1))
    except ValueError:
        return 1


@login_required
@require_POST
def decide(request: HttpRequest, line_id: int, decision: str) -> HttpResponse:
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    error = ""
    try:
        if decision == "approve":
            services.line_approve(line=line, by=request.user)
        else:
            services.line_reject(line=line, by=request.user, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        error = exc.message
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        return redirect("timesheets:inbox")
    line.refresh_from_db()
    return render(request, "timesheets/_inbox_row.html", {"line": line, "error": error}, status=422 if error else 200)


@login_required
@require_POST
def delegation_add(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    delegate = get_object_or_404(selectors.delegate_candidates(me), pk=request.POST.get("delegate") or 0)
    start, end = _date(request.POST.get("start")), _date(request.POST.get("end"))
    if start is None or end is None:
        messages.error(request, "Give the first and last day of the absence.")
    else:
        _run(request, lambda: services.delegation_create(by=request.user, delegate=delegate, start=start, end=end),
             f"{delegate} approves for you from {start} to {end}.")
    return redirect("timesheets:delegations")


@login_required
@require_POST
def delegation_delete(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = get_object_or_404(ApprovalDelegation.objects.filter(delegator=_me(request)), pk=delegation_id)
    _run(request, lambda: services.delegation_delete(delegation=delegation, by=request.user), "Delegation ended.")
    return redirect("timesheets:delegations")


# --- periods ----------------------------------------------------------------------------------------------------
@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    sites = list(selectors.finance_sites_of(request.user).order_by("code"))
    if not sites:
        raise PermissionDenied("Periods are kept by the PSO manager and project administrators of a site.")
    site = next((s for s in sites if str(s.pk) == request.GET.get("site")), sites[0])
    context = {"sites": sites, "site": site, "periods": selectors.periods_of(site, around=timezone.localdate()),
               "events": selectors.period_events(site)}
    return render(request, "timesheets/periods.html", context)


@login_required
@require_POST
def period_change(request: HttpRequest, action: str) -> HttpResponse:
    site = get_object_or_404(selectors.finance_sites_of(request.user), pk=request.POST.get("site") or 0)
    month = _date(request.POST.get("month")) or timezone.localdate().replace(day=1)
    if action == "close":
        _run(request, lambda: periods.period_close(site=site, month=month, by=request.user), f"{month:%Y-%m} closed.")
    else:
        _run(request, lambda: periods.period_reopen(site=site, month=month, by=request.user,
                                                    reason=request.POST.get("reason", "")), f"{month:%Y-%m} reopened.")
    return redirect(f"{reverse('timesheets:periods')}?site={site.pk}")


# --- reminders and import ---------------------------------------------------------------------------------------
@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    rows = selectors.missing_weeks(selectors.reminder_people(request.user), today=timezone.localdate())
    return render(request, "timesheets/reminders.html", {"rows": rows})


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    report, error, status = None, "", 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ApplicationError("Choose a CSV file.", field="file")
            report = imports.time_import_csv(content=upload.read(), by=request.user,
                                             submit=request.POST.get("submit") == "on")
        except ApplicationError as exc:
            error = exc.message
        status = 201 if report is not None and report.ok else (422 if report or error else 200)
    context = {"report": report, "error": error, "columns": imports.COLUMNS}
    return render(request, "timesheets/import.html", context, status=status)
