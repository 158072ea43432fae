from django.urls import path

from projectoffice.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.person_edit, name="new"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/certifications/", views.certification_add, name="certification_add"),
    path("certifications/<int:certification_id>/remove/", views.certification_remove, name="certification_remove"),
    path("<int:person_id>/skills/", views.skill_set, name="skill_set"),
    path("<int:person_id>/roles/", views.role_assign, name="role_assign"),
    path("roles/<int:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
