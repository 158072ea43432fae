"""Admin: time is read here; every change goes through the pages, the API or the services (the admin actions
call them too), so the labour rules, periods and approvals are never bypassed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from projectoffice.core.errors import ApplicationError
from projectoffice.timesheets import selectors, services
from projectoffice.timesheets.models import (
    ApprovalDelegation,
    LabourOverride,
    LabourRules,
    Period,
    PeriodEvent,
    Timesheet,
    TimesheetLine,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LineInline(admin.TabularInline):
    model = TimesheetLine
    extra = 0
    fields = ("category", "project", "task", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "status", "decided_by")
    readonly_fields = fields
    can_delete = False


@admin.register(Timesheet)
class TimesheetAdmin(ReadOnly):
    list_display = ("person", "week_start", "site", "status", "submitted_at")
    list_filter = ("status", "site")
    date_hierarchy = "week_start"
    search_fields = ("person__user__last_name", "person__user__username")
    inlines = [LineInline]
    actions = ["submit"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Timesheet]:
        return selectors.timesheets_visible_to(request.user).select_related("person__user", "site")

    @admin.action(description="Submit the selected weeks (labour rules checked)")
    def submit(self, request: HttpRequest, queryset: QuerySet[Timesheet]) -> None:
        for timesheet in queryset:
            try:
                services.timesheet_submit(timesheet=timesheet, by=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{timesheet}: {exc.message}", messages.ERROR)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None  # the list (for the action), never the form


@admin.register(LabourRules)
class LabourRulesAdmin(ReadOnly):
    list_display = ("site", "overtime_threshold_per_week", "weekend_work_needs_reason", "holiday_work_needs_reason")


class EventInline(admin.TabularInline):
    model = PeriodEvent
    extra = 0
    readonly_fields = ("action", "by", "at", "reason")
    can_delete = False


@admin.register(Period)
class PeriodAdmin(ReadOnly):
    list_display = ("site", "month", "status", "changed_at", "changed_by")
    list_filter = ("status", "site")
    inlines = [EventInline]


@admin.register(LabourOverride)
class LabourOverrideAdmin(ReadOnly):
    list_display = ("timesheet", "by", "at", "reason")


@admin.register(ApprovalDelegation)
class ApprovalDelegationAdmin(ReadOnly):
    list_display = ("delegator", "delegate", "start", "end")
