from django.urls import path

from projectoffice.timesheets import views

app_name = "timesheets"
urlpatterns = [
    path("", views.week, name="week"),
    path("lines/add/", views.line_add, name="line_add"),
    path("lines/<int:line_id>/cell/", views.line_cell, name="line_cell"),
    path("lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
    path("lines/<int:line_id>/correct/", views.line_correct, name="line_correct"),
    path("copy-last-week/", views.copy_last_week, name="copy_last_week"),
    path("<int:timesheet_id>/", views.detail, name="detail"),
    path("<int:timesheet_id>/submit/", views.submit, name="submit"),
    path("<int:timesheet_id>/override/", views.override, name="override"),
    path("approvals/", views.inbox, name="inbox"),
    path("approvals/<int:line_id>/approve/", views.decide, {"decision": "approve"}, name="approve"),
    path("approvals/<int:line_id>/reject/", views.decide, {"decision": "reject"}, name="reject"),
    path("approvals/delegation/", views.delegations, name="delegations"),
    path("delegations/", views.delegation_add, name="delegation_add"),
    path("delegations/<int:delegation_id>/delete/", views.delegation_delete, name="delegation_delete"),
    path("periods/", views.period_list, name="periods"),
    path("periods/close/", views.period_change, {"action": "close"}, name="period_close"),
    path("periods/reopen/", views.period_change, {"action": "reopen"}, name="period_reopen"),
    path("reminders/", views.reminders, name="reminders"),
    path("import/", views.import_page, name="import"),
]
