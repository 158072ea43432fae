from django.urls import include, path

from projectoffice.projects.views import projects, schedule

app_name = "projects"
urlpatterns: list = [
    path("", projects.project_list, name="list"),
    path("new/", projects.project_new, name="new"),
    path("<int:project_id>/", projects.project_detail, name="detail"),
    path("<int:project_id>/health/", projects.project_health, name="health"),
    path("<int:project_id>/status/", projects.project_status, name="status"),
    path("<int:project_id>/members/", projects.member_add, name="member_add"),
    path("<int:project_id>/members/<int:member_id>/remove/", projects.member_remove, name="member_remove"),
    path("<int:project_id>/lifecycle/", projects.lifecycle_apply, name="lifecycle"),
    path("<int:project_id>/phases/<int:phase_id>/gate/", projects.gate_decide, name="gate"),
    path("<int:project_id>/recompute/", projects.project_recompute, name="recompute"),
    path("<int:project_id>/level/", projects.project_level, name="level"),
    path("<int:project_id>/wbs/", schedule.wbs, name="wbs"),
    path("<int:project_id>/wbs/add/", schedule.task_add, name="task_add"),
    path("<int:project_id>/wbs/link/", schedule.link_add, name="link_add"),
    path("<int:project_id>/wbs/<int:task_id>/edit/", schedule.task_edit, name="task_edit"),
    path("<int:project_id>/wbs/<int:task_id>/<slug:action>/", schedule.task_action, name="task_action"),
    path("<int:project_id>/gantt/", schedule.gantt, name="gantt"),
    path("<int:project_id>/gantt.json", schedule.gantt_data, name="gantt_data"),
    path("<int:project_id>/critical-path/", schedule.critical_path, name="critical"),
    path("<int:project_id>/baselines/", schedule.baselines, name="baselines"),
    path("", include("projectoffice.projects.interchange.urls")),
]
