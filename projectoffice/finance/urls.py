from django.urls import path

from projectoffice.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.rollup, name="index"),
    path("report/", views.report, name="report"),
    path("projects/<int:project_id>/budget/", views.project_budget, name="project_budget"),
    path("projects/<int:project_id>/budget/baseline/", views.project_baseline, name="project_baseline"),
    path("projects/<int:project_id>/evm/", views.project_earned_value, name="project_evm"),
    path("projects/<int:project_id>/evm/record/", views.project_ev_record, name="project_ev_record"),
    path("rates/", views.rates, name="rates"),
    path("rates/<int:rate_id>/end/", views.rate_end, name="rate_end"),
    path("rates/labour-actuals/", views.labour_refresh, name="labour_refresh"),
    path("exchange-rates/", views.exchange_rates, name="exchange_rates"),
    path("exchange-rates/import/", views.exchange_rates_import, name="exchange_rates_import"),
    path("expenses/", views.expenses, name="expenses"),
    path("expenses/new/", views.expense_new, name="expense_new"),
    path("expenses/<int:line_id>/approve/", views.expense_decide, {"decision": "approve"}, name="expense_approve"),
    path("expenses/<int:line_id>/reject/", views.expense_decide, {"decision": "reject"}, name="expense_reject"),
]
