from django.urls import path

from projectoffice.changes import views

app_name = "changes"
urlpatterns: list = [
    path("projects/<int:project_id>/", views.change_list, name="list"),
    path("projects/<int:project_id>/board/", views.board, name="board"),
    path("projects/<int:project_id>/<int:change_id>/", views.change_detail, name="detail"),
]
