from django.urls import path

from projectoffice.workspaces import views, views_standards

app_name = "workspaces"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:office_id>/", views.office, name="office"),
    path("<int:office_id>/lifecycles/new/", views_standards.lifecycle_edit, name="lifecycle_new"),
    path("<int:office_id>/lifecycles/<int:template_id>/", views_standards.lifecycle_edit, name="lifecycle_edit"),
    path("<int:office_id>/library-templates/new/", views_standards.library_edit, name="library_new"),
    path("<int:office_id>/library-templates/<int:template_id>/", views_standards.library_edit, name="library_edit"),
]
