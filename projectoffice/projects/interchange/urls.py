"""Interchange pages, included under the ``projects`` namespace (names prefixed ``interchange_``)."""

from django.urls import path

from projectoffice.projects.interchange import views

urlpatterns: list = [
    path("import/", views.import_new, name="interchange_import_new"),
    path("<int:project_id>/interchange/", views.interchange, name="interchange"),
    path("<int:project_id>/import/", views.import_into, name="interchange_import"),
    path("<int:project_id>/export.xml", views.export_mspdi, name="interchange_export_mspdi"),
    path("<int:project_id>/export.xlsx", views.export_xlsx, name="interchange_export_xlsx"),
    path("<int:project_id>/milestones.ics", views.milestones_feed, name="interchange_ics"),
]
