from django.urls import include, path

app_name = "projects"
urlpatterns: list = [
    path("", include("projectoffice.projects.interchange.urls")),
]
