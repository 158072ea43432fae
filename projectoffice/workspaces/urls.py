from django.urls import path

from projectoffice.workspaces import views

app_name = "workspaces"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:office_id>/", views.office, name="office"),
]
