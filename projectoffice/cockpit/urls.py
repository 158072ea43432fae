from django.urls import path

from projectoffice.cockpit.views import cockpit, reports, scorecard

app_name = "cockpit"
urlpatterns = [
    path("", cockpit.index, name="index"),
    path("scorecard/", scorecard.scorecard_page, name="scorecard"),
    path("scorecard/kpis/", scorecard.kpi_define, name="kpi_define"),
    path("scorecard/kpis/<int:kpi_id>/delete/", scorecard.kpi_delete, name="kpi_delete"),
    path("template/", reports.template_edit, name="template"),
    path("projects/<int:project_id>/reports/", reports.project_reports, name="reports"),
    path("projects/<int:project_id>/reports/generate/", reports.report_generate, name="report_generate"),
    path("projects/<int:project_id>/reports/lists/", reports.distribution_list_set, name="distribution_list"),
    path("projects/<int:project_id>/report.<str:fmt>", reports.report_export, name="report_export"),
    path("projects/<int:project_id>/reports/<int:report_id>.<str:fmt>", reports.archived_report,
         name="archived_report"),
]
