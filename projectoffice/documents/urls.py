from django.urls import path

from projectoffice.documents import views

app_name = "documents"
urlpatterns: list = [
    path("projects/<int:project_id>/", views.library, name="library"),
    path("projects/<int:project_id>/baselines/", views.baselines, name="baselines"),
    path("projects/<int:project_id>/archives/", views.archives, name="archives"),
    path("projects/<int:project_id>/<int:document_id>/", views.detail, name="detail"),
    path("projects/<int:project_id>/<int:document_id>/versions/<int:number>/file/", views.download, name="download"),
    path("projects/<int:project_id>/<int:document_id>/<slug:verb>/", views.action, name="action"),
]
